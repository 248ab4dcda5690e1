"""kg.pipeline: batching, error isolation and the build result.

Most tests use a stand-in for spaCy (`FakeNLP`) and a stand-in extractor, so they test the
pipeline's bookkeeping, not the extraction that is being rewritten; the tests marked `model`
run the real path once on a short text.
"""
from __future__ import annotations

import pytest
from rdflib import Literal

from kg import pipeline
from kg.errors import ModelError
from kg.types import Actor, ActorType, Article, ArticleResult
from kg.vocab import KG


class FakeDoc:
    def __init__(self, text: str) -> None:
        self.text = text


class FakeNLP:
    """Just enough of spacy.Language for the pipeline: max_length, meta (for the build record)
    and pipe(as_tuples=True)."""

    max_length = 1000
    meta = {"lang": "xx", "name": "fake", "version": "0.0.0"}

    def __init__(self) -> None:
        self.batches: list[int] = []

    def pipe(self, items, *, as_tuples: bool = False, batch_size: int = 16):
        assert as_tuples
        batch = []
        for text, context in items:
            batch.append((FakeDoc(text), context))
            if len(batch) == batch_size:
                self.batches.append(len(batch))
                yield from batch
                batch = []
        if batch:
            self.batches.append(len(batch))
            yield from batch


def fake_extract(doc, article: Article) -> ArticleResult:
    """One actor per article, no claims; raises on an article whose text says BOOM."""
    if "BOOM" in doc.text:
        raise RuntimeError("rule exploded")
    actor = Actor(article.id, article.id.title(), ActorType.PERSON, (article.id.title(),))
    return ArticleResult(article, (actor,), (), sentences=1, words=len(doc.text.split()))


@pytest.fixture
def fake_extractor(monkeypatch):
    monkeypatch.setattr(pipeline.extract, "extract_article", fake_extract)


def articles(*texts: str) -> list[Article]:
    return [Article(id=f"a{i}", text=text, path=f"a{i}.txt") for i, text in enumerate(texts)]


def test_one_result_per_article_in_order(fake_extractor):
    nlp = FakeNLP()
    results = list(pipeline.process_articles(nlp, articles(*["x y"] * 5), batch_size=2))
    assert [r.article.id for r in results] == ["a0", "a1", "a2", "a3", "a4"]
    assert nlp.batches == [2, 2, 1]


def test_a_failing_article_is_reported_and_the_others_go_on(fake_extractor):
    errors: list[str] = []
    results = list(pipeline.process_articles(FakeNLP(), articles("fine", "BOOM", "also fine"),
                                             on_error=errors.append))
    assert [r.article.id for r in results] == ["a0", "a2"]
    assert errors == ["a1.txt: extraction failed: rule exploded"]


def test_long_article_is_read_in_pieces_not_refused(fake_extractor):
    """An article longer than a piece is parsed piece by piece (each doc bounded), and is one result."""
    parsed: list[str] = []
    long = "\n\n".join(f"Paragraph {i} says something." for i in range(100))

    class Recording(FakeNLP):
        def __call__(self, text):
            parsed.append(text)
            return FakeDoc(text)

    errors: list[str] = []
    (result,) = pipeline.process_articles(Recording(), articles("short", long)[1:], on_error=errors.append,
                                          piece_chars=300)
    assert errors == []
    assert result.article.text == long  # the whole article, not a piece
    assert len(parsed) > 1 and all(len(p) <= 300 for p in parsed)
    assert "".join(parsed) == long  # every character read, once
    assert result.words == len(long.split())


def test_build_reports_bad_and_duplicate_articles_and_keeps_the_rest(fake_extractor, monkeypatch, tmp_path):
    monkeypatch.setattr(pipeline, "load_model", lambda name=None: FakeNLP())
    (tmp_path / "good.txt").write_text("Good\nbody\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "more.jsonl").write_text('{"id": "good", "text": "a duplicate id"}\n'
                                         '{"id": "other", "text": "another article"}\n', encoding="utf-8")
    seen: list[str] = []
    progressed: list[str] = []
    result = pipeline.build([tmp_path], on_error=seen.append, progress=lambda r: progressed.append(r.article.id))
    # a second article with a taken id is kept under a distinct one, and said so (not an error)
    assert [r.article.id for r in result.results] == ["good", "good-2", "other"]
    assert progressed == ["good", "good-2", "other"]
    assert result.errors == seen
    assert len(result.errors) == 1
    assert result.errors[0].startswith(str(tmp_path / "empty.txt"))
    assert result.warnings == [f"{tmp_path / 'more.jsonl'}:1: article id 'good' is already taken by another "
                               f"article; this one is 'good-2'"]
    ids = {str(o) for o in result.graph.objects(None, KG.articleId)}
    assert ids == {"good", "other", "good-2"}
    assert result.sentences == 3
    assert result.seconds > 0
    assert sum(result.relations.values()) == 0
    # the build record names the model that was loaded
    assert {str(o) for o in result.graph.objects(None, KG.model)} == {"xx_fake-0.0.0"}


def test_missing_model_is_a_model_error():
    with pytest.raises(ModelError, match="no_such_model"):
        pipeline.load_model("no_such_model")


@pytest.mark.model
def test_real_model_end_to_end_on_a_short_text(nlp, tmp_path):
    text = ("Spain backs Guaido\n"
            "Spain and France recognised Juan Guaido as interim president on Monday. "
            "Nicolas Maduro condemned the decision.\n")
    (tmp_path / "spain.txt").write_text(text, encoding="utf-8")
    result = pipeline.build([tmp_path])
    (article_result,) = result.results
    assert article_result.article.id == "spain"
    assert article_result.sentences >= 2
    assert result.errors == []
    assert (None, KG.articleId, Literal("spain")) in result.graph
    # every claim's evidence is a sentence of the article, at the offsets it claims
    for claim in article_result.claims:
        assert text[claim.sentence_start:claim.sentence_end] == claim.sentence
        assert claim.subject in {a.key for a in result.actors}


@pytest.mark.model
def test_extract_text_gives_sorted_label_triples(nlp):
    triples = pipeline.extract_text("Spain recognised Juan Guaido as interim president.", nlp=nlp)
    assert triples == sorted(triples, key=lambda t: (t[0], t[1], t[2] or ""))
    for subject, relation, obj in triples:
        assert isinstance(subject, str) and relation in {"supports", "recognises", "defectsTo", "condemns"}


def test_build_result_counts_relations_by_name():
    from kg.types import Claim, Relation

    article = Article(id="a", text="x")
    claims = tuple(Claim("a", "s", rel, "o", "x", 0, 1, "x", 0, 1, "r", 0.5)
                   for rel in (Relation.SUPPORTS, Relation.SUPPORTS, Relation.CONDEMNS))
    result = pipeline.BuildResult(graph=None, actors=[], results=[ArticleResult(article, (), claims, 3, 7)])
    assert result.relations == {"supports": 2, "condemns": 1}
    assert result.sentences == 3


@pytest.mark.model
def test_parallel_build_gives_the_same_graph_as_one_process(tmp_path):
    """--jobs N splits the articles over worker processes; the Turtle must not change."""
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    one = pipeline.build([seeds], jobs=1)
    two = pipeline.build([seeds], jobs=2)
    assert one.graph.serialize(format="turtle") == two.graph.serialize(format="turtle")
    assert len(two.results) == 5


class ParserThatFailsOnOne(FakeNLP):
    """A stand-in whose batch parse fails when one text is poisonous, as spaCy can on odd input."""

    def pipe(self, items, *, as_tuples: bool = False, batch_size: int = 16):
        items = list(items)
        if any("POISON" in text for text, _ in items):
            raise ValueError("parser crashed")
        yield from super().pipe(items, as_tuples=as_tuples, batch_size=batch_size)

    def __call__(self, text):
        if "POISON" in text:
            raise ValueError("parser crashed")
        return FakeDoc(text)


def test_a_parser_crash_loses_only_that_article(monkeypatch):
    monkeypatch.setattr(pipeline.extract, "extract_article",
                        lambda doc, article: ArticleResult(article, (), (), 1, 1))
    articles = [Article(f"a{i}", "POISON" if i == 3 else f"text {i}", path=f"a{i}.txt") for i in range(6)]
    errors: list[str] = []
    results = list(pipeline.process_articles(ParserThatFailsOnOne(), articles, batch_size=4, on_error=errors.append))
    assert [r.article.id for r in results] == ["a0", "a1", "a2", "a4", "a5"]
    assert errors == ["a3.txt: parsing failed: parser crashed"]
