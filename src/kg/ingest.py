"""Read articles from `.txt` files, `.jsonl` files and folders of them.

A `.txt` file is one article: the whole file is extracted from, and its first non-empty line
also serves as the title. A `.jsonl` file holds one article a line: `text` is required; `id`,
`title`, `date`, `url`, `source` are optional.

`read_articles` yields an `Article` or an `InputError` per article, so one bad file or line
never stops the others.
"""
from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.dates import find_date
from kg.errors import InputError
from kg.types import Article

SUFFIXES = (".txt", ".jsonl")
OPTIONAL_FIELDS = ("id", "title", "date", "url", "source")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into their `.txt`/`.jsonl` files (recursively, sorted); keep files as given.

    Inside a folder, hidden files and folders (".git", ".#draft.txt") are skipped.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ))
        elif path.exists():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return found


def read_articles(paths: Iterable[str | Path]) -> Iterator[Article | InputError]:
    """Yield each article under `paths`, or an InputError for each one that cannot be read."""
    for path in discover(paths):
        suffix = path.suffix.lower()
        if suffix == ".txt":
            yield _read_txt(path)
        elif suffix == ".jsonl":
            yield from _read_jsonl(path)
        else:
            yield InputError(f"{path}: not an article file (expected .txt or .jsonl)")


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    if "\x00" in text:
        raise InputError(f"{path}: contains NUL bytes; is it a binary file?")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_txt(path: Path) -> Article | InputError:
    try:
        text = _decode(path)
    except InputError as exc:
        return exc
    if not text.strip():
        return InputError(f"{path}: empty article")
    title = next((line.strip() for line in text.split("\n") if line.strip()), None)
    return Article(id=path.stem, text=text, title=title, date=find_date(text), source=None, path=str(path))


def _read_jsonl(path: Path) -> Iterator[Article | InputError]:
    try:
        text = _decode(path)
    except InputError as exc:
        yield exc
        return
    if not text.strip():
        yield InputError(f"{path}: empty file; expected one JSON object a line")
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        except RecursionError:
            yield InputError(f"{where}: invalid JSON (nested too deeply)")
            continue
        if not isinstance(record, dict):
            yield InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield InputError(f"{where}: missing or empty 'text' field")
            continue
        if "\x00" in body:
            yield InputError(f"{where}: 'text' contains NUL characters")
            continue
        fields = {}
        for name in OPTIONAL_FIELDS:
            value = record.get(name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (str, int)):
                yield InputError(f"{where}: field '{name}' must be a string")
                break
            fields[name] = str(value).strip() or None
        else:
            date = fields.get("date")
            if date is not None and not _is_iso_date(date):
                yield InputError(f"{where}: field 'date' must be an ISO date (YYYY-MM-DD), got {date!r}")
                continue
            yield Article(
                id=fields.get("id") or f"{path.stem}-{number}",
                text=body.replace("\r\n", "\n").replace("\r", "\n"),
                title=fields.get("title"),
                date=date[:10] if date else find_date(body),
                url=fields.get("url"),
                source=fields.get("source"),
                path=where,
            )


def _is_iso_date(value: str) -> bool:
    """True for "YYYY-MM-DD" (optionally followed by a time) naming a real calendar day."""
    if not _ISO_DATE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True
