"""Frames of two deeds read off a verb: supplying arms or aid to a side ("Iran has supplied drones
to forces loyal to X": supports), and expelling a member from a party ("X was expelled from A": a
departure, no relation by itself, that makes founding or joining another side a defection).

Part of `kg.relations.Finder`; like it, these finders hold tokens and name no actor.
"""
from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from kg.frames import NOBODY, Frame, Role
from kg.rules import Rules
from kg.syntax import SUBJECTS, Blocker, forms, is_passive, prep_objects, subject_tokens
from kg.triggers import Lexicon
from kg.types import ActorType, Relation

PURPOSE_VERBS = {"defend", "help", "protect", "support", "back", "assist", "bolster", "shore", "prop", "reinforce"}  # "sent troops to defend X's government"


class Deeds:
    """Supply and expulsion frames of a verb."""

    def __init__(self, block: Blocker, rules: Rules, lexicon: Lexicon, frame: Callable[..., list[Frame]]) -> None:
        self.block, self.rules, self.lex, self._frame = block, rules, lexicon, frame
        self._supply_verbs = rules.supply.verbs | rules.supply.with_verbs | rules.supply.arm_verbs \
            | rules.receive_verbs  # (asked of every verb)

    def expelled(self, verb: Token) -> list[Frame]:
        """"X was expelled from A", "A expelled X": X left A, which makes founding or joining another
        side a defection (`kg.claims`); an expulsion alone is no relation."""
        if self.lex.lemma(verb) != "expel" or self.block.blocked(verb):
            return []
        if is_passive(verb):
            expelled = [c for c in verb.children if c.dep_ == "nsubjpass"]
            node = verb
            while not expelled and node.dep_ == "conj" and node.head.i != node.i:  # "was found guilty … and was expelled"
                node = node.head
                expelled = [c for c in node.children if c.dep_ in SUBJECTS]
            party = prep_objects((verb,), {"from"})
        else:
            expelled = [c for c in verb.children if c.dep_ == "dobj"]
            party = subject_tokens(verb)
        if not expelled or not party:
            return []
        return self._frame(Role(tuple(expelled)), Relation.DEFECTS_TO, NOBODY, (verb.i, verb.i + 1), "defects.expelled.v1",
                           0.0, verb, intransitive=True, abandoned=tuple(party),
                           abandoned_types=(ActorType.ORGANISATION,), departure_only=True)

    def supply(self, verb: Token) -> list[Frame]:
        """"Iran has supplied drones and ammunition to forces loyal to X": arms or aid to a side."""
        spec = self.rules.supply
        lemmas = forms(verb)
        if not lemmas & self._supply_verbs or is_passive(verb):
            return []
        objects = [c for c in verb.children if c.dep_ == "dobj"] or [  # "armed and trained X": shared
            c for v in verb.children if v.dep_ == "conj" and v.pos_ == "VERB" for c in v.children if c.dep_ == "dobj"]
        goods = [g for d in objects for g in (d, *d.conjuncts)]
        goods += [g for d in goods if d.like_num or d.ent_type_ == "MONEY"  # "$5 billion in loans"
                  for g in prep_objects((d,), {"in", "of"})]
        supplied = [g for g in goods if forms(g) & spec.nouns]
        if any(c.dep_ == "poss" and c.pos_ != "PRON" for g in supplied for c in g.children):
            return []  # "pledged the military's support to X": the owner gives it (the noun rules)
        if lemmas & spec.verbs and supplied:
            targets = prep_objects((verb, *goods), spec.preps) or [  # "sent Argentina missiles"
                c for c in (*verb.children, *(g for d in goods for g in d.children if g.dep_ == "nmod"))
                if c.dep_ in ("dative", "nmod") and c.pos_ == "PROPN" and c.i == verb.i + 1] or [  # "sent troops to defend X's government"
                o for c in verb.children if c.dep_ in ("advcl", "xcomp") and forms(c) & PURPOSE_VERBS
                and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux")
                for o in c.children if o.dep_ == "dobj"]
        elif lemmas & self.rules.receive_verbs and supplied and prep_objects((verb, *goods), {"from"}):
            if self.block.blocked(verb):  # "Iraq received large loans from Saudi Arabia and Kuwait"
                return []
            givers = prep_objects((verb, *goods), {"from"})
            return self._frame(Role(tuple(givers)), Relation.SUPPORTS, Role(tuple(subject_tokens(verb)), act=True),
                               (verb.i, max(g.i for g in givers) + 1), spec.id, spec.confidence, verb)
        elif lemmas & spec.with_verbs and any(forms(g) & spec.nouns for g in prep_objects((verb,), {"with"})):
            targets = objects  # "supplied Russia with drones"
        elif lemmas & spec.arm_verbs and objects and not any(forms(o) & spec.nouns for o in objects):
            targets = objects  # "Iran armed the Houthis"
        else:
            return []
        if self.block.blocked(verb):
            return []
        end = max([verb.i + 1] + [t.i for t in targets])
        return self._frame(Role(tuple(subject_tokens(verb))), Relation.SUPPORTS, Role(tuple(targets), act=True),
                           (verb.i, end), spec.id, spec.confidence, verb)
