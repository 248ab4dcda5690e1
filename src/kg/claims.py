"""The claims stage: frames in, relations between actors out, then claim records.

Each role of a `kg.frames.Frame` is resolved to the actors its words name (`kg.arguments`:
names, coreference, coordination, apposition, lists, the author of an act), and the frame's
constraints are applied ("left the party", not "left the country"). What holds becomes a
`Found`; `records` turns it into `Claim`s that keep the evidence. The stage remembers what the
sentences before said, for the constructions that point back: "followed suit", "also granted
recognition", and support that is also a defection.
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span

from kg.arguments import Arguments
from kg.columns import columns, sentences
from kg.coref import Coref
from kg.found import Found
from kg.frames import Frame, Role
from kg.mentions import Entities, Entity
from kg.rules import Rules
from kg.types import Article, Claim, Relation


class Claims:
    """Resolves the frames of one article, sentence after sentence, in reading order."""

    def __init__(self, entities: Entities, coref: Coref, rules: Rules) -> None:
        self.ents, self.rules = entities, rules
        self.args = Arguments(entities, coref, rules)
        self._last: list[Found] = []  # the relations of the last sentence that had any, for "followed suit"
        self._last_at = -10  # … and that sentence's index
        self._sentence = -1  # the index of the sentence being read
        self._recent: dict[Relation, tuple[int, tuple[Entity, ...]]] = {}  # relation -> (sentence start, objects)
        self._departed: dict[int, set[int]] = {}  # actor -> the sides the article says it left ("quit A")
        self._pending: list[Found] = []  # joined or founded a side: defections if they left one (`finish`)

    def read(self, frames: Iterable[Frame], trace: list[tuple[Frame, Found | None]] | None = None) -> list[Found]:
        """The relations one sentence's frames state; `trace` gets each frame with what it gave."""
        found: list[Found] = []
        framed: list[tuple[Frame, Found]] = []
        self._sentence += 1
        for frame in frames:
            relation = self._follow(frame, found) if frame.follows else self._resolve(frame)
            if trace is not None:
                trace.append((frame, relation))
            if relation is not None and frame.departed:
                self._pending.append(relation)
            elif frame.departure_only:
                pass  # "was expelled from A": recorded as a departure by _resolve, no relation
            elif relation is not None:
                found.append(relation)
                framed.append((frame, relation))
        found += [self._defection(f) for frame, f in framed
                  if f.relation is Relation.SUPPORTS and f.objects and self._defects(frame, f)]
        if found:
            self._last, self._last_at = found, self._sentence
        return found

    def finish(self) -> list[Found]:
        """After the last sentence: joining or founding a side is a defection by those the article
        says left one, before or after ("resigned from A in 1993 … the party he founded, B")."""
        out = []
        for found in self._pending:
            subjects = tuple(s for s in found.subjects if id(s) in self._departed and found.objects
                             and not any(id(o) in self._departed[id(s)] for o in found.objects))
            if subjects:  # "resigned from A … launched the new party": not A
                out.append(Found(subjects, found.relation, found.objects, found.trigger, found.rule, found.confidence))
        return out

    def _resolve(self, frame: Frame) -> Found | None:
        abandoned: tuple[Entity, ...] = ()
        if frame.abandoned:  # "left the party", not "left the country"
            abandoned = self.args.actors(frame.abandoned)
            if not any(o.type in frame.abandoned_types for o in abandoned):
                return None
        first, second = (frame.patient, frame.agent) if frame.patient_first else (frame.agent, frame.patient)
        resolved = self._role(first)
        if first.modifier is not None and not resolved:
            return None  # "the X-backed": X names no actor
        if frame.patient_first:
            objects = resolved
            subjects = self._role(second, exclude=objects)
        else:
            # the side left is not among those who leave it, unless that leaves no one (then
            # "broke with him" read "him" as the subject: a coreference slip, not a reason to drop)
            subjects = tuple(s for s in resolved if all(s is not a for a in abandoned)) or resolved
            objects = self._role(second, exclude=subjects)
        if frame.relation is Relation.DEFECTS_TO and objects and _new(frame.patient):
            # "resigned from A and launched the new party": not A
            left = {a for s in subjects for a in self._departed.get(id(s), ())}
            objects = tuple(o for o in objects if id(o) not in left)
        if frame.reciprocal and len(subjects) > 1:
            objects = subjects  # "Morocco and Iran restored diplomatic relations": each with the other
        if frame.object_heads or frame.object_types:  # "joined the opposition", not "joined the talks"
            objects = tuple(o for o in objects if o.display.split()[-1].lower() in frame.object_heads
                            or o.type in frame.object_types)
            if not objects:
                return None
        if not objects and frame.implied:
            objects = self._implied_object(frame)
        if objects:  # remembered even without a subject: "recognition of X was given by many states"
            self._recent[frame.relation] = (frame.anchor.sent.start, tuple(objects))
        if not subjects or not (objects or frame.intransitive or frame.unauthored):
            return None
        for subject in subjects if abandoned else ():
            self._departed.setdefault(id(subject), set()).update(id(a) for a in abandoned)
        return Found(tuple(subjects), frame.relation, tuple(objects) if objects else None, frame.trigger, frame.rule,
                     round(frame.confidence, 3))

    def _role(self, role: Role, exclude: tuple[Entity, ...] = ()) -> tuple[Entity, ...]:
        """The actors a role's words name."""
        if role.modifier is not None:
            named = self.ents.modifier_entity(role.modifier)
            return (named,) if named is not None else ()
        if role.each:  # "A and other countries, including B": names, and a list for the rest
            named = [(t, self.args.actors([t], act=role.act, exclude=exclude)) for t in role.tokens]
            out: tuple[Entity, ...] = ()
            for _, found in named:
                out += tuple(e for e in found if all(e is not o for o in out))
            unnamed = [t for t, found in named if not found]
            if unnamed:
                out += tuple(e for e in self.args.class_list(unnamed, role.classes) if all(e is not o for o in out))
            return out
        out = self.args.actors(role.tokens, act=role.act, exclude=exclude)
        if role.listed is not None:
            out = tuple({id(e): e for e in (*out, *self.args.listed(role.listed))}.values())
        if not out and role.classes:
            out = self.args.class_list(role.tokens, role.classes)
        if not out and role.side:  # "joined the ranks of the revolution"
            out = tuple(e for e in map(self.ents.described_side, role.tokens) if e is not None)
        return out

    def _follow(self, frame: Frame, so_far: list[Found]) -> Found | None:
        """"Brazil recognised X, and Colombia quickly followed suit": the last act, new actor,
        in this sentence or in one of the two before it."""
        previous = so_far or (self._last if self._sentence - self._last_at <= 2 else [])
        if not previous:
            return None
        subjects = self.args.actors(frame.agent.tokens)
        if not subjects:
            return None
        last = previous[-1]
        objects = tuple(o for o in last.objects if all(o is not s for s in subjects)) if last.objects else None
        if last.objects and not objects:
            return None
        return Found(subjects, last.relation, objects, frame.trigger, frame.rule,
                     round(min(last.confidence, frame.confidence), 3))

    def _implied_object(self, frame: Frame) -> tuple[Entity, ...]:
        """"… recognised the NTC. Kosovo and Palestine also granted recognition": an act with no
        object stated takes the object of the same act in this or the two sentences before."""
        recent = self._recent.get(frame.relation)
        sents = sentences(frame.anchor.doc)
        here = next(i for i, s in enumerate(sents) if s.start <= frame.anchor.i < s.end)
        back = 4 if frame.relation is Relation.DEFECTS_TO else 2  # (a paragraph of switchers after its lead)
        if recent is None or recent[0] < sents[max(0, here - back)].start:
            return ()
        return recent[1]

    def _defects(self, frame: Frame, found: Found) -> bool:
        """Whether support is also a defection: "in the most high-profile defection yet, X
        declared his support for Y", "the most senior defector has been X, who backed Y"."""
        for words in frame.defection:
            if words is None:
                return True
            named = self.args.actors(words)
            if set(map(id, named)) & set(map(id, found.subjects)):
                return True
        return False

    def _defection(self, found: Found) -> Found:
        spec = self.rules.defection_frame
        return Found(found.subjects, Relation.DEFECTS_TO, found.objects, found.trigger, spec.id,
                     min(found.confidence, spec.confidence))


def _new(role: Role) -> bool:
    """Whether the role's words describe something new ("the new party")."""
    return any(c.dep_ == "amod" and c.lower_ == "new" for t in role.tokens for c in t.children)


def records(found: Found, sent: Span, article: Article, doc: Doc) -> Iterable[Claim]:
    """The claims of one relation, one per subject and object, with their evidence."""
    start, end = found.trigger
    trigger = doc[start:end]
    text = article.text[sent.start_char:sent.end_char].strip()  # the article's own words, not the parser's
    sent_text = columns(doc).doc_text(doc)[sent.start_char:sent.end_char]  # sent.text, without a Token each
    offset = sent.start_char + (len(sent_text) - len(sent_text.lstrip()))
    for subject in found.subjects:
        for obj in (found.objects if found.objects is not None else (None,)):
            if obj is not None and obj.key == subject.key:
                continue
            yield Claim(
                article_id=article.id, subject=subject.key, relation=found.relation,
                object=obj.key if obj is not None else None, sentence=text,
                sentence_start=offset, sentence_end=offset + len(text),
                trigger=article.text[trigger.start_char:trigger.end_char], trigger_start=trigger.start_char,
                trigger_end=trigger.end_char,
                rule=found.rule, confidence=found.confidence,
            )


def drop_unknown_when_known(claims: list[Claim]) -> list[Claim]:
    """"X has defected" adds nothing where the article says whom X defected to. A condemned act
    with no named author stays beside the subject's other condemnations in the article (another
    act), but not in a sentence that names whom the subject condemns ("deplored the attack,
    which it blamed on X")."""
    known = {(c.subject, c.relation) for c in claims if c.object is not None}
    in_sentence = {(c.subject, c.relation, c.sentence_start) for c in claims if c.object is not None}
    return [c for c in claims if c.object is not None
            or (c.relation is Relation.CONDEMNS and (c.subject, c.relation, c.sentence_start) not in in_sentence)
            or (c.relation is not Relation.CONDEMNS and (c.subject, c.relation) not in known)]
