"""The record the relation finders produce: a relation mention before it becomes claims."""
from __future__ import annotations

from dataclasses import dataclass

from kg.mentions import Entity
from kg.types import Relation


@dataclass(frozen=True)
class Found:
    """A relation mention: entities on each side, the trigger's token span, the rule."""

    subjects: tuple[Entity, ...]
    relation: Relation
    objects: tuple[Entity, ...] | None  # None: the text states no object
    trigger: tuple[int, int]
    rule: str
    confidence: float
