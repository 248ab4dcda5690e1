"""Headlines in Title Case, put in sentence case for the parser.

The small English model reads "UN Security Council Recognizes Ouattara as Ivory Coast
President-Elect" as a string of proper nouns, so the headline's relation is lost. Before
parsing, a Title-Case first line gets a word lower-cased where the body writes it in lower case,
or where the body does not have it and it is a common English word (wordfreq); a word the body
only ever capitalises ("Security Council", "Ivory Coast", "Putin") stays: names stay names. Only the case of
ASCII letters changes, so the parsed text has the length and offsets of the article; evidence
is always quoted from the article's own text.
"""
from __future__ import annotations

import re

from wordfreq import zipf_frequency

from kg.nlp import BULLETS, DATELINE, wrapping
from kg.gazetteer import load_gazetteer
from kg.rules import name_key

WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
SMALL = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "and", "or", "as", "with", "from", "vs"}


def common_english(word: str) -> bool:
    """A word of everyday English (wordfreq), as opposed to a rare word or a name."""
    return zipf_frequency(word, "en") >= 3.0


WRAP_ENDS = set(".!?:;\"\u201d)'")  # a line ending so ends a sentence or a heading, not a wrap
EDITORIAL = re.compile(r"\[[^\[\]\n]{1,60}\](?=\s+[A-Z])")  # "the commitment of [West African bloc] ECOWAS"


def for_parsing(text: str) -> str:
    """`text` as the parser should read it, with the same length and offsets: a Title-Case first
    line in sentence case, hard-wrapped lines joined, and an editor's bracketed gloss before a name blanked out ("the
    commitment of [West African bloc] ECOWAS" reads "the commitment of ECOWAS")."""
    text = EDITORIAL.sub(lambda m: " " * len(m.group(0)), text)
    return _headline(_unwrap(text))


def _unwrap(text: str) -> str:
    """Hard-wrapped text (a statement cut at a fixed width) with its wraps read as spaces: a
    line break inside a sentence would reach the parser as a token of its own and break the
    sentence's tree ("stand united with Denmark and\\nwith the Government of Greenland"). A
    break is a wrap when the text is hard-wrapped, the line before it is a full line (at least
    0.7 of the width) that does not end like a sentence, and the next line goes on with text,
    not a bullet or a blank line. The headline line is joined to the next only when it stops
    mid-phrase ("… New Zealand, the\\nRepublic of Korea"), hard-wrapped text or not."""
    chars = list(text)
    first = -1 if DATELINE.match(text) else text.find("\n")  # a headline stays apart; a dateline's line does not
    if first > 0:
        head = text[:first].rstrip()
        last_word = head.rsplit(None, 1)[-1].lower() if head.strip() else ""
        if (last_word in SMALL or head.endswith(",")) and text[first + 1:first + 2].strip():
            chars[first] = " "
    lengths, width = wrapping(text)
    if not width:
        return "".join(chars)
    for offset, length in lengths.items():
        line = text[text.rfind("\n", 0, offset) + 1:offset].rstrip()
        following = text[offset + 1:offset + 2]
        if offset == first or length < 0.7 * width or line[-1:] in WRAP_ENDS \
                or not following.strip() or following in BULLETS:
            continue
        chars[offset] = " "
    return "".join(chars)


def _headline(text: str) -> str:
    end = text.find("\n")
    if end < 0:
        return text  # no headline line, only text
    head, body = text[:end], text[end:]
    if DATELINE.match(head):
        return text  # "JOHANNESBURG, Dec 16 (Reuters) - Former President Jacob Zuma …": the story, no headline
    words = WORD.findall(head)
    if not 3 <= len(words) <= 25 or re.search(r"[a-z]{2}[.!?](\s+\S|\s*$)", head) or not body.strip():
        return text  # a headline is one short line, not a sentence followed by more
    capitalised = [w for w in words if w[0].isupper()]
    if len(capitalised) < 0.7 * len([w for w in words if w.lower() not in SMALL]):
        return text  # already in sentence case
    written = set(WORD.findall(body))
    matches = list(WORD.finditer(head))
    named = _gazetteer_names([m.group(0) for m in matches])
    out, first, last = [], True, 0
    for n, match in enumerate(matches):
        word = match.group(0)
        out.append(head[last:match.start()])
        last = match.end()
        lower = word[0].lower() + word[1:]
        if not first and word[0].isupper() and not word.isupper() and n not in named and (
                lower in written or (word not in written and common_english(word.lower()))):
            word = lower  # "Recognizes", "New Government"; not "Security Council" if the body capitalises it
        out.append(word)
        first = False
    out.append(head[last:])
    return "".join(out) + body


def _gazetteer_names(words: list[str]) -> set[int]:
    """The positions of the words that spell a country or body the gazetteer knows ("Australia",
    "New Zealand", "Republic of Korea"): names stay names in a headline the body never repeats."""
    keys = load_gazetteer().by_key  # (loaded once: load_gazetteer is cached)
    found: set[int] = set()
    for i in range(len(words)):
        for n in range(min(5, len(words) - i), 0, -1):
            if name_key(" ".join(words[i:i + n])) in keys:
                found.update(range(i, i + n))
                break
    return found
