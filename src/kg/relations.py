"""Find frames in a parsed sentence with dependency rules: the trigger and its roles, as words.

Each finder reads one construction off the parse: a verb with its subject and object
(active or passive, in a relative or participial clause, with the subject shared by
coordination or control: "continue to stand by X"), an act noun with its actor and target
("X's support for Y", "the backing of X", "declared his support for Y", "has the support of
X"), an actor noun ("X, an ally of Y"), a modifier ("the Kremlin-backed Y") and a state of
mind ("A is concerned by B's crackdown"). Relations stated by labelling (name-calling, claims
of legitimacy) are `kg.speech`. An act that is negated, modal, hypothetical, wished, urged,
expected, failed or refused yields nothing (`kg.syntax.Blocker`).

The finders name no actor: a `kg.frames.Frame` holds tokens, and `kg.claims` resolves them.
The only thing they ask of the mentions is whether a word is a name.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Span, Token

from kg.arguments import PARTITIVES
from kg.columns import columns
from kg.frames import NOBODY, Frame, Role
from kg.mentions import Entities
from kg.rules import Rules
from kg.syntax import (STATEMENTS, SUBJECTS, Blocker, agents, clause_of, companions, forms, is_passive, prep_children,
                       prep_objects, subject_tokens)
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


class Finder:
    """The frames of each sentence, in the order of their triggers."""

    def __init__(self, entities: Entities, rules: Rules, lexicon: Lexicon) -> None:
        self.ents, self.rules, self.lex = entities, rules, lexicon
        self.block = Blocker(rules.cues)
        self.speech = Speech(self.block, rules, self._frame, entities.entity_at)  # name-calling, legitimacy

    def find(self, sent: Span) -> Iterator[Frame]:
        """The sentence's frames, one at a time: a frame is resolved before the next is read,
        so that what resolution learns (a surname, a new name) holds for the rest."""
        spec, doc = self.rules.defection_frame, sent.doc
        cols = columns(doc)
        cues = [doc[i] for i in range(sent.start, sent.end)
                if self.lex.lemma_of(cols.lemma_lower[i], cols.lower[i]) in spec.nouns
                and not self.block.noun_blocked(doc[i])]
        for frame in self._frames_of(sent):
            if frame.relation in (Relation.SUPPORTS, None):
                defection = self._defection(sent.doc[frame.trigger[0]], cues)
                frame = replace(frame, defection=defection) if defection else frame
            yield frame

    def _frames_of(self, sent: Span) -> Iterator[Frame]:
        doc = sent.doc
        cols = columns(doc)
        pos, tag, text, lower, lemma_lower = cols.pos, cols.tag, cols.text, cols.lower, cols.lemma_lower
        adjectives = self.lex.adjectives
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
                yield from self._supply(token)
                yield from self._expelled(token)
                yield from self._followed_suit(token)
            yield from self._backed_modifier(token)
            if token.pos_ in ("NOUN", "PROPN"):
                yield from self.speech.epithet(token)
            for rule in self.lex.adjectives.get(token.lower_, ()):
                yield from self._adjective(token, rule)
            if token.pos_ in ("NOUN", "PROPN"):
                for rule in self.lex.nouns.get(lemma, ()):
                    yield from self._noun(token, rule)
                for rule in self.lex.agents.get(lemma, ()):
                    yield from self._agent_noun(token, rule)

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
        objects_of = {c.lower_ for c in verb.children if c.dep_ == "dobj" and (
            c.lower_ in ("suit", "same") or any(a.lower_ in ("same", "similar") for a in c.children))}  # "the same position"
        bare = forms(verb) & spec.bare and verb.dep_ in ("ROOT", "conj") and not any(
            c.dep_ in ("dobj", "nsubjpass", "auxpass", "ccomp", "xcomp") or (c.dep_ == "advcl" and not any(
                m.dep_ == "mark" and m.lower_ in CONTRASTS for m in c.children)) for c in verb.children)
        if not (bare or any(v in forms(verb) and o in objects_of for v, o in spec.phrases)) or self.block.blocked(verb):
            return []
        doers = subject_tokens(verb) + self._ellipsis_subjects(verb)  # "X sent a similar message, as did Y"
        return [Frame(None, spec.id, spec.confidence, (verb.i, verb.i + 2), verb, Role(tuple(doers)), follows=True)]

    def _verb(self, verb: Token, rule) -> list[Frame]:
        particle = next((c for c in verb.children if c.dep_ in ("prt", "advmod", "prep") and c.lower_ == rule.particle), None)
        if rule.particle and particle is None:
            return []
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
               and not any(o.ent_type_ in ("DATE", "TIME") for o in c.children) for c in verb.children):
            return []  # "recognised for his work": praise, not recognition of a government
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
                    obj_tokens = prep_objects([c for c in verb.children if c.dep_ in ("acomp", "advmod", "oprd")
                                               and c.i > verb.i], rule.preps)
            else:
                obj_tokens = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
                obj_tokens = obj_tokens or self._what_they_called(verb) or self._clause_subject_object(verb) \
                    or self._after_manner(verb)
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
                           unauthored=rule.unauthored and self._unauthored(obj_tokens),
                           reciprocal=rule.reciprocal and not obj_tokens,
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

    def _unauthored(self, tokens) -> bool:
        """Whether the words name an act whose author the text may not give ("condemned the
        takeover", "the violence"): with no author found, the act is condemned with no object."""
        return any(t.pos_ == "NOUN" and forms(t) & self.rules.condemnable_acts for t in tokens)

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


    def _noun(self, noun: Token, rule) -> list[Frame]:
        if self.block.noun_blocked(noun):
            return []
        anchor = noun  # "expressed its support and solidarity with X": the nouns share the verb and the PP
        while anchor.dep_ == "conj" and anchor.head.pos_ in ("NOUN", "PROPN") and anchor.head.i != anchor.i \
                and not _own_determiner(anchor):  # (not "X's backing and the support of Y": two phrases)
            anchor = anchor.head
        nouns = (anchor, *(c for c in anchor.conjuncts if not _own_determiner(c)))
        verb = anchor.head if anchor.dep_ in ("dobj", "nsubjpass") else None
        if anchor.dep_ == "pobj" and anchor.head.lower_ == "with" and anchor.head.head.lemma_ == "meet" \
                and is_passive(anchor.head.head):
            verb = anchor.head.head  # "the annexation was met with condemnation by A": received, as "drew"
        poss = [c for c in anchor.children if c.dep_ == "poss"]
        start, end = noun.i, noun.i + 1
        assured = self._assured(noun)
        thanked = self._thanked(noun)
        if assured is not None:  # "Putin assured Lukashenko of Moscow's support"
            verb, target = assured
            if self.block.blocked(verb):
                return []
            subj_tokens = poss or subject_tokens(verb)
            obj_tokens = [target]
            start = verb.i
        elif thanked is not None:  # "Zelensky thanked Britain for its support"
            verb, giver = thanked
            if self.block.blocked(verb):
                return []
            # (the support's own object when it names one: "thank A for their support for X")
            subj_tokens, obj_tokens = [giver], prep_objects(nouns, rule.object_preps) or subject_tokens(verb)
            start = verb.i
        elif verb is not None and forms(verb) & self.rules.give_verbs:
            if self.block.blocked(verb):
                return []
            owners = [p for p in poss if p.pos_ != "PRON"]  # "reaffirmed the military's loyalty to X"
            givers = prep_objects((noun, verb), set(rule.agent_preps) - {"of"})  # "gave endorsement by X to Y"
            obj_tokens = prep_objects((*nouns, verb), set(rule.object_preps) | {"of", "to"})  # "granted recognition to X"
            of_phrase = prep_objects(nouns, {"of"})
            if "of" in rule.agent_preps and of_phrase:  # (the parser may hang "for Y" on X: "of X for Y")
                obj_tokens += [t for t in prep_objects(of_phrase, set(rule.object_preps) - {"of"}) if t not in obj_tokens]
            if "of" in rule.agent_preps and of_phrase and any(t not in of_phrase for t in obj_tokens):
                # "reaffirmed the support of the United States for Ukraine": of whom, and for whom
                givers = givers or of_phrase
                obj_tokens = [t for t in obj_tokens if t not in of_phrase]
            subj_tokens = owners or givers or subject_tokens(verb) or poss
            start = verb.i
        elif verb is not None and (forms(verb) & self.rules.receive_verbs or verb.lemma_ == "meet"):
            if self.block.blocked(verb):
                return []
            if verb.lemma_ == "meet":  # "X was met with condemnation by A and B"
                obj_tokens = [c for c in verb.children if c.dep_ == "nsubjpass"]
                subj_tokens = prep_objects((noun, verb), {"by", "from"})
            else:
                obj_tokens = subject_tokens(verb)
                subj_tokens = prep_objects((noun, verb), {"of", "from"})
            start = verb.i
        elif noun.dep_ == "pobj" and noun.head.lower_ == "of" and forms(noun.head.head) & STATEMENTS and not poss:
            statement = noun.head.head  # "issued a statement of support for X": the issuer
            verb = statement.head if statement.dep_ in ("dobj", "nsubjpass") else None
            if verb is None or self.block.blocked(verb):
                return []
            subj_tokens = subject_tokens(verb)
            obj_tokens = prep_objects(nouns, rule.object_preps)
            if not obj_tokens and forms(verb) & self.rules.give_verbs:
                # "sent Tokayev a message of support", "sent a letter of support to X": its addressee
                obj_tokens = [c for c in verb.children if c.dep_ in ("dative", "iobj") and c.lower_ != "to"] \
                    or prep_objects((statement, verb), {"to"})
            start = verb.i
        elif noun.dep_ == "pobj" and noun.head.lower_ == "in" and not poss:
            clause = clause_of(noun)  # "X came out in support of Y", "thousands marched in support of Y"
            if clause is None or self.block.blocked(clause):
                return []
            subj_tokens = subject_tokens(clause)
            obj_tokens = prep_objects((noun,), set(rule.object_preps) | {"of"})
        else:
            owners = [p for p in poss if p.pos_ != "PRON" or p.lower_ in ("his", "her", "their", "its")]
            agent_preps = set(rule.agent_preps) - ({"of"} if owners else set())  # "X's backing of Y"
            subj_tokens = poss + prep_objects((noun,), agent_preps)
            obj_tokens = prep_objects(nouns, set(rule.object_preps) | ({"of"} if owners else set()))
            top = noun  # the coordination's head: "thanks to A's backing and the support of B"
            while top.dep_ == "conj" and top.head.i != top.i:
                top = top.head
            if not obj_tokens and top.dep_ == "pobj" and (top.head.lower_ in ("with", "despite", "through") or (
                    top.head.lower_ == "to" and top.head.head.lower_ in ("thanks", "due", "owing"))):
                # "X rose with the backing of Y", "despite support from Y", "thanks to Y's backing"
                clause = clause_of(top)
                if clause is not None and not self.block.blocked(clause):
                    obj_tokens = subject_tokens(clause)
        for prep in prep_children(noun, rule.object_preps):
            end = max(end, prep.i + 1)
        given = verb is not None and bool(forms(verb) & self.rules.give_verbs)
        light = verb is not None and bool(forms(verb) & (self.rules.give_verbs | self.rules.receive_verbs))
        agent = Role(tuple(subj_tokens), classes=(noun, *([verb] if verb is not None else [])))
        return self._frame(agent, rule.relation, Role(tuple(obj_tokens), act=True), (start, end), rule.id,
                           rule.confidence, noun,
                           intransitive=rule.intransitive and not obj_tokens and not light,
                           unauthored=rule.unauthored and self._unauthored(obj_tokens),
                           implied=given and not obj_tokens)  # "A and B also granted recognition"

    def _thanked(self, noun: Token) -> tuple[Token, Token] | None:
        if noun.dep_ == "pobj" and noun.head.lower_ == "for":
            verb = noun.head.head
            giver = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if giver is not None and forms(verb) & self.rules.thank_verbs:
                return verb, giver
            if verb.lower_ in self.rules.thank_words:  # "X is grateful to A and B for their support",
                giver = next(iter(prep_objects((verb,), {"to"})), None)  # "expressed its gratitude to A for …"
                if giver is not None:
                    return (verb.head if verb.dep_ in ("acomp", "dobj") else verb), giver
        return None

    def _assured(self, noun: Token) -> tuple[Token, Token] | None:
        if noun.dep_ == "pobj" and noun.head.lower_ == "of":
            target = noun.head.head
            verb = target.head
            if target.dep_ == "dobj" and forms(verb) & self.rules.assure_verbs:
                return verb, target
        return None


    def _agent_noun(self, noun: Token, rule) -> list[Frame]:
        """"X, an ally of Y", "X is a supporter of Y", "Y allies A and B"."""
        if self.block.noun_blocked(noun):
            return []
        holders: list[Token] = []
        role = noun
        while role.dep_ == "conj" and role.head.i != role.i:  # "X, a party leader and staunch Y loyalist"
            role = role.head
        if role.dep_ == "pobj" and role.head.lower_ == "of" and role.head.head.lemma_.lower() in PARTITIVES:
            role = role.head.head  # "X, one of Y's closest allies": "one" stands in the apposition
            if role.dep_ in ("appos", "attr"):
                holders.append(role.head if role.dep_ == "appos" else next(
                    (c for c in role.head.children if c.dep_ in SUBJECTS), role.head))
                role = noun
        if role is not noun and role.dep_ in ("appos", "attr"):
            holders.append(role.head if role.dep_ == "appos" else next(
                (c for c in role.head.children if c.dep_ in SUBJECTS), role.head))
        if noun.dep_ == "appos":
            holders.append(noun.head)
        elif noun.dep_ == "attr":
            holders += [c for c in noun.head.children if c.dep_ in SUBJECTS]
        elif noun.dep_ in SUBJECTS and noun.head.lemma_ == "be":
            holders += [c for c in noun.head.children if c.dep_ == "attr"]
        elif noun.dep_ in SUBJECTS and noun.head.lemma_ in ("include", "comprise"):
            holders += [c for c in noun.head.children if c.dep_ == "dobj"]  # "X's backers include A and B"
        holders += [c for c in noun.children if c.dep_ == "appos"]
        holders += self._fronted_holder(noun)
        # "Moscow had been Assad's most important backer, alongside Tehran": those beside the holder
        holders += [c for t in (noun, *([noun.head] if noun.dep_ == "attr" else [])) for c in companions(t)]
        if noun.dep_ in ("attr", "appos") or noun.head.lemma_ in ("be", "include", "comprise"):
            if self.block.blocked(noun.head):
                return []
        obj_tokens = prep_objects((noun,), rule.object_preps)
        obj_tokens += _whose(noun)
        first = noun  # "X's friend and ally": the possessive is shared by the coordinated nouns
        while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN") and first.head.i != first.i:
            first = first.head
        obj_tokens += [c for c in noun.children if c.dep_ in ("compound", "poss", "amod") and self.ents.entity_at(c)]
        if first is not noun and not obj_tokens and not any(c.dep_ == "det" for c in noun.children):
            # (not "Tajikistan's president and a close ally of Putin": a noun phrase of its own)
            obj_tokens += [c for c in first.children if c.dep_ == "poss" and self.ents.entity_at(c)]
        # the holders, and those the noun lists: "Maduro's allies, including Cuba and Nicaragua"
        return self._frame(Role(tuple(holders), listed=noun), rule.relation, Role(tuple(obj_tokens)),
                           (noun.i, noun.i + 1), rule.id, rule.confidence, noun)

    @staticmethod
    def _fronted_holder(noun: Token) -> list[Token]:
        """"A longtime backer of X, Y has …": a description opening the sentence, before a comma,
        describes the subject that follows it (the parser often makes it an object)."""
        sent = noun.sent
        first = next((t for t in sent if not (t.is_punct or t.is_space)), None)
        end = noun.right_edge.i + 1
        if first is None or noun.left_edge.i != first.i or end >= sent.end or noun.doc[end].text != ",":
            return []
        verb = noun.head if noun.dep_ != "ROOT" else noun
        return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > end]

    def _expelled(self, verb: Token) -> list[Frame]:
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

    def _supply(self, verb: Token) -> list[Frame]:
        """"Iran has supplied drones and ammunition to forces loyal to X": arms or aid to a side."""
        spec = self.rules.supply
        lemmas = forms(verb)
        if not lemmas & (spec.verbs | spec.with_verbs | spec.arm_verbs) or is_passive(verb):
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
            targets = prep_objects((verb, *goods), spec.preps) or [  # "sent troops to defend X's government"
                o for c in verb.children if c.dep_ in ("advcl", "xcomp") and forms(c) & PURPOSE_VERBS
                and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux")
                for o in c.children if o.dep_ == "dobj"]
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


PURPOSE_VERBS = {"defend", "help", "protect", "support", "back", "assist", "bolster", "shore", "prop", "reinforce"}


def _own_determiner(noun: Token) -> bool:
    """Whether a coordinated noun opens a phrase of its own ("the support of Y", "Y's backing"),
    not one that repeats the first's possessor ("its support and its solidarity with X")."""
    return any((c.dep_ == "det" and c.lower_ in ("the", "a", "an")) or (c.dep_ == "poss" and c.pos_ != "PRON")
               for c in noun.children)


def _whose(noun: Token) -> list[Token]:
    """"X, the commander whose backers include A and B": the one "whose" stands for (X)."""
    if not any(c.dep_ == "poss" and c.lower_ == "whose" for c in noun.children):
        return []
    clause = noun.head
    while clause.dep_ not in ("relcl", "ROOT") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "relcl":
        return []
    antecedent = clause.head
    return [antecedent.head if antecedent.dep_ == "appos" else antecedent]
