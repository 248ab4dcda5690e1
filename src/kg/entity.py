"""An entity (one actor within one article) and a mention of it (a token span)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from kg.rules import name_key
from kg.types import ActorType


ORG_WORDS = {"party", "council", "department", "ministry", "assembly", "court", "command", "agency",
             "bank", "union", "parliament", "congress", "senate", "army", "navy", "guard", "force",
             "forces", "office", "house", "committee", "commission", "front", "movement",
             "organization", "organisation", "association", "times", "post", "press", "news",
             "network", "university", "institute", "company", "corp", "inc", "group", "service",
             "services", "intelligence", "police", "bureau", "tribunal", "fund", "league",
             "alliance", "coalition", "government", "administration", "pentagon", "kremlin",
             "board", "authority", "directorate", "cabinet", "foundation", "media", "tv", "radio",
             "community", "conference", "federation", "syndicate", "confederation"}


@dataclass
class Entity:
    """One actor within one article."""

    key: str
    label: str
    kind: str  # "name", "country", "organisation", "group"
    ner: Counter = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    surface: Counter = field(default_factory=Counter)  # how often each form was written
    roles: set[str] = field(default_factory=set)  # title and role words seen with it: {"president"}
    titled: bool = False  # seen with a personal title (Mr, Gen., President …)
    qualified: bool = False  # a group named with its country at least once ("the Venezuelan military")
    head_words: str = ""  # a group's head as written: "military", "armed forces"
    first_token: int = 10**9

    @property
    def display(self) -> str:
        """The label to show: a country's standard name; an international body's name as the
        articles write it ("ECOWAS", not its full name, unless they spell it out more often); a
        group by its country, even when the text only says "the military"."""
        if self.kind == "organisation" and self.surface:
            named = [f for f in self.surface if len(f.split()) > 1 or f.isupper()] or list(self.surface)
            # "Council" alone names none; a capitalised headline's "PEACE AND SECURITY COUNCIL" loses a tie
            best = max(named, key=lambda form: (self.surface[form], not (form.isupper() and " " in form), len(form)))
            if best.isupper() and " " in best:  # written only in a heading's capitals
                return self.label if not self.label.isupper() else title_case(best)
            return best
        if self.label.isupper() and " " in self.label and self.kind == "name":
            return title_case(self.label)  # "PACIFIC ISLANDS FORUM", written only in a heading
        return self.label  # a group only ever called "the military" is still "the Chadian military"

    @property
    def type(self) -> ActorType:
        if self.kind == "country":
            return ActorType.POLITY
        if self.kind == "organisation":
            return ActorType.ORGANISATION
        if self.kind == "group":
            return ActorType.GROUP
        ordered = name_key(self.label).split()
        if ordered[:2] == ["people", "of"] or ordered[-1:] == ["people"]:
            return ActorType.GROUP  # "the People of Venezuela"
        words = set(ordered)
        if words & ORG_WORDS:
            return ActorType.ORGANISATION
        if self.titled or self.ner["PERSON"] >= max(self.ner["ORG"], self.ner["GPE"], 1):
            return ActorType.PERSON
        if self.ner["GPE"] > self.ner["ORG"]:
            return ActorType.POLITY
        if self.ner["ORG"]:
            return ActorType.ORGANISATION
        if len(self.label.split()) >= 2 and all(w[:1].isupper() for w in self.label.split()):
            return ActorType.PERSON  # "Hugo Carvajal" tagged WORK_OF_ART: a two-word proper name
        return ActorType.ORGANISATION


@dataclass
class Mention:
    start: int  # token span in the Doc, end exclusive
    end: int
    entity: Entity

    @property
    def head(self) -> int:
        return self.end - 1


def title_case(label: str) -> str:
    """"PACIFIC ISLANDS FORUM" -> "Pacific Islands Forum"; short words lower, acronyms ("(CMAG)") kept."""
    words = []
    for n, word in enumerate(label.split()):
        if n and word.lower() in ("of", "the", "and", "for", "on", "in", "to"):
            words.append(word.lower())
        elif len(word.strip("()")) <= 4 and word.strip("()").isalpha() and n and len(label.split()) > 1 and word.startswith("("):
            words.append(word)
        else:  # "TEMPLE-MORRIS" -> "Temple-Morris"
            words.append("-".join(part[:1] + part[1:].lower() for part in word.split("-")))
    return " ".join(words)
