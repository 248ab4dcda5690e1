"""The gazetteer: countries, other polities and international bodies, with their names.

The country table comes from two sources:

* pycountry (ISO 3166-1, maintained upstream) gives every country and territory its ISO
  name, official name and common name ("Korea, Republic of", "Republic of Korea", "South Korea");
* data/gazetteer.yaml gives what ISO lacks: the canonical name news uses ("Russia", "Ivory
  Coast"), extra aliases, demonyms, capitals, peoples, polities with no ISO code (Kosovo,
  Somaliland, the Soviet Union) and the international bodies.

A YAML country line is "Canonical name [ISO alpha-2] | alias, alias | demonym, demonym"; the
code links the line to pycountry. A pycountry country no line claims becomes an entry of its own.

Nothing here imports `kg.rules` at module level: `kg.rules` re-exports this module.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from kg.errors import RuleError

_LINE = "'Name [ISO code] | aliases | demonyms'"
_NAME_CODE = re.compile(r"^(?P<name>.*?)\s*(?:\[(?P<code>[A-Z]{2})\])?$")


class Polity(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    code: str | None = None  # ISO 3166-1 alpha-2: the pycountry entry this polity is


class Gazetteer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    countries: tuple[Polity, ...]  # sovereign states
    organisations: tuple[Polity, ...]
    peoples: dict[str, str]
    capitals: dict[str, str] = {}
    territories: tuple[Polity, ...] = ()  # territories, partially recognised and former states
    ambiguous: tuple[str, ...] = ()  # names no polity may claim alone ("Congo": which one?)
    # a state's predecessor, whose capital and seat it inherited: in an article that names the
    # Soviet Union, "Moscow" and "the Kremlin" are the Soviet Union's
    predecessors: dict[str, str] = {}

    @field_validator("countries", "territories", "organisations", mode="before")
    @classmethod
    def _parse_lines(cls, value):
        polities = []
        for line in value:
            if not isinstance(line, str):
                raise ValueError(f"expected {_LINE}, got {line!r}")
            parts = [p.strip() for p in line.split("|")]
            if not parts[0] or len(parts) > 3:
                raise ValueError(f"expected {_LINE}, got {line!r}")
            match = _NAME_CODE.match(parts[0])
            if not match or not match["name"] or "[" in match["name"]:
                raise ValueError(f"expected {_LINE}, got {line!r}")
            split = [tuple(a.strip() for a in p.split(",") if a.strip()) for p in parts[1:]]
            polities.append({"name": match["name"], "code": match["code"],
                             "aliases": split[0] if split else (),
                             "demonyms": split[1] if len(split) > 1 else ()})
        return polities

    @model_validator(mode="after")
    def _codes_are_iso_and_unique(self):
        known = _iso_names()
        seen: dict[str, str] = {}
        for polity in (*self.countries, *self.territories):
            if polity.code is None:
                continue
            if polity.code not in known:
                raise ValueError(f"{polity.name!r}: {polity.code!r} is not an ISO 3166-1 alpha-2 code")
            if polity.code in seen:
                raise ValueError(f"{polity.name!r} and {seen[polity.code]!r} both claim code {polity.code!r}")
            seen[polity.code] = polity.name
        return self

    @functools.cached_property
    def polities(self) -> tuple[Polity, ...]:
        """Every country-like entry: the YAML countries and territories, with the ISO names of
        their code added as aliases, then each ISO country no YAML line claims."""
        iso = _iso_names()
        out = []
        for polity in (*self.countries, *self.territories):
            extra = tuple(n for n in iso.get(polity.code, ()) if n not in polity.aliases and n != polity.name)
            out.append(polity.model_copy(update={"aliases": polity.aliases + extra}) if extra else polity)
        claimed = {p.code for p in out}
        for code, names in iso.items():
            if code not in claimed:
                out.append(Polity(name=names[0], aliases=names[1:], code=code))
        return tuple(out)

    @functools.cached_property
    def by_key(self) -> dict[str, tuple[str, str]]:
        """name_key of every name and alias -> (canonical name, "country"|"organisation")."""
        from kg.rules import name_key

        ambiguous = {name_key(a) for a in self.ambiguous}
        table: dict[str, tuple[str, str]] = {}
        for kind, items in (("country", self.polities), ("organisation", self.organisations)):
            for item in items:
                for name in (item.name, *item.aliases):
                    key = name_key(name)
                    if key and key not in ambiguous:
                        table.setdefault(key, (item.name, kind))
        kinds = {name: kind for name, kind in table.values()}
        for alias, target in (*self.peoples.items(), *self.capitals.items()):
            if target not in kinds:
                raise RuleError(f"gazetteer: {alias!r} points to {target!r}, which is not listed")
            table.setdefault(name_key(alias), (target, kinds[target]))
        return table

    @functools.cached_property
    def first_words(self) -> frozenset[str]:
        """The first word of every name the gazetteer knows, to skip words that start none."""
        return frozenset(key.split()[0] for key in self.by_key if key)

    @functools.cached_property
    def capitals_keys(self) -> frozenset[str]:
        """Keys of the capitals that are not also a polity's own name ("Singapore", "Monaco"):
        "the Tripoli government" is one of rivals, "the Singapore government" is Singapore's."""
        from kg.rules import name_key

        names = {name_key(n) for p in (*self.polities, *self.organisations) for n in (p.name, *p.aliases)}
        return frozenset(k for k in (name_key(c) for c in self.capitals) if k not in names)

    @functools.cached_property
    def demonyms(self) -> dict[str, str]:
        """name_key of a demonym ("venezuelan") -> canonical country name. A demonym two
        polities share ("Dominican", "Congolese") goes to the one listed first."""
        from kg.rules import name_key

        table: dict[str, str] = {}
        for polity in self.polities:
            for demonym in polity.demonyms:
                table.setdefault(name_key(demonym), polity.name)
        return table

    @functools.cached_property
    def demonym_of(self) -> dict[str, str]:
        """canonical country name -> its first demonym ("Venezuela" -> "Venezuelan")."""
        return {c.name: c.demonyms[0] for c in self.polities if c.demonyms}


@functools.lru_cache(maxsize=1)
def _iso_names() -> dict[str, tuple[str, ...]]:
    """ISO alpha-2 -> the names pycountry gives, as news would write them, common name first:
    "Korea, Republic of" -> "Republic of Korea"; "Holy See (Vatican City State)" -> "Holy See",
    "Vatican City State" (and the ISO forms as written)."""
    import pycountry

    table: dict[str, tuple[str, ...]] = {}
    for country in pycountry.countries:
        names: list[str] = []
        for raw in (getattr(country, "common_name", None), country.name, getattr(country, "official_name", None)):
            for name in _readable(raw or ""):
                if name and name not in names:
                    names.append(name)
        table[country.alpha_2] = tuple(names)
    return table


def _readable(name: str) -> list[str]:
    out, raw = [], name
    paren = re.match(r"^(.*?)\s*\((.*)\)$", name)
    if paren:
        name = paren[1]
        if "part" not in paren[2].split():  # "Saint Martin (French part)"
            out.append(paren[2])
    if ", " in name:
        head, tail = name.split(", ", 1)
        if re.search(r"\bof( the)?$", tail) or " " not in tail:  # "Korea, Republic of"; "Virgin Islands, British"
            name = f"{tail} {head}"
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    return [name, *out, raw]  # the ISO form too: "Korea, Republic of" names South Korea


@functools.lru_cache(maxsize=4)
def load_gazetteer(path: Path | None = None) -> Gazetteer:
    from kg.rules import _load_yaml, _validate

    where, data = _load_yaml("gazetteer.yaml", path)
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k != "version"}
    gazetteer = _validate(Gazetteer, where, data)
    try:
        gazetteer.by_key  # noqa: B018 -- a capital or people pointing nowhere fails here, at load
    except RuleError as exc:
        raise RuleError(f"{where}: {exc}") from None
    return gazetteer


def gazetteer_sha256(path: Path | None = None) -> str:
    """SHA-256 of the gazetteer file `load_gazetteer(path)` reads (the shipped data/gazetteer.yaml by default)."""
    from kg.rules import file_sha256

    return file_sha256("gazetteer.yaml", path)
