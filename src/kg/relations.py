"""Find frames in a parsed sentence with dependency rules: the trigger and its roles, as words.

Each finder reads one construction off the parse: a verb with its subject and object
(active or passive, in a relative or participial clause, with the subject shared by
coordination or control: "continue to stand by X"), an act noun with its actor and target
("X's support for Y", "the backing of X", "declared his support for Y", "has the support of
X"), an actor noun ("X, an ally of Y"), a modifier ("the Kremlin-backed Y") and a state of
mind ("A is concerned by B's crackdown"). Relations stated by labelling (name-calling, claims
of legitimacy) are `kg.speech`, noun triggers `kg.nounframes`, supply and expulsion
`kg.deeds`. An act that is negated, modal, hypothetical, wished, urged,
expected, failed or refused yields nothing (`kg.syntax.Blocker`).

The finders name no actor: a `kg.frames.Frame` holds tokens, and `kg.claims` resolves them.
The only thing they ask of the mentions is whether a word is a name.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Span, Token

from kg.columns import columns
from kg.frames import Frame, Role
from kg.deeds import Deeds
from kg.mentions import Entities
from kg.nounframes import NounFrames, unauthored
from kg.rules import Rules
from kg.syntax import (SUBJECTS, Blocker, agents, forms, is_passive, prep_children, prep_objects,
                       subject_tokens)
from kg.speech import Speech
from kg.triggers import Lexicon
from kg.types import ActorType, Relation

REPORTED_FACTOR = 0.9
MISSPELT_FACTOR = 0.9


CONTRASTS = {"while", "whereas", "although", "though"}  # "B followed, while C said it would not"
MANNER_NOUNS = {"term", "terms", "voice", "force", "vigour", "vigor", "word", "words"}  # "in the strongest terms"


def _perfect_read_as_adjective(verb: Token) -> Token | None:
    """"A and B, which have long backed X, …": the parser reads "have" as the verb and "backed" as
    an adjective of its object X. Return that "have" (whose subject does the act on X), or None."""
    if verb.dep_ != "amod" or verb.tag_ not in ("VBN", "VBD") or verb.head.dep_ != "dobj" or verb.i > verb.head.i:
        return None
    have = verb.head.head
    between = verb.doc[have.i + 1: verb.i]
    if have.lemma_ != "have" or have.i > verb.i or not all(t.pos_ == "ADV" for t in between):
        return None
    return have


def _modifier_read_as_verb(verb: Token) -> list[Token]:
    """"Chad accuses neighbouring Sudan of …": the parser reads the participle right after the
    verb ("neighbouring", "ruling") as a verb of its own, whose object is the verb's object."""
    return [o for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i == verb.i + 1
            and not any(g.dep_ in ("aux", "nsubj") for g in c.children)
            for o in c.children if o.dep_ == "dobj" and o.i == c.i + 1 and o.pos_ == "PROPN"]


class Finder:
    """The frames of each sentence, in the order of their triggers."""

    def __init__(self, entities: Entities, rules: Rules, lexicon: Lexicon) -> None:
        self.ents, self.rules, self.lex = entities, rules, lexicon
        self.block = Blocker(rules.cues)
        self.speech = Speech(self.block, rules, self._frame, entities.entity_at)  # name-calling, legitimacy
        self.nouns = NounFrames(self.block, rules, self._frame, entities.entity_at)  # act and actor nouns
        self.deeds = Deeds(self.block, rules, lexicon, self._frame)  # supply, expulsion

    def find(self, sent: Span) -> Iterator[Frame]:
        """The sentence's frames, one at a time: a frame is resolved before the next is read,
        so that what resolution learns (a surname, a new name) holds for the rest."""
        spec, doc = self.rules.defection_frame, sent.doc
        cols = columns(doc)
        cues = None  # read on the sentence's first frame that may be a defection (most have none)
        for frame in self._frames_of(sent):
            if frame.relation in (Relation.SUPPORTS, None):
                if cues is None:
                    cues = [doc[i] for i in range(sent.start, sent.end)
                            if self.lex.lemma_of(cols.lemma_lower[i], cols.lower[i]) in spec.nouns
                            and not self.block.noun_blocked(doc[i])]
                defection = self._defection(sent.doc[frame.trigger[0]], cues)
                frame = replace(frame, defection=defection) if defection else frame
            yield frame

    def _frames_of(self, sent: Span) -> Iterator[Frame]:
        doc = sent.doc
        cols = columns(doc)
        pos, tag, text, lower, lemma_lower = cols.pos, cols.tag, cols.text, cols.lower, cols.lemma_lower
        adjectives = self.lex.adjectives
        # an epithet's word is a child of its noun (or a conjunct of one): in the same sentence
        epithets = not self.rules.name_calling.nouns.isdisjoint(lower[sent.start:sent.end])
        for i in range(sent.start, sent.end):
            verb = pos[i] in ("VERB", "AUX") or (tag[i].startswith("VB") and pos[i] != "NOUN")
            if not (verb or pos[i] in ("NOUN", "PROPN") or lower[i] in adjectives or (i >= 2 and text[i - 1] == "-")):
                continue  # no rule below reads this token (a modifier needs "-" before it: _backed_modifier)
            token = doc[i]
            lemma = self.lex.lemma_of(lemma_lower[i], lower[i])
            if verb:
                for rule in self.lex.verbs.get(lemma, ()):
                    yield from self._verb(token, rule)
                yield from self.speech.name_calling(token)
                yield from self.speech.branded_in_speech(token)
                yield from self.speech.legitimacy(token)
                yield from self.speech.hailed_as(token)
                yield from self.deeds.supply(token)
                yield from self.deeds.expelled(token)
                yield from self._followed_suit(token)
            if i >= 2 and text[i - 1] == "-":  # (what _backed_modifier asks first)
                yield from self._backed_modifier(token)
            if epithets and token.pos_ in ("NOUN", "PROPN"):
                yield from self.speech.epithet(token)
            for rule in self.lex.adjectives.get(token.lower_, ()):
                yield from self._adjective(token, rule)
            if token.pos_ in ("NOUN", "PROPN"):
                for rule in self.lex.nouns.get(lemma, ()):
                    yield from self.nouns.act(token, rule)
                for rule in self.lex.agents.get(lemma, ()):
                    yield from self.nouns.holder(token, rule)

    def _frame(self, agent: Role, relation: Relation, patient: Role, span: tuple[int, int], rule_id: str,
               confidence: float, anchor: Token, **constraints) -> list[Frame]:
        if self.block.reported(anchor):
            confidence *= REPORTED_FACTOR
        if self.lex.misspelt(anchor):
            confidence *= MISSPELT_FACTOR  # "regonise": read as "recognise", with a little less trust
        return [Frame(relation, rule_id, confidence, span, anchor, agent, patient, **constraints)]

    def _backed_modifier(self, word: Token) -> list[Frame]:
        """"the Iran-backed Houthi movement": Iran supports the Houthis; "the Gbagbo-allied
        council": the council supports Gbagbo; "the EU-recognised prime minister X"."""
        if word.i < 2 or word.nbor(-1).text != "-":
            return []
        found: list[Frame] = []
        for spec in self.rules.modifiers:
            if word.lower_ not in spec.words:
                continue
            head = word.head if word.dep_ in ("amod", "compound") else None
            if head is None:
                continue
            named, described = Role(modifier=word.nbor(-2)), Role((head,))
            if spec.reverse:  # "the X-allied council": the council is X's ally
                found += self._frame(described, spec.relation, named, (word.i - 2, word.i + 1), spec.id,
                                     spec.confidence, word, patient_first=True)
            else:
                found += self._frame(named, spec.relation, described, (word.i - 2, word.i + 1), spec.id,
                                     spec.confidence, word)
        return found

    def _adjective(self, word: Token, rule) -> list[Frame]:
        """"A is gravely concerned by B's crackdown", "A was disappointed in B": A to B."""
        if word.tag_ not in ("JJ", "VBN") or self.block.blocked(word):
            return []
        holders = [c for c in word.children if c.dep_ in SUBJECTS]
        if not holders and word.dep_ == "acomp":
            holders = subject_tokens(word.head)
        targets = prep_objects((word,), rule.preps)
        if not targets and word.dep_ == "acomp":
            targets = prep_objects((word.head,), rule.preps)
        return self._frame(Role(tuple(holders)), rule.relation, Role(tuple(targets), act=True), (word.i, word.i + 1),
                           rule.id, rule.confidence, word)

    def _followed_suit(self, verb: Token) -> list[Frame]:
        """"Brazil recognised X, and Colombia quickly followed suit": the last act, new actor; so
        does a bare "Nicaragua followed in September"."""
        spec = self.rules.follow_suit
        verb_forms = forms(verb)
        if verb_forms.isdisjoint(spec.bare) and "do" not in verb_forms and not any(v in verb_forms for v, _ in spec.phrases):
            return []  # neither a bare "followed", "did so", nor a verb of the phrases: nothing below can hold
        objects_of = {c.lower_ for c in verb.children if c.dep_ == "dobj" and (
            c.lower_ in ("suit", "same", "lead", "example")  # "followed Moscow's lead", "… its example"
            or any(a.lower_ in ("same", "similar") for a in c.children))}  # "the same position"
        bare = verb_forms & spec.bare and verb.dep_ in ("ROOT", "conj") and not any(
            c.dep_ in ("dobj", "nsubjpass", "auxpass", "ccomp", "xcomp") or (c.dep_ == "advcl" and not any(
                m.dep_ == "mark" and m.lower_ in CONTRASTS for m in c.children)) for c in verb.children)
        # "X was the first to recognise Y, followed by Z in July": the participle's by-phrase follows
        participle = verb_forms & spec.bare and verb.tag_ == "VBN" and (
            verb.dep_ in ("acl", "advcl", "conj") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
            or is_passive(verb))  # "It was followed within a week by Malaysia, Indonesia and Iraq"
        if participle:
            doers = agents(verb)
            if not doers or self.block.blocked(verb):
                return []
            return [Frame(None, spec.id, spec.confidence, (verb.i, verb.i + 2), verb, Role(tuple(doers)), follows=True)]
        did_so = verb.lemma_ == "do" and verb.pos_ == "VERB" and any(
            c.dep_ == "advmod" and c.lower_ == "so" for c in verb.children)  # "Karesia and Lumia did so in December",
        # "France became the first Western country to do so"
        if not (bare or did_so or any(v in verb_forms and o in objects_of for v, o in spec.phrases)) \
                or self.block.blocked(verb):
            return []
        doers = subject_tokens(verb) + self._ellipsis_subjects(verb)  # "X sent a similar message, as did Y"
        # "Recognition by A, B and C followed within days": the act's authors follow
        doers = [a for d in doers for a in (prep_objects((d,), {"by"}) if self.lex.nouns.get(d.lemma_.lower())
                                            else []) or [d]]
        return [Frame(None, spec.id, spec.confidence, (verb.i, verb.i + 2), verb, Role(tuple(doers)), follows=True)]

    def _verb(self, verb: Token, rule) -> list[Frame]:
        particle = next((c for c in verb.children if c.dep_ in ("prt", "advmod", "prep") and c.lower_ == rule.particle), None)
        if rule.particle and particle is None:
            return []
        if particle is not None and particle.dep_ == "prep" and any(c.dep_ == "pobj" for c in particle.children):
            return []  # "crossed over the river": a preposition with its object, not a particle
        carrier = verb
        if rule.dobj:
            candidates = [c for c in verb.children if c.dep_ == "dobj"]
            candidates += [g for c in verb.children if c.dep_ in ("prep", "prt") for g in c.children if g.dep_ == "pobj"]
            carrier = next((c for c in candidates if forms(c) & set(rule.dobj)), None)  # "threw in his lot with"
            if carrier is None:
                return []
        why = self.block.blocked(verb)
        if why:
            return []
        if any(c.dep_ == "prep" and c.lower_ in rule.unless_preps
               and not any(o.ent_type_ in ("DATE", "TIME") for o in c.children)
               for c in (*verb.children, *(g for d in verb.children if d.dep_ == "dobj" and d.pos_ == "NOUN"
                                          and forms(d) & self.rules.condemnable_acts for g in d.children))):
            return []  # "recognised for his work": praise, not recognition of a government; "blamed the
            # attack on X": X is blamed (the parser may hang "on X" on the act)
        if rule.relation is Relation.DEFECTS_TO and any(
                c.dep_ == "prep" and c.lower_ == "in" and any(g.dep_ == "pcomp" for g in c.children)
                for c in verb.children):
            return []  # "A joined B in condemning X": joined in an act, not a side
        passive = is_passive(verb)
        if passive:
            subj_tokens = agents(verb)
            obj_tokens = [c for c in verb.children if c.dep_ == "nsubjpass"]
            if not obj_tokens and verb.dep_ in ("acl", "relcl"):
                obj_tokens = [verb.head]
            elif not obj_tokens and verb.dep_ == "conj":  # "X, who declared … and was recognised by Y"
                obj_tokens = [c for c in verb.head.children if c.dep_ in SUBJECTS]
        elif (have := _perfect_read_as_adjective(verb)) is not None:
            subj_tokens, obj_tokens = subject_tokens(have), [verb.head]  # "which have long backed X"
        else:
            subj_tokens = subject_tokens(verb)
            if not subj_tokens and rule.intransitive and verb.dep_ == "acl" and verb.tag_ == "VBN":
                subj_tokens = [verb.head]  # "Two commanders, A and B, defected": a verb read as a participle
            if rule.preps:
                obj_tokens = prep_objects((verb, carrier, *([particle] if particle is not None else [])), rule.preps)
                if not obj_tokens and not rule.dobj:  # "blamed the attack on X": the PP hangs on the object
                    obj_tokens = prep_objects([c for c in verb.children if c.dep_ == "dobj"], rule.preps)
                if not obj_tokens and not rule.dobj:  # "stand united with X", "stand firmly behind X"
                    obj_tokens = prep_objects([c for c in verb.children if c.i > verb.i and (
                        c.dep_ in ("acomp", "advmod", "oprd") or c.dep_ == "advcl" and c.i == verb.i + 1
                        and not any(g.dep_ in SUBJECTS or g.dep_ in ("aux", "mark") for g in c.children))],
                        rule.preps)  # ("stood united with X", "united" read as a clause of its own)
            else:
                obj_tokens = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
                obj_tokens = obj_tokens or self._what_they_called(verb) or self._clause_subject_object(verb) \
                    or self._after_manner(verb) or _modifier_read_as_verb(verb)
        if rule.prep_heads:  # "came down on the side of Britain": Britain
            obj_tokens = [o for t in obj_tokens if t.lemma_.lower() in rule.prep_heads
                          for o in (prep_objects((t,), {"of"}) or [c for c in t.children if c.dep_ == "poss"])]
            if not obj_tokens:
                return []
        if rule.unless_honours and any(forms(o) & set(rule.unless_honours) for p in prep_children(verb, {"with"})
                                       for o in p.children if o.dep_ == "pobj"):
            return []  # "recognised X with the Nobel Peace Prize": honoured, not recognised as a leader
        subj_tokens = [t for t in subj_tokens if t not in obj_tokens]  # "fight alongside X": X is no companion
        if rule.unauthored and len(obj_tokens) == 1 and obj_tokens[0].lower_ in ("it", "this"):
            act = self._act_before(obj_tokens[0])  # "Tinubu also condemned it": the bombing
            if act is not None:
                obj_tokens = [act]
        if rule.unless_objects and any(forms(t) & set(rule.unless_objects) for t in obj_tokens):
            return []  # "recognised X's role in the struggle": acknowledged, not recognised as a leader
        if rule.object_acts:  # "welcomed X's decision": the act's author, and only for such acts
            obj_tokens = [t for t in obj_tokens if forms(t) & set(rule.object_acts)]
            if not obj_tokens:
                return []
        abandoned: tuple[Token, ...] = ()
        if rule.abandons:  # "broke with X": X is the side left; the side joined is unstated
            if not obj_tokens:
                return []
            if rule.object_types:  # "left the party", not "left the country"
                abandoned = tuple(obj_tokens)
            obj_tokens = []
        if any(c.lower_ == "neither" for t in subj_tokens for c in t.children):
            return []  # "Neither Belize nor Chile has recognised X"
        filtered = (rule.object_heads or rule.object_types) and not rule.abandons
        departed = False
        if filtered and rule.switch and not self._leaves(verb) and not self._member_elsewhere(subj_tokens, obj_tokens):
            # "joined B" is a defection only beside a verb of leaving, or by a member of another side,
            # or where the article says elsewhere that the one who joins or founds B left a side
            departed = True
        subj_tokens = subj_tokens + self._ellipsis_subjects(verb)
        end = verb.i + 1
        if rule.dobj or rule.preps or rule.particle:
            tail = [c for c in verb.children if c.dep_ in ("prt", "dobj", "prep") and
                    (c.lower_ in rule.preps or c.dep_ != "prep")]
            end = max([end] + [c.i + 1 for c in tail if c.i > verb.i and c.i - verb.i < 6])
        agent = Role(tuple(subj_tokens), classes=(verb, *obj_tokens), each=True)
        patient = Role(tuple(obj_tokens), act=True, side=rule.relation is Relation.DEFECTS_TO)
        return self._frame(agent, rule.relation, patient, (verb.i, end), rule.id, rule.confidence, verb,
                           intransitive=(rule.intransitive or rule.abandons) and not obj_tokens,
                           unauthored=rule.unauthored and unauthored(obj_tokens, self.rules),
                           reciprocal=rule.reciprocal and not obj_tokens,
                           # "Several Democrats switched to the Republican Party … A and B crossed over
                           # in 1995": going over with no side named goes where the others just went
                           implied=rule.relation is Relation.DEFECTS_TO and rule.intransitive
                           and not rule.abandons and not obj_tokens,
                           abandoned=abandoned, abandoned_types=rule.object_types if abandoned else (), departed=departed,
                           object_heads=rule.object_heads if filtered else (),
                           object_types=rule.object_types if filtered else ())

    def _act_before(self, pronoun: Token) -> Token | None:
        """The act an "it" stands for: the last act noun before it, in its sentence or the one
        before ("… condemned the bombing. President X also condemned it")."""
        sent = pronoun.sent
        start = sent.doc[sent.start - 1].sent.start if sent.start else sent.start
        for i in range(pronoun.i - 1, start - 1, -1):
            token = sent.doc[i]
            if token.pos_ == "NOUN" and forms(token) & self.rules.condemnable_acts:
                return token
        return None

    def _member_elsewhere(self, subjects, objects) -> bool:
        """Whether the one who joins is described as of another party or of the opposition ("Two
        Patriotic Front lawmakers said they were joining B", "the Conservative MP X joined B")."""
        joined = {id(e) for o in objects if (e := self.ents.entity_at(o)) is not None}
        for subject in subjects:
            if subject.lower_ in ("they", "he", "she"):  # "… said they were joining": who said so
                node = subject.head
                while node.dep_ in ("ccomp", "conj", "xcomp") and node.head.i != node.i:
                    node = node.head
                subject = next((c for c in node.children if c.dep_ == "nsubj"), subject)
            named = self.ents.entity_at(subject)
            if subject.lemma_.lower() not in self.rules.person_roles and (named is None or named.type is not ActorType.PERSON):
                continue  # a lawmaker or a person, not "the UK Government joins ECOWAS in …"
            for mod in (c for t in (subject, *subject.conjuncts) for c in t.children
                        if c.dep_ in ("compound", "amod", "nmod") and c.i < t.i):
                if mod.lower_ == "opposition":
                    return True
                side = self.ents.entity_at(mod)
                if side is not None and side.type is ActorType.ORGANISATION and id(side) not in joined:
                    return True
        return False

    def _leaves(self, verb: Token) -> bool:
        """Whether `verb` ("join") goes with a verb of leaving: "quit A to join B", "left A and
        joined B", "broke away from A and joined B", "crossed the floor to join B"."""
        related = [verb.head] if verb.dep_ in ("xcomp", "advcl", "conj") else []
        if related and verb.head.tag_ == "VBG" and verb.head.dep_ in ("advcl", "xcomp"):
            related.append(verb.head.head)  # "quit A, taking ten MPs with him to form B"
        related += [c for c in verb.children if c.dep_ in ("conj", "advcl")]
        return any(self.lex.lemma(r) in self.rules.leave_verbs or (  # "crossed the floor to join B"
            self.lex.lemma(r) == "cross" and any(c.lower_ in ("floor", "over") for c in r.children)) for r in related)

    @staticmethod
    def _clause_subject_object(verb: Token) -> list[Token]:
        """"EU condemns Russia's actions in Ukraine, calls for dialogue": a headline's object the
        parser made the subject of the next verb, right after the trigger."""
        for clause in verb.children:
            if clause.dep_ == "ccomp" and clause.i > verb.i:
                subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
                if subject is not None and subject.left_edge.i == verb.i + 1 and subject.pos_ in ("NOUN", "PROPN"):
                    return [subject]
        return []

    @staticmethod
    def _after_manner(verb: Token) -> list[Token]:
        """"condemns in the strongest terms the operation launched by X": the object after a
        phrase of manner, which the parser hangs inside that phrase."""
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "with") and c.i > verb.i):
            for manner in (o for o in prep.children if o.dep_ == "pobj" and o.lemma_.lower() in MANNER_NOUNS):
                after = [t for t in manner.subtree if t.i > manner.i and t.pos_ in ("NOUN", "PROPN")
                         and t.dep_ in ("nsubj", "nsubjpass", "appos", "dobj", "npadvmod")]
                if after:
                    return after[:1]
        return []

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
                    any(c.dep_ == "mark" and c.lower_ == "as" for c in clause.children) and not self.block.blocked(clause):
                out += [c for c in clause.children if c.dep_ == "nsubj"]
        return out




    def _defection(self, trigger: Token, cues: list[Token]) -> tuple[tuple[Token, ...] | None, ...]:
        """When support is also a defection, as words that must name one of the supporters, or
        None when nothing more need hold."""
        spec = self.rules.defection_frame
        if trigger.dep_ in ("advcl", "xcomp", "conj") and self.lex.lemma(trigger.head) in spec.leave_verbs \
                and not any(c.dep_ in SUBJECTS for c in trigger.children):  # the one who left backs X
            return (None,)  # "resigned from the cabinet to back X", "quit the party and endorsed X"
        out: list[tuple[Token, ...] | None] = []
        for cue in cues:
            # "in the most high-profile defection yet, X declared his support for Y"
            if cue.dep_ == "pobj" and cue.head.lower_ in spec.frame_preps:
                if cue.head.head.i in (trigger.i, trigger.head.i):
                    return (*out, None)
            # "the most senior defector has been X, who … threw his support behind Y"
            elif cue.dep_ in SUBJECTS and cue.head.lemma_ == "be":
                out.append(tuple(c for c in cue.head.children if c.dep_ == "attr"))
            elif cue.dep_ == "attr":
                out.append(tuple(c for c in cue.head.children if c.dep_ in SUBJECTS))
        return tuple(out)
