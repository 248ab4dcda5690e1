"""Resolve the words a rule points at to the actors they name.

A subject or object token may be a name, a pronoun, a relative pronoun, a description ("the
former army chief"), a coordination ("China and Russia"), a list head ("countries including A,
B and C"), an apposition ("the ambassador, Col. X,"), a quoted "we", the copula's other side
("X is the only country that …"), or an act whose actor is the target ("the efforts of X",
"X's use of force", "an incursion by an X vessel", "forces loyal to X").

Who did an act is `kg.acts`; who "we", "I", "you" and "they" are is `kg.voices`.
"""
from __future__ import annotations

from spacy.tokens import Token

from kg.acts import Acts
from kg.coref import PERSONAL, RELATIVE, Coref
from kg.mentions import Entities, Entity
from kg.rules import Rules, name_key
from kg.syntax import COPULAS, MAX_DEPTH, forms, prep_children, prep_objects, subject_tokens
from kg.types import ActorType
from kg.voices import Voices

PARTITIVES = {"number", "succession", "group", "majority", "dozen", "host", "handful", "string",
              "series", "list", "most", "many", "some", "several", "all", "each", "both", "one",
              "none", "half", "few", "raft", "slew", "wave"}
EXCEPT = {"than", "but", "except", "besides", "apart"}  # "no country but A"
DECISIONS = {"decision", "move"}  # "their decision to establish relations": they establish them
PRO_GOVERNMENT_SIDES = {"forces", "militias", "militia", "paramilitaries", "gangs", "groups", "fighters", "mobs", "thugs"}


def _pro_government(token: Token) -> bool:
    """"pro-government forces", "pro-government militias": armed groups acting for the government."""
    mods = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound", "nmod")}
    return token.lower_ in PRO_GOVERNMENT_SIDES and {"pro", "government"} <= mods


NAMING_VERBS = {"call", "name", "dub", "know", "title", "christen"}  # "a party called X"


class Arguments:
    def __init__(self, entities: Entities, coref: Coref, rules: Rules) -> None:
        self.ents, self.coref, self.rules = entities, coref, rules
        self.acts = Acts(entities, rules, self.actors)  # who did an act
        self.voices = Voices(entities, rules, self.resolve)  # who speaks: "we", "I", "you", "they"

    def actors(self, tokens, *, act: bool = False, exclude=(), depth: int = 0) -> tuple[Entity, ...]:
        out: list[Entity] = []
        excluded = {id(e) for e in exclude}
        if depth > MAX_DEPTH:
            return ()
        for token in tokens:
            acts = [c for c in token.children if c.dep_ == "appos" and forms(c) & self.rules.owned_acts] if act else []
            for t in [token, *self._conjuncts(token), *self._listed_appos(token), *self._names_in_list(token), *acts]:
                for entity in self.resolve(t, act=act, excluded=excluded, depth=depth):
                    if id(entity) not in excluded and all(entity is not o for o in out):
                        out.append(entity)
        return tuple(out)

    def resolve(self, token: Token, *, act: bool, excluded: set[int], depth: int = 0) -> list[Entity]:
        if depth > MAX_DEPTH:
            return []
        ref = self.coref.relative(token)
        if ref is not None:
            found = self.resolve(ref, act=act, excluded=excluded, depth=depth + 1)
            if found and token.lower_ == "which" and ref.conjuncts and token.i > max(c.i for c in ref.conjuncts) \
                    and token.nbor(-1).text == ",":
                # "Tuvalu and Vanuatu, which had recognised X": the clause set off after a list is all of it
                listed = [e for c in ref.conjuncts for e in self.resolve(c, act=act, excluded=excluded, depth=depth + 1)]
                found = list({id(e): e for e in (*listed, *found)}.values())
            return found
        entity = self.ents.entity_at(token)
        if entity is not None:
            return [entity, *self.ents.further_owners(token)]
        if token.lemma_.lower() in DECISIONS and any(a.dep_ == "aux" and a.lower_ == "to" for c in token.children
                                                      if c.dep_ == "acl" for a in c.children):
            owners = [c for c in token.children if c.dep_ == "poss"]  # "announced their decision to establish …"
            if owners and all(o.pos_ == "PRON" for o in owners) and token.dep_ == "dobj":
                owners = subject_tokens(token.head) or owners  # "their": the ones who announced it
            if owners:
                return [e for e in self.actors(owners, depth=depth + 1) if id(e) not in excluded]
        if token.pos_ == "NOUN" and self.ents.home and _pro_government(token):
            return [self.ents.country_entity(self.ents.home)]  # "attacks by pro-government forces": the government's
        if token.lower_ in PERSONAL:
            # "A, B and C congratulated him": not one of them. (With one actor on the other side,
            # reading the pronoun as that actor is left to drop the relation: the parse is suspect.)
            found = self.coref.pronoun(token, skip=frozenset(excluded) if len(excluded) > 1 else frozenset())
            if found is not None:
                return [found]
            return []
        voiced = self.voices.pronoun(token, depth)  # "we", "I", "you", "it", "they", "them"
        if voiced is not None:
            return voiced
        speaker = next((c for c in token.children if c.dep_ == "poss" and c.lower_ in ("our", "my")), None)
        if speaker is not None and forms(token) & (self.rules.organisation_roles | self.rules.government_nouns
                                                   | self.rules.country_roles):
            return self.voices.pronoun(speaker, depth) or []  # '"Our party stands behind X," said the UNC'
        if token.lower_ in ("that", "those") and token.dep_ == "appos":  # "the government -- that of X"
            return list(self.actors(prep_objects((token,), {"of"}), depth=depth + 1))
        if (token.lower_ in RELATIVE or token.pos_ == "PRON") and not (
                token.lower_ in ("those", "these") and self._among(token)):  # "Among those who defected were A and B"
            return []
        owner = next((c for c in token.children if c.dep_ == "poss" and c.lower_ == "whose"), None)
        if owner is not None and forms(token) & (self.rules.government_nouns | self.rules.organisation_heads
                                                 | {"member", "lawmaker", "legislator", "deputy"}):
            clause = owner.head  # "the SLPP, whose parliamentary group had backed X": the SLPP
            while clause.dep_ != "relcl" and clause.head.i != clause.i:
                clause = clause.head
            if clause.dep_ == "relcl" and depth < 3:
                return self.resolve(clause.head, act=False, excluded=excluded, depth=depth + 1)
        its = next((c for c in token.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
        if its is not None and token.lower_ in self.rules.group_heads and token.lower_ != "people" and depth < 3:
            # (not "Mali and its people": annotators, and readers, do not count a people as a side)
            country = self._its_country(its, depth)  # "Russia's defence ministry said its forces had struck"
            if country is not None:
                return [self.ents._group_entity(country.label, [token.lower_], token.text, qualified=True)]
        his = next((c for c in token.children if c.dep_ == "poss" and c.lower_ in ("his", "her")), None)
        if his is not None and token.lemma_.lower() in ("government", "administration") and depth < 3 \
                and not any(c.dep_ in ("amod", "compound") for c in token.children):
            # "Shimon Peres said his government stood by X": the leader's government is the leader's
            leader = self.coref.pronoun(his)
            if leader is not None and leader.type is ActorType.PERSON and id(leader) not in excluded:
                return [leader]
        among = self._among(token)
        if among is not None and depth < 3:  # "South Africa is among the governments that recognise X"
            named = [e for s in among for e in self.resolve(s, act=False, excluded=excluded, depth=depth + 1)]
            if named:
                return named
        if token.dep_ == "nsubj" and token.head.lemma_ == "be" and depth < 3 and any(
                c.dep_ in ("acl", "relcl") and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux")
                for c in token.children):  # "The first state to recognise X was Y": Y
            named = [e for e in self.actors([c for c in token.head.children if c.dep_ == "attr"], depth=depth + 1)
                     if id(e) not in excluded]
            if named:
                return named
        if token.dep_ == "attr" and forms(token.head) & COPULAS and depth < 3:
            # "Nicaragua is the only country that recognises X"; "X became the latest officer to defect"
            subjects = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            named = [e for e in self.actors(subjects, depth=depth + 1) if id(e) not in excluded]
            if named:  # "A and B were the first governments to back X": both
                return named
        for child in token.children:  # "a party called X", "a new movement known as X": X
            itself = child.tag_ == "VBG" and any(g.dep_ == "dobj" and g.lower_ in ("itself", "themselves")
                                                 for g in child.children)  # "a group calling itself X"
            if child.dep_ == "acl" and (child.tag_ == "VBN" or itself) and child.lemma_.lower() in NAMING_VERBS:
                named = [g for g in child.children if g.dep_ in ("oprd", "attr", "dobj") and g.pos_ != "PRON"] \
                    or prep_objects((child,), {"as"})
                named = [e for e in self.actors(named, depth=depth + 1) if id(e) not in excluded]
                if named:
                    return named
        for child in token.children:  # "the ambassador, Col. X,"; "allies A and B"
            if child.dep_ == "appos":
                named = self.actors([child], depth=depth + 1)
                if named:
                    return list(named)
        if token.dep_ == "appos" and depth < 2 and not (
                act and forms(token) & (self.rules.owned_acts | self.rules.pointing_acts)):
            named = self.resolve(token.head, act=False, excluded=excluded, depth=depth + 1)
            if named:
                return named
        if name_key(token.text) in self.rules.titles:  # "the Grand Sheikh of Al Azhar Ahmed el-Tayeb"
            held = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                    if o.dep_ == "pobj" and (e := self.ents.entity_at(o)) is not None and e.type is ActorType.PERSON]
            if held:
                return list(self.actors(held, depth=depth + 1))
        if token.lemma_.lower() in self.rules.person_roles or \
                (token.tag_ == "NNS" and token.lemma_.lower() in self.rules.organisation_roles):
            named = self._misattached_appos(token)
            if named:
                return named
        listed = self.listed(token, depth) if token.tag_ in ("NNS", "NNPS") or forms(token) & self.rules.class_nouns \
            else []  # "countries including A and B"; not "the coalition, including A and B" (who recognised it)
        if listed:
            return listed
        if forms(token) & self.rules.place_nouns:  # "the Ukrainian region of Crimea"
            held = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                    if o.dep_ == "pobj" and self.ents.entity_at(o) is not None]
            if held:
                return list(self.actors(held, depth=depth + 1))
            if token.lemma_.lower() in ("state", "republic"):  # "recognised a Palestinian state"
                named = [self.ents.modifier_entity(c) for c in token.children if c.dep_ in ("amod", "compound")]
                named = [e for e in named if e is not None and e.type is ActorType.POLITY]
                if named:
                    return named
        if any(c.dep_ == "det" and c.lower_ in ("no", "none") for c in token.children):
            # "No other country than A and B has recognised X": A and B have
            return list(self.actors([o for p in token.children if p.dep_ == "prep" and p.lower_ in EXCEPT
                                     for o in p.children if o.dep_ == "pobj"], depth=depth + 1))
        if token.tag_ == "NNS" and token.lemma_.lower() in self.rules.person_roles:
            named = self._named_next(token)  # "Two PF lawmakers joined X. MPs A and B said …"
            if named:
                return named
        if token.tag_ == "NNS" and forms(token) & self.rules.class_nouns:
            named = self._listed_after(token) or self._listed_before(token)
            if named:  # "Four governments backed X. Those governments are A, B and C."
                return named
        if token.pos_ == "NUM" and not prep_children(token, {"of"}) and token.dep_ in ("nsubj", "nsubjpass"):
            named = self._listed_before(token)  # "A, B and C met. All three condemned X"
            if named:
                return named
        if token.lemma_.lower() in PARTITIVES or token.pos_ == "NUM":
            for child in prep_children(token, {"of"}):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return self.listed(obj, depth + 1)
            return []
        pair = self.coref.both(token)
        if pair:
            return pair
        described = self.coref.description(token)
        if described is not None:
            return [described]
        if act:
            return self.acts.authors(token, excluded, depth)
        return []

    @staticmethod
    def _among(token: Token) -> list[Token] | None:
        node = token
        for _ in range(4):
            if node.dep_ != "pobj":
                return None
            prep = node.head
            if prep.lower_ == "among" and forms(prep.head) & COPULAS:  # (all of "A, B and C were among …")
                return [m for c in prep.head.children if c.dep_ in ("nsubj", "nsubjpass") for m in (c, *c.conjuncts)]
            if prep.lower_ != "of":
                return None
            node = prep.head
        return None

    def _misattached_appos(self, token: Token) -> list[Entity]:
        """'the envoy to the U.S., Col. X, has defected', 'two diplomats in Paris, A and B, …':
        the parser hangs the names on the place; they name the people the noun describes."""
        found: list[Entity] = []
        for node in token.subtree:
            if node.dep_ in ("appos", "conj") and node.head.i != token.i:
                entity = self.ents.entity_at(node)
                top = node
                while top.dep_ == "conj" and top.head.dep_ in ("appos", "conj", "pobj") and top.head.i != token.i:
                    top = top.head
                    if top.dep_ == "pobj":
                        break
                holder = self.ents.entity_at(top.head if top.dep_ != "pobj" else top)
                wanted = (ActorType.PERSON,) if token.lemma_.lower() in self.rules.person_roles \
                    else (ActorType.ORGANISATION,)
                if entity is not None and entity.type in wanted and \
                        holder is not None and holder.type not in wanted \
                        and all(entity is not f for f in found):
                    found.append(entity)
        return found

    def _listed_appos(self, token: Token) -> list[Token]:
        """"Nicaragua, Cuba, and Bolivia": a list the parser read as an apposition. Two different
        countries (or people) are no apposition, nor is a name followed by two more ("the EFF, the
        MK party and ActionSA", whatever types the recogniser gave them)."""
        head = self.ents.entity_at(token)
        if head is None or head.type not in (ActorType.POLITY, ActorType.PERSON, ActorType.ORGANISATION):
            return []
        out = []
        for child in token.children:
            if child.dep_ != "appos":
                continue
            entity = self.ents.entity_at(child)
            if entity is None or entity is head:
                continue
            if child.conjuncts or (entity.type is head.type and head.type is not ActorType.ORGANISATION) \
                    or (head.type is ActorType.PERSON and self._country_s(child)):  # "X, Paraguay's Y"
                out += [child, *child.conjuncts, *self._names_in_list(child)]
        return out

    def _its_country(self, its: Token, depth: int) -> Entity | None:
        """The country "its" (or "their") stands for: the subject of a governing clause, when it
        names a country or a body that speaks for one; in "Mali and its people", the country
        the noun is coordinated with."""
        owner = its.head
        if owner.dep_ == "conj":
            named = self.resolve(owner.head, act=False, excluded=set(), depth=depth + 1)
            return named[0] if named and named[0].type is ActorType.POLITY else None
        node, child = its.head, its
        while node.head.i != node.i:
            child, node = node, node.head
            for subject in (c for c in node.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != child.i):
                named = self.resolve(subject, act=False, excluded=set(), depth=depth + 1)
                if named:
                    return named[0] if named[0].type is ActorType.POLITY else None
        return None

    def _country_s(self, token: Token) -> bool:
        """"Paraguay's Santiago Peña": a name a country's possessive introduces (a leader of it)."""
        return token.pos_ == "PROPN" and any(
            c.dep_ == "poss" and (e := self.ents.entity_at(c)) is not None and e.type is ActorType.POLITY
            for c in token.children)

    def _names_in_list(self, token: Token) -> list[Token]:
        """"Argentina's Javier Milei, Chile's Gabriel Boric and Paraguay's Santiago Peña": the small
        model hangs a person's name on another's as a modifier; a person names no other person so."""
        head = self.ents.entity_at(token) if token.pos_ == "PROPN" else None
        if head is None or (head.type is not ActorType.PERSON and not self._country_s(token)):
            return []
        out = []
        for child in token.children:
            if child.dep_ == "nmod" and child.pos_ == "PROPN":
                entity = self.ents.entity_at(child)
                if entity is not None and entity is not head and entity.type is ActorType.PERSON:
                    out.append(child)
        return out

    def _named_next(self, token: Token) -> list[Entity]:
        """"Two opposition legislators crossed over to X. MPs A and B announced the move": people
        counted without names, named as the next sentence's subject, as many as were counted."""
        count = next((c for c in token.children if c.dep_ == "nummod"), None)
        wanted = {"two": 2, "three": 3, "four": 4, "five": 5}.get(count.lower_) if count is not None else None
        if wanted is None and count is not None and count.text.isdigit():
            wanted = int(count.text)
        doc, sent = self.ents.doc, token.sent
        if wanted is None or sent.end >= len(doc):
            return []
        nxt = doc[sent.end].sent
        subjects = [c for c in nxt.root.children if c.dep_ in ("nsubj", "nsubjpass")]
        people = [e for s in subjects for t in s.subtree  # (the parser may hang the second name as an apposition)
                  if t.pos_ == "PROPN" and t.dep_ != "compound" and (e := self.ents.entity_at(t)) is not None
                  and e.type is ActorType.PERSON]  # (not "Kitui Rural" in "Kitui Rural MP Joseph Mutinda")
        people = list({e.key: e for e in people}.values())
        return people if len(people) == wanted else []

    def _listed_after(self, token: Token) -> list[Entity]:
        """"Four governments backed X. Those governments are A, B and C": the next sentence, a
        copula whose subject points back ("those", "they", "these"), names the members."""
        doc, sent = self.ents.doc, token.sent
        if token.dep_ not in ("nsubj", "nsubjpass") or sent.end >= len(doc):
            return []
        nxt = doc[sent.end].sent
        root = nxt.root
        if root.lemma_ != "be":
            return []
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subject is None or not (subject.lower_ in ("they", "those", "these") or any(
                d.lower_ in ("those", "these") for d in subject.children if d.dep_ == "det")):
            return []
        members = [c for c in root.children if c.dep_ == "attr"]
        return list(self.actors(members, depth=MAX_DEPTH - 1))

    def _listed_before(self, token: Token) -> list[Entity]:
        """"A, B and C met on Monday. The three governments condemned X": the last list of that
        many actors (any number for "these/those governments") in the two sentences before."""
        if any(c.dep_ in ("relcl", "acl", "prep") for c in token.children):
            return []  # "those nations who support him": a clause says which, no list before
        det = next((c.lower_ for c in token.children if c.dep_ in ("det", "predet")), None)
        count = token if token.pos_ == "NUM" else \
            next((c for c in token.children if c.dep_ == "nummod" or c.lower_ == "both"), None)
        if det not in ("the", "these", "those") and count is None:
            return []
        words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "both": 2}
        wanted = None if count is None else words.get(count.lower_) or (int(count.text) if count.text.isdigit() else None)
        if count is not None and wanted is None:
            return []
        if count is None and det == "the":
            return []  # "the governments": too vague
        doc, sent = self.ents.doc, token.sent
        start = doc[max(0, sent.start - 1)].sent.start if sent.start else sent.start
        start = doc[max(0, start - 1)].sent.start if start else start
        for i in range(token.i - 1, start - 1, -1):
            head = doc[i]
            if not head.conjuncts or any(c.i < head.i for c in head.conjuncts):
                continue  # the first member of a coordination only
            members = [e for e in (self.ents.entity_at(t) for t in (head, *head.conjuncts)) if e is not None]
            if len(members) >= 2 and (wanted is None or len(members) == wanted) \
                    and all(e.type in (ActorType.POLITY, ActorType.ORGANISATION) for e in members):
                return members
        return []

    def listed(self, token: Token, depth: int = 0) -> list[Entity]:
        """"countries including A, B and C", "nations such as A": the members."""
        for child in token.children:
            such_as = child.lower_ == "as" and any(g.lower_ == "such" for g in child.children)
            if child.dep_ == "prep" and (child.lower_ in self.rules.list_preps or such_as):
                objs = [c for c in child.children if c.dep_ == "pobj"]
                objs += [c for g in child.children if g.dep_ == "amod" for c in g.children if c.dep_ == "pobj"]
                if child.lower_ == "such":
                    objs += [c for g in child.children if g.lower_ == "as" for c in g.children if c.dep_ == "pobj"]
                named = self.actors(objs, depth=depth + 1)
                if named:
                    return list(named)
        return self._among_them(token, depth)

    def _among_them(self, token: Token, depth: int) -> list[Entity]:
        """"more than 70 states, among them the Soviet Union, China and Turkey": the names after
        "among them" in the sentence, however the parser hung them."""
        doc, end = token.doc, token.sent.end
        at = token.i + 1
        while at < end and doc[at].text == ",":
            at += 1
        if at + 1 >= end or doc[at].lower_ != "among" or doc[at + 1].lower_ not in ("them", "whom"):
            return []
        names: dict[int, Entity] = {}
        for t in doc[at + 2:end]:
            if t.is_punct and t.text != ",":
                break
            entity = self.ents.entity_at(t) if t.pos_ == "PROPN" and t.dep_ != "compound" else None
            if entity is not None:
                names.setdefault(id(entity), entity)
        return list(names.values())

    def class_list(self, subj_tokens, anchors) -> tuple[Entity, ...]:
        """"More than 50 countries recognise X, including A and B": the list hangs off X or the verb."""
        if not any(forms(t) & self.rules.class_nouns for t in subj_tokens):
            return ()
        for anchor in anchors:
            named = self.listed(anchor)
            if named and all(e.type in (ActorType.POLITY, ActorType.ORGANISATION) for e in named):
                return tuple(named)
        return ()

    def _conjuncts(self, token: Token) -> list[Token]:
        """The token's conjuncts, and those of any word of the name it heads: "the Organization of
        American States, Mercosur and ALBA" (the parser hangs the list on "States")."""
        mention = self.ents.at.get(token.i)
        if mention is None:
            return list(token.conjuncts)
        out = list(token.conjuncts)
        for i in range(mention.start, mention.end):
            out += [c for c in self.ents.doc[i].conjuncts if not mention.start <= c.i < mention.end and c not in out]
        return out + self._list_after_parenthesis(token, out)

    def _list_after_parenthesis(self, token: Token, listed: list[Token]) -> list[Token]:
        """"by A, B, the Economic Community of West African States (ECOWAS), C and D": after a
        member's parenthesis the parser starts the rest of the list afresh, hung on some earlier
        word; the names that follow the parenthesis and its comma go on the list."""
        if not listed:
            return []
        doc = self.ents.doc
        last = max((token, *listed), key=lambda t: t.i)
        close = last.right_edge.i
        if doc[close].text != ")" or close + 2 >= len(doc) or doc[close + 1].text != ",":
            return []
        k = close + 2
        while k < len(doc) - 1 and doc[k].dep_ in ("det", "compound", "amod") and doc[k].head.i > k:
            k += 1
        rest = doc[k]
        if rest.dep_ not in ("appos", "conj") or rest.head.i >= token.i or self.ents.entity_at(rest) is None:
            return []
        return [rest, *rest.conjuncts]

