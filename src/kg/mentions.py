"""Find the actors named in a parsed article and group their mentions into entities.

An entity is one actor within one article. Its mentions are:
- names: spaCy's entity spans, trimmed of determiners and titles ("Mr", "Gen.", "President"),
  looked up in the gazetteer (countries, their short names, capitals and peoples,
  international bodies) and otherwise clustered by name ("Maduro" joins "Nicolas Maduro");
- groups: a collective named after a country ("the Venezuelan military", "Bolivia's army");
- governments: "the X regime", "the government of X", "X's administration" stand for X
  (a person's government for the person, a country's for the country).

Names are found by `kg.namespans` (mixed in), groups and governments by `kg.collectives`; the
entity and mention records are `kg.entity`.

spaCy's small model labels one surname PERSON in one sentence and ORG in the next, so an
entity's type is decided over all its mentions, titles and the gazetteer, not per mention.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from kg.collectives import Collectives
from kg.columns import columns
from kg.dates import MONTH_NAMES
from kg.entity import Entity, Mention
from kg.iri import slugify
from kg.namespans import SUFFIXES, NameSpans
from kg.newbodies import named_new_bodies
from kg.nlp import DATELINE
from kg.rules import Gazetteer, Rules, name_key
from kg.spelled import acronyms_defined, runs_on_with_for, spelled_out_names
from kg.types import ActorType

PRONOUN_WORDS = {"we", "i", "you", "they", "it", "us", "them", "he", "she", "him", "her"}
_LINKING_WORDS = {"of", "for", "and", "on", "in", "the"}  # "Conference of Karesia" is no person's name
_YEAR_OLD = re.compile(r"^\d+-year(-old)?$|^year-old$|-year-", re.I)
_YEAR_OLD_PHRASE = re.compile(r"\d+\s?-\s?year\s?-\s?(old|lawmaker)$", re.I)


class Entities(NameSpans, Collectives):
    """The entities of one article and where each token's mention is."""

    def __init__(self, doc: Doc, rules: Rules, gazetteer: Gazetteer) -> None:
        self.doc, self.rules, self.gaz = doc, rules, gazetteer
        self.by_key: dict[str, Entity] = {}
        self.at: dict[int, Mention] = {}  # token index -> mention covering it
        self.stands_for: dict[int, Entity] = {}  # head noun of "the X regime" etc. -> X
        self.also_for: dict[int, list[Entity]] = {}  # further owners: "governments of A and B"
        self._agency = _agency_spans(columns(doc).doc_text(doc))  # "(Reuters)", "(AP)" in a dateline: the wire, no actor
        self._collect_gazetteer_names(long_only=True)  # "Economic Community of West African States"
        self._collect_coordinated_names()  # "the Law and Justice party"
        self._collect_new_bodies()  # "founded a new movement, L'Après"
        self._collect_spelled_out()  # "the United Party for National Development (UPND)"
        self._collect_names()
        self._collect_gazetteer_names()
        self._cluster_names()
        self._known_as()
        self._bind_acronyms()  # "the Democratic Party for Reform (DPR) … the DPR": that party, not a gazetteer's DPR
        self._seats_of_predecessors()  # "the Soviet Union … Moscow": the Soviet Union's capital
        self.home = self._home_country()
        self._collect_groups()
        self._collect_members()
        self._collect_state_voices()
        self._collect_governments()
        self._collect_member_groups()
        self._collect_named_bodies()
        self._organ_body = self._collect_organs()  # "The Authority … of ECOWAS … The Authority condemns": ECOWAS

    def _government_of(self, key: str) -> bool:
        """Whether a recognised name is a country's formal government ("The Government of the
        Republic of Kenya"), which stands for the country as "the Kenyan government" does; not
        "the Government of National Unity", which is a name."""
        words = key.split()
        if words[:1] == ["the"]:
            words = words[1:]
        if len(words) < 3 or words[0] not in self.rules.government_nouns or words[1] != "of":
            return False
        rest = words[2:] if words[2] != "the" else words[3:]
        hit = self.gaz.by_key.get(" ".join(rest))
        return hit is not None and hit[1] == "country"

    def _collect_coordinated_names(self) -> None:
        """"the Law and Justice party": capitalised words joined by "and" before a body's head
        noun are one name (the recogniser takes "Law" for a person); a lower-case head
        ("party") describes the name and stands for it, a capitalised one is part of it."""
        cols = columns(self.doc)
        for i, pos in enumerate(cols.pos):
            if pos not in ("NOUN", "PROPN") or cols.lower[i] not in self.rules.organisation_heads:
                continue
            token = self.doc[i]
            words = [c for c in token.children if c.dep_ in ("nmod", "compound") and c.i < token.i]
            if not words or not any(w.conjuncts for w in words):
                continue
            start = min(w.left_edge.i for w in words)
            span = self.doc[start:token.i + (1 if token.text[:1].isupper() else 0)]
            inner = [t for t in span if t.lower_ not in ("and", "&", "of")]
            if len(span) < 3 or not all(t.text[:1].isupper() for t in inner) or any(i in self.at for i in range(start, token.i + 1)):
                continue
            self._add_name(span, "ORG", set(), False)
            if token.i in self.at or start not in self.at:
                continue
            self.at[token.i] = self.at[start]  # "the … party" is the party

    def _collect_new_bodies(self) -> None:
        """"formed a new group, Together for the Future": the name after the comma is a body's
        (`kg.newbodies`), and "the group" stands for it."""
        for head, span in named_new_bodies(self.doc, self.rules.organisation_heads):
            if not any(i in self.at for i in range(span.start, span.end)):
                self._add_name(span, "ORG", set(), False)
            if span.start in self.at and head.i not in self.at:
                self.stands_for[head.i] = self.at[span.start].entity

    def _collect_spelled_out(self) -> None:
        """A name before its acronym in brackets, as far back as the acronym spells it
        (`kg.spelled`): the recogniser often cuts it short."""
        for span in spelled_out_names(self.doc):
            if not any(i in self.at for i in range(span.start, span.end)) \
                    and not any(t.ent_type_ in ("PERSON", "GPE", "DATE") for t in span):
                self._add_name(span, "ORG", set(), False)

    def _collect_named_bodies(self) -> None:
        """"the Never Trump movement", "the Alternance 2023 coalition": a body's head noun after
        proper nouns spaCy did not tag as one name; found now, so that "the movement" later in
        the text can point back to it."""
        cols = columns(self.doc)
        for i, pos in enumerate(cols.pos):
            if pos == "NOUN" and i not in self.at and i not in self.stands_for \
                    and {cols.lemma_lower[i], cols.lower[i]} & self.rules.organisation_heads:
                token = self.doc[i]
                if any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children):
                    self.entity_at(token)

    def _collect_organs(self) -> Entity | None:
        """A summit's organ named by its office ("the Authority of Heads of State and Government of
        ECOWAS", "the Troika of the SADC Organ …", "Summit condemned …") is the body it is an organ
        of: the organisation named right after its "of", else the first the statement names.
        Returns that body (for the bare word later), and makes every mention of the organ stand for it."""
        bodies = [m for m in self.mentions_of(ActorType.ORGANISATION) if not _organ(self._canonical(m.entity).label)]
        if not bodies:
            return None
        organs = [m for m in {id(m): m for m in self.at.values()}.values() if _organ(self._canonical(m.entity).label)]
        first = self._canonical(bodies[0].entity)
        for mention in organs:
            after = [m for m in bodies if mention.end <= m.start <= mention.end + 3
                     and all(t.lower_ in ("of", "the") for t in self.doc[mention.end:m.start])]
            body = self._canonical(after[0].entity) if after else first
            for i in range(mention.start, mention.end):
                self.stands_for[i] = body
        return first

    # -- lookups ---------------------------------------------------------------------------
    def entity_at(self, token: Token) -> Entity | None:
        """The entity a noun phrase headed by `token` names, if it names one."""
        if token.i in self.stands_for:
            return self._canonical(self.stands_for[token.i])
        mention = self.at.get(token.i)
        if mention is not None:
            return self._canonical(mention.entity)
        if token.text in SUFFIXES and token.i and token.i - 1 in self.at:
            return self._canonical(self.at[token.i - 1].entity)  # "Vicente C. Sotto III": the parse's head is "III"
        if token.text in SUFFIXES and token.i > 1 and self.doc[token.i - 1].text == "," and token.i - 2 in self.at:
            return self._canonical(self.at[token.i - 2].entity)  # "Joseph R. Biden, Jr."
        if token.lower_ in ORGANS and token.text[:1].isupper() and self._organ_body is not None \
                and token.dep_ in ("nsubj", "nsubjpass", "poss"):
            return self._organ_body  # "2. Summit condemned …"
        if token.pos_ == "PROPN" and (token.dep_ not in ("compound", "poss", "amod")
                                      or token.dep_ == "poss" and _possessive(token)):
            return self._ad_hoc(token)  # "Recep Tayyip Erdoğan's most outspoken critic": a name spaCy missed
        if token.text[:1].isupper() and token.pos_ in ("NOUN", "ADJ", "X") and token.dep_ != "compound":
            known = self._known_name(token)  # "Morales denounced …": a name tagged as a noun
            if known is not None:
                return known
        if token.pos_ == "NOUN" and {token.lemma_.lower(), token.lower_} & self.rules.organisation_heads:
            named = next((self.at[c.i] for c in token.children if c.dep_ in ("nmod", "compound") and c.i in self.at), None)
            extra = named is not None and any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.i not in self.at
                                              for c in token.subtree if c.i < named.start)
            if named is not None and not extra:
                return self._canonical(named.entity)  # "the Segunda Marquetalia dissident group"
            # "the Never Trump movement": more proper nouns than the name, a name of its own (below)
        if token.pos_ == "NOUN" and {token.lemma_.lower(), token.lower_} & self.rules.organisation_heads \
                and token.i > 0 and self.doc[token.i - 1].dep_ == "compound" \
                and self.doc[token.i - 1].head.i == token.i and self.doc[token.i - 1].pos_ in ("PROPN", "NUM"):
            return self._ad_hoc(token)  # "the Alternance 2023 coalition"
        return None

    def country_entity(self, country: str) -> Entity:
        """The entity of a country by its gazetteer name."""
        return self._canonical(self._entity(slugify(country), country, "country"))

    def modifier_entity(self, token: Token) -> Entity | None:
        """The actor a modifier names: "ECOWAS" in "the ECOWAS measures", "Russian" in
        "Russian aggression" (a demonym names its country), "RSF" in "RSF fighters"."""
        if _continental(token):
            return None  # "a South American government": of no one country
        if name_key(token.text) in self.gaz.demonyms:  # "Emirati-backed": the country, however tagged
            country = self.gaz.demonyms[name_key(token.text)]
            return self._entity(slugify(country), country, "country")
        if token.i in self.at:
            return self._canonical(self.at[token.i].entity)
        country = self._country_of(token)
        if country is not None:
            return self._entity(slugify(country), country, "country")
        if token.pos_ == "PROPN" and token.dep_ == "compound":
            return self._ad_hoc(token)
        return None

    def further_owners(self, token: Token) -> list[Entity]:
        """The owners after the first of "the governments of A and B"."""
        return [self._canonical(e) for e in self.also_for.get(token.i, ())]

    def persons(self) -> list[Mention]:
        unique = {id(m): m for m in self.at.values()}.values()
        return sorted((m for m in unique if self._canonical(m.entity).type is ActorType.PERSON),
                      key=lambda m: m.start)

    def mentions_of(self, *types: ActorType) -> list[Mention]:
        unique = {id(m): m for m in self.at.values()}.values()
        return sorted((m for m in unique if self._canonical(m.entity).type in types), key=lambda m: m.start)

    # -- names -----------------------------------------------------------------------------
    def _mark(self, start: int, end: int, entity: Entity) -> None:
        """Record that tokens start..end mention `entity`."""
        mention = Mention(start, end, entity)
        for i in range(start, end):
            self.at[i] = mention

    def _entity(self, key: str, label: str, kind: str) -> Entity:
        entity = self.by_key.get(key)
        if entity is None:
            entity = self.by_key[key] = Entity(key=key, label=label, kind=kind)
        elif len(label) > len(entity.label) and kind == "name":
            entity.label = label
        return entity

    def _cluster_names(self, only: Entity | None = None) -> None:
        """Point short names at the longest full name in the article that ends with them
        (all of them, or just `only`, a name found late)."""
        if only is None:
            self.alias_of: dict[str, str] = {}
        names = [e for e in self.by_key.values() if e.kind == "name"]
        for short in ([only] if only is not None else names):
            words = name_key(short.label).split()
            if len(words) == 1 and short.label.isupper() and len(short.label) > 1:
                continue  # an acronym ("BERSATU") is not the surname of a longer name
            placelike = short.ner["GPE"] + short.ner["LOC"] > short.ner["PERSON"] + short.ner["ORG"]
            if placelike and name_key(short.label) in self.gaz.by_key:
                continue  # a place is not the tail of a longer name ("… Conference of Karesia")
            best = None
            for full in names:
                fwords = name_key(full.label).split()
                if full is short or len(fwords) <= len(words) or set(fwords) & _LINKING_WORDS:
                    continue
                if placelike and full.type is not ActorType.PERSON:
                    continue  # a surname the recogniser read as a place ("Rajapaksa") is the person's
                if fwords[-len(words):] == words:
                    score = (2, len(full.aliases))
                elif len(words) == 1 and words[0] in fwords[1:]:
                    score = (1, len(full.aliases))
                else:
                    continue
                if best is None or score > best[0]:
                    best = (score, full)
            if best is None:  # "the Council" after "the Foreign Affairs Council" (a body the gazetteer knows)
                bodies = {o.key: o for o in self.by_key.values() if o.kind == "organisation"
                          and any(len(name_key(a).split()) > len(words) and name_key(a).split()[-len(words):] == words
                                  for a in o.surface)}
                if len(bodies) == 1:
                    best = ((0, 0), next(iter(bodies.values())))
            if best is None and len(words) == 1:  # "Ranil" for the one "Ranil Wickremesinghe" named
                firsts = [f for f in names if f is not short and len(name_key(f.label).split()) > 1
                          and name_key(f.label).split()[0] == words[0] and not set(name_key(f.label).split()) & _LINKING_WORDS]
                if len(firsts) == 1 and firsts[0].type is ActorType.PERSON:
                    best = ((0, 0), firsts[0])
            if best is not None:
                self.alias_of[short.key] = best[1].key
                if placelike:  # the recogniser's "place" was this person's surname: count it so
                    short.ner["PERSON"] += short.ner.pop("GPE", 0) + short.ner.pop("LOC", 0)

    def _known_as(self) -> None:
        """"Mohamed Hamdan Dagalo, widely known as Hemedti": the second name is an alias."""
        for mention in {id(m): m for m in self.at.values()}.values():
            head = self.doc[mention.head]
            for clause in head.children:
                if clause.dep_ not in ("acl", "relcl") or not forms_of(clause) & {"know", "call", "nickname", "identify", "dub"}:
                    continue
                for prep in clause.children:
                    if prep.dep_ == "prep" and prep.lower_ == "as":
                        for obj in prep.children:
                            alias = self.at.get(obj.i)
                            if obj.dep_ == "pobj" and alias is not None and alias.entity is not mention.entity \
                                    and alias.entity.kind == "name":
                                self.alias_of[alias.entity.key] = self._canonical(mention.entity).key

    def _seats_of_predecessors(self) -> None:
        """In an article that names a former state ("the Soviet Union"), its successor named only
        by the capital or seat they share ("Moscow", "the Kremlin") is the former state."""
        seats = self.gaz.capitals_keys  # (cached once for the gazetteer, not rebuilt per article)
        for successor, former in self.gaz.predecessors.items():
            now, then = self.by_key.get(slugify(successor)), self.by_key.get(slugify(former))
            if now is None or then is None or now.key in self.alias_of:
                continue
            if now.surface and all(name_key(form) in seats for form in now.surface):
                self.alias_of[now.key] = then.key

    def _bind_acronyms(self) -> None:
        """An acronym the article defines in brackets after a name stands for that name wherever
        the article uses it, whatever else the acronym may name elsewhere."""
        named = {i: (m.start, m.end) for i, m in self.at.items()}
        def body(start: int) -> bool:  # a party's name, not a person's, a state's or one the gazetteer knows
            entity = self._canonical(self.at[start].entity)
            words = name_key(entity.label).split()
            return entity.type is ActorType.ORGANISATION and entity.kind != "organisation" \
                and bool(words) and bool({words[0], words[-1]} & PARTY_HEADS)

        for acronym, start, spelled in acronyms_defined(self.doc, named, body):
            if not spelled and name_key(acronym) in self.gaz.by_key:
                continue  # "(UN)", "(EU)" that does not spell the name: a body of its own
            entity = self.at[start].entity
            entity.aliases.add(acronym)
            for token in self.doc:
                if token.text == acronym:
                    self.at[token.i] = Mention(token.i, token.i + 1, entity)

    def _canonical(self, entity: Entity) -> Entity:
        seen = set()
        while entity.key in self.alias_of and entity.key not in seen:
            seen.add(entity.key)
            target = self.by_key[self.alias_of[entity.key]]
            target.ner.update(entity.ner)
            entity.ner.clear()
            target.aliases |= entity.aliases
            target.surface.update(entity.surface)
            entity.surface.clear()
            target.roles |= entity.roles
            target.titled |= entity.titled
            target.first_token = min(target.first_token, entity.first_token)
            entity = target
        return entity

    def _known_name(self, token: Token) -> Entity | None:
        """The entity already named in the article whose name (or surname) this word is."""
        word = name_key(token.text)
        if not word or word in self.rules.titles:
            return None
        matches = {id(e): e for e in map(self._canonical, self.by_key.values())
                   if e.kind == "name" and any(name_key(a).split()[-1:] == [word] for a in e.aliases)}
        if len(matches) != 1:
            return None
        entity = next(iter(matches.values()))
        self.at[token.i] = Mention(token.i, token.i + 1, entity)
        return entity

    def _ad_hoc(self, token: Token) -> Entity | None:
        """A proper noun spaCy did not tag: its compound chain is the name."""
        if token.lower_ in PRONOUN_WORDS:
            return None  # "We, the Foreign Ministers of …": the tagger took "We" for a name
        if token.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT") \
                or token.lower_ in MONTH_NAMES:
            return None  # "on Tuesday", "the statement of 9 December 2016": no actor
        left = token
        while left.i > 0 and left.nbor(-1).dep_ == "compound" and left.nbor(-1).pos_ in ("PROPN", "NUM") \
                and left.i <= left.nbor(-1).head.i <= token.i:  # "Movement Toward Socialism party"
            left = left.nbor(-1)
        if left.pos_ == "NUM" or (token.pos_ != "PROPN" and left.i == token.i):
            return None
        span = token.doc[left.i: runs_on_with_for(token.doc, token.i + 1, self.rules.titles)]  # "Alternative for Germany"
        key = name_key(span.text)
        if not key or key in self.rules.titles or key in self.rules.government_nouns or not span.text[:1].isupper() \
                or name_key(token.text) in self.rules.titles or token.lemma_.lower() in self.rules.person_roles \
                or (token.lower_.endswith("s") and token.lower_[:-1] in self.rules.person_roles):
            return None  # "the regional bloc", "a former Media Minister", "the undersigned Senators": no names
        span, roles, titled = self._trim(span)
        if span is None:
            return None
        self._add_name(span, "", roles, titled)
        if token.i not in self.at:
            return None
        self._cluster_names(only=self.at[token.i].entity)
        return self.entity_at(token)

    # -- collectives -----------------------------------------------------------------------
    def _country_of(self, token: Token) -> str | None:
        """The country a modifier names: a demonym ("Venezuelan") or a country ("Venezuela's")."""
        key = name_key(token.text)
        if _continental(token):
            return None
        if key in self.gaz.demonyms:
            return self.gaz.demonyms[key]
        mention = self.at.get(token.i)
        if mention is not None and mention.entity.kind == "country":
            return mention.entity.label
        hit = self.gaz.by_key.get(key)
        if hit and hit[1] == "country":
            return hit[0]
        return None


PARTY_HEADS = {"party", "alliance", "movement", "front", "union", "congress", "league", "coalition", "bloc", "rally"}


def _continental(token: Token) -> bool:
    """"South American", "Latin American", "North American": of a continent, not the United States."""
    return token.lower_ == "american" and token.i > 0 and \
        token.doc[token.i - 1].lower_ in ("south", "latin", "north", "central")


def _possessive(token: Token) -> bool:
    """Whether the token carries the possessive ending ("Erdoğan's")."""
    return any(c.dep_ == "case" and c.lower_ in ("'s", "’s", "'", "’") for c in token.children)


def forms_of(token: Token) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


def is_year_old(token: Token) -> bool:
    """"the 35-year-old", "the 62-year-old": the tokenizer splits these into five tokens."""
    if _YEAR_OLD.search(token.text):
        return True
    start = max(token.left_edge.i, token.i - 4)
    return bool(_YEAR_OLD_PHRASE.search(token.doc[start: token.i + 1].text))


def _agency_spans(text: str) -> list[tuple[int, int]]:
    """The character spans of the parenthesis in each dateline ("TBILISI, Oct 28 (AP) —"): the
    agency that filed the story, which is no actor in it."""
    spans = []
    for start in [0] + [m.end() for m in re.finditer("\n", text)]:
        match = DATELINE.match(text, start)
        if match is not None:
            paren = re.search(r"\([^()\n]{1,40}\)", match.group(0))
            if paren is not None:
                spans.append((start + paren.start(), start + paren.end()))
    return spans


ORGANS = {"authority", "summit", "troika"}  # a summit's organs, named by office: they act for their body


def _organ(label: str) -> bool:
    """"Authority", "Summit", "Authority of Heads of State and Government", "Troika of the SADC Organ …"."""
    words = name_key(label).split()
    words = words[1:] if words[:1] == ["the"] else words
    return bool(words) and words[0] in ORGANS and (len(words) == 1 or words[1] == "of")
