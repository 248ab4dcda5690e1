"""Check a graph against the SHACL shapes shipped with kg (data/shapes.ttl).

The ontology (data/ontology.ttl) is passed to pyshacl as well, so its subclass axioms count:
a node typed only `kg:Person` is still checked as a `kg:Actor`. No other inference is run.

    report = validate(graph)
    report.conforms          # True or False
    report.violations        # one line each: "<focus> <path>: <message> [value]", sorted
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, Graph, Node
from rdflib.namespace import SH

from kg.errors import GraphError
from kg.graph import bind_prefixes
from kg.vocab import KG, SHAPES_FILE, data_text, ontology


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


def validate(graph: Graph) -> Report:
    """Validate `graph` against kg's shapes and ontology. A graph with no article in it is not
    one kg built: the shapes would hold of it vacuously (an empty file "conformed")."""
    from pyshacl import validate as shacl_validate  # imported here: it is slow to import

    if len(graph) == 0:
        return Report(conforms=False, violations=("the graph is empty: no triples at all",))
    if (None, RDF.type, KG.Article) not in graph:
        return Report(conforms=False, violations=(f"no {KG.Article.n3()} in the graph: it is not a graph kg built",))

    conforms, results, text = shacl_validate(
        graph, shacl_graph=shapes(), ont_graph=_ontology(), inference="none",
        abort_on_first=False, allow_infos=True, allow_warnings=False, meta_shacl=False,
        advanced=False, inplace=False,
    )
    if not isinstance(results, Graph):  # pyshacl could not run the shapes at all
        raise GraphError(f"{SHAPES_FILE}: SHACL validation failed to run: {' '.join(str(text).split())}")
    return Report(conforms=bool(conforms), violations=tuple(sorted(_lines(results, graph))))


def validate_file(path: str | Path) -> Report:
    """Validate the graph stored in `path` (any format kg.export can read)."""
    from kg.export import load_graph

    return validate(load_graph(path))


def _lines(results: Graph, data: Graph) -> list[str]:
    """One line per validation result: focus node, path, message and offending value."""
    names = Graph(bind_namespaces="rdflib")
    bind_prefixes(names)
    for prefix, namespace in data.namespaces():
        names.bind(prefix, namespace, override=True, replace=True)

    def name(node: Node | None) -> str:
        if node is None:
            return ""
        try:
            return node.n3(names.namespace_manager)
        except Exception:  # a term the namespace manager cannot shorten
            return node.n3()

    lines = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        if message is None:
            component = results.value(result, SH.sourceConstraintComponent)
            message = name(component).split("#")[-1].rstrip(">") if component else "violation"
        line = f"{name(focus)}"
        if path is not None:
            line += f" {name(path)}"
        line += f": {message}"
        if value is not None and value != focus:
            text = name(value)
            line += f" [value {text if len(text) <= 80 else text[:79] + '…'}]"
        if severity is not None and severity != SH.Violation:
            line = f"{name(severity).split('#')[-1].rstrip('>').lower()}: {line}"
        lines.append(" ".join(line.split()))
    return lines


def check(graph: Graph, where: str = "graph") -> None:
    """Raise GraphError, naming `where` and the first violations, if `graph` does not conform."""
    report = validate(graph)
    if not report.conforms:
        shown = "; ".join(report.violations[:3])
        more = f" (and {len(report.violations) - 3} more)" if len(report.violations) > 3 else ""
        raise GraphError(f"{where}: does not conform to kg's shapes: {shown}{more}")
