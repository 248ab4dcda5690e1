"""`kg eval`: scoring a build against the user's own annotated gold, by the rules of GUIDELINES.md."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import pipeline
from kg.cli import cli
from kg.evaluate import GoldEntities, fold, score

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"

ENTITIES = GoldEntities({
    "bo:anez": {"label": "Jeanine Áñez", "type": "PERSON", "aliases": ["Jeanine Áñez", "Áñez"]},
    "bo:bolivia": {"label": "Bolivia", "type": "GPE", "aliases": ["Bolivia", "Bolivian government"]},
    "bo:mas": {"label": "Movement Toward Socialism", "type": "ORG", "aliases": ["MAS"], "also": ["bo:morales"]},
    "bo:morales": {"label": "Evo Morales", "type": "PERSON", "aliases": ["Evo Morales"]},
    "us:usa": {"label": "United States", "type": "GPE", "aliases": ["United States", "U.S."]},
})
GOLD = [
    {"doc": "d1", "s": "us:usa", "p": "recognises", "o": "bo:anez", "status": "required"},
    {"doc": "d1", "s": "bo:mas", "p": "condemns", "o": "bo:anez", "status": "required"},
    {"doc": "d1", "s": "bo:morales", "p": "condemns", "o": "*", "status": "required"},
    {"doc": "d1", "s": "bo:bolivia", "p": "supports", "o": "bo:morales", "status": "optional"},
]


def row(s, p, o, doc="d1"):
    return {"doc": doc, "s": s, "p": p, "o": o}


def test_labels_fold_titles_accents_possessives_and_us_spellings():
    assert fold("President Jeanine Áñez's") == "jeanine anez"
    assert fold("the U.S.") == "us"


def test_a_label_matches_by_alias_surname_also_and_a_longer_title():
    assert ENTITIES.matches("bo:anez", "Interim President Jeanine Anez")
    assert ENTITIES.matches("bo:anez", "Anez")
    assert ENTITIES.matches("bo:mas", "Evo Morales")  # "also": the leader may stand for his party
    assert not ENTITIES.matches("bo:morales", "MAS")  # but not the other way
    assert ENTITIES.matches("bo:anez", "senator Jeanine Áñez")  # a longer mention ending in the name
    assert not ENTITIES.matches("bo:anez", "Evo Morales")
    assert ENTITIES.matches("*", "")


def test_scores_count_required_relations_and_forgive_optional_ones_and_duplicates():
    rows = [row("U.S.", "recognises", "Áñez"), row("United States", "recognises", "Jeanine Anez"),
            row("Movement Toward Socialism", "condemns", "Anez"), row("Evo Morales", "condemns", ""),
            row("Bolivia", "supports", "Evo Morales"), row("Bolivia", "condemns", "Evo Morales")]
    report = score(rows, GOLD, ENTITIES)
    assert (report.true_pos, report.false_pos, report.duplicates, report.gold_required) == (3, 1, 1, 3)
    assert report.recall == 1.0 and report.precision == 0.75
    assert report.per_relation["condemns"]["false_pos"] == 1
    assert [r["s"] for r in report.false_positives] == ["Bolivia"]


def test_a_miss_is_listed_with_its_gold_line():
    report = score([row("U.S.", "recognises", "Áñez")], GOLD, ENTITIES)
    assert report.recall == pytest.approx(0.333, abs=0.001)
    assert {(g["s"], g["p"]) for g in report.missed} == {("bo:mas", "condemns"), ("bo:morales", "condemns")}


def test_a_bad_gold_line_is_one_error_naming_the_file_and_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "d1", "s": "a", "p": "supports", "o": "b"}\n{"doc": "d1", "s": "a", "p": "likes", "o": "b"}\n',
                    encoding="utf-8")
    (tmp_path / "entities.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(gold), "--graph", str(tmp_path / "none.ttl")])
    assert result.exit_code == 1
    assert f"{gold}:2: unknown relation 'likes'" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.model
@pytest.mark.parametrize("name", ["seeds", "real"])
def test_kg_eval_agrees_with_the_shared_scorer(name, tmp_path):
    """`kg eval` and ../shared/eval/score.py give the same scores on the same graph."""
    if name == "seeds":
        articles, gold, entities = ROOT / "seeds", EVAL / "gold" / "seeds.jsonl", EVAL / "gold" / "entities.json"
    else:
        articles, gold, entities = EVAL / "real" / "articles", EVAL / "real" / "gold.jsonl", EVAL / "real" / "entities.json"
    if not (EVAL / "score.py").is_file() or not articles.is_dir():
        pytest.skip("the shared evaluation material is not beside this checkout")
    ttl = tmp_path / "graph.ttl"
    ttl.write_bytes(pipeline.build([articles]).graph.serialize(format="turtle", encoding="utf-8"))
    csv_out = CliRunner().invoke(cli, ["query", "relations", "--graph", str(ttl), "--format", "csv"])
    (tmp_path / "r.csv").write_text(csv_out.output, encoding="utf-8")
    theirs = json.loads(subprocess.run(
        [sys.executable, str(EVAL / "score.py"), str(tmp_path / "r.csv"), "--gold", str(gold),
         "--entities", str(entities), "--json"], capture_output=True, text=True, check=True).stdout)
    result = CliRunner().invoke(cli, ["eval", str(gold), "--entities", str(entities), "--graph", str(ttl), "--json"])
    assert result.exit_code == 0, result.output
    ours = json.loads(result.output)
    for key in ("precision", "recall", "f1", "true_pos", "false_pos", "duplicates", "gold_required"):
        assert ours[key] == theirs[key], key
    for rel, counts in theirs["per_relation"].items():
        assert {k: ours["per_relation"][rel][k] for k in counts} == counts, rel


@pytest.mark.model
def test_kg_explain_shows_the_rule_behind_a_relation():
    result = CliRunner().invoke(cli, ["explain", "Ghana on Monday recognised Kojo Mensah as interim president."])
    assert result.exit_code == 0, result.output
    assert "recognises.verb.v3" in result.output
    assert "Ghana recognises Kojo Mensah" in result.output


@pytest.mark.model
def test_kg_explain_says_what_blocked_a_trigger():
    result = CliRunner().invoke(cli, ["explain", "Ghana has not recognised Kojo Mensah.", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["relations"] == []
    assert [(t["word"], t["blocked"]) for t in report["triggers"]] == [("recognised", "negated")]
    assert {a["actor"] for a in report["actors"]} == {"Ghana", "Kojo Mensah"}


@pytest.mark.model
def test_kg_explain_shows_each_frame_as_words_and_as_actors():
    result = CliRunner().invoke(cli, ["explain", "--json", "Ghana recognised Kojo Mensah on Monday, Togo followed "
                                      "suit, and Benin condemned the kidnapping of a reporter."])
    assert result.exit_code == 0, result.output
    frames = {f["trigger"]: f for f in json.loads(result.output)["frames"]}
    recognised = frames["recognised"]
    assert (recognised["agent"], recognised["patient"]) == (["Ghana"], ["Kojo Mensah"])
    assert recognised["gave"] == {"relation": "recognises", "subjects": ["Ghana"], "objects": ["Kojo Mensah"]}
    followed = frames["followed suit"]  # no relation of its own: the last one, with a new agent
    assert followed["relation"] is None and followed["gave"]["subjects"] == ["Togo"]
    assert followed["gave"]["objects"] == ["Kojo Mensah"]
    condemned = frames["condemned"]  # an act with no named author: condemned, with no object
    assert condemned["patient"] == ["kidnapping"] and condemned["gave"]["objects"] is None


@pytest.mark.model
def test_kg_explain_reads_a_sentence_in_its_article(tmp_path):
    article = tmp_path / "story.txt"
    article.write_text("Kumasi crisis deepens\n\nOpposition leader Kojo Mensah declared himself president on Monday. "
                       "Togo and Benin backed him on Tuesday.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["explain", "--article", str(article), "--sentence", "3"])
    assert result.exit_code == 0, result.output
    assert "Kojo Mensah" in result.output.split("relations:")[1]  # "him" is read in the article's context
    bad = CliRunner().invoke(cli, ["explain", "--article", str(article), "--sentence", "9"])
    assert bad.exit_code == 1 and "out of range" in bad.output and str(article) in bad.output


@pytest.mark.model
def test_kg_suggest_ranks_the_uncoded_words_between_actors(tmp_path):
    (tmp_path / "a.txt").write_text("Summit news\n\nBrazil snubbed Colombia at the summit on Monday. "
                                    "Brazil recognised Ana Villca as president.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("More summit news\n\nChile snubbed Peru during the talks in Lima. "
                                    "Argentina did not snub Uruguay, its foreign minister said.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["suggest", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    top = report["by_cue"][0]
    assert (top["cue"], top["sentences"], top["marked"]) == ("snub", 3, 1)  # the negated one is marked, not hidden
    assert "snubbed" in top["example"]
    sentences = [row["sentence"] for row in report["by_sentence"]]
    assert not any("recognised" in s for s in sentences)  # a sentence with a relation is not a miss
    negated = next(row for row in report["by_sentence"] if "did not snub" in row["sentence"])
    assert negated["marked"] == "negated"
    text = CliRunner().invoke(cli, ["suggest", str(tmp_path)])
    assert text.output.splitlines()[1].split()[:3] == ["snub", "3", "1"]


@pytest.mark.model
def test_build_min_confidence_leaves_out_less_confident_claims_and_their_actors(tmp_path):
    args = ["build", str(ROOT / "seeds"), "--no-html"]
    full = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "all")])
    sure = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "sure"), "--min-confidence", "0.9"])
    assert full.exit_code == 0 and sure.exit_code == 0, sure.output
    ask = ("SELECT (COUNT(?c) AS ?n) (MIN(?conf) AS ?low) WHERE { ?c a <https://kg.example.org/ns#Claim> ; "
           "<https://kg.example.org/ns#confidence> ?conf }")
    query = tmp_path / "q.rq"
    query.write_text(ask, encoding="utf-8")

    def answer(folder):
        out = CliRunner().invoke(cli, ["query", str(query), "--graph", str(tmp_path / folder / "graph.ttl"),
                                       "--format", "json"])
        return json.loads(out.output)
    everything, confident = answer("all"), answer("sure")
    count = lambda a: int(a["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    assert 0 < count(confident) < count(everything)
    assert float(confident["results"]["bindings"][0]["low"]["value"]) >= 0.9
    assert float(everything["results"]["bindings"][0]["low"]["value"]) < 0.9


def test_kg_eval_reports_reliability_by_confidence_band():
    rows = [dict(row("U.S.", "recognises", "Áñez"), confidence=0.95),
            dict(row("MAS", "condemns", "Áñez"), confidence=0.65),
            dict(row("Bolivia", "condemns", "Evo Morales"), confidence=0.62),
            dict(row("Bolivia", "supports", "Evo Morales"), confidence=0.9)]  # optional only: not judged
    bands = {(b["from"], b["relations"], b["right"]) for b in score(rows, GOLD, ENTITIES).reliability}
    assert bands == {(0.9, 1, 1.0), (0.6, 2, 0.5)}


@pytest.mark.model
def test_suggest_and_explain_read_the_articles_a_graph_was_built_from(tmp_path):
    (tmp_path / "arts").mkdir()
    (tmp_path / "arts" / "summit.txt").write_text(
        "Summit news\n\nBrazil snubbed Colombia at the summit on Monday. Chile recognised Ana Villca.\n",
        encoding="utf-8")
    built = CliRunner().invoke(cli, ["build", str(tmp_path / "arts"), "--out", str(tmp_path / "out"), "--no-html"])
    assert built.exit_code == 0, built.output
    graph = str(tmp_path / "out" / "graph.ttl")
    cues = json.loads(CliRunner().invoke(cli, ["suggest", "--graph", graph, "--json"]).output)
    assert cues["by_cue"][0]["cue"] == "snub"
    explained = CliRunner().invoke(cli, ["explain", "--article", "summit", "--graph", graph, "--sentence", "3"])
    assert explained.exit_code == 0, explained.output
    assert "Chile recognises" in explained.output.split("relations:")[1] and "Villca" in explained.output
    unknown = CliRunner().invoke(cli, ["explain", "--article", "nowhere", "--graph", graph, "--sentence", "1"])
    assert unknown.exit_code == 1 and "nowhere" in unknown.output
