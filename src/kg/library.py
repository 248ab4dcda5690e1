"""The shipped query library: named `.rq` files, their header comments and their parameters.

The queries live in `queries/` at the top of the repository; `kg/data/queries` is a link to it,
so the wheel carries them as package data and they work from a plain `pip install`.

Each file starts with a header comment:

    # supporters: who supports an actor, in how many articles and claims.
    #
    # Parameters:
    #   ?actor  actor  (default: any)  the actor supported, by name or alias
    #
    # Example:  kg query supporters --param actor="Juan Guaidó"

A parameter line names the variable, its kind (see kg.params.KINDS), its default (`any`
leaves the variable unbound: every value) and what it means.

A header may also hold a lookup line, for a query whose FILTER keeps only the rows where one
variable equals one of several parameters (`?side = ?sideA || ?side = ?sideB`):

    # Lookup:   ?side  in ?sideA ?sideB

When any of those parameters is given, kg binds the variable to the given values as well
(`VALUES ?side { <…> <…> }`, see `with_lookups`). The FILTER keeps the same rows with or
without it, so the answer is the same; but bound, Oxigraph looks those values up in its
indexes instead of reading every row and filtering (it does not see through an `||` of
parameters, nor join a UNION of them on their values).
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.errors import QueryError

_PARAM = re.compile(r"^#\s+\?(\w+)\s+(\w+)\s+\(default:\s*(.*?)\)\s*(.*)$")
_EXAMPLE = re.compile(r"^#\s*Examples?:\s*(.*)$")
_LOOKUP = re.compile(r"^#\s*Lookup:\s*\?(\w+)\s+in\s+((?:\?\w+\s*)+)$")


@dataclass(frozen=True)
class Param:
    """A declared parameter: `--param name=value` binds the variable `?name`."""

    name: str
    kind: str
    default: str | None  # None: unbound (any value)
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    question: str
    params: tuple[Param, ...]
    example: str


def queries_dir() -> Path | None:
    """The installed package's query folder (kg/data/queries), or None when it is missing.

    Never a folder found by walking up from the package: an installed kg must not pick up an
    unrelated `queries/` folder beside a virtual environment.
    """
    folder = Path(str(resources.files("kg") / "data" / "queries"))
    return folder if folder.is_dir() else None


def names() -> list[str]:
    folder = queries_dir()
    return sorted(p.stem for p in folder.glob("*.rq")) if folder else []


def find(name: str) -> Path | None:
    """The path of a named query (`supporters` or `supporters.rq`), or None."""
    folder = queries_dir()
    if folder is None:
        return None
    stem = name[:-3] if name.endswith(".rq") else name
    if not re.fullmatch(r"[\w.-]+", stem):
        return None
    candidate = folder / f"{stem}.rq"
    return candidate if candidate.is_file() else None


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QueryError(f"{path}: not UTF-8 text (byte {exc.start}); save the query as UTF-8") from None
    except OSError as exc:
        raise QueryError(f"{path}: cannot read: {exc.strerror or exc}") from None


def parse_header(text: str) -> tuple[str, tuple[Param, ...], str]:
    """The question a query answers, its declared parameters and its example call."""
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    question = ""
    if header:  # the first paragraph, after "name:"
        paragraph = []
        for line in header:
            words = line.lstrip("#").strip()
            if not words:
                break
            paragraph.append(words)
        first = " ".join(paragraph)
        question = first.split(":", 1)[1].strip() if ":" in first.split(" ")[0] else first
    params, example = [], ""
    for line in header:
        match = _PARAM.match(line)
        if match:
            name, kind, default, doc = match.groups()
            default = default.strip().strip('"')
            params.append(Param(name, kind, None if default in ("any", "") else default, doc.strip()))
            continue
        match = _EXAMPLE.match(line)
        if match and not example:
            example = match.group(1).strip()
    return question, tuple(params), example


def lookups(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The header's lookup lines, as (variable, the parameters whose values it takes)."""
    found = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _LOOKUP.match(line.strip())
        if match:
            found.append((match.group(1), tuple(v.lstrip("?") for v in match.group(2).split())))
    return tuple(found)


def with_lookups(text: str, terms: dict) -> dict:
    """`terms` and, for each lookup line of the header (see the module's doc), its variable bound
    to the terms given for its parameters (a tuple: one VALUES row each), when any is given and the
    variable is not a parameter given itself."""
    out = dict(terms)
    for variable, names in lookups(text) if terms else ():
        values = tuple(dict.fromkeys(terms[n] for n in names if n in terms))
        if values and variable not in out:
            out[variable] = values
    return out


def load(path: Path, name: str | None = None) -> NamedQuery:
    text = read_text(path)
    question, params, example = parse_header(text)
    return NamedQuery(name or path.stem, path, text, question, params, example)


def all_queries() -> list[NamedQuery]:
    folder = queries_dir()
    return [load(folder / f"{n}.rq") for n in names()] if folder else []


def listing() -> str:
    """`kg query --list`: each query's name, question and parameters."""
    out = []
    for query in all_queries():
        out.append(f"{query.name}\n" + textwrap.fill(query.question, width=100, initial_indent="    ",
                                                     subsequent_indent="    "))
        for p in query.params:
            default = p.default if p.default is not None else "any"
            out.append(f"    --param {p.name}=…   ({p.kind}, default: {default}) {p.doc}")
        if query.example:
            out.append(f"    e.g. {query.example}")
    return "\n".join(out) + "\n"
