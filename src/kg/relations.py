"""Find relation mentions in a parsed sentence with dependency rules.

Each finder reads one construction off the parse: a verb with its subject and object
(active or passive, in a relative or participial clause, with the subject shared by
coordination or control: "continue to stand by X"), an act noun with its actor and target
("X's support for Y", "the backing of X", "declared his support for Y", "has the support of
X"), an actor noun ("X, an ally of Y"), name-calling ("called Y a puppet") and a claim of
legitimacy ("said Y was the legitimate president"). Arguments are resolved to entities
through names, coreference, apposition, coordination and lists ("countries including A, B
and C"). An act that is negated, modal, hypothetical, wished, urged, expected, failed or
refused yields nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.coref import PERSONAL, RELATIVE, Coref
from kg.mentions import Entities, Entity
from kg.rules import Rules
from kg.triggers import Lexicon
from kg.types import ActorType, Relation

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
REPORTING = {"say", "tell", "add", "claim", "state", "insist", "write", "announce", "report", "note",
             "argue", "explain", "tweet", "post", "declare", "warn", "stress", "affirm", "confirm"}
PARTITIVES = {"number", "succession", "group", "majority", "dozen", "host", "handful", "string",
              "series", "list", "most", "many", "some", "several", "all", "each", "both", "one",
              "none", "half", "few", "raft", "slew", "wave"}
MAX_DEPTH = 4  # how far argument resolution may recurse (apposition, lists, coreference)
REPORTED_FACTOR = 0.9
COREF_FACTOR = 0.85


COPULAS = {"be", "become", "remain"}
# "X issued a statement condemning Y": the statement's author does it
STATEMENTS = {"statement", "resolution", "communique", "declaration", "letter", "message", "video",
              "post", "tweet", "speech", "address", "report"}


def forms(token: Token) -> set[str]:
    """The token's lemma and its lower-cased form with a regular ending removed: the small
    model's lemmatiser sometimes errs ("hopes" -> "hop"), so word lists are checked on all."""
    lower = token.lower_
    out = {token.lemma_.lower(), lower}
    for suffix, repl in (("ies", "y"), ("es", ""), ("es", "e"), ("s", ""), ("ed", ""), ("ed", "e"),
                         ("d", ""), ("ing", ""), ("ing", "e")):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            out.add(lower[: -len(suffix)] + repl)
    return out


@dataclass(frozen=True)
class Found:
    """A relation mention: entities on each side, the trigger's token span, the rule."""

    subjects: tuple[Entity, ...]
    relation: Relation
    objects: tuple[Entity, ...] | None  # None: the text states no object
    trigger: tuple[int, int]
    rule: str
    confidence: float


class Finder:
    def __init__(self, entities: Entities, coref: Coref, rules: Rules, lexicon: Lexicon) -> None:
        self.ents, self.coref, self.rules, self.lex = entities, coref, rules, lexicon
        self.cues = rules.cues
        self.used_coref = False

    # == entry point ==========================================================================
    def find(self, sent: Span) -> list[Found]:
        found: list[Found] = []
        for token in sent:
            lemma = self.lex.lemma(token)
            if token.pos_ in ("VERB", "AUX") or (token.tag_.startswith("VB") and token.pos_ != "NOUN"):
                for rule in self.lex.verbs.get(lemma, ()):
                    found += self._verb(token, rule)
                found += self._name_calling(token)
                found += self._legitimacy(token)
                found += self._supply(token)
            if token.pos_ in ("NOUN", "PROPN"):
                for rule in self.lex.nouns.get(lemma, ()):
                    found += self._noun(token, rule)
                for rule in self.lex.agents.get(lemma, ()):
                    found += self._agent_noun(token, rule)
        found += self._defection_frame(sent, found)
        return found

    # == verbs ================================================================================
    def _verb(self, verb: Token, rule) -> list[Found]:
        if rule.particle and not any(c.dep_ == "prt" and c.lower_ == rule.particle for c in verb.children):
            return []
        carrier = verb
        if rule.dobj:
            carrier = next((c for c in verb.children if c.dep_ == "dobj" and forms(c) & set(rule.dobj)), None)
            if carrier is None:
                return []
        why = self.blocked(verb)
        if why:
            return []
        if rule.relation is Relation.RECOGNISES and any(c.dep_ == "prep" and c.lower_ == "for"
                                                         for c in verb.children):
            return []  # "recognised for his work": praise, not recognition of a government
        passive = self._is_passive(verb)
        if passive:
            subj_tokens = self._agents(verb)
            obj_tokens = [c for c in verb.children if c.dep_ == "nsubjpass"]
            if not obj_tokens and verb.dep_ in ("acl", "relcl"):
                obj_tokens = [verb.head]
            elif not obj_tokens and verb.dep_ == "conj":  # "X, who declared … and was recognised by Y"
                obj_tokens = [c for c in verb.head.children if c.dep_ in SUBJECTS]
        else:
            subj_tokens = self._subject_tokens(verb)
            if rule.preps:
                obj_tokens = self._prep_objects((verb, carrier), rule.preps)
            else:
                obj_tokens = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
                obj_tokens = obj_tokens or self._what_they_called(verb)
        if rule.abandons:  # "broke with X": X is the side left; the side joined is unstated
            if not obj_tokens:
                return []
            obj_tokens = []
        subj_tokens = subj_tokens + self._ellipsis_subjects(verb)
        subjects = self._actors(subj_tokens)
        if not subjects:
            subjects = self._class_list(subj_tokens, (verb, *obj_tokens))
        objects = self._actors(obj_tokens, act=True, exclude=subjects)
        end = verb.i + 1
        if rule.dobj or rule.preps or rule.particle:
            tail = [c for c in verb.children if c.dep_ in ("prt", "dobj", "prep") and
                    (c.lower_ in rule.preps or c.dep_ != "prep")]
            end = max([end] + [c.i + 1 for c in tail if c.i > verb.i and c.i - verb.i < 6])
        return self._emit(subjects, rule.relation, objects, (verb.i, end), rule.id, rule.confidence,
                          verb, intransitive=(rule.intransitive or rule.abandons) and not obj_tokens)

    def _what_they_called(self, verb: Token) -> list[Token]:
        """"condemned what he called a reckless attack by X": the thing named."""
        for clause in verb.children:
            if clause.dep_ == "ccomp" and any(c.lower_ == "what" for c in clause.children):
                named = [c for c in clause.children if c.dep_ in ("oprd", "attr", "dobj") and c.lower_ != "what"]
                if named:
                    return named
        return []

    def _ellipsis_subjects(self, verb: Token) -> list[Token]:
        """"A condemned B, as did C": C did it too."""
        out = []
        for clause in verb.children:
            if clause.dep_ == "advcl" and forms(clause) & {"do", "have"} and \
                    any(c.dep_ == "mark" and c.lower_ == "as" for c in clause.children) and not self.blocked(clause):
                out += [c for c in clause.children if c.dep_ == "nsubj"]
        return out

    def _is_passive(self, verb: Token) -> bool:
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
            return True
        return verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl") and any(c.dep_ == "agent" for c in verb.children)

    def _agents(self, verb: Token) -> list[Token]:
        out = []
        for child in verb.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                out += [c for c in child.children if c.dep_ == "pobj"]
        return out

    def _subject_tokens(self, verb: Token) -> list[Token]:
        own = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        if own:
            return own
        if verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
            if verb.dep_ == "conj" and self._is_passive(verb.head):
                return self._agents(verb.head)
            return self._subject_tokens(verb.head)
        if verb.dep_ == "advcl" and verb.tag_ == "VBG":
            return self._subject_tokens(verb.head)
        if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ == "by" \
                and verb.head.head.pos_ in ("VERB", "AUX") and verb.head.head.tag_ != "VBG":
            return self._subject_tokens(verb.head.head)  # "X justified it by accusing Y"
        if verb.dep_ == "acl" and (verb.tag_ in ("VBG", "VBD", "VBZ", "VBP")
                                   or verb.tag_ == "VBN" and any(c.dep_ == "dobj" for c in verb.children)):
            if verb.tag_ == "VBG" and forms(verb.head) & STATEMENTS:
                return self._subject_tokens(verb.head.head) if verb.head.dep_ == "dobj" else []
            return [verb.head]  # "nations recognizing him"; a finite verb the parser hung on a noun
        if verb.dep_ in ("relcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return [verb.head]  # "the latest officer to defect"
        return []

    def _prep_objects(self, heads, preps) -> list[Token]:
        out = []
        for head in heads:
            for child in head.children:
                if child.dep_ in ("prep", "agent", "prt", "dative") and child.lower_ in preps:
                    out += [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
        return out

    # == nouns ================================================================================
    def _noun(self, noun: Token, rule) -> list[Found]:
        if self._noun_blocked(noun):
            return []
        verb = noun.head if noun.dep_ in ("dobj", "nsubjpass") else None
        poss = [c for c in noun.children if c.dep_ == "poss"]
        start, end = noun.i, noun.i + 1
        assured = self._assured(noun)
        if assured is not None:  # "Putin assured Lukashenko of Moscow's support"
            verb, target = assured
            if self.blocked(verb):
                return []
            subj_tokens = poss or self._subject_tokens(verb)
            obj_tokens = [target]
            start = verb.i
        elif verb is not None and forms(verb) & self.rules.give_verbs:
            if self.blocked(verb):
                return []
            owners = [p for p in poss if p.pos_ != "PRON"]  # "reaffirmed the military's loyalty to X"
            subj_tokens = owners or self._subject_tokens(verb) or poss
            obj_tokens = self._prep_objects((noun, verb), set(rule.object_preps) | {"of"})
            start = verb.i
        elif verb is not None and forms(verb) & self.rules.receive_verbs:
            if self.blocked(verb):
                return []
            obj_tokens = self._subject_tokens(verb)
            subj_tokens = self._prep_objects((noun, verb), {"of", "from"})
            start = verb.i
        else:
            subj_tokens = poss + self._prep_objects((noun,), rule.agent_preps)
            obj_tokens = self._prep_objects((noun,), rule.object_preps)
            if not obj_tokens and noun.dep_ == "pobj" and noun.head.lower_ == "with":
                clause = self._clause_of(noun)  # "X rose with the backing of Y": Y supports X
                if clause is not None and not self.blocked(clause):
                    obj_tokens = self._subject_tokens(clause)
        subjects = self._actors(subj_tokens)
        if not subjects:
            subjects = self._class_list(subj_tokens, (noun, *([verb] if verb is not None else [])))
        objects = self._actors(obj_tokens, act=True, exclude=subjects)
        for prep in self._prep_children(noun, rule.object_preps):
            end = max(end, prep.i + 1)
        return self._emit(subjects, rule.relation, objects, (start, end), rule.id, rule.confidence, noun,
                          intransitive=rule.intransitive and not obj_tokens and verb is None)

    def _assured(self, noun: Token) -> tuple[Token, Token] | None:
        if noun.dep_ == "pobj" and noun.head.lower_ == "of":
            target = noun.head.head
            verb = target.head
            if target.dep_ == "dobj" and forms(verb) & {"assure", "reassure", "promise"}:
                return verb, target
        return None

    def _agent_noun(self, noun: Token, rule) -> list[Found]:
        """"X, an ally of Y", "X is a supporter of Y", "Y allies A and B"."""
        if self._noun_blocked(noun):
            return []
        holders: list[Token] = []
        if noun.dep_ == "appos":
            holders.append(noun.head)
        elif noun.dep_ == "attr":
            holders += [c for c in noun.head.children if c.dep_ in SUBJECTS]
        elif noun.dep_ in SUBJECTS and noun.head.lemma_ == "be":
            holders += [c for c in noun.head.children if c.dep_ == "attr"]
        holders += [c for c in noun.children if c.dep_ == "appos"]
        if noun.dep_ in ("attr", "appos") or noun.head.lemma_ == "be":
            if self.blocked(noun.head):
                return []
        obj_tokens = self._prep_objects((noun,), rule.object_preps)
        obj_tokens += [c for c in noun.children if c.dep_ in ("compound", "poss") and self.ents.entity_at(c)]
        subjects = self._actors(holders)
        objects = self._actors(obj_tokens, exclude=subjects)
        return self._emit(subjects, rule.relation, objects, (noun.i, noun.i + 1), rule.id, rule.confidence, noun)

    def _noun_blocked(self, noun: Token) -> bool:
        for child in noun.children:
            if child.dep_ in ("det", "amod", "neg", "advmod") and child.lower_ in self.cues.noun_negators:
                return True
            if child.dep_ == "amod" and child.lower_ in self.cues.adjective_hedges:
                return True
        head = noun.head
        if noun.dep_ == "pobj" and head.dep_ == "prep" and forms(head.head) & self.cues.governor_nouns:
            return True
        if noun.dep_ in ("dobj", "pobj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
            if forms(head) & self.cues.governors:
                return True
        return False

    def _prep_children(self, token: Token, preps) -> list[Token]:
        return [c for c in token.children if c.dep_ == "prep" and c.lower_ in preps]

    def _clause_of(self, token: Token) -> Token | None:
        node = token
        while node.head.i != node.i:
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                return node
        return node if node.pos_ in ("VERB", "AUX") else None

    # == other constructions =================================================================
    def _name_calling(self, verb: Token) -> list[Found]:
        spec = self.rules.name_calling
        if verb.lemma_.lower() not in spec.verbs:
            return []
        targets = [c for c in verb.children if c.dep_ in ("dobj", "dative", "nsubjpass")]
        if not targets:
            return []
        labels = [t for c in verb.children for t in c.subtree
                  if t.lemma_.lower() in spec.nouns and t.i not in {x.i for x in targets}]
        if not labels or self.blocked(verb):
            return []
        subjects = self._actors(self._subject_tokens(verb) if not self._is_passive(verb) else self._agents(verb))
        objects = self._actors(targets, exclude=subjects)
        end = max(t.i for t in labels) + 1
        return self._emit(subjects, Relation.CONDEMNS, objects, (verb.i, end), spec.id, spec.confidence, verb)

    def _supply(self, verb: Token) -> list[Found]:
        """"Iran has supplied drones and ammunition to forces loyal to X": arms or aid to a side."""
        spec = self.rules.supply
        if not forms(verb) & spec.verbs:
            return []
        goods = [c for c in verb.children if c.dep_ == "dobj"]
        goods = [g for d in goods for g in (d, *d.conjuncts)]
        if not any(forms(g) & spec.nouns for g in goods) or self.blocked(verb):
            return []
        targets = self._prep_objects((verb, *goods), spec.preps)
        subjects = self._actors(self._subject_tokens(verb))
        objects = self._actors(targets, act=True, exclude=subjects)
        end = max([verb.i + 1] + [t.i for t in targets])
        return self._emit(subjects, Relation.SUPPORTS, objects, (verb.i, end), spec.id, spec.confidence, verb)

    def _legitimacy(self, verb: Token) -> list[Found]:
        spec = self.rules.legitimacy
        if verb.lemma_.lower() not in spec.verbs or self.blocked(verb):
            return []
        found: list[Found] = []
        for clause in verb.children:
            if clause.dep_ != "ccomp" or clause.lemma_ != "be" or self.blocked(clause, climb=False):
                continue
            attrs = [c for c in clause.children if c.dep_ == "attr" and c.lemma_.lower() in spec.nouns]
            if not any(a.lower_ in spec.adjectives for attr in attrs for a in attr.children):
                continue
            subjects = self._actors(self._subject_tokens(verb))
            objects = self._actors([c for c in clause.children if c.dep_ == "nsubj"], exclude=subjects)
            end = max(a.i for a in attrs) + 1
            found += self._emit(subjects, Relation.SUPPORTS, objects, (verb.i, end), spec.id,
                                spec.confidence, verb)
        return found

    def _defection_frame(self, sent: Span, found: list[Found]) -> list[Found]:
        spec = self.rules.defection_frame
        cues = [t for t in sent if self.lex.lemma(t) in spec.nouns and not self._noun_blocked(t)]
        if not cues:
            return []
        extra: list[Found] = []
        for f in found:
            if f.relation is not Relation.SUPPORTS or not f.objects:
                continue
            trigger = sent.doc[f.trigger[0]]
            for cue in cues:
                if self._frames(cue, trigger, f.subjects):
                    extra.append(Found(f.subjects, Relation.DEFECTS_TO, f.objects, f.trigger, spec.id,
                                       min(f.confidence, spec.confidence)))
                    break
        return extra

    def _frames(self, cue: Token, trigger: Token, subjects: tuple[Entity, ...]) -> bool:
        # "in the most high-profile defection yet, X declared his support for Y"
        if cue.dep_ == "pobj" and cue.head.lower_ in self.rules.defection_frame.frame_preps:
            anchor = cue.head.head
            if anchor.i == trigger.i or anchor.i == trigger.head.i:
                return True
        # "the most senior defector has been X, who … threw his support behind Y"
        if cue.dep_ in SUBJECTS and cue.head.lemma_ == "be":
            named = self._actors([c for c in cue.head.children if c.dep_ == "attr"])
            return bool(set(map(id, named)) & set(map(id, subjects)))
        if cue.dep_ == "attr":
            named = self._actors([c for c in cue.head.children if c.dep_ in SUBJECTS])
            return bool(set(map(id, named)) & set(map(id, subjects)))
        return False

    # == blocking =============================================================================
    def blocked(self, token: Token, *, climb: bool = True) -> str | None:
        """Why the act at `token` does not count (negated, modal, …), or None if it does."""
        node, first, came_by = token, True, ""
        while True:
            for child in node.children:
                low = child.lower_
                if child.dep_ == "neg" or (child.dep_ in ("advmod", "det", "preconj") and low in self.cues.negation):
                    return "negated"
                if child.dep_ == "advmod" and any(g.dep_ == "neg" or g.lower_ in self.cues.negation
                                                  for g in child.children):
                    return "negated"  # "no longer recognised"
                if child.dep_ in ("aux", "auxpass") and low in self.cues.modal:
                    return "modal"
                if child.dep_ == "mark" and low in self.cues.hypothetical:
                    return "hypothetical"
            lemmas = forms(node)
            if not first and came_by in ("ccomp", "parataxis") and lemmas & REPORTING:
                return None  # '"We condemn X," she told reporters': the speaker's own words
            if not first and came_by != "conj" and lemmas & self.cues.governors:  # "denied A and accused B"
                return "governed"
            if not first and came_by == "xcomp" and lemmas & {"have", "be"} and \
                    any(c.lower_ == "yet" for c in node.children):
                return "negated"  # "has yet to recognise"
            if not first and lemmas & REPORTING:
                return None  # reported speech: the speaker's frame ends here
            first = False
            if not climb or node.head.i == node.i:
                return None
            dep = node.dep_
            if dep == "acl" and forms(node.head) & self.cues.governor_nouns:
                return "governed"
            if dep == "conj" and any(c.dep_ in SUBJECTS or c.dep_ == "aux" for c in node.children):
                return None
            if dep in ("xcomp", "ccomp", "conj", "pcomp", "acomp", "oprd", "prep", "pobj", "dobj"):
                node, came_by = node.head, dep
                continue
            if dep == "advcl" and not any(c.dep_ == "mark" or c.dep_ in SUBJECTS for c in node.children):
                node = node.head
                continue
            return None

    def _reported(self, token: Token) -> bool:
        node = token
        while node.head.i != node.i and node.dep_ in ("ccomp", "xcomp", "conj", "advcl", "parataxis"):
            node = node.head
            if node.lemma_.lower() in REPORTING:
                return True
        return any(c.dep_ == "parataxis" and c.lemma_.lower() in REPORTING for c in node.children)

    # == arguments ============================================================================
    def _actors(self, tokens, *, act: bool = False, exclude=(), depth: int = 0) -> tuple[Entity, ...]:
        out: list[Entity] = []
        excluded = {id(e) for e in exclude}
        if depth > MAX_DEPTH:
            return ()
        for token in tokens:
            for t in [token, *token.conjuncts, *self._listed_appos(token)]:
                for entity in self._resolve(t, act=act, excluded=excluded, depth=depth):
                    if id(entity) not in excluded and all(entity is not o for o in out):
                        out.append(entity)
        return tuple(out)

    def _resolve(self, token: Token, *, act: bool, excluded: set[int], depth: int = 0) -> list[Entity]:
        if depth > MAX_DEPTH:
            return []
        ref = self.coref.relative(token)
        if ref is not None:
            return self._resolve(ref, act=act, excluded=excluded, depth=depth + 1)
        entity = self.ents.entity_at(token)
        if entity is not None:
            return [entity, *self.ents.further_owners(token)]
        if token.lower_ in PERSONAL:
            found = self.coref.pronoun(token)
            if found is not None:
                self.used_coref = True
                return [found]
            return []
        if token.lower_ in ("we", "i"):
            speaker = self._speaker(token)
            if speaker:
                self.used_coref = True
            return speaker
        if token.lower_ in RELATIVE or token.pos_ == "PRON":
            return []
        if token.dep_ == "attr" and forms(token.head) & COPULAS and depth < 3:
            # "Nicaragua is the only country that recognises X"; "X became the latest officer to defect"
            subjects = [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            named = [e for s in subjects for e in self._resolve(s, act=False, excluded=excluded, depth=depth + 1)]
            if named:
                return named
        for child in token.children:  # "the ambassador, Col. X,"; "allies A and B"
            if child.dep_ == "appos":
                named = self._actors([child], depth=depth + 1)
                if named:
                    return list(named)
        if token.dep_ == "appos" and depth < 2:  # "X, the party leader who …"
            named = self._resolve(token.head, act=False, excluded=excluded, depth=depth + 1)
            if named:
                return named
        if token.lemma_.lower() in self.rules.person_roles:
            named = self._misattached_appos(token)
            if named:
                return named
        listed = self._listed(token, depth)
        if listed:
            return listed
        if token.lemma_.lower() in PARTITIVES or token.pos_ == "NUM":
            for child in self._prep_children(token, {"of"}):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return self._listed(obj, depth + 1)
            return []
        described = self.coref.description(token)
        if described is not None:
            self.used_coref = True
            return [described]
        if act:
            return self._loyal_to(token, excluded, depth) or self._agent_of_act(token, excluded, depth)
        return []

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
                if entity is not None and entity.type is ActorType.PERSON and \
                        holder is not None and holder.type is not ActorType.PERSON \
                        and all(entity is not f for f in found):
                    found.append(entity)
        return found

    def _listed_appos(self, token: Token) -> list[Token]:
        """"Nicaragua, Cuba, and Bolivia": a list the parser read as an apposition."""
        head = self.ents.entity_at(token)
        if head is None or head.type is not ActorType.POLITY:
            return []
        out = []
        for child in token.children:
            if child.dep_ == "appos":
                entity = self.ents.entity_at(child)
                if entity is not None and entity.type is ActorType.POLITY:
                    out += [child, *child.conjuncts]
        return out

    def _speaker(self, token: Token) -> list[Entity]:
        """'"We condemn X," the minister said': I and we in a quote are its speaker."""
        node = token.head
        for _ in range(6):
            candidates = [node] + [c for c in node.children if c.dep_ == "parataxis"]
            for verb in candidates:
                if forms(verb) & REPORTING and verb.i != token.head.i:
                    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
                    named = [e for s in subjects if s.lower_ not in ("we", "i")
                             for e in self._resolve(s, act=False, excluded=set(), depth=3)]
                    if named:
                        return named
            if node.head.i == node.i or node.dep_ not in ("ccomp", "conj", "xcomp", "advcl", "ROOT"):
                break
            node = node.head
        return []

    def _listed(self, token: Token, depth: int = 0) -> list[Entity]:
        """"countries including A, B and C", "nations such as A": the members."""
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in self.rules.list_preps:
                objs = [c for c in child.children if c.dep_ == "pobj"]
                objs += [c for g in child.children if g.dep_ == "amod" for c in g.children if c.dep_ == "pobj"]
                if child.lower_ == "such":
                    objs += [c for g in child.children if g.lower_ == "as" for c in g.children if c.dep_ == "pobj"]
                named = self._actors(objs, depth=depth + 1)
                if named:
                    return list(named)
        return []

    def _class_list(self, subj_tokens, anchors) -> tuple[Entity, ...]:
        """"More than 50 countries recognise X, including A and B": the list hangs off X or the verb."""
        if not any(forms(t) & self.rules.class_nouns for t in subj_tokens):
            return ()
        for anchor in anchors:
            named = self._listed(anchor)
            if named and all(e.type in (ActorType.POLITY, ActorType.ORGANISATION) for e in named):
                return tuple(named)
        return ()

    def _agent_of_act(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """The actor whose act `token` names: "the efforts of X", "X's use of force",
        "an incursion by an X vessel", "what he said was an illegal incursion by X"."""
        frontier = [token]
        for _ in range(4):
            nxt: list[Token] = []
            for node in frontier:
                if forms(node) & self.rules.owned_acts:  # "the ECOWAS measures", "Russian aggression"
                    for child in node.children:
                        if child.dep_ in ("compound", "amod", "nmod"):
                            owner = self.ents.modifier_entity(child)
                            if owner is not None and id(owner) not in excluded:
                                return [owner]
                for child in sorted(node.children, key=lambda c: _AGENT_ORDER.get(c.dep_, 9)):
                    if child.dep_ == "poss":
                        found = self._named(child, excluded, depth)
                        if found:
                            return found
                    elif child.dep_ in ("prep", "agent") and child.lower_ in self.rules.act_nouns_agent_preps:
                        for obj in child.children:
                            if obj.dep_ == "pobj":
                                found = self._named(obj, excluded, depth) or self._owner(obj, excluded, depth)
                                if found:
                                    return found
                                nxt.append(obj)
                    elif child.dep_ in ("pcomp", "ccomp", "attr", "acomp", "pobj"):
                        nxt.append(child)
            frontier = nxt
            if not frontier:
                break
        return []

    def _named(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        found = [e for e in self._actors([token], depth=depth + 1) if id(e) not in excluded]
        return found

    def _loyal_to(self, token: Token, excluded: set[int], depth: int) -> list[Entity]:
        """"forces loyal to X", "troops backing X": a side named by whom it serves."""
        for child in token.children:
            if child.dep_ == "amod" and child.lower_ in ("loyal", "allied", "close", "faithful"):
                objs = self._prep_objects((child,), {"to", "with"})
                found = [e for e in self._actors(objs, depth=depth + 1) if id(e) not in excluded]
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
                found = [owner] if owner is not None else list(self._actors([child], depth=depth + 1))
                found = [e for e in found if id(e) not in excluded]
                if found:
                    return found
        return []

    # == output ===============================================================================
    def _emit(self, subjects, relation, objects, span, rule_id, confidence, anchor: Token, *,
              intransitive: bool = False) -> list[Found]:
        if not subjects:
            return []
        if not objects:
            if not intransitive:
                return []
            objects = None
        if self._reported(anchor):
            confidence *= REPORTED_FACTOR
        return [Found(tuple(subjects), relation, objects, span, rule_id, round(confidence, 3))]


_AGENT_ORDER = {"poss": 0, "agent": 1, "prep": 2, "pcomp": 3, "ccomp": 4, "attr": 5, "acomp": 6, "pobj": 7}
