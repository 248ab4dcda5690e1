"""kg's SHACL shapes compiled to SPARQL SELECT queries, run on Oxigraph (`kg validate --engine sparql`).

pyshacl walks the data graph node by node in Python: about 30 s on 14k triples, hours on a
million. Here each constraint of data/shapes.ttl becomes one query that returns the focus
nodes violating it (and the offending value), so Oxigraph does the work: a million triples
in well under a minute. The results are the ones pyshacl gives (focus node, result path,
value and message; tests/test_shacl_engines.py holds the two engines to that).

Supported, because the shapes use them: sh:targetClass (with the ontology's subclasses),
sh:class, sh:datatype (ill-formed literals fail), sh:nodeKind, sh:in, sh:hasValue, sh:pattern,
sh:minLength, sh:maxLength, sh:minInclusive, sh:maxInclusive, sh:minExclusive,
sh:maxExclusive, sh:minCount, sh:maxCount, sh:lessThanOrEquals, sh:lessThan, sh:equals,
sh:qualifiedValueShape with sh:qualifiedMinCount/MaxCount, sh:xone/sh:or/sh:and/sh:not,
and sh:sparql SELECT constraints. Anything else in a shape is an error naming it, never
silently skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import RDF, RDFS, XSD, Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.errors import GraphError
from kg.vocab import SHAPES_FILE


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT whose solutions are violations (?this, and ?value,
    ?path where the query binds them), reported with `message` and the fixed `path`."""

    query: str
    message: str
    path: URIRef | None = None
    sparql: bool = False  # an sh:sparql constraint: its message is a template over the solution


# Predicates of a shape that are not constraints (or are read with the constraint they belong to).
_NOT_CONSTRAINTS = {SH.path, SH.message, SH.name, SH.description, SH.targetClass, SH.severity, SH.order,
                    SH.group, SH.property, SH.sparql, SH.qualifiedMinCount, SH.qualifiedMaxCount,
                    SH.qualifiedValueShapesDisjoint, SH.deactivated, RDF.type, RDFS.label, RDFS.comment}
_VALUE_TESTS = {SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.hasValue, SH.pattern, SH.flags,
                SH.minLength, SH.maxLength, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
# datatypes whose lexical form Oxigraph can check by casting: an ill-formed literal fails sh:datatype
_CASTABLE = {XSD.integer, XSD.decimal, XSD.boolean, XSD.date, XSD.dateTime, XSD.double, XSD.float}
_COMPARE = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
_PAIRS = {SH.lessThanOrEquals: "<=", SH.lessThan: "<"}
_LOGICAL = (SH["and"], SH["or"], SH.xone, SH["not"])
_PROPERTY_KNOWN = (_NOT_CONSTRAINTS - {SH.property, SH.sparql}) | _VALUE_TESTS | {
    SH.minCount, SH.maxCount, SH.qualifiedValueShape, SH.equals, SH.lessThanOrEquals, SH.lessThan}


def _bad(shape: Node, what: str) -> GraphError:
    return GraphError(f"{SHAPES_FILE}: shape {shape.n3()}: {what} (kg's SPARQL engine does not support it; "
                      "use --engine pyshacl)")


class Compiler:
    """Turns a shapes graph into Checks. `subclasses[c]` is c and every class below it."""

    def __init__(self, shapes: Graph, subclasses: dict[URIRef, set[URIRef]]):
        self.g = shapes
        self.subclasses = subclasses

    def checks(self) -> list[Check]:
        out: list[Check] = []
        for shape in sorted(set(self.g.subjects(SH.targetClass, None))):
            if (shape, SH.deactivated, Literal(True)) in self.g:
                continue
            for other in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
                if (shape, other, None) in self.g:
                    raise _bad(shape, f"target {other.n3()}")
            target = self._target(shape)
            out += self._node_shape(shape, target)
        return out

    # --- targets and terms ------------------------------------------------------------------

    def _classes(self, cls: Node) -> str:
        return " ".join(sorted(c.n3() for c in self.subclasses.get(cls, {cls})))

    def _target(self, shape: Node) -> str:
        classes = " ".join(self._classes(c) for c in sorted(self.g.objects(shape, SH.targetClass)))
        return f"{{ SELECT DISTINCT ?this WHERE {{ VALUES ?targetClass {{ {classes} }} ?this a ?targetClass }} }}"

    def _message(self, shape: Node, fallback: str) -> str:
        message = self.g.value(shape, SH.message)
        return str(message) if message is not None else fallback

    def _path(self, shape: Node) -> URIRef:
        path = self.g.value(shape, SH.path)
        if not isinstance(path, URIRef):
            raise _bad(shape, "a path that is not a single predicate")
        return path

    def _list(self, node: Node) -> list[Node]:
        return list(Collection(self.g, node))

    # --- a value node's tests, as SPARQL expressions true when the value passes ----------------

    def value_tests(self, shape: Node, v: str) -> list[tuple[URIRef, str]]:
        tests = []
        for p, o in sorted(self.g.predicate_objects(shape)):
            if p == SH["class"]:
                tests.append((p, f"EXISTS {{ VALUES ?class {{ {self._classes(o)} }} {v} a ?class }}"))
            elif p == SH.datatype:
                test = f"(isLiteral({v}) && sameTerm(datatype({v}), {o.n3()})"
                if o in _CASTABLE:  # "abc"^^xsd:integer has the datatype but is not an integer
                    test += f" && COALESCE({o.n3()}(STR({v})) = {v}, false)"
                tests.append((p, test + ")"))
            elif p == SH.nodeKind:
                if o not in _NODE_KINDS:
                    raise _bad(shape, f"sh:nodeKind {o.n3()}")
                tests.append((p, _NODE_KINDS[o].format(v=v)))
            elif p == SH["in"]:
                members = " || ".join(f"sameTerm({v}, {m.n3()})" for m in self._list(o)) or "false"
                tests.append((p, f"({members})"))
            elif p == SH.hasValue and self.g.value(shape, SH.path) is None:
                tests.append((p, f"sameTerm({v}, {o.n3()})"))
            elif p == SH.pattern:
                flags = self.g.value(shape, SH.flags)
                args = f", {Literal(str(flags)).n3()}" if flags is not None else ""
                tests.append((p, f"(!isBlank({v}) && REGEX(STR({v}), {Literal(str(o)).n3()}{args}))"))
            elif p in (SH.minLength, SH.maxLength):
                op = ">=" if p == SH.minLength else "<="
                tests.append((p, f"(!isBlank({v}) && STRLEN(STR({v})) {op} {int(o)})"))
            elif p in _COMPARE:
                tests.append((p, f"COALESCE({v} {_COMPARE[p]} {o.n3()}, false)"))
        return tests

    def holds(self, shape: Node, v: str, depth: int = 0) -> str:
        """A SPARQL expression true when the node in `v` conforms to `shape` (nested shapes)."""
        if depth > 8:
            raise _bad(shape, "shapes nested too deep")
        path = self.g.value(shape, SH.path)
        parts = []
        if path is None:
            parts += [test for _, test in self.value_tests(shape, v)]
        else:
            p = self._path(shape).n3()
            x = f"?x{depth}"
            for _, test in self.value_tests(shape, x):
                parts.append(f"NOT EXISTS {{ {v} {p} {x} FILTER(!({test})) }}")
            for value in self.g.objects(shape, SH.hasValue):
                parts.append(f"EXISTS {{ {v} {p} {value.n3()} }}")
            for n in self.g.objects(shape, SH.minCount):
                if int(n) > 1:
                    raise _bad(shape, "a nested sh:minCount above 1")
                if int(n) == 1:
                    parts.append(f"EXISTS {{ {v} {p} {x} }}")
            for n in self.g.objects(shape, SH.maxCount):
                if int(n) > 1:
                    raise _bad(shape, "a nested sh:maxCount above 1")
                y = f"?y{depth}"
                parts.append(f"NOT EXISTS {{ {v} {p} {x} FILTER(!isBlank({x})) }}" if int(n) == 0 else
                             f"NOT EXISTS {{ {v} {p} {x}, {y} FILTER(!sameTerm({x}, {y})) }}")
        for p, o in self.g.predicate_objects(shape):
            if p in _LOGICAL:
                parts.append(self.logic(p, o, v, depth))
            elif p not in _NOT_CONSTRAINTS | _VALUE_TESTS | {SH.minCount, SH.maxCount}:
                raise _bad(shape, f"nested constraint {p.n3()}")
        return " && ".join(parts) or "true"

    def logic(self, p: URIRef, o: Node, v: str, depth: int = 0) -> str:
        """sh:and, sh:or, sh:xone (lists of shapes) or sh:not (a shape) as an expression on `v`."""
        if p == SH["not"]:
            return f"!({self.holds(o, v, depth + 1)})"
        members = [f"({self.holds(m, v, depth + 1)})" for m in self._list(o)]
        if p == SH["and"]:
            return "(" + (" && ".join(members) or "true") + ")"
        if p == SH["or"]:
            return "(" + (" || ".join(members) or "false") + ")"
        return "(" + (" + ".join(f"IF({m}, 1, 0)" for m in members) or "0") + " = 1)"

    # --- top-level shapes ----------------------------------------------------------------------

    def _node_shape(self, shape: Node, target: str) -> list[Check]:
        out = []
        for p, test in self.value_tests(shape, "?this"):
            message = self._message(shape, _generic(p, self.g.value(shape, p)))
            out.append(Check(f"SELECT ?this WHERE {{ {target} FILTER(!({test})) }}", message))
        for p, o in sorted(self.g.predicate_objects(shape)):
            if p in _LOGICAL:
                holds = self.logic(p, o, "?this")
                message = self._message(shape, f"Node does not conform to its {p.n3()} constraint")
                out.append(Check(f"SELECT ?this WHERE {{ {target} FILTER(!({holds})) }}", message))
            elif p == SH.property:
                out += self._property_shape(o, target)
            elif p == SH.sparql:
                out.append(self._sparql(shape, o, target))
            elif p not in _NOT_CONSTRAINTS | _VALUE_TESTS:
                raise _bad(shape, f"constraint {p.n3()}")
        return out

    def _property_shape(self, shape: Node, target: str) -> list[Check]:
        path = self._path(shape)
        p = path.n3()
        out = []

        def check(where: str, fallback: str, tail: str = "", values: bool = True) -> None:
            select = "SELECT ?this ?value" if values else "SELECT ?this"
            out.append(Check(f"{select} WHERE {{ {target} {where} }} {tail}", self._message(shape, fallback), path))

        for kind, test in self.value_tests(shape, "?value"):
            check(f"?this {p} ?value . FILTER(!({test}))", _generic(kind, self.g.value(shape, kind)))
        for n in self.g.objects(shape, SH.minCount):
            if int(n) == 1:
                check(f"FILTER NOT EXISTS {{ ?this {p} ?any }}", f"Less than {n} values on {p}", values=False)
            elif int(n) > 1:
                check(f"OPTIONAL {{ ?this {p} ?any }}", f"Less than {n} values on {p}",
                      f"GROUP BY ?this HAVING (COUNT(DISTINCT ?any) < {int(n)})", values=False)
        for n in self.g.objects(shape, SH.maxCount):
            check(f"?this {p} ?any .", f"More than {n} values on {p}",
                  f"GROUP BY ?this HAVING (COUNT(DISTINCT ?any) > {int(n)})", values=False)
        for value in self.g.objects(shape, SH.hasValue):
            check(f"FILTER NOT EXISTS {{ ?this {p} {value.n3()} }}", f"Missing expected value {value.n3()}",
                  values=False)
        for kind, op in _PAIRS.items():
            for other in self.g.objects(shape, kind):
                check(f"?this {p} ?value ; {other.n3()} ?other . FILTER(!COALESCE(?value {op} ?other, false))",
                      f"Value of {p} is not {op} a value of {other.n3()}")
        for other in self.g.objects(shape, SH.equals):
            check(f"{{ ?this {p} ?value FILTER NOT EXISTS {{ ?this {other.n3()} ?value }} }} UNION "
                  f"{{ ?this {other.n3()} ?value FILTER NOT EXISTS {{ ?this {p} ?value }} }}",
                  f"Value of {p} is not equal to a value of {other.n3()}")
        for qualified in self.g.objects(shape, SH.qualifiedValueShape):
            holds = self.holds(qualified, "?any")
            count = f"OPTIONAL {{ ?this {p} ?any FILTER({holds}) }}"
            for bound, op in ((SH.qualifiedMinCount, "<"), (SH.qualifiedMaxCount, ">")):
                for n in self.g.objects(shape, bound):
                    check(count, f"Focus node does not conform to {bound.n3()} {n} of its qualified shape",
                          f"GROUP BY ?this HAVING (COUNT(DISTINCT ?any) {op} {int(n)})", values=False)
        for q, o in self.g.predicate_objects(shape):
            if q not in _PROPERTY_KNOWN:
                raise _bad(shape, f"property constraint {q.n3()}")
        return out

    def _sparql(self, shape: Node, constraint: Node, target: str) -> Check:
        select = str(self.g.value(constraint, SH.select) or "")
        if not select:
            raise _bad(shape, "an sh:sparql constraint without sh:select")
        prefixes = []
        for source in self.g.objects(constraint, SH.prefixes):
            for declared in self.g.objects(source, SH.declare):
                prefix, namespace = self.g.value(declared, SH.prefix), self.g.value(declared, SH.namespace)
                prefixes.append(f"PREFIX {prefix}: <{namespace}>")
        # $this is ?this: the focus nodes are bound first, so the body runs once per target
        where = re.search(r"\bWHERE\s*\{", select, re.IGNORECASE) or re.search(r"\{", select)
        if where is None:
            raise _bad(shape, "an sh:select with no WHERE clause")
        query = select[: where.end()] + f" {target} " + select[where.end():]
        message = self._message(constraint, self._message(shape, "SPARQL constraint violated"))
        return Check("\n".join(prefixes + [query]), message, sparql=True)


def _generic(kind: URIRef, value: Node | None) -> str:
    """pyshacl's message for a constraint that has no sh:message (the common ones)."""
    if kind == SH.nodeKind:
        return f"Value is not of Node Kind sh:{value.fragment if isinstance(value, URIRef) else value}"
    if kind == SH.datatype:
        return f"Value is not Literal with datatype {value.n3() if value is not None else ''}"
    if kind == SH["class"]:
        return f"Value does not have class {value.n3() if value is not None else ''}"
    if kind == SH["in"]:
        return "Value is not in the list of allowed values"
    return f"Value does not conform to its {kind.n3()} constraint"
