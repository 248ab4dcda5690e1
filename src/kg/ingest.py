"""Read articles from `.txt` files, `.jsonl` files and folders of them.

A `.txt` file is one article: the whole file is extracted from, and its first non-empty line
also serves as the title. A `.jsonl` file holds one article a line: `text` is required; `id`,
`title`, `date`, `url`, `source` are optional.

`read_articles` yields an `Article` or an `InputError` per article, so one bad file or line
never stops the others. What can be read with a repair (Windows-1252 text, an HTML page, a
date that is not ISO, a lone surrogate, a file name that is not UTF-8, an id already taken)
is read, and the repair is reported through `on_warning`: nothing is dropped silently.
"""
from __future__ import annotations

import codecs
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

from kg.dates import find_date, is_iso_date
from kg.errors import InputError
from kg.textio import HtmlText, clean_title, looks_like_html, safe_text
from kg.types import Article

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".jsonl")
OPTIONAL_FIELDS = ("id", "title", "date", "url", "source")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # C0 controls other than tab, line breaks and form feed
_ID_SPACE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")

Warn = Callable[[str], None]


def shown(path: str | Path) -> str:
    """A path as text that can be printed and stored: a file name that is not UTF-8 shows its
    undecodable bytes as \\xNN (never a lone surrogate, which no terminal or file can take)."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


# --- finding the files ------------------------------------------------------------------------

def walk(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Each `.txt`/`.jsonl` file under `paths`, or an InputError for what cannot be walked.

    Files are kept as given; folders are read recursively in sorted order, hidden files and
    folders skipped. A symlinked folder is followed once (a folder reached twice, as through
    a symlink loop, is reported, not read again); a dangling link, an unreadable folder and
    a path that does not exist are each reported on one line.
    """
    seen_dirs: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk_dir(path, seen_dirs)
        elif path.is_file():
            yield path
        elif path.exists():
            yield InputError(f"{shown(path)}: not a regular file (a pipe, socket or device); skipped")
        elif path.is_symlink():
            yield InputError(f"{shown(path)}: broken symbolic link (its target {shown(os.readlink(path))} does not exist)")
        else:
            yield InputError(f"{shown(path)}: no such file or folder")


def _walk_dir(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | InputError]:
    try:
        stat = folder.stat()
    except OSError as exc:
        yield InputError(f"{shown(folder)}: cannot read folder: {exc.strerror or exc}")
        return
    if (stat.st_dev, stat.st_ino) in seen:
        yield InputError(f"{shown(folder)}: folder already read (a symbolic link loop or a second link to it); "
                         "read once")
        return
    seen.add((stat.st_dev, stat.st_ino))
    try:  # real folders before symlinked ones, so a folder linked from nearby is read where it is
        entries = sorted(os.scandir(folder), key=lambda e: (e.is_symlink(), e.name))
    except OSError as exc:
        yield InputError(f"{shown(folder)}: cannot read folder: {exc.strerror or exc}; its articles are skipped")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows a symlink
            is_file = entry.is_file()
        except OSError as exc:
            yield InputError(f"{shown(path)}: cannot read: {exc.strerror or exc}")
            continue
        if is_dir:
            yield from _walk_dir(path, seen)
        elif path.suffix.lower() not in SUFFIXES:
            continue
        elif is_file:
            yield path
        elif entry.is_symlink() and not path.exists():
            try:
                target = shown(os.readlink(path))
            except OSError:
                target = "?"
            yield InputError(f"{shown(path)}: broken symbolic link (its target {target} does not exist)")
        else:
            yield InputError(f"{shown(path)}: not a regular file (a pipe, socket or device); skipped")


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """The `.txt`/`.jsonl` files under `paths` (see `walk`); a path that does not exist raises."""
    found = []
    for item in walk(paths):
        if isinstance(item, InputError):
            if str(item).endswith("no such file or folder"):
                raise item
            continue
        found.append(item)
    return found


# --- reading them -----------------------------------------------------------------------------

def read_articles(paths: Iterable[str | Path], on_warning: Warn | None = None) -> Iterator[Article | InputError]:
    """Yield each article under `paths`, or an InputError for each one that cannot be read.

    Every article gets an id no other article of this read has: a second article with an id
    already taken (two `report.txt` in two folders, a JSONL id used twice) gets a distinct one,
    with a warning.
    """
    warn = on_warning or (lambda message: log.warning("%s", message))
    ids = _Ids(warn)
    for item in walk(paths):
        if isinstance(item, InputError):
            yield item
            continue
        suffix = item.suffix.lower()
        if suffix == ".txt":
            article = _read_txt(item, warn)
            yield ids.unique(article, alternative=_parent_id(item)) if isinstance(article, Article) else article
        elif suffix == ".jsonl":
            for article in _read_jsonl(item, warn):
                yield ids.unique(article) if isinstance(article, Article) else article
        else:
            yield InputError(f"{shown(item)}: not an article file (expected .txt or .jsonl)")


class _Ids:
    """Hands out article ids, making a taken one distinct."""

    def __init__(self, warn: Warn) -> None:
        self.taken: set[str] = set()
        self.warn = warn

    def unique(self, article: Article, alternative: str | None = None) -> Article:
        wanted = article.id
        new = wanted
        if new in self.taken and alternative and alternative not in self.taken:
            new = alternative
        n = 2
        while new in self.taken:
            new, n = f"{wanted}-{n}", n + 1
        self.taken.add(new)
        if new == wanted:
            return article
        self.warn(f"{article.path}: article id {wanted!r} is already taken by another article; "
                  f"this one is {new!r}")
        return Article(id=new, text=article.text, title=article.title, date=article.date, url=article.url,
                       source=article.source, path=article.path)


def _parent_id(path: Path) -> str:
    """"b/report" for b/report.txt: the id of a second report.txt in another folder."""
    return f"{_file_id(path.parent)}/{_file_id(path)}" if path.parent.name else _file_id(path)


def _file_id(path: Path) -> str:
    name = path.stem if path.suffix else path.name
    return os.fsencode(name).decode("utf-8", "replace")


def _decode(path: Path, warn: Warn) -> str:
    """The file's text: UTF-8 (a BOM dropped), else Windows-1252/Latin-1 with a warning; line ends as "\\n"."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{shown(path)}: cannot read: {exc.strerror or exc}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{shown(path)}: starts like UTF-16 text but is not (byte {exc.start})") from None
        text = _checked(path, text)
        warn(f"{shown(path)}: UTF-16 text, not UTF-8; read as UTF-16")
        return text
    if b"\x00" in data[:65536] or b"\x00\x00" in data:
        raise InputError(f"{shown(path)}: contains NUL bytes; is it a binary file?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text, encoding = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "Latin-1"
        if len(_CONTROL.findall(text)) > max(8, len(text) // 100):
            raise InputError(f"{shown(path)}: not text (not UTF-8, and full of control bytes); "
                             "is it a binary file?") from None
        warn(f"{shown(path)}: not UTF-8 (byte {exc.start}); read as {encoding}")
    return _checked(path, text)


def _checked(path: Path, text: str) -> str:
    if "\x00" in text:
        raise InputError(f"{shown(path)}: contains NUL bytes; is it a binary file?")
    if len(_CONTROL.findall(text)) > max(8, len(text) // 100):
        raise InputError(f"{shown(path)}: not text (full of control characters); is it a binary file?")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_txt(path: Path, warn: Warn) -> Article | InputError:
    try:
        text = _decode(path, warn)
    except InputError as exc:
        return exc
    if not text.strip():
        return InputError(f"{shown(path)}: empty article")
    if looks_like_html(text):
        text = HtmlText.of(text)
        if not text.strip():
            return InputError(f"{shown(path)}: an HTML page with no text")
        warn(f"{shown(path)}: an HTML page, not plain text; read its visible text")
    article_id = _file_id(path)
    if article_id != path.stem:
        warn(f"{shown(path)}: file name is not UTF-8; the article id is {article_id!r}")
    # the first line is the headline, unless it is a photo caption or a paragraph
    first = next((line.strip() for line in text.split("\n") if line.strip()), None)
    title = first if clean_title(first) else None
    return Article(id=article_id, text=text, title=title, date=find_date(text), source=None, path=shown(path))


def _read_jsonl(path: Path, warn: Warn) -> Iterator[Article | InputError]:
    """The file's articles, read a line at a time: memory holds one line, never the whole file.

    What needs the whole file is found without holding it: its encoding by a first pass a
    chunk at a time (`_encoding_of`), and whether it is a file of articles at all by the lines
    read until the first one with a 'text' field; those before it (none, in a file of
    articles) are read again for their errors once it is found."""
    try:
        encoding = _encoding_of(path, warn)
    except InputError as exc:
        yield exc
        return
    where, file_id = shown(path), _file_id(path)

    def items(lines: Iterable[str]) -> Iterator[tuple[int, list[str], Article | InputError]]:
        for number, line in enumerate(lines, start=1):
            line = line[:-1] if line.endswith("\n") else line
            if line.strip():
                said: list[str] = []  # the line's warnings, said just before its article or error
                yield number, said, _jsonl_article(line, f"{where}:{number}", f"{file_id}-{number}", said.append)

    untexted = 0  # lines so far with no 'text' at all: JSON objects of another kind of file, if all are
    deciding = True
    try:
        with open(path, encoding=encoding, newline=None) as lines:  # (newline=None: "\r\n" and "\r" end lines too)
            for number, said, item in items(lines):
                if deciding:
                    if isinstance(item, InputError) and "field (missing)" in str(item):
                        untexted += 1
                        continue
                    deciding = False
                    if untexted:  # a file of articles after all: each of those lines is one error, in order
                        with open(path, encoding=encoding, newline=None) as again:
                            yield from (i for n, _, i in items(islice(again, number - 1)))
                for message in said:
                    warn(message)
                yield item
    except (OSError, UnicodeDecodeError) as exc:  # (it changed since it was looked at)
        yield InputError(f"{where}: cannot read: {getattr(exc, 'strerror', None) or exc}")
        return
    if deciding and untexted > 1:
        # JSON objects none of which has a text: another kind of file (annotations, say), one line for it
        yield InputError(f"{where}: no line has a 'text' field ({untexted} JSON objects); not a file of articles?")
    elif deciding and untexted == 1:
        with open(path, encoding=encoding, newline=None) as again:
            yield from (i for _, _, i in items(again))
    elif deciding:
        yield InputError(f"{where}: empty file; expected one JSON object a line")


_CHUNK = 1 << 20  # bytes read at a time when a file is looked at before it is read
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")


def _encoding_of(path: Path, warn: Warn) -> str:
    """The encoding `_decode` would read the file in, with the same errors and warnings in the
    same order, found in passes over the file a chunk at a time instead of in it whole."""
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError as exc:
        raise InputError(f"{shown(path)}: cannot read: {exc.strerror or exc}") from None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        scan = _scan(path, "utf-16")
        if scan.bad is not None:
            raise InputError(f"{shown(path)}: starts like UTF-16 text but is not (byte {scan.bad})")
        scan.check(path)
        warn(f"{shown(path)}: UTF-16 text, not UTF-8; read as UTF-16")
        return "utf-16"
    scan = _scan(path, "utf-8", skip=len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0)
    if scan.raw_nul:
        raise InputError(f"{shown(path)}: contains NUL bytes; is it a binary file?")
    if scan.bad is not None:
        other, encoding = _scan(path, "cp1252"), "Windows-1252"
        if other.bad is not None:
            other, encoding = _scan(path, "latin-1"), "Latin-1"
        if other.controls > max(8, other.chars // 100):
            raise InputError(f"{shown(path)}: not text (not UTF-8, and full of control bytes); "
                             "is it a binary file?") from None
        warn(f"{shown(path)}: not UTF-8 (byte {scan.bad}); read as {encoding}")
        other.check(path)
        return {"Windows-1252": "cp1252", "Latin-1": "latin-1"}[encoding]
    scan.check(path)
    return "utf-8-sig"


class _Scan:
    """One pass over a file in an encoding: what `_decode` and `_checked` look at in its text."""

    def __init__(self) -> None:
        self.chars = 0  # characters decoded (up to the first undecodable byte)
        self.controls = 0  # of which C0 controls other than tab, line breaks and form feed
        self.nul = False  # a NUL character in the text
        self.raw_nul = False  # a NUL byte in the first 64 KiB, or two in a row anywhere
        self.bad: int | None = None  # the offset of the first undecodable byte

    def check(self, path: Path) -> None:
        if self.nul:
            raise InputError(f"{shown(path)}: contains NUL bytes; is it a binary file?")
        if self.controls > max(8, self.chars // 100):
            raise InputError(f"{shown(path)}: not text (full of control characters); is it a binary file?")


def _scan(path: Path, encoding: str, skip: int = 0) -> _Scan:
    """Decode the file a chunk at a time from byte `skip` (a BOM), keeping only the counts."""
    scan = _Scan()
    decoder = codecs.getincrementaldecoder(encoding)()
    fed, offset, last = 0, skip, b""  # (offset: from the file's first byte, as the NUL check counts)
    try:
        with open(path, "rb") as f:
            f.seek(skip)
            while True:
                chunk = f.read(_CHUNK)
                if offset < 65536 and b"\x00" in chunk[:65536 - offset] or b"\x00\x00" in last + chunk[:1] \
                        or b"\x00\x00" in chunk:
                    scan.raw_nul = True
                offset, last = offset + len(chunk), chunk[-1:]
                if scan.bad is None:
                    fed += len(chunk)
                    try:
                        text = decoder.decode(chunk, final=not chunk)
                    except UnicodeDecodeError as exc:  # where the whole file's decoding would stop
                        scan.bad = fed - len(exc.object) + exc.start
                    else:
                        scan.chars += len(text)
                        scan.controls += len(_CONTROL.findall(text))
                        scan.nul = scan.nul or "\x00" in text
                if not chunk:
                    return scan
    except OSError as exc:
        raise InputError(f"{shown(path)}: cannot read: {exc.strerror or exc}") from None


def _jsonl_article(line: str, where: str, default_id: str, warn: Warn) -> Article | InputError:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return InputError(f"{where}: invalid JSON (nested too deeply)")
    if not isinstance(record, dict):
        return InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        got = "missing" if body is None else f"a {type(body).__name__}, not a string" if not isinstance(body, str) \
            else "empty"
        return InputError(f"{where}: missing or empty 'text' field ({got})")
    if "\x00" in body:
        return InputError(f"{where}: 'text' contains NUL characters")
    body = _repaired(body, "text", where, warn)
    fields: dict[str, str] = {}
    for name in OPTIONAL_FIELDS:
        value = record.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            warn(f"{where}: field '{name}' must be a string, got {json.dumps(value)[:40]}; ignored")
            continue
        if isinstance(value, float):  # 7.0 is "7"; 7.5 is "7.5"
            value = str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
        value = _repaired(str(value), name, where, warn).strip()
        if name == "id" and _ID_SPACE.search(value):
            cleaned = " ".join(_ID_SPACE.sub(" ", value).split())
            warn(f"{where}: id {value!r} holds line breaks or control characters; the id is {cleaned!r}")
            value = cleaned
        if value:
            fields[name] = value
    date = fields.get("date")
    if date is not None and not is_iso_date(date[:10]):  # "2019-02-20", or with a time after it
        warn(f"{where}: field 'date' is not an ISO date (YYYY-MM-DD): {date!r}; ignored")
        date = None
    return Article(
        id=fields.get("id") or default_id,
        text=body.replace("\r\n", "\n").replace("\r", "\n"),
        title=fields.get("title"),
        date=date[:10] if date else find_date(body),
        url=fields.get("url"),
        source=fields.get("source"),
        path=where,
    )


def _repaired(value: str, name: str, where: str, warn: Warn) -> str:
    """`value` with each lone surrogate (from a "\\ud800" escape; no file can hold one) as U+FFFD,
    which keeps every offset."""
    repaired = safe_text(value)
    if repaired != value:
        warn(f"{where}: field '{name}' holds lone surrogates (invalid Unicode); each is read as U+FFFD")
    return repaired
