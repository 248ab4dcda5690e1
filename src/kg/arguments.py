"""Resolve the words a rule points at to the actors they name.

A subject or object token may be a name, a pronoun, a relative pronoun, a description ("the
former army chief"), a coordination ("China and Russia"), a list head ("countries including A,
B and C"), an apposition ("the ambassador, Col. X,"), a quoted "we", the copula's other side
("X is the only country that …"), or an act whose actor is the target ("the efforts of X",
"X's use of force", "an incursion by an X vessel", "forces loyal to X").
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from kg.coref import PERSONAL, RELATIVE, Coref
from kg.mentions import Entities, Entity
from kg.rules import Rules, name_key
from kg.syntax import COPULAS, agents, forms, is_passive, prep_children, prep_objects, subject_tokens
from kg.types import ActorType

PARTITIVES = {"number", "succession", "group", "majority", "dozen", "host", "handful", "string",
              "series", "list", "most", "many", "some", "several", "all", "each", "both", "one",
              "none", "half", "few", "raft", "slew", "wave"}
SPEAKER_LINE = re.compile(r"^([A-Z][^:\n]{2,80}):\s*(.*)$")  # "President of Russia Vladimir Putin: …"
EXCEPT = {"than", "but", "except", "besides", "apart"}  # "no country but A"
MAX_DEPTH = 4  # how far argument resolution may recurse (apposition, lists, coreference)
_AGENT_ORDER = {"poss": 0, "agent": 1, "prep": 2, "pcomp": 3, "ccomp": 4, "attr": 5, "acomp": 6, "pobj": 7}


class Arguments:
    def __init__(self, entities: Entities, coref: Coref, rules: Rules) -> None:
        self.ents, self.coref, self.rules = entities, coref, rules
        self._seizure: list[Entity] | None = None  # who seized power in this article, once looked for

    def actors(self, tokens, *, act: bool = False, exclude=(), depth: int = 0) -> tuple[Entity, ...]:
        out: list[Entity] = []
        excluded = {id(e) for e in exclude}
        if depth > MAX_DEPTH:
            return ()
        for token in tokens:
            acts = [c for c in token.children if c.dep_ == "appos" and forms(c) & self.rules.owned_acts] if act else []
            for t in [token, *self._conjuncts(token), *self._listed_appos(token), *acts]:
                for entity in self.resolve(t, act=act, excluded=excluded, depth=depth):
                    if id(entity) not in excluded and all(entity is not o for o in out):
                        out.append(entity)
        return tuple(out)

    def resolve(self, token: Token, *, act: bool, excluded: set[int], depth: int = 0) -> list[Entity]:
        if depth > MAX_DEPTH:
            return []
        ref = self.coref.relative(token)
        if ref is not None:
            return self.resolve(ref, act=act, excluded=excluded, depth=depth + 1)
        entity = self.ents.entity_at(token)
        if entity is not None:
            return [entity, *self.ents.further_owners(token)]
        if token.lower_ in PERSONAL:
            found = self.coref.pronoun(token)
            if found is not None:
                return [found]
            return []
        if token.lower_ in ("we", "i", "us", "our", "my", "me"):
            return self._speaker(token) or self._transcript_speaker(token) or \
                (self._author_voice(token) if token.lower_ in ("we", "us", "our") else [])
        if token.lower_ in ("you", "your"):
            return self._addressee(token)
        if token.lower_ in ("it", "they") and token.dep_ in ("nsubj", "nsubjpass"):
            return self._reporter(token) or self._previous_subject(token) or self._relative_it(token, depth)
        if token.lower_ in ("them", "their"):
            return self._last_group(token)
        if token.lower_ in ("that", "those") and token.dep_ == "appos":  # "the government -- that of X"
            return list(self.actors(prep_objects((token,), {"of"}), depth=depth + 1))
        if token.lower_ in RELATIVE or token.pos_ == "PRON":
            return []
        owner = next((c for c in token.children if c.dep_ == "poss" and c.lower_ == "whose"), None)
        if owner is not None and forms(token) & (self.rules.government_nouns | self.rules.organisation_heads
                                                 | {"member", "lawmaker", "legislator", "deputy"}):
            clause = owner.head  # "the SLPP, whose parliamentary group had backed X": the SLPP
            while clause.dep_ != "relcl" and clause.head.i != clause.i:
                clause = clause.head
            if clause.dep_ == "relcl" and depth < 3:
                return self.resolve(clause.head, act=False, excluded=excluded, depth=depth + 1)
        among = self._among(token)
        if among is not None and depth < 3:  # "South Africa is among the governments that recognise X"
            named = [e for s in among for e in self.resolve(s, act=False, excluded=excluded, depth=depth + 1)]
            if named:
                return named
        if token.dep_ == "attr" and forms(token.head) & COPULAS and depth < 3:
            # "Nicaragua is the only country that recognises X"; "X became the latest officer to defect"
            subjects = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            named = [e for e in self.actors(subjects, depth=depth + 1) if id(e) not in excluded]
            if named:  # "A and B were the first governments to back X": both
                return named
        for child in token.children:  # "the ambassador, Col. X,"; "allies A and B"
            if child.dep_ == "appos":
                named = self.actors([child], depth=depth + 1)
                if named:
                    return list(named)
        if token.dep_ == "appos" and depth < 2 and not (act and forms(token) & self.rules.owned_acts):
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
        if any(c.dep_ == "det" and c.lower_ in ("no", "none") for c in token.children):
            # "No other country than A and B has recognised X": A and B have
            return list(self.actors([o for p in token.children if p.dep_ == "prep" and p.lower_ in EXCEPT
                                     for o in p.children if o.dep_ == "pobj"], depth=depth + 1))
        if token.tag_ == "NNS" and forms(token) & self.rules.class_nouns:
            named = self._listed_after(token) or self._listed_before(token)
            if named:  # "Four governments backed X. Those governments are A, B and C."
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
            return self._described_as(token, excluded, depth) or self._loyal_to(token, excluded, depth) \
                or self._agent_of_act(token, excluded, depth) or self._seized_by(token, excluded)
        return []

    def _described_as(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """"decried X's resignation as a military coup": the act as described, and its author."""
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "as"):
            for act in (o for o in prep.children if o.dep_ == "pobj" and forms(o) & self.rules.owned_acts):
                found = self._agent_of_act(act, excluded, depth)
                if found:
                    return found
        return []

    def _seized_by(self, token: Token, excluded: set[int]) -> list[Entity]:
        """"condemned the coup", "denounced Zelaya's removal": an act of seizing power whose author
        the sentence does not name is the seizure the article attributes elsewhere ("the
        military-led coup", "the army toppled the president")."""
        if not forms(token) & self.rules.seizure.nouns:
            return []
        if self._seizure is None:
            self._seizure = self._find_seizure()
        return [e for e in self._seizure if id(e) not in excluded]

    def _find_seizure(self) -> list[Entity]:
        votes: dict[str, int] = {}
        first: dict[str, Entity] = {}
        for token in self.ents.doc:
            authors: list[Entity] = []
            if token.pos_ == "NOUN" and forms(token) & self.rules.seizure.nouns:
                authors = self._agent_of_act(token, set(), MAX_DEPTH - 2)
            elif token.pos_ == "VERB" and forms(token) & self.rules.seizure.verbs:
                authors = list(self.actors(subject_tokens(token), depth=MAX_DEPTH - 2)) \
                    if not is_passive(token) else list(self.actors(agents(token), depth=MAX_DEPTH - 2))
            for entity in authors:
                if entity.type is ActorType.POLITY and token.pos_ == "NOUN" \
                        and forms(token) & self.rules.seizure.location_acts:
                    entity = self.ents._group_entity(entity.label, ["military"], "military", qualified=True)
                if entity.type is ActorType.GROUP or (entity.type is ActorType.ORGANISATION and set(
                        entity.label.lower().split()) & self.rules.act_authors):  # "the military regime toppled X"
                    votes[entity.key] = votes.get(entity.key, 0) + 1
                    first.setdefault(entity.key, entity)
        if not votes:
            return []
        best = max(votes, key=lambda k: (votes[k], -first[k].first_token))
        return [first[best]]

    @staticmethod
    def _among(token: Token) -> list[Token] | None:
        node = token
        for _ in range(4):
            if node.dep_ != "pobj":
                return None
            prep = node.head
            if prep.lower_ == "among" and forms(prep.head) & COPULAS:
                return [c for c in prep.head.children if c.dep_ in ("nsubj", "nsubjpass")]
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
        """"Nicaragua, Cuba, and Bolivia": a list the parser read as an apposition."""
        head = self.ents.entity_at(token)
        if head is None or head.type not in (ActorType.POLITY, ActorType.PERSON):
            return []
        out = []
        for child in token.children:  # two different countries (or people) are no apposition
            if child.dep_ == "appos":
                entity = self.ents.entity_at(child)
                if entity is not None and entity.type is head.type and entity is not head:
                    out += [child, *child.conjuncts]
        return out

    def _relative_it(self, token: Token, depth: int) -> list[Entity]:
        """"the regime and the government it toppled": "it" in a clause on a noun is the body
        named just before that noun."""
        clause = token.head
        if clause.dep_ != "relcl" or depth >= MAX_DEPTH - 1:
            return []
        noun = clause.head
        for i in range(noun.left_edge.i - 1, noun.sent.start - 1, -1):
            entity = self.ents.entity_at(self.ents.doc[i]) if self.ents.doc[i].pos_ in ("NOUN", "PROPN") else None
            if entity is not None and entity.type is not ActorType.PERSON:
                return [entity]
        return []

    def _previous_subject(self, token: Token) -> list[Entity]:
        """"The EAC held a summit. It condemned …": a sentence-opening "it" is the last
        sentence's subject, if that is a body (not a person)."""
        sent = token.sent
        if token.i != sent.start and not all(t.is_punct or t.is_space for t in sent.doc[sent.start: token.i]):
            return []
        if sent.start == 0:
            return []
        previous = sent.doc[sent.start - 1].sent
        subjects = [c for c in previous.root.children if c.dep_ in ("nsubj", "nsubjpass")]
        named = [e for s in subjects for e in self.resolve(s, act=False, excluded=set(), depth=MAX_DEPTH - 1)]
        return [e for e in named if e.type is not ActorType.PERSON]

    def _reporter(self, token: Token) -> list[Entity]:
        """"The bloc said it would …": "it" is the body that says so, and nothing else."""
        node = token.head
        while node.dep_ in ("ccomp", "conj", "xcomp") and node.head.i != node.i:
            node = node.head
            if forms(node) & self.rules.cues.reporting:
                subjects = [c for c in node.children if c.dep_ == "nsubj" and c.lower_ not in ("it", "they")]
                named = [e for s in subjects for e in self.resolve(s, act=False, excluded=set(), depth=MAX_DEPTH - 1)]
                return [e for e in named if e.type is not ActorType.PERSON]
        return []

    def _speaker(self, token: Token) -> list[Entity]:
        """'"We condemn X," the minister said': I and we in a quote are its speaker."""
        node = token.head
        for _ in range(6):
            candidates = [node] + [c for c in node.children if c.dep_ == "parataxis"]
            for verb in candidates:
                if forms(verb) & self.rules.cues.reporting and verb.i != token.head.i:
                    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
                    named = [e for s in subjects if s.lower_ not in ("we", "i")
                             for e in self.resolve(s, act=False, excluded=set(), depth=3)]
                    if named:
                        return named
            if node.head.i == node.i or node.dep_ not in ("ccomp", "conj", "xcomp", "advcl", "ROOT"):
                break
            node = node.head
        return []

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
        det = next((c.lower_ for c in token.children if c.dep_ == "det"), None)
        count = next((c for c in token.children if c.dep_ == "nummod" or c.lower_ == "both"), None)
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

    def _speaker_lines(self, token: Token):
        """The transcript lines before `token`, latest first: (line start, speaker part, rest)."""
        text = self.ents.doc.text
        end = token.idx
        lines = text[:end].split("\n")[::-1][:40]
        pos = end
        for line in lines:
            start = pos - len(line)
            pos = start - 1
            match = SPEAKER_LINE.match(line)
            if match:
                yield start, match

    def _person_in(self, start: int, end: int) -> Entity | None:
        doc = self.ents.doc
        for t in doc.char_span(start, end, alignment_mode="expand") or ():
            entity = self.ents.entity_at(t) if t.pos_ == "PROPN" else None
            if entity is not None and entity.type is ActorType.PERSON:
                return entity
        return None

    def _transcript_speaker(self, token: Token) -> list[Entity]:
        """"President of Russia Vladimir Putin: … I am pleased": the speaker of a transcript."""
        for start, match in self._speaker_lines(token):
            person = self._person_in(start, start + match.end(1))
            return [person] if person is not None else []
        return []

    def _addressee(self, token: Token) -> list[Entity]:
        """"Putin: Mr Lukashenko, I congratulated you": the one a transcript speaker addresses."""
        for start, match in self._speaker_lines(token):
            rest = match.group(2)
            if rest.rstrip().endswith(",") and len(rest.split()) <= 5:
                person = self._person_in(start + match.start(2), start + match.end(2))
                return [person] if person is not None else []
            return []
        return []

    def _author_voice(self, token: Token) -> list[Entity]:
        """"we" outside a quote, in a statement: the government or body that speaks in the third
        person most often before it ("The United States is concerned … We urge …"), else the one
        a statement line names ("Statement by the UK and partners")."""
        doc = self.ents.doc
        seen: dict[str, list] = {}  # the body most often the subject so far; the latest on ties
        for subject in (t for t in doc[: token.i] if t.dep_ in ("nsubj", "nsubjpass")):
            entity = self.ents.entity_at(subject) if subject.lower_ not in ("we", "i", "it", "they") else None
            if entity is not None and entity.type in (ActorType.POLITY, ActorType.ORGANISATION):
                seen.setdefault(entity.key, [entity, 0, 0])
                seen[entity.key][1] += 1
                seen[entity.key][2] = subject.i
        if seen:
            return [max(seen.values(), key=lambda v: (v[1], v[2]))[0]]
        for sent in doc.sents:  # "Statement by the UK and international partners:"
            if sent.start >= token.i:
                break
            if any(t.lower_ in self.rules.statement_heads for t in sent):
                for t in sent:
                    entity = self.ents.entity_at(t) if t.pos_ == "PROPN" else None
                    if entity is not None and entity.type in (ActorType.POLITY, ActorType.ORGANISATION):
                        return [entity]
        return []

    def _last_group(self, token: Token) -> list[Entity]:
        """"they", "them": the collective named last in this or the two sentences before
        ("The Sudanese people … The United States will stand with them")."""
        doc = self.ents.doc
        start = max(0, token.sent.start - 1)
        sents = [s for s in doc.sents if s.end <= token.i + 1][-3:]
        window = sents[0].start if sents else token.sent.start
        own = {c.i for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")}
        for i in range(token.i - 1, window - 1, -1):
            if i in own:
                continue
            entity = self.ents.entity_at(doc[i]) if doc[i].pos_ in ("NOUN", "PROPN") else None
            if entity is not None and entity.type is ActorType.GROUP and doc[i].dep_ != "compound":
                return [entity]
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
        return []

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
        return out

    def unauthored_act(self, tokens) -> bool:
        """Whether the words name an act whose author the text does not give ("condemned the
        takeover", "the violence"): the act is condemned with no object (GUIDELINES.md)."""
        return any(t.pos_ == "NOUN" and forms(t) & self.rules.condemnable_acts for t in tokens)

    def _agent_of_act(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """The actors whose act `token` names: "the efforts of X", "X's use of force",
        "an incursion by an X vessel", "the positions taken by X", "acts of aggression by X as
        well as the authorisation given by Y" (each coordinated act has its own author)."""
        if forms(token) & self.rules.not_acts:
            return []  # "the people of Sri Lanka" is no act of Sri Lanka's
        found: list[Entity] = []
        for act in (token, *token.conjuncts):
            for entity in self._author(act, excluded, depth):
                if all(entity is not f for f in found):
                    found.append(entity)
        return found

    def _author(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """The author of one act, searched breadth-first: a "by" phrase before an "of" phrase,
        and a passive participle's agent ("the role played by X")."""
        frontier = [token]
        if token.dep_ == "dobj" and not any(c.dep_ in ("auxpass", "nsubjpass") for c in token.head.children):
            # "condemned the violation of A's sovereignty by B": the parser hangs "by B" on the verb
            frontier += [c for c in token.head.children if c.dep_ == "agent"]
        for _ in range(4):
            nxt: list[Token] = []
            level: list[Entity] = []
            for node in frontier:
                for entity in self._author_step(node, token, nxt, excluded, depth):
                    if all(entity is not f for f in level):
                        level.append(entity)
            if level:
                return level
            frontier = nxt
            if not frontier:
                break
        return []

    def _author_step(self, node: Token, act: Token, nxt: list[Token], excluded: set[int], depth: int) -> list[Entity]:
        """The author named right at `node`, else the nodes to search next (appended to `nxt`)."""
        if node.dep_ == "agent" and node is not act:
            for obj in (c for c in node.children if c.dep_ == "pobj"):
                found = self._agents_named(obj, excluded, depth)
                if found:
                    return found
                nxt.extend([obj, *obj.conjuncts])
            return []
        if forms(node) & self.rules.owned_acts:  # "the ECOWAS measures", "Russian aggression"
            side = self.ents.act_collective(node)  # "the military coup in Sudan"
            if side is not None and id(side) not in excluded:
                return [side]
            for child in node.children:
                if child.dep_ in ("compound", "amod", "nmod"):
                    owner = self.ents.modifier_entity(child)
                    if owner is not None and id(owner) not in excluded:
                        return [owner]
        for child in sorted(node.children, key=lambda c: (_AGENT_ORDER.get(c.dep_, 9), c.lower_ != "by")):
            if child.dep_ == "poss":
                if forms(node) & self.rules.poss_patient_acts and not prep_objects((node,), {"of"}):
                    continue  # "Zelaya's removal": Zelaya was removed; "Nicaragua's expulsion of priests" is Nicaragua's
                found = self._named(child, excluded, depth)
                if found:
                    return found
            elif child.dep_ == "acl" and child.tag_ == "VBN":  # "the positions taken by X"
                for by in (c for c in child.children if c.dep_ == "agent"):
                    for obj in (c for c in by.children if c.dep_ == "pobj"):
                        found = self._agents_named(obj, excluded, depth)
                        if found:
                            return found
            elif child.dep_ == "prep" and child.lower_ == "of" and forms(node) & self.rules.patient_acts:
                for patient in (c for c in child.children if c.dep_ == "pobj"):  # "the arrest of X by Y"
                    for by in (g for g in patient.children if g.dep_ == "prep" and g.lower_ == "by"):
                        for agent in (a for a in by.children if a.dep_ == "pobj"):
                            found = self._agents_named(agent, excluded, depth)
                            if found:
                                return found
            elif child.dep_ in ("prep", "agent") and child.lower_ in self.rules.act_nouns_agent_preps:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found = self._agents_named(obj, excluded, depth)
                        if found:
                            return found
                        nxt.extend([obj, *obj.conjuncts])
            elif child.dep_ in ("pcomp", "ccomp", "attr", "acomp", "pobj"):
                nxt.append(child)
            elif child.dep_ == "prep" and child.lower_ in ("on", "against"):
                for target in (c for c in child.children if c.dep_ == "pobj"):  # "an attack on X by Y"
                    for by in (g for g in target.children if g.dep_ == "prep" and g.lower_ == "by"):
                        for agent in (a for a in by.children if a.dep_ == "pobj"):
                            found = self._agents_named(agent, excluded, depth)
                            if found:
                                return found
        return []

    def _agents_named(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """Who a "by"/"of" phrase names: a name, "forces loyal to X", "a U.S. Coast Guard vessel"."""
        return self._named(token, excluded, depth) or self._loyal_to(token, excluded, depth) \
            or self._owner(token, excluded, depth)

    def _named(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        found = [e for e in self.actors([token], depth=depth + 1) if id(e) not in excluded]
        return found

    def _loyal_to(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """"forces loyal to X", "troops backing X": a side named by whom it serves."""
        for child in token.children:
            if child.dep_ == "amod" and child.lower_ in self.rules.loyal_adjectives:
                objs = prep_objects((child,), {"to", "with"})
                found = [e for e in self.actors(objs, depth=depth + 1) if id(e) not in excluded]
                if found:
                    return found
        return []

    def _owner(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """"a U.S. Coast Guard vessel" -> the Coast Guard: the owner of an instrument."""
        if not forms(token) & self.rules.instruments:
            return []
        for child in token.children:
            if child.dep_ in ("compound", "poss", "amod", "nmod"):
                owner = self.ents.modifier_entity(child)
                if owner is None and child.dep_ != "amod":  # an unknown adjective names no one
                    found = list(self.actors([child], depth=depth + 1))
                else:
                    found = [owner] if owner is not None else []
                found = [e for e in found if id(e) not in excluded]
                if found:
                    return found
        return []
