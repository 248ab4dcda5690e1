"""Find the actors named in a parsed article and group their mentions into entities.

An entity is one actor within one article. Its mentions are:
- names: spaCy's entity spans, trimmed of determiners and titles ("Mr", "Gen.", "President"),
  looked up in the gazetteer (countries, their short names, capitals and peoples,
  international bodies) and otherwise clustered by name ("Maduro" joins "Nicolas Maduro");
- groups: a collective named after a country ("the Venezuelan military", "Bolivia's army");
- governments: "the X regime", "the government of X", "X's administration" stand for X
  (a person's government for the person, a country's for the country).

spaCy's small model labels one surname PERSON in one sentence and ORG in the next, so an
entity's type is decided over all its mentions, titles and the gazetteer, not per mention.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.collectives import Collectives
from kg.columns import columns
from kg.dates import MONTH_NAMES
from kg.iri import slugify
from kg.newbodies import named_new_bodies
from kg.nlp import DATELINE
from kg.rules import Gazetteer, Rules, name_key
from kg.spelled import acronyms_defined, person_after_of, runs_on_with_for, spelled_out_names
from kg.types import ActorType

NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART", "PRODUCT", "LAW"}
ORG_WORDS = {"party", "council", "department", "ministry", "assembly", "court", "command", "agency",
             "bank", "union", "parliament", "congress", "senate", "army", "navy", "guard", "force",
             "forces", "office", "house", "committee", "commission", "front", "movement",
             "organization", "organisation", "association", "times", "post", "press", "news",
             "network", "university", "institute", "company", "corp", "inc", "group", "service",
             "services", "intelligence", "police", "bureau", "tribunal", "fund", "league",
             "alliance", "coalition", "government", "administration", "pentagon", "kremlin",
             "board", "authority", "directorate", "cabinet", "foundation", "media", "tv", "radio",
             "community", "conference", "federation", "syndicate", "confederation"}
MINISTRY_WORDS = {"ministry", "ministries"}
# offices that speak for the country they are "of": "the Foreign Ministers of A and B"
DESCRIBING_HEADS = {"bloc", "faction", "camp"}  # "the Hezbollah bloc" is Hezbollah; "the Houthi movement" is a name
LOWER_HEADS = {"party", "coalition"}  # "the uMkhonto weSizwe party" is uMkhonto weSizwe
SUFFIXES = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"}  # after a name
HONORIFICS = {"h.e.", "h.e", "hon.", "rt.", "hon"}  # "H.E. Moussa Faki Mahamat": written, not part of the name
PRONOUN_WORDS = {"we", "i", "you", "they", "it", "us", "them", "he", "she", "him", "her"}
OFFICE_HEADS = {"minister", "president", "premier", "chancellor", "leader", "head"}
# words before a country that keep it the country: a part of it, or the state it was in
REGION_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                "upper", "lower", "greater", "mainland", "metropolitan", "communist", "soviet", "imperial",
                "occupied", "free", "new", "old", "modern", "ancient", "democratic", "federal", "rural", "coastal"}
PLACE_WORDS = {"square", "street", "avenue", "road", "boulevard", "palace", "airport", "bridge", "river",
               "province", "region", "district", "county", "island", "islands", "hospital", "hotel",
               "stadium", "park", "mountains", "valley", "desert", "sea", "ocean", "gulf", "strait",
               "border", "city", "town", "village", "plaza", "camp", "base"}
_LINKING_WORDS = {"of", "for", "and", "on", "in", "the"}  # "Conference of Karesia" is no person's name
_YEAR_OLD = re.compile(r"^\d+-year(-old)?$|^year-old$|-year-", re.I)
_YEAR_OLD_PHRASE = re.compile(r"\d+\s?-\s?year\s?-\s?(old|lawmaker)$", re.I)


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
                return self.label if not self.label.isupper() else _title_case(best)
            return best
        if self.label.isupper() and " " in self.label and self.kind == "name":
            return _title_case(self.label)  # "PACIFIC ISLANDS FORUM", written only in a heading
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


class Entities(Collectives):
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
        self.home = self._home_country()
        self._collect_groups()
        self._collect_members()
        self._collect_state_voices()
        self._collect_governments()
        self._collect_member_groups()
        self._collect_named_bodies()

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

    def modifier_entity(self, token: Token) -> Entity | None:
        """The actor a modifier names: "ECOWAS" in "the ECOWAS measures", "Russian" in
        "Russian aggression" (a demonym names its country), "RSF" in "RSF fighters"."""
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
    def _collect_names(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ not in NAME_LABELS:
                continue
            if ent.label_ == "ORG" and (end := runs_on_with_for(self.doc, ent.end, self.rules.titles)) > ent.end:
                ent = self.doc[ent.start:end]  # "the Alternative for Germany": cut before "for"
                ent.label_ = "ORG"
            span, roles, titled = self._trim(ent, person=ent.label_ == "PERSON")
            if span is None or any(i in self.at for i in range(span.start, span.end)):
                continue  # already named by a longer gazetteer match
            split = person_after_of(span, self.rules.organisation_heads, self.gaz.by_key) if ent.label_ == "ORG" else None
            if split is not None:  # "the Kurdistan Democratic Party of Masoud Barzani": the party, and him
                self._add_name(self.doc[split + 1:span.end], "PERSON", set(), False)
                span = self.doc[span.start:split]
            if all(name_key(t.text) in self.rules.titles or not t.text.strip("-") for t in span):
                continue  # "the Grand Sheikh": a title, no name
            if name_key(span.text) in self.rules.bare_group_heads:
                continue  # "Army officers in Gabon" at a sentence's start: a group of the country (kg.collectives)
            label = ent.label_
            if label == "PERSON" and span.end < len(self.doc) and self.doc[span.end].text in SUFFIXES:
                span = self.doc[span.start: span.end + 1]  # "Vicente C. Sotto III", "Robert F. Kennedy Jr."
            if label == "PERSON" and len(span) > 1 and name_key(span[0].text) in self.gaz.demonyms:
                label = "ORG"  # "Georgian Dream", "Syrian Democratic Forces": no one's given name is a nationality
            head = span.root.head
            described = None  # "the Hezbollah bloc": a body's own bloc or faction stands for it
            if span.root.dep_ == "compound" and head.i == span.end and \
                    {head.lemma_.lower(), head.lower_} & self.rules.organisation_heads:
                if head.lower_ in DESCRIBING_HEADS and label != "PERSON":
                    label, described = "ORG", head
                else:
                    span, label = self.doc[span.start: head.i + 1], "ORG"  # "the Momentum Party"
            if label == "GPE":
                span, label = self._named_after_country(span, label)
            if label != "PERSON" and self._office_of_countries(span):
                continue  # "the Foreign Ministers of Australia and Canada": the countries (kg.collectives)
            country = self._ministry_country(span)
            if country is not None:  # "Ethiopia's Ministry of Foreign Affairs" speaks for Ethiopia
                entity = self._entity(slugify(country), country, "country")
                entity.first_token = min(entity.first_token, span.start)
                self._mark(span.start, span.end, entity)
                continue
            self._add_name(span, label, roles, titled)
            if described is not None and span.start in self.at and described.i not in self.at:
                self.at[described.i] = self.at[span.start]  # "the … bloc" is the body

    def _office_of_countries(self, span: Span) -> bool:
        """"the Prime Ministers of Finland and Sweden", "the Governments of Bolivia, Brazil and
        Chile": offices named by the countries they serve, which speak for those countries."""
        root = span.root
        if not root.lower_.endswith("s") or \
                name_key(root.lemma_).removesuffix("s") not in OFFICE_HEADS | self.rules.government_nouns:
            return False  # one office holder is named beside it more often than not: the person
        return any(self._country_of(o) for p in root.children if p.dep_ == "prep" and p.lower_ == "of"
                   for o in p.children if o.dep_ == "pobj")

    def _ministry_country(self, span: Span) -> str | None:
        """The country whose ministry the name is: named in it ("the Ethiopian Foreign Ministry",
        "Ministry of Foreign Affairs of Ethiopia") or as its owner ("Ethiopia's Ministry of ...").
        A ministry stands for its government, as a spokesperson does (GUIDELINES: metonyms)."""
        words = {name_key(t.text) for t in span}
        if not words & MINISTRY_WORDS and not {"foreign", "office"} <= words:
            return None
        if self.gaz.by_key.get(name_key(span.text)) is not None:
            return None  # a body the gazetteer knows by this name
        near = list(span)
        for token in span:
            for child in token.children:
                if child.i < span.start or child.i >= span.end:
                    if child.dep_ in ("poss", "amod", "compound", "nmod"):
                        near.append(child)
                    elif child.dep_ == "prep" and child.lower_ == "of":
                        near.extend(o for o in child.children if o.dep_ == "pobj")
        for token in near:
            country = self._country_of(token)
            if country is not None:
                return country
        return None

    def _named_after_country(self, span: Span, label: str) -> tuple[Span, str]:
        """"Reform UK", "Team Ukraine": proper nouns before a country that is their head name
        something else, an organisation; "Northern Syria" or "Mainland China" is still the place."""
        start = span.start
        while start > 0:
            left = self.doc[start - 1]
            if left.dep_ != "compound" or left.pos_ != "PROPN" or left.ent_type_ or left.i in self.at \
                    or not left.text[:1].isupper() or left.head.i < span.start or left.head.i >= span.end \
                    or name_key(left.text) in self.rules.titles or name_key(left.text) in REGION_WORDS \
                    or left.lower_.endswith(("ing", "ed")):  # "Joining Colombia and Chile, Brazil ...": a verb
                break
            start -= 1
        return (self.doc[start: span.end], "ORG") if start < span.start else (span, label)

    def _collect_gazetteer_names(self, *, long_only: bool = False) -> None:
        """Countries and bodies spaCy did not tag ("ECOWAS" read as a common noun)."""
        doc, i, cols = self.doc, 0, columns(self.doc)
        text, tag, pos, start_char, whole = cols.text, cols.tag, cols.pos, cols.idx, cols.doc_text(doc)
        while i < len(doc):
            if i in self.at or not text[i][:1].isupper() or name_key(text[i]) not in self.gaz.first_words:
                i += 1
                continue
            for n in range(min(8, len(doc) - i), 1 if long_only else 0, -1):  # 6 words and 2 line breaks
                last = i + n - 1
                if any(j in self.at for j in range(i, i + n)):
                    continue
                if tag[last] == "POS" or not text[last][:1].isalnum():
                    continue
                span_text = whole[start_char[i]:start_char[last] + len(text[last])]  # doc[i:i + n].text
                if name_key(span_text) in self.gaz.by_key and (n > 1 or span_text.isupper() or pos[i] == "PROPN"):
                    self._add_name(doc[i: i + n], "", set(), False)
                    i += n - 1
                    break
            i += 1

    def _trim(self, ent: Span, *, person: bool = True) -> tuple[Span | None, set[str], bool]:
        """Drop leading determiners, non-names and (for people) titles, and a trailing possessive."""
        doc, start, end = ent.doc, ent.start, ent.end
        roles: set[str] = set()
        titled = False
        while start < end and (doc[start].pos_ not in ("PROPN", "NOUN", "ADJ", "VERB") or doc[start].lower_ in HONORIFICS
                               or (person and (doc[start].pos_ != "PROPN"
                                               or name_key(doc[start].text) in self.rules.titles))):
            word = name_key(doc[start].text)
            if word in self.rules.titles:
                titled = True
                roles.add(word)
            start += 1
        while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].is_space
                               or doc[end - 1].pos_ in ("VERB", "AUX", "ADV", "ADP", "DET", "PRON", "CCONJ")):
            end -= 1  # "UGTT union slammed": the tagger ran the name into the verb
        while person and end - start > 2 and doc[end - 1].text.isupper() and doc[end - 1].text.isalpha() \
                and len(doc[end - 1].text) <= 5:
            end -= 1  # post-nominal letters: "Fergus Smith OBE", "Ade Bello MBBS CON"
        inner = [i for i in range(start + 1, end - 1) if person and name_key(doc[i].text) in OFFICES]
        if inner:  # "Delta State Governor Sheriff Oborevwori": the office's place, then the title
            for i in range(start, inner[-1] + 1):
                if name_key(doc[i].text) in self.rules.titles:
                    titled = True
                    roles.add(name_key(doc[i].text))
            start = inner[-1] + 1
        owner = [i for i in range(start, end - 1) if doc[i].tag_ == "POS" and i > start
                 and not _common_word(doc[i - 1].text)]
        if owner:  # "Marek's Civic Renewal Alliance" is the alliance; "People's Power" is a name
            start = owner[-1] + 1
        commas = [i for i in range(start, end) if doc[i].text in (",", ";")]
        if commas:  # "Kharkiv, Yanukovich" is two names: keep the one the span is about
            root = ent.root.i if start <= ent.root.i < end else end - 1
            start = max([start] + [i + 1 for i in commas if i < root])
            end = min([end] + [i for i in commas if i > root])
        # titles just before the span: "U.S. President Donald Trump", "Col. Jose Luis Silva"
        i = start - 1
        while i >= 0 and (doc[i].text in (".",) or name_key(doc[i].text) in self.rules.titles):
            word = name_key(doc[i].text)
            if word:
                titled = True
                roles.add(word)
            i -= 1
        if end <= start:
            return None, roles, titled
        return doc[start:end], roles, titled

    def _add_name(self, span: Span, label: str, roles: set[str], titled: bool) -> None:
        # a name the text wraps over two lines ("Kaja\nKallas"), or whose token keeps a hyphen ("U.S.- and")
        if any(a <= span.start_char < b for a, b in self._agency):
            return  # the news agency of a dateline
        last = span[-1]
        rest = name_key(span[:-1].text)
        if len(span) > 1 and label != "PERSON" and last.text.islower() and last.lower_ in DESCRIBING_HEADS | LOWER_HEADS \
                and not (len(span) == 2 and (span[0].ent_type_ == "NORP" or rest in self.gaz.demonyms)):  # (not "the Socialist party")
            # "the uMkhonto weSizwe party", "the Barisan Nasional coalition": a lower-case head
            # describes the name and stands for it; it is no part of it
            self._add_name(span[:-1], label, roles, titled)
            if span.start in self.at and last.i not in self.at:
                self.stands_for.setdefault(last.i, self.at[span.start].entity)
            return
        text = " ".join(span.text.split()).rstrip("-\u2010\u2011\u2013\u2014")
        if text.count("(") > text.count(")"):  # "United Malays National Organisation (UMNO": the name before it
            text = text[:text.rindex("(")].rstrip()
        key = name_key(text)
        if len(key.replace(" ", "")) < 2:
            return  # "Q:" and "A:" in a transcript, a stray initial: no name
        hit = self.gaz.by_key.get(key)
        if hit is None and self._government_of(key):
            return  # "the Government of the Republic of Kenya": Kenya, as `_collect_governments` reads it
        if hit is None and label == "NORP" and key in self.rules.party_members and text[:1].isupper():
            hit, label = (text, "organisation"), "ORG"  # "Carney's Liberals": the party
        elif hit is None and label == "NORP":
            return  # "Venezuelan", "democratic": not an actor by itself
        if hit is None and key in self.gaz.demonyms:
            return  # "Emirati" tagged as a name: a modifier, read as its country where it acts
        if hit is None and key.split()[-1:] and key.split()[-1] in PLACE_WORDS:
            return  # "Independence Square": a place, not an actor
        words = key.split()
        if hit is None and set(words) & self.rules.document_words and words[0] in self.gaz.by_key \
                and words[0] not in self.rules.document_words:
            hit = self.gaz.by_key[words[0]]  # "OAS Resolution 953", "the AU Declaration": the body's act
            text = span[0].text
        if hit is None and words[-1:] and words[-1] in self.rules.document_words and label not in ("ORG", "PERSON"):
            return  # "the Five-Point Consensus", "the Joint Declaration": a text, not an actor
        if hit is not None:
            name, kind = hit
            entity = self._entity(slugify(name), name, kind)
        else:
            if not any(c.isalpha() for c in text) or not any(c.isupper() for c in text):
                return  # "defence ministry": common words the recogniser took for a name
            entity = self._entity(slugify(text), text, "name")
        entity.ner[label] += 1
        entity.aliases.add(text)
        entity.surface[text] += 1
        entity.roles |= roles | {ROLE_ABBREVIATIONS[r] for r in roles if r in ROLE_ABBREVIATIONS}
        entity.titled |= titled and hit is None and _title_marks_person(roles)
        entity.first_token = min(entity.first_token, span.start)
        mention = Mention(span.start, span.end, entity)
        for i in range(span.start, span.end):
            self.at[i] = mention
        entity.roles |= self._appositive_roles(span.root)

    def _appositive_roles(self, head: Token) -> set[str]:
        """"the defence minister, Col. X," / "X, the army chief,": the nouns that describe X."""
        nouns = [head.head] if head.dep_ == "appos" else []
        nouns += [c for c in head.children if c.dep_ == "appos"]
        roles: set[str] = set()
        for noun in nouns:
            if noun.pos_ == "NOUN":
                roles.add(noun.lemma_.lower())
                roles |= {c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod")}
        return roles

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
            if short.ner["GPE"] + short.ner["LOC"] > short.ner["PERSON"] + short.ner["ORG"]:
                continue  # a place is not the tail of a longer name ("… Conference of Karesia")
            best = None
            for full in names:
                fwords = name_key(full.label).split()
                if full is short or len(fwords) <= len(words) or set(fwords) & _LINKING_WORDS:
                    continue
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

    def _bind_acronyms(self) -> None:
        """An acronym the article defines in brackets after a name stands for that name wherever
        the article uses it, whatever else the acronym may name elsewhere."""
        named = {i: (m.start, m.end) for i, m in self.at.items()}
        for acronym, start in acronyms_defined(self.doc, named):
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
        if key in self.gaz.demonyms:
            return self.gaz.demonyms[key]
        mention = self.at.get(token.i)
        if mention is not None and mention.entity.kind == "country":
            return mention.entity.label
        hit = self.gaz.by_key.get(key)
        if hit and hit[1] == "country":
            return hit[0]
        return None






# Offices whose title may follow the place they govern inside a name the recogniser found:
# "Delta State Governor X", "Lagos Mayor X" (not "Sheikh", which is part of many names)
OFFICES = {"governor", "president", "minister", "senator", "mayor", "premier", "chairman", "chancellor",
           "speaker", "secretary", "gov", "sen"}

ROLE_ABBREVIATIONS = {"gen": "general", "col": "colonel", "lt": "lieutenant", "maj": "major", "capt": "captain",
                      "adm": "admiral", "sen": "senator", "rep": "representative", "gov": "governor",
                      "pres": "president", "amb": "ambassador", "sgt": "sergeant", "brig": "brigadier"}


def _title_case(label: str) -> str:
    """"PACIFIC ISLANDS FORUM" -> "Pacific Islands Forum"; short words lower, acronyms ("(CMAG)") kept."""
    words = []
    for n, word in enumerate(label.split()):
        if n and word.lower() in ("of", "the", "and", "for", "on", "in", "to"):
            words.append(word.lower())
        elif len(word.strip("()")) <= 4 and word.strip("()").isalpha() and n and len(label.split()) > 1 and word.startswith("("):
            words.append(word)
        else:
            words.append(word[:1] + word[1:].lower())
    return " ".join(words)


def _possessive(token: Token) -> bool:
    """Whether the token carries the possessive ending ("Erdoğan's")."""
    return any(c.dep_ == "case" and c.lower_ in ("'s", "’s", "'", "’") for c in token.children)


def _title_marks_person(roles: set[str]) -> bool:
    return bool(roles - {"the", "state", "national", "security", "foreign", "top", "senior"})


def forms_of(token: Token) -> set[str]:
    return {token.lemma_.lower(), token.lower_}


def _common_word(word: str) -> bool:
    from kg.triggers import is_common_word

    return is_common_word(word.lower())


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

