"""Mint IRIs. This is the only place an IRI is made from a name.

`mint(kind, key)` is injective: two different keys never give the same IRI. A key that is
already a clean slug (lower-case ASCII words joined by "-", at most 80 characters) is used
as it is, so IRIs read well (`…/actor/juan-guaido`); anything else is reduced to a readable
slug plus a hash of the exact key, which keeps distinct keys distinct and every IRI safe.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from kg.vocab import DEFAULT_BASE

_CLEAN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 80
KINDS = ("actor", "article", "claim")


def slugify(text: str) -> str:
    """A lower-case ASCII slug: accents dropped, anything else between words becomes "-"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def local_id(key: str) -> str:
    """The IRI-safe local id for `key` (see module docstring)."""
    if len(key) <= MAX_SLUG and _CLEAN.match(key):
        return key
    slug = slugify(key)[:MAX_SLUG].strip("-") or "x"
    return f"{slug}--{_digest(key)}"  # "--" never occurs in a clean slug, so no clash with one


def mint(kind: str, key: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of the `kind` thing ("actor", "article", "claim") whose canonical id is `key`."""
    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}; expected one of {', '.join(KINDS)}")
    if not base.endswith(("/", "#")):
        base += "/"
    return URIRef(f"{base}{kind}/{local_id(key)}")
