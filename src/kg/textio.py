"""Text in and out: the visible text of an HTML page saved as .txt, Unicode that can be written
anywhere, and text from articles made safe to print on a terminal.

Article text is data, never a command to the terminal: an ANSI escape, a BEL or a bidi
override in a file name, an id or a title is shown escaped (``\\x1b``, ``\\u202e``), so a
warning reads the same on every screen and cannot hide or rewrite what is printed around it.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

_SURROGATE = re.compile(r"[\ud800-\udfff]")
# C0 and C1 controls (tab kept), DEL, bidi embeddings, overrides and isolates, line and
# paragraph separators, and lone surrogates: nothing a terminal should act on.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029"
                          r"\u2066-\u2069\ud800-\udfff]")
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
                         re.IGNORECASE | re.DOTALL)


def safe_text(text: str) -> str:
    """`text` with each lone surrogate as U+FFFD (same length, so offsets hold)."""
    return _SURROGATE.sub("\ufffd", text)


def for_terminal(text: str) -> str:
    """`text` on one line with every control, bidi and surrogate character escaped."""
    def escape(match: re.Match) -> str:
        char = match.group(0)
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    return _UNPRINTABLE.sub(escape, text)


def looks_like_html(text: str) -> bool:
    """Whether `text` is an HTML page (it opens with a doctype, <html>, <head> or <body>)."""
    return bool(_HTML_START.match(text[:4096]))


class HtmlText(HTMLParser):
    """The visible text of an HTML page: scripts, styles and markup dropped, one line per block."""

    SKIP = {"script", "style", "noscript", "template", "svg", "head"}
    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
             "article", "header", "footer", "blockquote", "pre", "title", "hr", "main", "aside", "nav", "figure",
             "figcaption", "dd", "dt"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title: list[str] = []
        self.in_title = False

    @classmethod
    def of(cls, page: str) -> str:
        """The page's title on the first line, then its visible text, a blank line between blocks."""
        parser = cls()
        parser.feed(page)
        parser.close()
        lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
        body = "\n\n".join(line for line in lines if line)
        title = " ".join("".join(parser.title).split())
        if title and not body.startswith(title):
            body = f"{title}\n\n{body}"
        return body + "\n" if body else ""

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in self.SKIP:
            self.skipping += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in self.SKIP and self.skipping:
            self.skipping -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data)


# a first line that is a photo caption, not a headline: "(Photo by …)", "… / AFP)", "Juan Guaido (C), …"
_CAPTION = re.compile(
    r"\((?:photo|picture|image)s?\b|\bphoto(?:graph)?s?\s*(?:by|:|credit)|\b(?:AFP|Reuters|AP|EPA|Getty Images?)\s*(?:/|\))"
    r"|\((?:C|L|R|centre|center|left|right)\)|\bREUTERS/",
    re.IGNORECASE)
_CAPTION_WORDS = 30  # a "headline" longer than this is a paragraph, not a title


def clean_title(title: str | None) -> str | None:
    """An article's title, or None when what was taken for one is a photo caption or a paragraph."""
    if not title or not title.strip():
        return None
    title = " ".join(title.split())
    if _CAPTION.search(title) or len(title.split()) > _CAPTION_WORDS:
        return None
    return title
