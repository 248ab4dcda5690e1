"""Content negotiation for the endpoint: the `Accept` header picks the format of an answer.

SELECT and ASK: SPARQL JSON (the default), XML, CSV or TSV. CONSTRUCT and DESCRIBE: Turtle
(the default), N-Triples, JSON-LD or RDF/XML. All are written by pyoxigraph.
"""
from __future__ import annotations

from kg import query as q
from kg.workers import Reply

RESULTS = {  # media type -> kg format name
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RDF = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
         "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ntriples": "application/n-triples",
         "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}


def _ranked(accept: str) -> list[str]:
    """The media types of an Accept header, most preferred first (by q, then by order)."""
    ranked = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, weight = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    weight = float(f[2:])
                except ValueError:
                    weight = 0.0
        if media and weight > 0:
            ranked.append((-weight, index, media))
    return [media for _, _, media in sorted(ranked)]


def choose(accept: str, rdf: bool) -> str | None:
    """The kg format name for an answer, or None when nothing acceptable can be written."""
    table = RDF if rdf else RESULTS
    media_types = _ranked(accept or "*/*") or ["*/*"]
    for media in media_types:
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return "turtle" if rdf else "json"
    return None


def render(answer: q.Answer, accept: str) -> Reply:
    fmt = choose(accept, answer.triples is not None)
    if fmt is None:
        offered = ", ".join(RDF if answer.triples is not None else RESULTS)
        return Reply(406, "text/plain; charset=utf-8", f"cannot answer in {accept}; offered: {offered}\n".encode())
    body = q.format_answer(answer, fmt).encode("utf-8")
    return Reply(200, TYPES[fmt] + ("; charset=utf-8" if fmt in ("csv", "tsv", "turtle") else ""), body)
