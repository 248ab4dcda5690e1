"""The rule and gazetteer data files: they load, they are validated, and they are general."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kg.errors import RuleError
from kg.rules import load_gazetteer, load_rules, name_key
from kg.types import Relation

DATA = Path(__file__).resolve().parents[1] / "src" / "kg" / "data"


def test_shipped_rules_load_with_unique_versioned_ids():
    rules = load_rules()
    ids = rules.rule_ids()
    assert len(ids) == len(set(ids))
    assert all(re.search(r"\.v\d+$", i) for i in ids)
    assert {r.relation for r in rules.verbs} == set(Relation)


def test_every_confidence_is_a_probability():
    rules = load_rules()
    for rule in (*rules.verbs, *rules.nouns, *rules.agent_nouns):
        assert 0 <= rule.confidence <= 1, rule.id


def _write(tmp_path, data, name="rules.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _shipped():
    return yaml.safe_load((DATA / "rules.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("breakage, where", [
    (lambda d: d["verbs"][0].update(confidence=1.5), "verbs.0.confidence"),
    (lambda d: d["verbs"][0].update(relation="admires"), "verbs.0.relation"),
    (lambda d: d["verbs"][0].update(id="no version"), "verbs.0.id"),
    (lambda d: d["verbs"][0].pop("lemmas"), "verbs.0.lemmas"),
    (lambda d: d["verbs"][0].update(colour="red"), "verbs.0.colour"),
    (lambda d: d["verbs"].append(dict(d["verbs"][0])), "used twice"),
    (lambda d: d["verbs"][0].update(dobj=["lot"], preps=[]), "dobj"),
    (lambda d: d.pop("cues"), "cues"),
])
def test_a_broken_rule_file_names_the_file_and_the_entry(tmp_path, breakage, where):
    data = _shipped()
    breakage(data)
    path = _write(tmp_path, data)
    with pytest.raises(RuleError) as err:
        load_rules(path)
    message = str(err.value)
    assert str(path) in message and where in message
    assert "\n" not in message


def test_a_rule_file_that_is_not_yaml_is_one_clear_error(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("verbs: [unclosed", encoding="utf-8")
    with pytest.raises(RuleError, match=re.escape(str(path))):
        load_rules(path)


def test_gazetteer_aliases_fold_to_one_country():
    gaz = load_gazetteer()
    for alias in ("US", "U.S.", "United States", "USA", "United States of America", "America"):
        assert gaz.by_key[name_key(alias)] == ("United States", "country"), alias
    for alias in ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom"):
        assert gaz.by_key[name_key(alias)] == ("United Kingdom", "country"), alias
    assert gaz.demonyms["venezuelan"] == "Venezuela"
    assert gaz.by_key[name_key("Côte d’Ivoire")] == ("Ivory Coast", "country")


def test_a_capital_must_point_at_a_listed_country(tmp_path):
    data = yaml.safe_load((DATA / "gazetteer.yaml").read_text(encoding="utf-8"))
    data["capitals"]["Atlantis City"] = "Atlantis"
    with pytest.raises(RuleError, match="Atlantis"):
        load_gazetteer(_write(tmp_path, data, "gazetteer.yaml")).by_key


@pytest.mark.model
def test_no_rule_or_alias_names_a_person_of_the_seed_articles(nlp):
    """Rules must be general: no person named in seeds/ appears in any data file."""
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    people = set()
    for doc in nlp.pipe(p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))):
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                people |= {w for w in name_key(ent.text).split() if len(w) > 3}
    gaz = load_gazetteer()  # the model tags some places as people; general place names are fine
    people -= {w for key in gaz.by_key for w in key.split()} | set(gaz.demonyms)
    from wordfreq import zipf_frequency  # and some headline words ("Seeks 'Direct"): keep names

    people = {w for w in people if zipf_frequency(w, "en") < 4.5}
    assert len(people) > 10  # the check has teeth: the seeds name many people
    for path in DATA.glob("*.yaml"):
        words = set(name_key(path.read_text(encoding="utf-8")).split())
        assert not (people & words), f"{path.name} names seed people: {sorted(people & words)}"


def test_yes_no_on_off_are_words_in_rule_files(tmp_path):
    """YAML 1.1 reads `no` and `on` as booleans; in a word list they are words."""
    data = _shipped()
    data["cues"]["negation"] = ["no", "not"]
    data["verbs"][0]["preps"] = ["on", "off"]
    rules = load_rules(_write(tmp_path, data))
    assert "no" in rules.cues.negation and rules.verbs[0].preps == ("on", "off")
