"""Read a built graph and write it as Turtle, N-Triples, N-Quads, TriG or JSON-LD.

Every format holds the same triples; a test re-parses each export and checks it is isomorphic
to the graph it came from, and that the Turtle also parses with Oxigraph and with raptor.

Named graphs (TriG, N-Quads): one per article, named by the article's own IRI
(`<…/article/000_d37f…>`). It holds that article's claims: every triple whose subject is a
claim with `kg:article` that article (type, rdf:subject/predicate/object, sentence, offsets,
trigger, rule, confidence, date, prov:wasGeneratedBy). The default graph holds what belongs to
no one article: the actors (labels, types, aliases), the direct actor-to-actor triples (one
triple may rest on claims from many articles), the article records themselves and the build
record (kg:Build: software, model, rule-file hashes) the claims point to. Naming the graph by the article
IRI lets a query join the two without a lookup table:

    SELECT ?claim ?date WHERE { GRAPH ?article { ?claim a kg:Claim } ?article schema:datePublished ?date }

The union of all the graphs is exactly the Turtle graph. JSON-LD holds the one (default)
graph, with a @context that gives short names ("label", "sentence", "confidence").

Output is deterministic: the same graph gives the same bytes (lines of N-Triples and N-Quads
and JSON-LD arrays are sorted; Turtle and TriG subjects are sorted by rdflib, graphs by name
here).

rdflib 7's Turtle writer puts a string with a line break in a long (triple-quoted) string and
gets it wrong when the string ends with a backslash and a quote (`…\\"`): the file does not
parse. `kg-turtle` and `kg-trig`, registered here, write every string that holds a line break
on one line with `\\n` escapes instead; `KgGraph.serialize` (kg.graph) uses them for "turtle"
and "trig", so `kg build` writes them too. `kg-turtle` is kg.turtle's writer: rdflib's layout,
byte for byte, in a third of the time.
"""
from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib import plugin
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, PROV, RDFS, SKOS, XSD
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.serializer import Serializer
from rdflib.term import Node

from kg.errors import GraphError
from kg.vocab import KG, SCHEMA, VOCAB_IRI

FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld")
SUFFIX = {"turtle": ".ttl", "ntriples": ".nt", "nquads": ".nq", "trig": ".trig", "jsonld": ".jsonld"}
# rdflib's parser name for each graph file suffix
PARSER = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld",
          ".json": "json-ld", ".rdf": "xml", ".owl": "xml"}


# ---------------------------------------------------------------------------------------
# Turtle and TriG writers that always produce parseable text

def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"')
            .replace("\n", "\\n").replace("\r", "\\r"))


class _SafeLiterals:
    """Write a literal holding a line break as a one-line string with escapes (see module doc)."""

    def label(self, node: Node, position: int) -> str:
        if isinstance(node, Literal) and ("\n" in node or "\r" in node):
            text = f'"{_escape(str(node))}"'
            if node.language:
                return f"{text}@{node.language}"
            if node.datatype:
                name = self.get_pname(node.datatype, False)  # type: ignore[attr-defined]
                return f"{text}^^{name or node.datatype.n3()}"
            return text
        return super().label(node, position)  # type: ignore[misc]


class SafeTurtleSerializer(_SafeLiterals, TurtleSerializer):
    """rdflib's Turtle writer, with line-break strings written safely."""

    short_name = "kg-turtle"


class SafeTrigSerializer(_SafeLiterals, TrigSerializer):
    """rdflib's TriG writer, with line-break strings written safely and graphs in a fixed order."""

    short_name = "kg-trig"

    def __init__(self, store: Graph) -> None:
        super().__init__(store)
        default = self.default_context

        def order(graph: Graph) -> tuple[int, str]:  # the default graph first, then by name
            return (0 if graph.identifier == default else 1, str(graph.identifier))

        self.contexts = sorted(self.contexts, key=order)


plugin.register("kg-turtle", Serializer, "kg.turtle", "FastTurtleSerializer")  # the same bytes, faster
plugin.register("kg-trig", Serializer, __name__, "SafeTrigSerializer")

SAFE_FORMAT = {"turtle": "kg-turtle", "ttl": "kg-turtle", "text/turtle": "kg-turtle",
               "trig": "kg-trig", "application/trig": "kg-trig"}


# ---------------------------------------------------------------------------------------
# Reading

@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """rdflib 7's own quad parsers and writers use its deprecated ConjunctiveGraph API."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def load_graph(path: str | Path) -> Graph:
    """The graph in `path` (any format in PARSER; for quad formats, the union of its graphs)."""
    path = Path(path)
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file (run `kg build` first, or pass --graph)")
    fmt = PARSER.get(path.suffix.lower())
    if fmt is None:
        raise GraphError(f"{path}: unknown graph format {path.suffix!r}; "
                         f"expected one of {', '.join(sorted(PARSER))}")
    try:
        with _quiet_rdflib():
            graph = _parse(path, fmt)
    except Exception as exc:  # rdflib raises many kinds (BadSyntax, ParserError, ValueError, …)
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise GraphError(f"{path}: cannot parse graph as {fmt}: {message[:300]}") from None
    return graph


def _parse(path: Path, fmt: str) -> Graph:
    if fmt in ("nquads", "trig", "json-ld"):
        data = Dataset()
        data.parse(path, format=fmt)
        return union(data)
    return Graph().parse(path, format=fmt)


def union(data: Dataset) -> Graph:
    """All the triples of every graph in `data`, in one graph, with its prefixes."""
    graph = Graph()
    for prefix, namespace in data.namespaces():
        graph.bind(prefix, namespace, override=False)
    for s, p, o, _ in data.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


# ---------------------------------------------------------------------------------------
# Named graphs

def article_of_claims(graph: Graph) -> dict[Node, URIRef]:
    """Each claim node and the article it was read from."""
    found: dict[Node, URIRef] = {}
    for claim in graph.subjects(RDF.type, KG.Claim):
        article = graph.value(claim, KG.article)
        if isinstance(article, URIRef):
            found[claim] = article
    return found


def to_dataset(graph: Graph) -> Dataset:
    """`graph` split into a default graph and one named graph per article (see module doc)."""
    data = Dataset()
    for prefix, namespace in graph.namespaces():
        data.bind(prefix, namespace, override=False)
    claims = article_of_claims(graph)
    default = data.graph(DATASET_DEFAULT_GRAPH_ID)
    named: dict[URIRef, Graph] = {}
    for s, p, o in graph:
        article = claims.get(s)
        if article is None:
            default.add((s, p, o))
        else:
            if article not in named:
                named[article] = data.graph(article)
            named[article].add((s, p, o))
    return data


# ---------------------------------------------------------------------------------------
# JSON-LD context

def jsonld_context(graph: Graph) -> dict[str, Any]:
    """A @context that makes the JSON-LD read like the Turtle: prefixes and short property names.

    The prefixes are the vocabularies kg uses and the graph's own actor:, article:, claim:,
    build: (whatever its base); property names are short where unambiguous ("label", "sentence",
    "confidence"), with IRIs and datatypes coerced, so values are plain JSON strings.
    """
    context: dict[str, Any] = {
        "kg": VOCAB_IRI, "schema": str(SCHEMA), "skos": str(SKOS), "prov": str(PROV),
        "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "dcterms": str(DCTERMS),
    }
    for prefix, namespace in sorted(graph.namespaces()):
        if prefix in ("actor", "article", "claim", "build"):
            context[prefix] = str(namespace)
    ids = {"@type": "@id"}
    terms: dict[str, Any] = {
        "label": "rdfs:label", "prefLabel": "skos:prefLabel", "altLabel": "skos:altLabel",
        "subject": {"@id": "rdf:subject", **ids}, "predicate": {"@id": "rdf:predicate", **ids},
        "object": {"@id": "rdf:object", **ids},
        "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", **ids},  # (kg:article stays: "article" is a prefix)
        "sentence": "kg:sentence", "trigger": "kg:trigger", "rule": "kg:rule",
        "confidence": {"@id": "kg:confidence", "@type": "xsd:decimal"},
        "articleDate": {"@id": "kg:articleDate", "@type": "xsd:date"},
        "datePublished": {"@id": "schema:datePublished", "@type": "xsd:date"},
        "headline": "schema:headline", "articleId": "kg:articleId", "sha256": "kg:sha256",
        "url": {"@id": "schema:url", "@type": "xsd:anyURI"},
        "wasGeneratedBy": {"@id": "prov:wasGeneratedBy", **ids},
        "software": "kg:software", "model": "kg:model",
        "rulesSha256": "kg:rulesSha256", "gazetteerSha256": "kg:gazetteerSha256",
    }
    for name in ("supports", "recognises", "defectsTo", "condemns"):
        terms[name] = {"@id": f"kg:{name}", **ids}
    context.update(terms)
    return context


# ---------------------------------------------------------------------------------------
# Writing

def _sorted_json(value: Any) -> Any:
    """Every JSON array sorted: kg's JSON-LD has no @list, so its arrays are unordered sets."""
    if isinstance(value, dict):
        return {key: _sorted_json(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(line for line in data.decode("utf-8").split("\n") if line.strip())
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def serialize(graph: Graph, fmt: str) -> bytes:
    """`graph` in format `fmt` (one of FORMATS), as UTF-8 bytes."""
    with _quiet_rdflib():
        return _serialize(graph, fmt)


def _serialize(graph: Graph, fmt: str) -> bytes:
    if fmt == "turtle":
        return graph.serialize(format="kg-turtle", encoding="utf-8")
    if fmt == "ntriples":
        return _sorted_lines(graph.serialize(format="nt", encoding="utf-8"))
    if fmt == "nquads":
        return _sorted_lines(to_dataset(graph).serialize(format="nquads", encoding="utf-8"))
    if fmt == "trig":
        return to_dataset(graph).serialize(format="kg-trig", encoding="utf-8")
    if fmt == "jsonld":
        text = graph.serialize(format="json-ld", context=jsonld_context(graph), auto_compact=True)
        document = _sorted_json(json.loads(text))
        return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    raise GraphError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")


def export(graph_path: str | Path, fmt: str) -> bytes:
    """The graph file `graph_path` in format `fmt`."""
    return serialize(load_graph(graph_path), fmt)
