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
