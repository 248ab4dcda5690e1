"""Load and validate the rule and gazetteer data files (`data/rules.yaml`, `data/gazetteer.yaml`).

A malformed file fails at load with a RuleError naming the file, the entry and the problem.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kg.errors import RuleError
from kg.types import ActorType, Relation

RuleId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*\.v\d+$")]
Confidence = Annotated[float, Field(ge=0.0, le=1.0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class VerbRule(_Strict):
    id: RuleId
    relation: Relation
    confidence: Confidence
    lemmas: tuple[str, ...] = Field(min_length=1)
    preps: tuple[str, ...] = ()
    particle: str | None = None
    dobj: tuple[str, ...] = ()
    intransitive: bool = False
    abandons: bool = False
    object_heads: tuple[str, ...] = ()
    object_types: tuple[ActorType, ...] = ()  # the object (or the side left) must be one of these
    switch: bool = False  # the object counts only beside a verb of leaving ("quit A to join B")
    unauthored: bool = False  # an act with no named author is condemned with no object
    reciprocal: bool = False  # with no object, coordinated subjects act on each other
    object_acts: tuple[str, ...] = ()  # the object must be one of these acts, and counts as its author
    unless_preps: tuple[str, ...] = ()
    prep_heads: tuple[str, ...] = ()  # the prepositional object must be one of these, and stands for
    # its owner: "came down on the side of X", "is on X's side"
    unless_objects: tuple[str, ...] = ()  # "recognised X's role": not a recognition of X
    unless_honours: tuple[str, ...] = ()  # "recognised X with a prize": an honour, not recognition

    @model_validator(mode="after")
    def _dobj_needs_preps(self):
        if self.dobj and not self.preps:
            raise ValueError("a rule with `dobj` takes its object through `preps`; give them")
        return self


class NounRule(_Strict):
    id: RuleId
    relation: Relation
    confidence: Confidence
    lemmas: tuple[str, ...] = Field(min_length=1)
    object_preps: tuple[str, ...] = ()
    agent_preps: tuple[str, ...] = ()
    intransitive: bool = False
    unauthored: bool = False  # an act with no named author is condemned with no object
    modifiers: tuple[str, ...] = ()  # the noun must carry one of these ("diplomatic allies")
    unless_modifiers: tuple[str, ...] = ()  # the noun must carry none of these …
    but_modifiers: tuple[str, ...] = ()  # … unless it also carries one of these


class AdjectiveRule(_Strict):
    """"A is concerned by B's act": the copula's subject does the act to the prepositional object."""

    id: RuleId
    relation: Relation
    confidence: Confidence
    lemmas: tuple[str, ...] = Field(min_length=1)
    preps: tuple[str, ...] = Field(min_length=1)


class NameCalling(_Strict):
    id: RuleId
    speech_id: RuleId
    confidence: Confidence
    verbs: frozenset[str]
    nouns: frozenset[str]
    denied: frozenset[str]  # "the coup was not legal": lawful words whose denial condemns
    act_words: frozenset[str] = frozenset()  # "called the test a grave provocation": words that condemn an act
    epithet_id: RuleId  # "my defection from the terrorist regime": the speaker's own epithet


class Legitimacy(_Strict):
    id: RuleId
    remains_id: RuleId  # "X remains the President of Y": recognition, kept through a challenge
    as_id: RuleId  # "A hailed B as the sole legitimate authority": recognition
    as_verbs: frozenset[str]
    # of these, "as" with a state's office needs no adjective: "regards B as Peru's president"
    regard_verbs: frozenset[str] = frozenset()
    confidence: Confidence
    verbs: frozenset[str]
    nouns: frozenset[str]
    adjectives: frozenset[str]


class DefectionFrame(_Strict):
    id: RuleId
    confidence: Confidence
    nouns: frozenset[str]
    leave_verbs: frozenset[str] = frozenset()  # "resigned to back X": backing as a way out
    frame_preps: frozenset[str]


class Supply(_Strict):
    id: RuleId
    confidence: Confidence
    verbs: frozenset[str]
    nouns: frozenset[str]
    preps: frozenset[str]
    with_verbs: frozenset[str] = frozenset()  # "supplied X with drones": X the side
    arm_verbs: frozenset[str] = frozenset()  # "Iran armed the Houthis": the side is the object


class GroupMembers(_Strict):
    nouns: frozenset[str]
    singular: frozenset[str] = frozenset()
    sides: dict[str, str]


class FollowSuit(_Strict):
    id: RuleId
    confidence: Confidence
    phrases: tuple[tuple[str, str], ...]  # (verb lemma, object word)
    bare: frozenset[str] = frozenset()  # verbs that follow with no object: "Nicaragua followed"


class Modifier(_Strict):
    """"the X-backed Y" (X to Y), or with `reverse` "the X-allied Y" (Y to X)."""

    id: RuleId
    relation: Relation
    confidence: Confidence
    words: frozenset[str]
    reverse: bool = False


class Seizure(_Strict):
    nouns: frozenset[str]  # "the coup", "the takeover", "the removal of X"
    verbs: frozenset[str]  # "the army toppled X", "the junta seized power"
    location_acts: frozenset[str]  # "the Thai coup": a coup in Thailand, by its military
    commanders: frozenset[str]  # "Gen. X had detained the president": an officer can seize power


class Responsibility(_Strict):
    claim_verbs: frozenset[str]  # "X claimed responsibility for the attack"
    perform_verbs: frozenset[str]  # "X carried out the attack"
    attacks: frozenset[str]  # one family: "the bombing" after "claimed the attack"
    attack_verbs: frozenset[str]  # "its forces struck targets": an attack of that family, by the subject
    hearsay: frozenset[str]  # "reportedly shot": an attribution the text only passes on
    attackers: frozenset[str] = frozenset()  # "the gunman, X": X did the attack the article tells


class Cues(_Strict):
    negation: frozenset[str]
    modal: frozenset[str]
    future: frozenset[str]
    continuing: frozenset[str]
    governors: frozenset[str]
    governor_nouns: frozenset[str]
    hypothetical: frozenset[str]
    reporting: frozenset[str]
    noun_negators: frozenset[str]
    adjective_hedges: frozenset[str]


class Rules(_Strict):
    version: int
    verbs: tuple[VerbRule, ...]
    nouns: tuple[NounRule, ...]
    agent_nouns: tuple[NounRule, ...]
    adjectives: tuple[AdjectiveRule, ...] = ()
    supply: Supply
    follow_suit: FollowSuit
    modifiers: tuple[Modifier, ...]
    thank_verbs: frozenset[str]
    thank_words: frozenset[str] = frozenset()
    assure_verbs: frozenset[str]
    loyal_adjectives: frozenset[str]
    give_verbs: frozenset[str]
    leave_verbs: frozenset[str]
    receive_verbs: frozenset[str]
    name_calling: NameCalling
    legitimacy: Legitimacy
    defection_frame: DefectionFrame
    cues: Cues
    titles: frozenset[str]
    person_roles: frozenset[str]
    party_members: frozenset[str]
    organisation_roles: frozenset[str]
    country_roles: frozenset[str]
    place_nouns: frozenset[str]
    document_words: frozenset[str]
    not_anaphoric: frozenset[str]
    organisation_heads: frozenset[str]
    group_heads: tuple[str, ...]
    bare_group_heads: frozenset[str]
    act_authors: frozenset[str]
    side_nouns: frozenset[str]
    patient_acts: frozenset[str]
    not_acts: frozenset[str]
    distinct_governments: frozenset[str]
    age_adjectives: frozenset[str]
    group_members: GroupMembers
    state_voices: frozenset[str]
    statement_heads: frozenset[str]
    owned_acts: frozenset[str]
    condemnable_acts: frozenset[str]
    pointing_acts: frozenset[str]
    blame_verbs: frozenset[str]
    doing_verbs: frozenset[str]
    signing_verbs: frozenset[str]
    deal_nouns: frozenset[str]
    same_acts: tuple[frozenset[str], ...] = ()  # words that name one act ("his trip … the visit")
    responsibility: Responsibility
    seizure: Seizure
    poss_patient_acts: frozenset[str]
    government_nouns: frozenset[str]
    home_government_adjectives: frozenset[str]
    class_nouns: frozenset[str]
    list_preps: frozenset[str]
    act_nouns_agent_preps: frozenset[str]
    instruments: frozenset[str]

    @model_validator(mode="after")
    def _unique_ids(self):
        seen: set[str] = set()
        for rule in (*self.verbs, *self.nouns, *self.agent_nouns, *self.adjectives):
            if rule.id in seen:
                raise ValueError(f"rule id {rule.id!r} is used twice")
            seen.add(rule.id)
        return self

    @functools.cached_property
    def voice_words(self) -> frozenset[str]:
        """Verbs of saying and the trigger words of the four relations, but not verbs of doing an
        act ("the operation launched by X" is X's act, though "launched B" may found a party)."""
        lemmas = {l for r in (*self.verbs, *self.adjectives) if not getattr(r, "prep_heads", ())
                  for l in r.lemmas} - self.doing_verbs  # (not "come", "be" of "came down on the side of X")
        return frozenset(lemmas | self.cues.reporting | self.name_calling.verbs)

    @functools.cached_property
    def speech_words(self) -> frozenset[str]:
        """Verbs of saying and of condemning: what someone says, not an act others condemn as
        "the move" (recognising, backing or joining someone is one)."""
        lemmas = {l for r in (*self.verbs, *self.adjectives) if r.relation is Relation.CONDEMNS for l in r.lemmas}
        return frozenset(lemmas | self.cues.reporting | self.name_calling.verbs)

    def rule_ids(self) -> list[str]:
        ids = [r.id for r in (*self.verbs, *self.nouns, *self.agent_nouns, *self.adjectives)]
        return ids + [self.name_calling.id, self.name_calling.speech_id, self.name_calling.epithet_id, self.legitimacy.id, self.legitimacy.remains_id, self.legitimacy.as_id, self.defection_frame.id, self.supply.id,
                      self.follow_suit.id, *(m.id for m in self.modifiers)]


NAME_CACHE = 1 << 15  # names folded and keyed, most recently used first (see `fold`)


@functools.lru_cache(maxsize=NAME_CACHE)
def fold(text: str) -> str:
    """Lower case, no accents, curly quotes straightened: the form names are compared in."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


@functools.lru_cache(maxsize=NAME_CACHE)
def name_key(text: str) -> str:
    """Fold and drop punctuation: "U.S." -> "us", "Côte d'Ivoire" -> "cote d ivoire"."""
    text = fold(text)
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\.)", "", text)  # U.S.A. -> USA.
    text = re.sub(r"\b([a-z])\.([a-z])\.?", r"\1\2", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans only: in word lists "no", "on", "off" and "yes" are words, not booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """_Loader with libyaml's parser (in C, seven times faster; the same values): the rules load
    before the build's workers start, so every build waits for it."""


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def _load_yaml(name: str, path: Path | None):
    source = path or resources.files("kg") / "data" / name
    try:
        text = source.read_text(encoding="utf-8")
        try:
            return str(source), yaml.load(text, Loader=_FastLoader)  # noqa: S506
        except yaml.YAMLError:  # the pure-Python parser says what is wrong in its own words, as it always did
            return str(source), yaml.load(text, Loader=_Loader)  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"{source}: cannot read rule file: {' '.join(str(exc).split())}") from None


def _validate(model, where: str, data):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise RuleError(f"{where}: invalid entry at {loc or 'top level'}: {first['msg']} "
                        f"({exc.error_count()} problem(s) in all)") from None


@functools.lru_cache(maxsize=4)
def load_rules(path: Path | None = None) -> Rules:
    where, data = _load_yaml("rules.yaml", path)
    return _validate(Rules, where, data)


def file_sha256(name: str, path: Path | None = None) -> str:
    """SHA-256 (hex) of the bytes of the data file `name` ("rules.yaml", "gazetteer.yaml"), or of
    `path` when given: the file `load_rules`/`load_gazetteer` read for the same arguments."""
    source = path or resources.files("kg") / "data" / name
    try:
        return hashlib.sha256(source.read_bytes()).hexdigest()
    except OSError as exc:
        raise RuleError(f"{source}: cannot read rule file: {' '.join(str(exc).split())}") from None


def rules_sha256(path: Path | None = None) -> str:
    """SHA-256 of the rules file `load_rules(path)` reads (the shipped data/rules.yaml by default)."""
    return file_sha256("rules.yaml", path)


# The gazetteer lives in kg.gazetteer; these names stay importable from here.
from kg.gazetteer import Gazetteer, load_gazetteer, gazetteer_sha256  # noqa: E402, F401, I001
