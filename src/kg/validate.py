"""Check a graph against the SHACL shapes shipped with kg (data/shapes.ttl).

The ontology (data/ontology.ttl) counts as well, so its subclass axioms hold: a node typed
only `kg:Person` is still checked as a `kg:Actor`. No other inference is run.

Two engines give the same report: "sparql" (the default; kg.shacl compiles the shapes to
SPARQL queries run on Oxigraph: a million triples in well under a minute) and "pyshacl" (the
reference implementation, in Python: about 30 s on 14k triples).

    report = validate(graph)                     # or validate(graph, engine="pyshacl")
    report.conforms          # True or False
    report.violations        # one line each: "<focus> <path>: <message> [value]", sorted
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Node, URIRef
from rdflib.namespace import SH

from kg.errors import GraphError
from kg.graph import bind_prefixes
from kg.shacl import Compiler
from kg.vocab import KG, SHAPES_FILE, data_text, ontology

ENGINES = ("sparql", "pyshacl")


@dataclass(frozen=True)
class Report:
    """The outcome of a validation: conforming or not, and each violation as one line."""

    conforms: bool
    violations: tuple[str, ...]

    def text(self) -> str:
        """"conforms", or one line per violation with a count at the end."""
        if self.conforms:
            return "conforms\n"
        count = len(self.violations)
        lines = list(self.violations) + [f"does not conform: {count} violation{'s' if count != 1 else ''}"]
        return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def shapes() -> Graph:
    """The SHACL shapes graph (data/shapes.ttl)."""
    return Graph().parse(data=data_text(SHAPES_FILE), format="turtle")


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return ontology()


def _not_kg(size: int, has_article: bool) -> Report | None:
    """A graph with no article in it is not one kg built: the shapes would hold of it vacuously
    (an empty file "conformed")."""
    if size == 0:
        return Report(conforms=False, violations=("the graph is empty: no triples at all",))
    if not has_article:
        return Report(conforms=False, violations=(f"no {KG.Article.n3()} in the graph: it is not a graph kg built",))
    return None


def validate(graph: Graph, engine: str = "sparql") -> Report:
    """Validate `graph` against kg's shapes and ontology with `engine` (see ENGINES)."""
    if engine not in ENGINES:
        raise GraphError(f"unknown validation engine {engine!r}; expected one of {', '.join(ENGINES)}")
    refused = _not_kg(len(graph), (None, RDF.type, KG.Article) in graph)
    if refused is not None:
        return refused
    if engine == "sparql":
        from kg.query import store_from_rdflib

        return _sparql_report(store_from_rdflib(graph), graph.namespaces())
    return _pyshacl(graph)


def _pyshacl(graph: Graph) -> Report:
    from pyshacl import validate as shacl_validate  # imported here: it is slow to import

    conforms, results, text = shacl_validate(
        graph, shacl_graph=shapes(), ont_graph=_ontology(), inference="none",
        abort_on_first=False, allow_infos=True, allow_warnings=False, meta_shacl=False,
        advanced=False, inplace=False,
    )
    if not isinstance(results, Graph):  # pyshacl could not run the shapes at all
        raise GraphError(f"{SHAPES_FILE}: SHACL validation failed to run: {' '.join(str(text).split())}")
    return Report(conforms=bool(conforms), violations=tuple(sorted(_lines(results, graph.namespaces()))))


def _sparql_report(store, namespaces) -> Report:
    found = violations(store, shapes(), _ontology())
    write = _namer(namespaces)
    lines = [_line(write, focus, path, value, message) for focus, path, value, message in found]
    return Report(conforms=not lines, violations=tuple(sorted(lines)))


def validate_file(path: str | Path, engine: str = "sparql") -> Report:
    """Validate the graph stored in `path` (any format kg.export can read)."""
    if engine not in ENGINES:
        raise GraphError(f"unknown validation engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if engine == "pyshacl":
        from kg.export import load_graph

        return validate(load_graph(path), engine)
    store, prefixes = _load_store(Path(path))
    refused = _not_kg(len(store), bool(store.query(f"ASK {{ ?a a {KG.Article.n3()} }}",
                                                    use_default_graph_as_union=True)))
    return refused or _sparql_report(store, prefixes.items())


def _load_store(path: Path):
    """The graph in `path` in an in-memory Oxigraph store (the union of its graphs, for quad
    formats), and the prefixes it declares. Errors read as kg.export.load_graph's do."""
    import pyoxigraph as ox

    from kg.export import PARSER

    formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
               "trig": ox.RdfFormat.TRIG, "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file (run `kg build` first, or pass --graph)")
    fmt = PARSER.get(path.suffix.lower())
    if fmt is None:
        raise GraphError(f"{path}: unknown graph format {path.suffix!r}; expected one of {', '.join(sorted(PARSER))}")
    store = ox.Store()
    try:
        parser = ox.parse(path=str(path), format=formats[fmt])
        if fmt in ("nquads", "trig", "json-ld"):  # every graph's triples into one (a set, as rdflib's union)
            store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in parser)
        else:  # Oxigraph reads the file itself (half the time); the prefixes are those declared
            next(parser, None)  # before the first triple, where kg and rdflib write them
            store.load(path=str(path), format=formats[fmt])
    except (SyntaxError, ValueError, OSError) as exc:
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise GraphError(f"{path}: cannot parse graph as {fmt}: {message[:300]}") from None
    return store, parser.prefixes


def _namer(namespaces):
    """A function writing a term short, with kg's prefixes and those of the data."""
    names = Graph(bind_namespaces="rdflib")
    bind_prefixes(names)
    for prefix, namespace in namespaces:
        names.bind(prefix, namespace, override=True, replace=True)

    def name(node: Node | None) -> str:
        if node is None:
            return ""
        try:
            return node.n3(names.namespace_manager)
        except Exception:  # a term the namespace manager cannot shorten
            return node.n3()
    return name


def _line(name, focus, path, value, message, severity=None) -> str:
    """One validation result as one line: focus node, path, message and offending value."""
    line = f"{name(focus)}"
    if path is not None:
        line += f" {name(path)}"
    line += f": {message}"
    if value is not None and value != focus:
        text = name(value)
        line += f" [value {text if len(text) <= 80 else text[:79] + '…'}]"
    if severity is not None and severity != SH.Violation:
        line = f"{name(severity).split('#')[-1].rstrip('>').lower()}: {line}"
    return " ".join(line.split())


def _lines(results: Graph, namespaces) -> list[str]:
    """One line per pyshacl validation result."""
    name = _namer(namespaces)
    lines = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        message = results.value(result, SH.resultMessage)
        if message is None:
            component = results.value(result, SH.sourceConstraintComponent)
            message = name(component).split("#")[-1].rstrip(">") if component else "violation"
        lines.append(_line(name, results.value(result, SH.focusNode), results.value(result, SH.resultPath),
                           results.value(result, SH.value), message, results.value(result, SH.resultSeverity)))
    return lines


def check(graph: Graph, where: str = "graph", engine: str = "sparql") -> None:
    """Raise GraphError, naming `where` and the first violations, if `graph` does not conform."""
    report = validate(graph, engine)
    if not report.conforms:
        shown = "; ".join(report.violations[:3])
        more = f" (and {len(report.violations) - 3} more)" if len(report.violations) > 3 else ""
        raise GraphError(f"{where}: does not conform to kg's shapes: {shown}{more}")


# --- the sparql engine: kg.shacl's checks run on an Oxigraph store -----------------------------

Result = tuple[Node, Node | None, Node | None, str]  # focus, path, value, message


def subclasses(pairs) -> dict[URIRef, set[URIRef]]:
    """Each class and every class below it, from (subclass, superclass) pairs."""
    below: dict[URIRef, set[URIRef]] = {}
    for sub, sup in pairs:
        below.setdefault(sup, set()).add(sub)
    closure = {}
    for cls in list(below):
        seen, todo = {cls}, [cls]
        while todo:
            for sub in below.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        closure[cls] = seen
    return closure


def violations(store, shapes: Graph, ontology: Graph) -> list[Result]:
    """Every violation of `shapes` in the Oxigraph `store` (its default graph as the union of
    its graphs), with the ontology's subclass axioms (and any in the data) counted."""
    import pyoxigraph as ox

    found = store.query(f"SELECT ?s ?o WHERE {{ ?s {RDFS.subClassOf.n3()} ?o }}", use_default_graph_as_union=True)
    pairs = [(URIRef(s["s"].value), URIRef(s["o"].value)) for s in found
             if isinstance(s["s"], ox.NamedNode) and isinstance(s["o"], ox.NamedNode)]
    pairs += [(s, o) for s, o in ontology.subject_objects(RDFS.subClassOf)
              if isinstance(s, URIRef) and isinstance(o, URIRef)]
    results: list[Result] = []
    for check in Compiler(shapes, subclasses(pairs)).checks():
        try:
            solutions = store.query(check.query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise GraphError(f"{SHAPES_FILE}: a shape compiled to a query Oxigraph cannot read: {exc}") from None
        names = {v.value for v in solutions.variables}
        for solution in solutions:
            focus = _term(solution["this"])
            value = _term(solution["value"]) if "value" in names else None
            path = _term(solution["path"]) if "path" in names else check.path
            message = check.message
            if check.sparql:
                message = _fill(message, {n: solution[n] for n in names})
                value = value if value is not None else focus
            results.append((focus, path, value, message))
    return results


def _fill(template: str, bindings: dict) -> str:
    """An sh:message template with {$var} and {?var} replaced by the solution's values."""
    def value(match: re.Match) -> str:
        term = bindings.get(match.group(1))
        return match.group(0) if term is None else term.value
    return re.sub(r"\{[$?](\w+)\}", value, template)


def _term(term) -> Node | None:
    """An Oxigraph term as the rdflib term the report lines are written from."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    log = logging.getLogger("rdflib.term")  # it logs a traceback for an ill-formed value, the very
    level, log.disabled = log.disabled, True  # thing being reported
    try:
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
    finally:
        log.disabled = level
