"""Mint IRIs. This is the only place an IRI is made from a name.

Every minted IRI is `<base><kind>/<local id>`: `https://kg.example.org/actor/juan-guaido`.

`mint(kind, key)` is injective: two different keys never give the same IRI. A key that is
already a clean slug (ASCII letters and digits in words joined by single "-" or "_", at most
80 characters: `juan-guaido`, an article id like `000_d37f0abde9bf8b61`) is used as it is,
so IRIs read well; anything else is reduced to a readable lower-case slug plus a hash of the
exact key (`…/actor/juan-guaido--3f2a…`), which keeps distinct keys distinct and every IRI
safe: a local id only ever holds `[A-Za-z0-9_-]`, so no quote, angle bracket, space or
newline in a name can reach an IRI. ("--" never occurs in a clean slug, so a hashed id
cannot equal a clean one; two hashed ids are equal only if 64-bit SHA-256 prefixes collide.)

The base is configurable (`kg build --base`); the default, `DEFAULT_BASE`, is stable. The
vocabulary namespace (`kg.vocab.VOCAB_IRI`) is fixed whatever the base, so queries written
against `kg:` terms work on every graph.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from kg.errors import KgError
from kg.vocab import DEFAULT_BASE

_CLEAN = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")  # used with fullmatch: "$" would let "a\n" in
MAX_SLUG = 80
DIGEST_CHARS = 16  # hex characters of SHA-256 kept in a hashed local id: 64 bits
KINDS = ("actor", "article", "claim", "build")
# an absolute IRI with a scheme, and none of the characters an IRI may not hold
_BASE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x20\x7f]*")


class BaseIRIError(KgError, ValueError):
    """A base IRI that is not absolute or holds characters no IRI may hold."""


def normalise_base(base: str) -> str:
    """`base` checked and ending with "/" or "#", ready to have `kind/id` appended."""
    if not _BASE.fullmatch(base):
        raise BaseIRIError(f"base IRI {base!r} is not an absolute IRI (like {DEFAULT_BASE}): "
                           f"it needs a scheme and no spaces, quotes, <, >, {{, }}, |, \\, ^ or `")
    return base if base.endswith(("/", "#")) else base + "/"


def namespace(kind: str, base: str = DEFAULT_BASE) -> str:
    """The IRI every `kind` IRI starts with: the `actor:` prefix of a Turtle file, say."""
    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}; expected one of {', '.join(KINDS)}")
    return f"{normalise_base(base)}{kind}/"


def slugify(text: str) -> str:
    """A lower-case ASCII slug: accents dropped, anything else between words becomes "-"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:DIGEST_CHARS]


def local_id(key: str) -> str:
    """The IRI-safe local id for `key` (see module docstring)."""
    if len(key) <= MAX_SLUG and _CLEAN.fullmatch(key):
        return key
    slug = slugify(key)[:MAX_SLUG].strip("-") or "x"
    return f"{slug}--{_digest(key)}"  # "--" never occurs in a clean slug, so no clash with one


def mint(kind: str, key: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of the `kind` thing ("actor", "article", "claim", "build") whose canonical id is `key`."""
    return URIRef(namespace(kind, base) + local_id(key))
