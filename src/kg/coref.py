"""Rule-based coreference: which named actor a pronoun, relative pronoun or description means.

coreferee's English model cannot be had offline, so kg resolves with rules over the parse:

- a personal pronoun ("he", "his", "her") goes first to the subject of a clause that governs
  it ("X posted a video saying he …" -> X), else to the person most in focus (salience: each
  recent mention counts, halved per sentence back, more when in the same role as the
  pronoun; pronouns already resolved count too), agreeing in gender where that is known;
- a relative pronoun ("who", "which", "that") goes to the noun its clause modifies;
- a definite description headed by a person noun ("the 35-year-old", "the Russian official",
  "the president") goes to the most recent person who was given that title ("President X"),
  else to the person most in focus, never to its own clause's subject;
- an indefinite description that starts a sentence and names no one ("a former intelligence
  chief declared …") goes forward to the first person newly named in the next sentence.
"""
from __future__ import annotations

import functools
from bisect import bisect_left
from collections import defaultdict

from spacy.tokens import Token

from kg.columns import columns, sentences
from kg.mentions import Entities, Entity, Mention, is_year_old
from kg.rules import name_key
from kg.types import ActorType

FOUNDING = {"found", "form", "launch", "create", "establish", "register"}  # "the new party": the one founded
PERSONAL = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
RELATIVE = {"who", "whom", "which", "that", "whose"}
GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
FEMININE_SURNAME_ENDINGS = ("ova", "eva", "ina", "aya", "ska", "skaya", "ovna", "evna")
TITLE_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f", "lord": "m", "king": "m",
                "queen": "f", "prince": "m", "princess": "f", "congresswoman": "f", "congressman": "m",
                "congresswomen": "f", "chairwoman": "f", "chairman": "m", "spokeswoman": "f", "spokesman": "m"}
SUBJECTS = {"nsubj", "nsubjpass"}
LOOKBACK_SENTENCES = 4
ORDINAL_WORDS = {"first", "last", "latest", "only", "newest", "second", "third", "next"}


class Coref:
    def __init__(self, entities: Entities) -> None:
        self.ents = entities
        self.doc = entities.doc
        self._persons: list[Mention] | None = None
        self._person_starts: list[int] = []  # the persons' first tokens, for bisecting a window
        self._resolved: dict[int, Entity | None] = {}  # pronoun token -> its person, in text order
        self._resolved_at: list[int] = []  # its keys, ascending while `_resolved_sorted`
        self._resolved_sorted = True
        # entity key -> (its pronouns' tokens ascending, running count of "he"-forms, of "she"-forms)
        self._pronouns_of: dict[str, tuple[list[int], list[int], list[int]]] = {}
        self.sents = sentences(self.doc)
        self._sent_index = {}
        for index, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self._sent_index[i] = index
        for i, lower in enumerate(columns(self.doc).lower):  # resolve in reading order, so each
            if lower in PERSONAL:  # pronoun can lean on the last
                self.pronoun(self.doc[i])

    @property
    def persons(self) -> list[Mention]:
        if self._persons is None:
            self._persons = self.ents.persons()
            self._person_starts = [m.start for m in self._persons]
        return self._persons

    def _persons_between(self, start: int, end: int) -> list[Mention]:
        """The person mentions that start in [start, end), in text order: a slice found by
        bisection, so that looking back a few sentences costs the window, not the article."""
        persons = self.persons
        return persons[bisect_left(self._person_starts, start): bisect_left(self._person_starts, end)]

    def _resolved_between(self, start: int, end: int) -> list[tuple[int, Entity | None]]:
        """The pronouns resolved so far that stand in [start, end), in the order they were resolved."""
        if not self._resolved_sorted:  # never so today (pronouns are resolved in reading order)
            return [(i, e) for i, e in self._resolved.items() if start <= i < end]
        keys = self._resolved_at[bisect_left(self._resolved_at, start): bisect_left(self._resolved_at, end)]
        return [(i, self._resolved[i]) for i in keys]

    def _person(self, token: Token, depth: int) -> Entity | None:
        """The person entity a token stands for, resolving pronouns but not descriptions."""
        if token.i in self.ents.stands_for:
            return None  # "the Trump administration … she": an administration is not a "she"
        entity = self.ents.entity_at(token)
        if entity is not None:
            return entity if entity.type is ActorType.PERSON else None
        if token.lower_ in PERSONAL and depth < 3:
            return self.pronoun(token, depth + 1)
        if token.lower_ in RELATIVE and token.head.dep_ == "relcl" and depth < 3:
            return self._person(token.head.head, depth + 1)
        for child in token.children:  # "the ambassador, Col. X," -> X
            if child.dep_ == "appos":
                found = self.ents.entity_at(child)
                if found is not None and found.type is ActorType.PERSON:
                    return found
        return None

    def relative(self, token: Token) -> Token | None:
        """The noun a relative pronoun's clause modifies."""
        if token.lower_ in RELATIVE:
            clause = token.head
            if clause.dep_ in ("relcl", "acl") or (clause.head.dep_ == "relcl"):
                noun = clause.head if clause.dep_ in ("relcl", "acl") else clause.head.head
                return self._person_for_who(token, noun)
        return None

    def _person_for_who(self, who: Token, noun: Token) -> Token:
        """"a member of X's own party who broke with him": "who" is the member, not the party
        the parser hung the clause on."""
        named = self.ents.entity_at(noun)
        if who.lower_ == "who" and noun.dep_ == "pobj" and noun.head.lower_ in ("for", "from", "of") \
                and noun.head.head.dep_ == "appos" and self._is_person_noun(noun.head.head):
            return noun.head.head.head  # "X, the MP for Bracknell, who crossed the floor": X
        if who.lower_ == "who" and named is not None and named.type is not ActorType.PERSON \
                and noun.dep_ == "pobj" and noun.head.lower_ == "of" and self._is_person_noun(noun.head.head):
            return noun.head.head
        if named is None and who.lower_ in ("who", "which", "that") and not self._is_person_noun(noun):
            # "with the exception of Tunisia, who condemned …": the clause is about Tunisia
            of = [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                  for o in p.children if o.dep_ == "pobj" and self.ents.entity_at(o) is not None]
            if len(of) == 1 and of[0].i < who.i:
                return of[0]
        return noun

    def pronoun(self, token: Token, depth: int = 0, skip: frozenset[int] = frozenset()) -> Entity | None:
        """The person a personal pronoun stands for; never one of `skip` (entity ids: the other
        side of the relation, "A, B and C congratulated him")."""
        if token.lower_ not in PERSONAL:
            return None
        if token.i in self._resolved:
            found = self._resolved[token.i]
            if found is None or id(found) not in skip:
                return found
            return self._pronoun(token, depth, skip)  # read first as one of the other side: the next best
        found = self._pronoun(token, depth, skip)
        if depth == 0:
            if self._resolved_at and token.i < self._resolved_at[-1]:
                self._resolved_sorted = False
            self._resolved[token.i] = found
            self._resolved_at.append(token.i)
            if found is not None and token.lower_ in GENDER:
                at, he, she = self._pronouns_of.setdefault(found.key, ([], [], []))
                at.append(token.i)
                he.append((he[-1] if he else 0) + (GENDER[token.lower_] == "m"))
                she.append((she[-1] if she else 0) + (GENDER[token.lower_] == "f"))
        return found

    def _pronoun(self, token: Token, depth: int, skip: frozenset[int] = frozenset()) -> Entity | None:
        own = None
        if token.dep_ in ("dobj", "pobj", "dative", "iobj") and token.lower_ in ("him", "her"):
            own = self._clause_subject(token, through=("advcl", "xcomp", "prep", "pcomp", "dobj", "conj", "dative"))  # never its own clause's
            # subject ("X lashed out, calling him a criminal"): Principle B; a governing one, yes
            parallel = self._first_clause_object(token, own, depth) if own is not None else None
            if parallel is not None and id(parallel) not in skip:
                return parallel  # "X called on Y and congratulated him": Y
        # 1. the subject of a governing clause
        node, child = token.head, token
        doer = None  # "X was the first leader to congratulate him": X congratulates, so "him" is not X
        while True:
            if child.dep_ == "relcl" and node.dep_ == "attr" and token.lower_ in ("him", "her"):
                doer = node.head.i
            for dep in node.children:
                if dep.dep_ in SUBJECTS and dep.i != child.i and dep.i != token.i and not _contains(dep, token):
                    if node.i == doer:
                        own = own or self._person(dep, depth)
                        continue
                    found = self._person(dep, depth)
                    if found is not None and self._agrees(token, found) and found is not own and id(found) not in skip:
                        return found
                    if found is None and self._is_unnamed_person(dep):
                        return None  # "an officer … said he had defected": he is that officer
            if node.head.i == node.i:
                break
            child, node = node, node.head
        # 2. the most salient person so far
        return self.salient(token, exclude=own, skip=skip)

    def _first_clause_object(self, token: Token, own: Entity, depth: int) -> Entity | None:
        """"X telephoned Y and expressed support for him", "X called on Y and congratulated him":
        the person the first of two coordinated verbs took as its object, when the pronoun sits in
        the second and cannot be their shared subject X."""
        node = token.head
        for _ in range(4):
            if node.dep_ == "conj" and node.pos_ == "VERB" and node.head.pos_ == "VERB":
                first = node.head
                objects = [c for c in first.children if c.dep_ == "dobj" and c.i < node.i]
                objects += [o for p in first.children if p.dep_ == "prep" and p.i < node.i
                            for o in p.children if o.dep_ == "pobj"]
                people = [e for o in objects if (e := self._person(o, depth)) is not None
                          and e is not own and self._agrees(token, e)]
                return people[0] if len(people) == 1 else None
            if node.head.i == node.i:
                return None
            node = node.head
        return None

    def both(self, token: Token) -> list[Entity]:
        """"both generals", "the two leaders": the two people most in focus with that role
        (or, for "men", "leaders", any two), never the clause's own subject."""
        if token.tag_ != "NNS" or not self._is_person_noun(token):
            return []
        if not any(c.lower_ in ("both", "two") for c in token.children):
            return []
        own = self._clause_subject(token)
        role = token.lemma_.lower()
        found: list[Entity] = []
        for restrict in (True, False):
            keys = {self.ents._canonical(m.entity).key for m in self.persons
                    if m.start < token.i and (not restrict or role in self.ents._canonical(m.entity).roles)}
            while len(found) < 2 and keys:
                pick = self.salient(token, exclude=own, among=keys - {e.key for e in found})
                if pick is None:
                    break
                found.append(pick)
                keys.discard(pick.key)
            if len(found) == 2:
                return found
            found = []
        return []

    def salient(self, token: Token, *, exclude: Entity | None = None, among: set[str] | None = None,
                skip: frozenset[int] = frozenset()) -> Entity | None:
        """The person most in focus just before `token`: every mention in this and the few
        sentences before it counts, halved for each sentence back, a subject more than an
        object; pronouns and descriptions already resolved count for their person."""
        here = self._sent_index[token.i]
        window = max(0, here - LOOKBACK_SENTENCES)
        wanted_subject = self._is_subject_token(token)
        scores: dict[str, float] = defaultdict(float)
        last: dict[str, int] = {}
        entities: dict[str, Entity] = {}
        weak: dict[str, Entity] = {}  # agree but for the given name's usual sex
        first = self.sents[window].start  # only the window is read: linear in the article overall
        mentions = [(m.start, self.doc[m.head], self.ents._canonical(m.entity)) for m in self._persons_between(first, token.i)
                    if self.doc[m.head].dep_ != "compound"]  # "the Trump administration" is no Trump
        mentions += [(i, self.doc[i], e) for i, e in self._resolved_between(first, token.i) if e is not None]
        for start, head, entity in mentions:
            if start >= token.i or self._sent_index[start] < window or not self._agrees(token, entity, named=False) \
                    or entity is exclude or id(entity) in skip or (among is not None and entity.key not in among):
                continue
            if not self._agrees(token, entity):
                weak[entity.key] = entity  # only a given name says otherwise ("Adama" reads as a woman's name)
                continue
            subject = head.dep_ in SUBJECTS or self._is_subject_token(head)
            parallel = subject == wanted_subject  # a subject pronoun leans to subjects, an object to objects
            scores[entity.key] += 100 * 0.5 ** (here - self._sent_index[start]) * (1.0 if parallel else 0.6)
            last[entity.key] = max(last.get(entity.key, -1), start)
            entities[entity.key] = entity
        if not scores:
            return next(iter(weak.values())) if len(weak) == 1 else None
        best = max(scores, key=lambda k: (scores[k], last[k]))
        return entities[best]

    def _is_unnamed_person(self, token: Token) -> bool:
        """A subject that is a person description we cannot name ("an LNA officer")."""
        if token.lower_ in PERSONAL or token.lower_ in RELATIVE or self.ents.entity_at(token) is not None:
            return False
        det = next((c for c in token.children if c.dep_ == "det"), None)
        return det is not None and det.lower_ in ("a", "an") and self._is_person_noun(token)

    def _agrees(self, token: Token, entity: Entity, *, named: bool = True) -> bool:
        """Whether a pronoun can stand for the person: "she" not for someone already called
        "he" or "Mr", "he" not for someone already called "she" or "Mrs" (with `named`, nor for
        someone whose given name is usually a woman's, or a man's)."""
        wanted = GENDER.get(token.lower_)
        if wanted is None or token.lower_ not in PERSONAL:
            return True
        seen = self._gender_of(entity, before=token.i, named=named)
        return seen is None or seen == wanted

    def _gender_of(self, entity: Entity, *, before: int, named: bool = True) -> str | None:
        votes = {"m": 0.0, "f": 0.0}
        for role in entity.roles:
            if role in TITLE_GENDER:
                votes[TITLE_GENDER[role]] += 2
        surname = entity.label.split()[-1].lower() if entity.label else ""
        if surname.endswith(FEMININE_SURNAME_ENDINGS):  # Otunbayeva, Tsikhanouskaya, Navalnaya
            votes["f"] += 2
        # earlier pronouns: weak, they may be wrong (counted by bisection, not by reading them all)
        if not self._resolved_sorted:
            for i, other in self._resolved.items():
                if i < before and other is not None and other.key == entity.key and self.doc[i].lower_ in GENDER:
                    votes[GENDER[self.doc[i].lower_]] += 0.5
        elif entity.key in self._pronouns_of:
            at, he, she = self._pronouns_of[entity.key]
            n = bisect_left(at, before)
            if n:
                votes["m"] += 0.5 * he[n - 1]
                votes["f"] += 0.5 * she[n - 1]
        if votes["m"] == votes["f"] == 0:  # nothing else known: the given name ("Jeannette Jara")
            return _given_name_gender(entity.label) if named else None
        if votes["m"] == votes["f"]:
            return None
        return "m" if votes["m"] > votes["f"] else "f"

    def _is_subject_token(self, head: Token) -> bool:
        while head.dep_ in ("appos", "conj", "compound"):
            head = head.head
        return head.dep_ in SUBJECTS or head.dep_ == "attr"

    def description(self, token: Token) -> Entity | None:
        """The entity a description stands for; a person found this way takes the description's
        head as a role ("Myanmar's ambassador … Kyaw Moe Tun": later "the ambassador" is him)."""
        found = self._description(token)
        if found is not None and found.type is ActorType.PERSON:
            found.roles.add(token.lemma_.lower())
        return found

    def _description(self, token: Token) -> Entity | None:
        """A description: "the 35-year-old", "the Russian official", "the president", "the bloc"."""
        if token.pos_ not in ("NOUN", "ADJ", "PROPN") or self.ents.entity_at(token) is not None:
            return None
        if token.text in ASSEMBLED:
            return self._assembly(token)
        if not self._is_person_noun(token):
            return self._body(token)
        if token.tag_ in ("NNS", "NNPS"):
            return None  # "the generals": not one person
        det = next((c for c in token.children if c.dep_ == "det"), None)
        if det is not None and det.lower_ in ("a", "an"):
            return self._cataphora(token)
        if self._defining(token):
            return None  # "the most senior official to break with X" introduces, not refers
        if det is None and any(c.dep_ == "poss" and self.ents.entity_at(c) is not None for c in token.children):
            return self._cataphora(token)  # "Belarus's ambassador to Slovakia has defected. X said …"
        if det is None or det.lower_ != "the":
            if not any(c.dep_ == "poss" and c.lower_ in ("his", "her") for c in token.children):
                return None
        role = token.lemma_.lower()
        own = self._clause_subject(token)  # "X accused his former minister": not X
        window_start = self._window_start(token)
        recent = [m for m in self._persons_between(window_start, token.i) if self.ents._canonical(m.entity) is not own]
        wanted = {role} | {c.lower_ for c in token.children  # "the Prime Minister": prime and minister
                           if c.dep_ == "compound" and c.lower_ in self.ents.rules.titles}
        titled = {self.ents._canonical(m.entity).key for m in recent if wanted <= self.ents._canonical(m.entity).roles}
        if titled:  # of those given this title, the one most in focus
            return self.salient(token, exclude=own, among=titled)
        if len(wanted) > 1 and not any(wanted & self.ents._canonical(m.entity).roles for m in recent):
            return None  # "the Prime Minister" when no one was called so: not whoever was named last
        return self.salient(token, exclude=own)

    def _assembly(self, token: Token) -> Entity | None:
        """"2. Ministers condemned …", "3. Heads agreed …": in a communique, those met are the body
        that met (named so: "Forum Foreign Ministers"), else the body the statement names first."""
        if token.dep_ not in ("nsubj", "nsubjpass"):
            return None
        of = [self.ents.entity_at(o) for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
              for o in p.children if o.dep_ == "pobj"]
        if any(e is not None and e.type is ActorType.ORGANISATION for e in of):
            return next(e for e in of if e is not None and e.type is ActorType.ORGANISATION)  # "Leaders of the UCR"
        if any(c.dep_ not in ("punct",) for c in token.children):
            return None
        bodies = [m for m in self.ents.mentions_of(ActorType.ORGANISATION) if m.start < token.i]
        if not bodies:
            return None
        word = token.text.lower()
        named = [m for m in bodies if word in self.ents._canonical(m.entity).label.lower().split()]
        return self.ents._canonical((named[-1] if named else bodies[0]).entity)

    def _clause_subject(self, token: Token, *, through=("advcl", "conj", "xcomp", "prep", "pcomp", "dobj", "pobj")
                        ) -> Entity | None:
        """The person who is the subject of the clause `token` sits in (climbing `through`)."""
        node = token.head
        for _ in range(4):
            for dep in node.children:
                if dep.dep_ in SUBJECTS and not _contains(dep, token):
                    return self._person(dep, 1)
            if node.head.i == node.i or node.dep_ not in through:
                break
            node = node.head
        return None

    def _body(self, token: Token) -> Entity | None:
        """"the bloc" -> the organisation named last; "the country" -> the country named last."""
        lemma = token.lemma_.lower()
        rules = self.ents.rules
        if token.tag_ in ("NNS", "NNPS"):
            return None  # "the two other parties": not one body
        if lemma in rules.organisation_roles:
            kinds = (ActorType.ORGANISATION, ActorType.GROUP)
        elif lemma in rules.country_roles:
            kinds = (ActorType.POLITY,)
        else:
            return None
        det = next((c for c in token.children if c.dep_ == "det"), None)
        if any(c.lower_ in rules.not_anaphoric for c in token.children):
            return None  # "the international community" is no body named before
        if det is None or det.lower_ != "the" or any(c.dep_ in ("compound", "poss", "nmod") or
                                                       (c.dep_ == "amod" and self.ents.entity_at(c))
                                                       for c in token.children):
            return None  # "the Alternance coalition" names one we did not recognise
        window_start = self._window_start(token)
        mentions = self.ents.mentions_of(*kinds)  # (once: it sorts every mention of the article)
        before = [m for m in mentions if window_start <= m.start < token.i and not self._own_subject(m, token)]
        if kinds == (ActorType.POLITY,) and any(c.lower_ in ("new", "newest") for c in token.children):
            # "established relations with the new state": the one that became independent, not the
            # last country named ("ending 75 years of South African rule")
            before = [m for m in before if _became_independent(self.doc[m.head])] or before
        if kinds == (ActorType.POLITY,) and lemma in ("kingdom", "republic"):
            # "The Kingdom of Saudi Arabia … The Kingdom denounces Canada's position": the one so called
            called = [m for m in before if any(lemma in name_key(a).split()
                                               for a in self.ents._canonical(m.entity).aliases)]
            before = called or before
        if lemma == "party" and any(c.lower_ == "new" for c in token.children):
            # "twenty-eight Labour MPs had joined the new party": the one founded, not the last named
            founded = [m for m in mentions if m.start < token.i and any(
                t.lemma_.lower() in FOUNDING and not any(  # (not the founders: "founded by the Gang of Four")
                    a.dep_ == "agent" and a.left_edge.i <= m.start <= a.right_edge.i for a in t.children)
                for t in self.doc[m.start].sent)]
            if founded:
                return self.ents._canonical(founded[-1].entity)
        if kinds[0] is ActorType.ORGANISATION:
            # "the alliance": the last body named an alliance, anywhere before (a group too: "the
            # Never Trump movement"), else the last organisation in the window
            named = [m for m in mentions
                     if m.start < token.i and lemma in self.ents._canonical(m.entity).label.lower().split()]
            if lemma in ("coalition", "alliance"):  # "the coalition" unnamed is the governing one, no body named before
                before = named
            else:
                before = named or [m for m in before if self.ents._canonical(m.entity).type is ActorType.ORGANISATION
                                   and not (lemma == "party" and _chamber_or_office(self.ents._canonical(m.entity).label))]
        return self.ents._canonical(before[-1].entity) if before else None

    def _own_subject(self, mention, token: Token) -> bool:
        """Whether the mention is a subject of the sentence `token` is in ("A and B said they would
        keep supporting the coalition": the coalition is not A or B)."""
        head = self.doc[mention.head]
        if head.sent.start != token.sent.start:
            return False
        while head.dep_ in ("conj", "appos") and head.head.i != head.i:  # (not a modifier: "Congress legislator X quit the party")
            head = head.head
        return head.dep_ in ("nsubj", "nsubjpass")

    @staticmethod
    def _defining(token: Token) -> bool:
        """A superlative or a clause that says which one: a new referent, not an anaphor."""
        for child in token.children:
            if child.dep_ in ("relcl", "acl"):
                return True
            if child.dep_ == "amod" and (child.tag_ == "JJS" or child.lower_ in ORDINAL_WORDS
                                         or any(g.lower_ == "most" for g in child.children)):
                return True
        return False

    def _is_person_noun(self, token: Token) -> bool:
        lemma = token.lemma_.lower()
        if lemma in self.ents.rules.person_roles or is_year_old(token):
            return True
        return any(is_year_old(c) for c in token.children if c.dep_ in ("compound", "amod", "npadvmod"))

    def _window_start(self, token: Token) -> int:
        return self.sents[max(0, self._sent_index[token.i] - LOOKBACK_SENTENCES)].start

    def _cataphora(self, token: Token) -> Entity | None:
        """"A former intelligence chief declared … . X, …": the person the next sentence names."""
        if token.dep_ not in SUBJECTS:
            return None
        index = self._sent_index[token.i]
        if index + 1 >= len(self.sents):
            return None
        nxt = self.sents[index + 1]
        for subject in (c for c in nxt.root.children if c.dep_ in SUBJECTS):
            named = self.ents.entity_at(subject)  # the next sentence's subject, tagged or not
            if named is not None and named.type is ActorType.PERSON:
                return named
        for mention in self.persons:
            if nxt.start <= mention.start < nxt.end:
                entity = self.ents._canonical(mention.entity)
                if entity.first_token >= nxt.start:  # newly named there
                    return entity
        return None


@functools.lru_cache(maxsize=1)
def _names_detector():
    from gender_guesser.detector import Detector  # a table of given names by country (gender-guesser)

    class _Detector(Detector):
        def _parse(self, filename):
            """gender-guesser's own reading of its table, with a plain file for its `codecs`
            reader (twice as fast; the same lines: the file has no other line breaks)."""
            self.names = {}
            with open(filename, encoding="utf-8") as f:
                for line in f:
                    self._eat_name_line(line.strip())

    return _Detector(case_sensitive=False)


@functools.lru_cache(maxsize=4096)
def _given_name_gender(label: str) -> str | None:
    """"m" or "f" when the first of two or more words is a given name used for one sex only."""
    words = label.split()
    if len(words) < 2:
        return None
    return {"male": "m", "female": "f"}.get(_names_detector().get_gender(words[0]))


def _became_independent(head: Token) -> bool:
    """"Namibia has become independent", "Eritrea declared independence", "X gained its independence"."""
    verb = head.head
    return head.dep_ in ("nsubj", "nsubjpass") and verb.lemma_.lower() in (
        "become", "declare", "gain", "proclaim", "achieve", "win") and any(
        t.lower_.startswith("independen") for t in verb.subtree)


def _contains(head: Token, token: Token) -> bool:
    return head.left_edge.i <= token.i <= head.right_edge.i


ASSEMBLED = {"Ministers", "Heads", "Leaders", "Members", "Participants", "Delegates"}  # "2. Ministers condemned …"
CHAMBERS_AND_OFFICES = {"house", "commons", "lords", "parliament", "senate", "assembly", "council", "court", "commission",
                        "ministry", "government", "nations", "union", "office", "department", "agency", "bank"}


def _chamber_or_office(label: str) -> bool:
    """Whether an organisation's name is a chamber, a court or an office, which "the party" never means
    ("crossed the floor of the House of Commons to join the party")."""
    words = label.lower().split()
    return bool(words) and words[-1] in CHAMBERS_AND_OFFICES
