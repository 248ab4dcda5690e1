"""The predicate–argument layer: what a trigger says, before anyone is named.

A `Frame` is one relation mention read off the parse: the trigger, the relation and rule, and
two `Role`s (agent and patient) that hold only tokens. The finders (`kg.relations`,
`kg.speech`) make frames from syntax alone; `kg.claims` then resolves each role to the actors
it names (names, coreference, coordination, lists, the author of an act) and applies the
frame's constraints. Data flows one way: Doc → mentions → frames → claims.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from kg.types import ActorType, Relation


@dataclass(frozen=True)
class Role:
    """The words that fill one side of a frame, and how to read them."""

    tokens: tuple[Token, ...] = ()
    act: bool = False  # an act stands for its author: "condemned the junta's coup" -> the junta
    classes: tuple[Token, ...] = ()  # where a class noun's list may hang: "50 countries …, including A and B"
    each: bool = False  # fall back to the class list word by word ("A and other countries"), not as a whole
    listed: Token | None = None  # and the actors listed with this noun: "X's allies, including A and B"
    modifier: Token | None = None  # the actor a modifier names: "Kremlin" in "the Kremlin-backed"
    side: bool = False  # a side named by a description when no actor is: "joined the ranks of the revolution"


NOBODY = Role()


@dataclass(frozen=True)
class Frame:
    """A relation mention with its roles as tokens; `kg.claims` turns it into actors."""

    relation: Relation | None  # None: "followed suit", the relation of the last one found
    rule: str
    confidence: float
    trigger: tuple[int, int]  # token span of the trigger words
    anchor: Token  # the trigger's head word
    agent: Role
    patient: Role = NOBODY
    patient_first: bool = False  # resolve the patient first and keep it out of the agents ("the X-allied council")
    intransitive: bool = False  # kept with no object when none is stated: "X has defected"
    unauthored: bool = False  # the patient is an act with no named author: "condemned the takeover"
    reciprocal: bool = False  # "A and B restored relations": each with the other
    implied: bool = False  # no object stated: the object of the same act just before ("also granted recognition")
    follows: bool = False  # "followed suit": the last relation found, with new agents
    abandoned: tuple[Token, ...] = ()  # the side left ("left the party"): must be one of `abandoned_types`
    abandoned_types: tuple[ActorType, ...] = ()
    departed: bool = False  # kept only if the article says its agents left a side ("left A … later founded B")
    departure_only: bool = False  # says only that the agents left a side ("was expelled from A"): no relation
    object_heads: tuple[str, ...] = ()  # the patient must end in one of these words …
    object_types: tuple[ActorType, ...] = ()  # … or be of one of these types
    defection: tuple[tuple[Token, ...] | None, ...] = ()  # when support is also a defection: None, or
    # words that must name one of the agents ("the most senior defector has been X")
