"""Relations stated by what a speaker calls someone.

- name-calling: "called Y a puppet", "declared Y illegal and a terrorist organization",
  "designated Y as terrorist", "calling her claim illegal" (condemns);
- the same words in reported speech: '"X is a dictator," Y said', "Y said the coup was not
  legal" (a lawful word denied);
- an epithet in the speaker's own first-person words: "I announce my defection from the
  killing and terrorist regime";
- a claim of legitimacy: "A said B is the legitimate president" (supports), "A believes B
  remains the President of C" (recognises).
"""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from kg.frames import Frame, Role
from kg.rules import Rules
from kg.syntax import QUOTES, Blocker, agents, forms, is_passive, subject_tokens
from kg.types import Relation


class Speech:
    """Finds the frames of what a sentence states by labelling; `frame` makes one (kg.relations)."""

    def __init__(self, block: Blocker, rules: Rules, frame: Callable[..., list[Frame]],
                 entity_at: Callable[[Token], object | None] = lambda token: None) -> None:
        self.block, self.rules, self.frame = block, rules, frame
        self.entity_at = entity_at  # the entity a token names (kg.mentions.Entities.entity_at)
        self._opinion_verbs = rules.cues.reporting | {"believe", "think", "consider"}  # (asked of every verb)

    def epithet(self, noun: Token) -> list[Frame]:
        """'"I announce my defection from the killing and terrorist regime"': a speaker who calls
        an actor by a pejorative word, in the speaker's own first-person words, condemns it."""
        spec = self.rules.name_calling
        words = [m for c in noun.children if c.dep_ in ("amod", "nmod", "compound") for m in (c, *c.conjuncts)]
        labels = [m for m in words if m.lower_ in spec.nouns]
        if not labels:
            return []
        speaker = next((t for t in noun.sent if t.lower_ in ("i", "we", "my", "our") and t.pos_ == "PRON"), None)
        if speaker is None:
            return []
        return self.frame(Role((speaker,)), Relation.CONDEMNS, Role((noun,)), (min(t.i for t in labels), noun.i + 1),
                          spec.epithet_id, spec.confidence * 0.9, noun)

    def name_calling(self, verb: Token) -> list[Frame]:
        spec = self.rules.name_calling
        if verb.lemma_.lower() not in spec.verbs:
            return []
        targets = [c for c in verb.children if c.dep_ in ("dobj", "dative", "nsubjpass")]
        if len(targets) == 1 and targets[0].lemma_.lower() in spec.nouns:
            # 'called the referendum "treachery"': the parser made one noun phrase of the two
            quoted = targets[0].doc[targets[0].i - 1].text in QUOTES
            targets = [c for c in targets[0].children if quoted and c.dep_ in ("nmod", "compound") and c.pos_ == "NOUN"] or targets
        if not targets:  # "called the test unpardonable", parsed as one noun phrase "test unpardonable"
            targets = [c for o in verb.children if o.dep_ == "oprd" and o.lemma_.lower() in spec.act_words
                       for c in o.children if c.dep_ in ("compound", "nmod") and self._is_act(c)]
        if not targets:
            return []
        words = spec.nouns | spec.act_words if any(self._is_act(t) for t in targets) else spec.nouns
        labels = [t for c in verb.children for t in c.subtree
                  if t.lemma_.lower() in words and t.i not in {x.i for x in targets}]
        if not labels or self.block.blocked(verb):
            return []
        speakers = subject_tokens(verb) if not is_passive(verb) else agents(verb)
        end = max(t.i for t in labels) + 1  # the target may be an act: "called X's re-election a sham"
        return self.frame(Role(tuple(speakers)), Relation.CONDEMNS, Role(tuple(targets), act=True), (verb.i, end), spec.id, spec.confidence, verb)

    def branded_in_speech(self, verb: Token) -> list[Frame]:
        """'"X is a dictator," Y said' and 'Y said X was a usurper': Y condemns X."""
        spec = self.rules.name_calling
        if not forms(verb) & self._opinion_verbs or self.block.blocked(verb):
            return []
        found: list[Frame] = []
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
        for clause in [*clauses, *(j for c in clauses for j in c.conjuncts)]:
            if clause.lemma_ != "be":
                continue
            negated = self.block.blocked(clause, climb=False) == "negated"
            if negated:  # "the coup was not legal": a lawful word, denied
                labels = [a for a in clause.children if a.dep_ in ("acomp", "attr") and a.lower_ in spec.denied]
            elif self.block.blocked(clause, climb=False):
                continue
            else:  # "X is a dictator", "the vote was illegal", "the raid was a crime"
                words = spec.nouns | spec.act_words if any(
                    self._is_act(c) for c in clause.children if c.dep_ == "nsubj") else spec.nouns
                labels = [a for a in clause.children if a.dep_ in ("attr", "acomp") and  # "a party of killers"
                          (a.lemma_.lower() in words or any(m.lemma_.lower() in words or m.lower_ in words
                                                            for m in a.subtree if m is not a))]
            if not labels:
                continue
            branded = Role(tuple(c for c in clause.children if c.dep_ == "nsubj"), act=True)
            found += self.frame(Role(tuple(subject_tokens(verb))), Relation.CONDEMNS, branded,
                                (clause.i, labels[0].i + 1), spec.speech_id, spec.confidence * 0.9, verb)
        return found

    def _is_act(self, token: Token) -> bool:
        """Whether a word names an act (not an actor): "the test", "the raid", "this move"."""
        return token.pos_ == "NOUN" and bool(forms(token) & (
            self.rules.condemnable_acts | self.rules.owned_acts | self.rules.pointing_acts))

    def hailed_as(self, verb: Token) -> list[Frame]:
        """"A hailed B as the country's sole legitimate authority": A recognises B."""
        spec = self.rules.legitimacy
        if not forms(verb) & spec.as_verbs or self.block.blocked(verb):
            return []
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"):
            roles = [o for o in prep.children if o.dep_ == "pobj" and o.lemma_.lower() in spec.nouns
                     and (any(a.lower_ in spec.adjectives for a in o.children)
                          or (forms(verb) & spec.regard_verbs and self._of_a_state(o)))]
            if roles:
                hailed = Role(tuple(c for c in verb.children if c.dep_ == "dobj"))
                return self.frame(Role(tuple(subject_tokens(verb))), Relation.RECOGNISES, hailed, (verb.i, roles[0].i + 1), spec.as_id,
                                 spec.confidence, verb)
        return []

    def _of_a_state(self, office: Token) -> bool:
        """"Peru's president", "the president of Peru": an office of a country named with it."""
        owners = [c for c in office.children if c.dep_ == "poss"]
        owners += [o for p in office.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                   if o.dep_ == "pobj"]
        return any(getattr(e, "kind", None) == "country" for e in map(self.entity_at, owners))

    def legitimacy(self, verb: Token) -> list[Frame]:
        spec = self.rules.legitimacy
        if verb.lemma_.lower() not in spec.verbs or self.block.blocked(verb):
            return []
        found: list[Frame] = []
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
        for clause in [*clauses, *(j for c in clauses for j in c.conjuncts)]:  # "… that A and that B"
            if clause.lemma_ not in ("be", "remain") or self.block.blocked(clause, climb=False):
                continue
            attrs = [c for c in clause.children if c.dep_ == "attr" and c.lemma_.lower() in spec.nouns]
            remains = clause.lemma_ == "remain" and attrs  # "X remains the President of Y", after a coup
            if not remains and not any(a.lower_ in spec.adjectives for attr in attrs for a in attr.children):
                continue
            named = Role(tuple(c for c in clause.children if c.dep_ == "nsubj"))
            end = max(a.i for a in attrs) + 1
            relation, rule = (Relation.RECOGNISES, spec.remains_id) if remains else (Relation.SUPPORTS, spec.id)
            found += self.frame(Role(tuple(subject_tokens(verb))), relation, named, (verb.i, end), rule,
                                spec.confidence, verb)
        return found
