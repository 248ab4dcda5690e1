"""Collectives and governments as actors: the passes of `kg.mentions.Entities` that find
them, kept apart from the passes that find names.

- a collective named after a country: "the Venezuelan military", "Bolivia's army", "the
  junta in Niamey"; named by its head alone ("the military", "the opposition"), it is the
  one of the country the article is mostly about (its "home" country);
- people named by their side stand for it: "the coup leaders", "opposition leaders";
- a government stands for its owner: "the Maduro regime" and "the administration of Donald
  Trump" for the person, "the Peruvian government" for the country; "the Tripoli government"
  and "the Tripoli-based government" are governments of their own (one of rival governments).
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.columns import columns, sentences
from kg.iri import slugify
from kg.namespans import OFFICE_HEADS
from kg.rules import name_key
from kg.syntax import prep_objects
from kg.types import ActorType


if TYPE_CHECKING:
    from kg.mentions import Entity


DEMONYM_ENDINGS = ("an", "ian", "ese", "ish", "i", "ic")


COUNTRY_NOUNS = {"nation", "country", "state", "kingdom", "emirate", "sultanate", "archipelago"}
MEMBER_GROUPS = {"troika", "quartet", "quad", "trio", "coalition", "group", "alliance", "bloc", "grouping"}


TAKING = frozenset({"take", "seize", "assume", "grab"})  # "… took power"
OUSTING = frozenset({"oust", "overthrow", "topple", "depose"})  # "X overthrew the government of Y"
INSTALLING = frozenset({"install", "instal", "form", "establish", "proclaim"})  # "installed a junta headed by X"
JUNTAS = frozenset({"junta", "council", "committee", "government"})
EXPEDITIONARY = frozenset({"troops", "paratroopers", "marines", "commandos"})  # "Cuban troops": Cuba


class Collectives:
    """Mixed into `kg.mentions.Entities`; uses its tables (`at`, `stands_for`, `also_for`)."""

    def _home_country(self) -> str | None:
        """The country the article is mostly about: most named, by name, demonym or capital, a
        mention in the headline or opening sentence counting three times; first on ties. None
        when no country is named twice (an article about a place the gazetteer does not know)."""
        counts: Counter = Counter()
        first: dict[str, int] = {}
        opening = sentences(self.doc)[:2]
        lead_end = opening[-1].end if opening else 0
        doc, cols = self.doc, columns(self.doc)
        demonyms, by_key, at = self.gaz.demonyms, self.gaz.by_key, self.at
        for i, p in enumerate(cols.pos):
            if p not in ("PROPN", "ADJ", "NOUN"):
                continue  # (none else counts)
            if i not in at:  # the strings first: only a word _country_of can read as a country gets a Token
                key = name_key(cols.text[i])
                if key not in demonyms and (by_key.get(key) or ("", ""))[1] != "country":
                    continue
            token = doc[i]
            country = self._country_of(token)
            mention = self.at.get(token.i)
            if mention is not None and token.i != mention.end - 1:
                continue  # a name counts once: "United States" is one mention
            if country is not None and not self._speaks(token):  # "The United States is concerned": a voice
                counts[country] += 3 if token.i < lead_end else 1
                first.setdefault(country, token.i)
        if not counts:
            return None
        best = max(counts, key=lambda c: (counts[c], -first[c]))
        return best if counts[best] >= 2 else None

    def _speaks(self, token: Token) -> bool:
        """Whether a country's name is the subject of a verb of saying or of one of the four
        relations ("The United States is concerned", "Russia condemned"): a government speaking,
        often from abroad, not where the story is."""
        head = token
        while head.dep_ == "compound" and head.head.i != head.i:
            head = head.head
        if head.dep_ not in ("nsubj", "nsubjpass"):
            return False
        verb = head.head
        words = {verb.lemma_.lower(), verb.lower_} | {c.lower_ for c in verb.children if c.dep_ == "acomp"}
        return bool(words & self.rules.voice_words)

    def _collect_groups(self) -> None:
        heads = {h: h.split() for h in self.rules.group_heads}
        last_words = {parts[-1] for parts in heads.values()}
        cols = columns(self.doc)
        for i, lower in enumerate(cols.lower):
            if lower not in last_words or cols.pos[i] not in ("NOUN", "PROPN") or i in self.at:
                continue
            token = self.doc[i]
            words = None
            for parts in heads.values():
                lower = cols.lower[max(0, i - len(parts) + 1): i + 1]
                if lower == parts and (words is None or len(parts) > len(words)):
                    words = parts
            if words is None:
                continue
            start = token.i - len(words) + 1
            if start >= 2 and self.doc[start - 1].text == "-" and self.doc[start - 2].lower_ in ("pro", "anti"):
                continue  # "pro-military parties": a modifier of others, not the military
            country = None
            for child in token.children:
                if child.dep_ in ("amod", "compound", "poss", "nmod") and child.i < start:
                    country = self._country_of(child) or country
            if country is None and start > 0:
                country = self._country_of(self.doc[start - 1])
            if country is None:  # "the junta in Niamey", "the army of Myanmar"
                for prep in token.children:  # (and "troops from Papua New Guinea")
                    if prep.dep_ == "prep" and (prep.lower_ in ("in", "of") or prep.lower_ == "from" and words[-1] in EXPEDITIONARY):
                        for obj in prep.children:
                            country = country or (self._country_of(obj) if obj.dep_ == "pobj" else None)
            unknown = None
            if country is None:  # "Valdorian riot police": a demonym the gazetteer does not know
                unknown = next((c.text for c in token.children if c.dep_ in ("amod", "compound") and c.i < start
                                and c.text[:1].isupper() and c.text.lower().endswith(DEMONYM_ENDINGS)
                                and c.ent_type_ in ("NORP", "GPE", "")), None)
            bare = False
            names_follow = token.i + 1 < len(self.doc) and self.doc[token.i + 1].pos_ == "PROPN"
            if country is None and unknown is None and " ".join(words) in self.rules.bare_group_heads \
                    and not names_follow \
                    and not any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in token.children) \
                    and token.dep_ not in ("compound", "amod") \
                    and not any(c.dep_ in ("compound", "poss") for c in token.children):
                country, bare = self.home, True  # "the military" in an article about one country
                unknown = None if country else ""  # about no country the gazetteer knows: "military"
            if country is None and unknown is None:
                continue
            body = token.head if token.dep_ == "compound" and token.head.i == token.i + 1 \
                and token.head.lower_ in self.rules.organisation_heads else None
            if body is not None and any(self._person_named(o) for o in prep_objects((body,), {"of"})):
                continue  # "the military government of General X": X's (`_collect_governments`)
            if body is not None and (country or unknown):  # "the Syrian opposition coalition": a body
                demonym = unknown or self.gaz.demonym_of.get(country, country)
                label = f"{demonym} {' '.join(words)} {body.lower_}"
                entity = self._entity(slugify(label), label, "organisation")
                entity.aliases.add(label)
                entity.surface[label] += 1
                entity.first_token = min(entity.first_token, start)
                self._mark(start, body.i + 1, entity)
                continue
            if country and not bare and words[-1] in EXPEDITIONARY:
                # "Cuban troops arrived in support of the MPLA", "Indian paratroopers flown in to
                # support X": a state acts through the troops it sends (GUIDELINES.md's gold lists
                # the state; a country's army or military stays a group of its own)
                entity = self._entity(slugify(country), country, "country")
                self._mark(start, token.i + 1, entity)
                continue
            entity = self._group_entity(country or unknown or None, words, self.doc[start: token.i + 1].text,
                                        qualified=not bare, demonym=unknown or None)
            entity.first_token = min(entity.first_token, start)
            self._mark(start, token.i + 1, entity)

    def _took_power_before(self, token: Token) -> "Entity | None":
        """"A council headed by X had taken power … recognised the new government": with only "new"
        said of it ("the new government", "the new regime"), the government is whoever this
        sentence or the three before say took power: the subject of "took/seized power" or of
        "overthrew/ousted X", or the junta or council they "installed" (its head where named)."""
        said = [c for c in token.children if c.dep_ not in ("det", "punct")]
        if not said or any(c.lower_ not in self.rules.age_adjectives for c in said) \
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return None
        sents = sentences(self.doc)
        here = next(k for k, s in enumerate(sents) if s.start <= token.i < s.end)
        for sent in reversed(sents[max(0, here - 3): here + 1]):
            for verb in (t for t in reversed(sent) if t.i < token.i and t.pos_ == "VERB"):
                lemma, objects = verb.lemma_.lower(), [c for c in verb.children if c.dep_ == "dobj"]
                if lemma in TAKING and any(o.lower_ == "power" for o in objects) or lemma in OUSTING:
                    doers = [c for c in verb.children if c.dep_ == "nsubj"]
                elif lemma in INSTALLING:
                    doers = [o for o in objects if o.lemma_.lower() in JUNTAS or o.i in self.at]
                else:
                    continue
                for doer in doers:
                    head = next((o for a in doer.children if a.dep_ == "acl" and a.lemma_.lower() in ("head", "lead")
                                 for b in a.children if b.dep_ == "agent" for o in b.children
                                 if o.dep_ == "pobj" and o.i in self.at), None)  # "a junta headed by X"
                    named_first = lemma not in INSTALLING and doer.pos_ == "PROPN"  # (a body by its name first)
                    for named in ((doer, head) if named_first else (head, doer)):
                        if named is not None and named.i in self.at:
                            return self.at[named.i].entity
        return None

    def _person_named(self, token: Token) -> bool:
        """Whether `token` names a person ("General Sani Abacha"), even one the recogniser missed."""
        if token.ent_type_ == "PERSON" or token.pos_ == "PROPN" and not token.ent_type_ and any(
                c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children):
            return True  # ("Augusto Pinochet", left untagged: a name of two words that names no place)
        entity = self.at[token.i].entity if token.i in self.at else None
        return entity is not None and (entity.type is ActorType.PERSON or entity.kind == "name"
                                       and token.pos_ == "PROPN" and token.ent_type_ not in ("GPE", "LOC", "ORG", "NORP"))

    def _group_entity(self, country: str, words: list[str], written: str, *, qualified: bool,
                      demonym: str | None = None) -> "Entity":
        """The collective `words` ("military", "armed forces") of `country`: "Venezuelan military"."""
        demonym = demonym or (self.gaz.demonym_of.get(country, country) if country else "")
        label = f"{demonym} {' '.join(words)}".strip()  # "military" where no country is known
        entity = self._entity(slugify(label), label, "group")
        entity.aliases |= {written, label}
        entity.qualified |= qualified
        entity.head_words = " ".join(words)
        return entity

    def described_side(self, token: Token) -> "Entity | None":
        """A side named by a description, as the text writes it: "joined the ranks of the freedom
        and dignity revolution" (the side joined in a defection, which is an actor by definition)."""
        if token.pos_ != "NOUN" or token.lemma_.lower() not in self.rules.side_nouns:
            return None
        words = [t for t in token.subtree if t.i <= token.i and t.dep_ not in ("det", "poss", "punct")]
        if len(words) < 2:
            return None  # "the revolution" alone says too little
        label = " ".join(t.text for t in words)
        entity = self._entity(slugify(label), label, "group")
        entity.aliases.add(label)
        entity.head_words = token.lower_
        return entity

    def act_collective(self, act: Token) -> "Entity | None":
        """The collective an act is attributed to by a modifier: "the military coup in Sudan",
        "the military-led Honduran coup", "the army takeover of Thailand's government"."""
        before = [t for t in act.subtree if t.i < act.i and t.dep_ in ("amod", "compound", "npadvmod", "nmod")]
        side = next((t for t in before if t.lower_ in self.rules.act_authors), None)
        country = next((c for c in map(self._country_of, before) if c), None)
        if side is None and country and {act.lemma_.lower(), act.lower_} & self.rules.seizure.location_acts:
            return self._group_entity(country, ["military"], "military", qualified=True)  # "the Thai coup"
        if side is None:
            return None
        for prep in (c for c in act.children if c.dep_ == "prep" and c.lower_ in ("in", "of")):
            for obj in (o for o in prep.children if o.dep_ == "pobj"):
                country = country or self._country_of(obj) or next(
                    (self._country_of(p) for p in obj.children if p.dep_ in ("poss", "amod", "compound")
                     and self._country_of(p)), None)
        country = country or self.home
        if country is None:
            return None
        return self._group_entity(country, [side.lower_], side.text, qualified=True)

    def _collect_state_voices(self) -> None:
        """"U.S. officials", "Russian diplomats", "Iran's authorities": they speak for the country."""
        cols = columns(self.doc)
        for i, tag in enumerate(cols.tag):
            if tag != "NNS" or cols.lemma_lower[i] not in self.rules.state_voices or i in self.at:
                continue
            token = self.doc[i]
            country = next((self._country_of(c) for c in token.children
                            if c.dep_ in ("poss", "compound", "amod", "nmod") and self._country_of(c)), None)
            if country is not None:
                self.stands_for[token.i] = self._entity(slugify(country), country, "country")

    def _collect_members(self) -> None:
        """"the coup leaders", "opposition leaders": the side they lead, of the main country."""
        spec = self.rules.group_members
        cols = columns(self.doc)
        for i, tag in enumerate(cols.tag):
            plural = tag == "NNS" and cols.lemma_lower[i] in spec.nouns
            if not (plural or cols.lower[i] in spec.singular) or i in self.at:
                continue  # "the coup leaders"; "the rebel side", "the opposition camp"
            token = self.doc[i]
            side = next((spec.sides[c.lower_] for c in token.children
                         if c.dep_ in ("compound", "amod") and c.lower_ in spec.sides and c.i not in self.at
                         and not (c.i >= 2 and self.doc[c.i - 1].text == "-"
                                  and self.doc[c.i - 2].lower_ in ("pro", "anti"))), None)  # not "pro-military parties"
            if side is None or self.home is None:
                continue
            if any(c.dep_ in ("poss", "compound", "amod") and self._country_of(c) for c in token.children):
                continue  # "Niger's coup leaders": a country's group, handled in _collect_groups
            label = f"{self.gaz.demonym_of.get(self.home, self.home)} {side}"
            entity = self._entity(slugify(label), label, "group")
            entity.aliases |= {label}
            entity.surface[side] += 1
            entity.head_words = entity.head_words or side
            self._mark(token.i, token.i + 1, entity)

    def _distinct(self, token: Token) -> tuple[str, str] | None:
        """"the interim government", "a rival administration": a government of its own."""
        words = [c.text.lower() for c in token.children
                 if c.dep_ in ("amod", "compound") and c.i < token.i and c.lower_ in self.rules.distinct_governments]
        if not words:
            return None
        country = next((self._country_of(c) for c in token.children if c.dep_ in ("poss", "amod", "compound")
                        and self._country_of(c)), None)
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "in" and country is None):
            country = next((self._country_of(o) for o in prep.children if o.dep_ == "pobj"), None)  # "in Lima"
        country = country or self.home
        written = " ".join(words)
        if country is None:
            return written, written
        demonym = self.gaz.demonym_of.get(country, country)
        before = [w for w in words if w in self.rules.age_adjectives]  # "the new Ukrainian government"
        after = [w for w in words if w not in self.rules.age_adjectives]  # "the Ukrainian interim government"
        label = " ".join([*before, demonym, *after])
        return label, label

    def _based(self, token: Token) -> tuple[str, str] | None:
        for child in token.children:
            if child.dep_ in ("amod", "compound") and child.i < token.i:
                phrase = _based_phrase(self.doc, child.i)
                if phrase:
                    return phrase, phrase
        return None

    def _collect_member_groups(self) -> None:
        """"the Troika of Britain, Norway and the United States", "a coalition of Saudi Arabia, the UAE
        and Egypt": what the group does, its member countries do."""
        lowers = columns(self.doc).lower
        for i, lower in enumerate(lowers):  # the strings first: a Token only for a group noun
            if lower not in COUNTRY_NOUNS and lower not in MEMBER_GROUPS:
                continue
            token = self.doc[i]
            if token.lower_ in COUNTRY_NOUNS and token.i not in self.stands_for and token.i not in self.at:
                named = [self.at[o.i].entity for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                         for o in p.children if o.dep_ == "pobj" and o.i in self.at]
                if len(named) == 1 and named[0].kind == "country":
                    self.stands_for[token.i] = named[0]  # "the Pacific nation of Kiribati": Kiribati
                continue
            if token.lower_ not in MEMBER_GROUPS or token.i in self.stands_for:
                continue
            countries = [self.at[o.i].entity for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                         for obj in p.children if obj.dep_ == "pobj" for o in (obj, *obj.conjuncts)
                         if o.i in self.at and self.at[o.i].entity.kind == "country"]
            if len(countries) > 1:
                self.stands_for[token.i] = countries[0]
                self.also_for[token.i] = countries[1:]

    def _collect_governments(self) -> None:
        """"the Maduro regime", "the military governments of Mali and Burkina Faso": owners."""
        cols, government_nouns = columns(self.doc), self.rules.government_nouns
        for i, lemma in enumerate(cols.lemma_lower):
            noun = lemma
            if noun not in government_nouns and noun.endswith("s"):
                noun = noun[:-1]  # "The Governments of …" tagged as a proper noun keeps its plural
            office = noun in OFFICE_HEADS and cols.lower[i].endswith("s") and cols.pos[i] in ("NOUN", "PROPN")
            if not (noun in government_nouns or office or lemma in government_nouns):
                continue  # neither a government noun nor an office: nothing below applies
            token = self.doc[i]
            bare_name = token.pos_ == "PROPN" and not any(c.dep_ in ("compound", "prep") for c in token.children)
            common = token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.text.islower())  # a mis-tagged noun
            # "the Prime Ministers of A and B", "the leaders of A and B": the countries
            if (noun in self.rules.government_nouns or office) and token.i not in self.at:
                countries = [self.at[o.i].entity for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                             for obj in p.children if obj.dep_ == "pobj" for o in (obj, *obj.conjuncts)
                             if o.i in self.at and self.at[o.i].entity.kind == "country"]
                if countries:  # "the Government of the Republic of Kenya": the country
                    self.stands_for[token.i] = countries[0]
                    if len(countries) > 1:  # "the Governments of Bolivia, Brazil and Chile"
                        self.also_for[token.i] = countries[1:]
                    continue
            if token.lemma_.lower() not in self.rules.government_nouns or (not common and not bare_name) \
                    or token.i in self.at:
                continue  # "the Government of National Unity" is a name
            owners: list[Entity] = []
            taken = self._took_power_before(token)
            if taken is not None:  # "X had taken power. A and B recognised the new government": X
                self.stands_for[token.i] = taken
                continue
            own = self._based(token) or self._distinct(token)
            if own is not None and any(self._person_named(o) for o in prep_objects((token,), {"of"})):
                own = None  # "the military government of General X": X's, as "the government of X" is
            if own is not None:  # "the Tripoli-based government", "the interim government"
                key_words, written = own
                label = f"{key_words} {token.text}"
                entity = self._entity(slugify(label), label, "organisation")
                entity.aliases |= {label, f"{written} {token.text}"}
                entity.surface[f"{written} {token.text}"] += 1  # shown as the article writes it
                self.stands_for[token.i] = entity
                continue
            for child in token.children:
                if child.dep_ == "compound" and name_key(child.text) in self.gaz.capitals_keys \
                        and token.lemma_.lower() == "regime":  # "the Pyongyang regime": the country's
                    country = self.gaz.by_key[name_key(child.text)][0]
                    owners = [self._entity(slugify(country), country, "country")]
                    break
                if child.dep_ == "compound" and name_key(child.text) in self.gaz.capitals_keys:
                    label = f"{child.text} {token.text}"  # "the Tripoli government": one of rivals
                    entity = self._entity(slugify(label), label, "organisation")
                    entity.aliases.add(label)
                    entity.surface[label] += 1
                    owners = [entity]
                    break
                if child.dep_ in ("compound", "poss", "nmod") and child.i in self.at:
                    owners.append(self.at[child.i].entity)
                elif child.dep_ in ("amod", "compound", "nmod") and self._country_of(child):
                    country = self._country_of(child)
                    owners.append(self._entity(slugify(country), country, "country"))
                elif child.dep_ == "prep" and child.lower_ == "of":
                    for obj in child.children:
                        if obj.dep_ != "pobj":
                            continue
                        for part in (obj, *obj.conjuncts, *[c for c in obj.children if c.dep_ == "nmod"]):
                            if part.i in self.at:
                                owners.append(self.at[part.i].entity)
            if not owners:  # "the Aquino government": a leader's name the recogniser did not tag
                owners = [e for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < token.i
                          and c.ent_type_ in ("", "PERSON", "NORP") and not self._country_of(c)
                          and not any(g.dep_ in ("amod", "compound") for g in c.children)  # (not "Georgian Dream")
                          and (e := self._ad_hoc(c)) is not None]
                owners = [e for e in owners if e.kind == "name"]
            owners = [o for o in owners if o.kind in ("country", "organisation")
                      or (o.kind == "name" and o.ner["LOC"] <= o.ner["PERSON"] + o.ner["ORG"] + o.ner["GPE"])]
            # "the Pacific governments": a region owns no government
            if not owners and self.home is not None and token.tag_ in ("NN", "NNP") \
                    and token.lemma_.lower() in ("government", "regime") \
                    and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children) \
                    and not any(c.dep_ in ("compound", "prep", "relcl", "acl")
                                or (c.dep_ in ("amod", "nmod") and not {c.lower_, *(j.lower_ for j in c.conjuncts)}
                                    & (self.rules.name_calling.nouns | self.rules.home_government_adjectives))
                                for c in token.children):  # "the regime", "the terrorist regime", "the federal government"; not "the ousted government"
                owners = [self._entity(slugify(self.home), self.home, "country")]  # "the Government", at home
            if owners:
                self.stands_for[token.i] = owners[0]
                if len(owners) > 1:
                    self.also_for[token.i] = owners[1:]


def _based_phrase(doc, i: int) -> str | None:
    """"Tripoli-based" ending at token i ("based"): "Tripoli-based"."""
    if i >= 2 and doc[i].lower_ == "based" and doc[i - 1].text == "-" and doc[i - 2].pos_ == "PROPN":
        return f"{doc[i - 2].text}-based"
    return None
