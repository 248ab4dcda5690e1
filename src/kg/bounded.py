"""Bounded work per article: any text is parsed as pieces of bounded size, under a time budget.

Extraction itself is left as it is; what it is given is bounded:

- an article longer than `PIECE_CHARS` is cut into pieces of at most that many characters, at
  a blank line if it can, else at a line break, a sentence end, a space, and only as a last
  resort anywhere; each piece is parsed and extracted on its own and the claims' offsets
  shifted back into the article, so evidence is still quoted from the article at its offsets.
  A 20 MB article is read in bounded memory (one piece's Doc at a time), not refused; one
  40,000-character sentence becomes two bounded ones. Articles of normal length are one piece
  and are extracted exactly as before;
- a run of more than `RUN_CHARS` characters without a space (60 KB of flag emoji, one
  100,000-character "word") is parsed with a space every `RUN_CHARS` characters, since the
  tokenizer's time grows with the square of a run's length; the article's own text is kept;
- `TimeBudget`: the pieces of one article stop when its time is up, and the caller reports
  the article as cut, naming it and how much of it was read.
"""
from __future__ import annotations

import dataclasses
import re
import time

from kg.types import Actor, Article, ArticleResult, Claim

PIECE_CHARS = 20_000
RUN_CHARS = 500
DEFAULT_SECONDS = 60.0

_RUN = re.compile(r"\S{%d,}" % (RUN_CHARS + 1))
_BREAKS = (re.compile(r"\n[ \t]*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s"),
           re.compile(r"[,;:]\s"), re.compile(r"\s"))


def pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """(start offset, piece) for `text` cut into pieces of at most `limit` characters."""
    if len(text) <= limit:
        return [(0, text)]
    out, start = [], 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        out.append((start, text[start:end]))
        start = end
    out.append((start, text[start:]))
    return out


def _cut(text: str, start: int, limit: int) -> int:
    """The end of the piece starting at `start`: the last good break before `limit`, in the
    second half of the window if possible (so pieces stay large)."""
    floor = start + (limit - start) // 2
    for pattern in _BREAKS:
        last = None
        for match in pattern.finditer(text, floor, limit):
            last = match.end()
        if last is not None and last > start:
            return last
    return limit


def parsable(text: str) -> str:
    """`text` as given to the parser: same length and offsets, with a space every RUN_CHARS
    characters of an overlong run without one."""
    if len(text) <= RUN_CHARS or not _RUN.search(text):
        return text

    def spaced(match: re.Match) -> str:
        run = list(match.group(0))
        for i in range(RUN_CHARS, len(run), RUN_CHARS + 1):
            run[i] = " "
        return "".join(run)
    return _RUN.sub(spaced, text)


class TimeBudget:
    """Seconds an article may take (None or 0: no limit)."""

    def __init__(self, seconds: float | None) -> None:
        self.deadline = time.monotonic() + seconds if seconds else None

    @property
    def spent(self) -> bool:
        return self.deadline is not None and time.monotonic() > self.deadline


def shifted(result: ArticleResult, start: int) -> ArticleResult:
    """A piece's result with its claims' offsets moved to the whole article's text."""
    if not start:
        return result
    claims = tuple(dataclasses.replace(c, sentence_start=c.sentence_start + start, sentence_end=c.sentence_end + start,
                                       trigger_start=c.trigger_start + start, trigger_end=c.trigger_end + start)
                   for c in result.claims)
    return dataclasses.replace(result, claims=claims)


def combined(article: Article, parts: list[ArticleResult], errors: tuple[str, ...] = ()) -> ArticleResult:
    """One result for an article read in pieces: actors merged by key, claims in order."""
    actors: dict[str, Actor] = {}
    for part in parts:
        for actor in part.actors:
            seen = actors.get(actor.key)
            if seen is None:
                actors[actor.key] = actor
            else:
                label = max(seen.label, actor.label, key=lambda s: (len(s), s))
                aliases = tuple(sorted(set(seen.aliases) | set(actor.aliases)))
                actors[actor.key] = dataclasses.replace(seen, label=label, aliases=aliases)
    claims: list[Claim] = [c for part in parts for c in part.claims]
    return ArticleResult(article=article, actors=tuple(sorted(actors.values(), key=lambda a: a.key)),
                         claims=tuple(claims), sentences=sum(p.sentences for p in parts),
                         words=sum(p.words for p in parts), errors=errors)
