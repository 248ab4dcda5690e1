"""Names an article writes, found and trimmed: spaCy's entity spans cut to the name ("President",
"Mr", "the", a role or an age before it, a possessive after it), and the gazetteer's names the
recogniser missed; each one is added to `kg.mentions.Entities` as a mention of an entity.

Mixed into `kg.mentions.Entities`; uses its tables (`at`, `stands_for`) and its `_entity`/`_mark`.
"""
from __future__ import annotations


from spacy.tokens import Span, Token

from kg.columns import columns
from kg.entity import Mention
from kg.iri import slugify
from kg.rules import name_key
from kg.spelled import person_after_of, runs_on_with_for


NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART", "PRODUCT", "LAW"}

MINISTRY_WORDS = {"ministry", "ministries"}

# offices that speak for the country they are "of": "the Foreign Ministers of A and B"
DESCRIBING_HEADS = {"bloc", "faction", "camp"}  # "the Hezbollah bloc" is Hezbollah; "the Houthi movement" is a name

LOWER_HEADS = {"party", "coalition"}  # "the uMkhonto weSizwe party" is uMkhonto weSizwe

COUNTED = {"several", "many", "some", "few", "numerous", "one", "two", "three", "four", "five", "other", "fellow",
           "dozens", "hundreds", "most", "all"}  # "several Democrats": people counted, not the party
SUFFIXES = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"}  # after a name

HONORIFICS = {"h.e.", "h.e", "hon.", "rt.", "hon"}  # "H.E. Moussa Faki Mahamat": written, not part of the name

OFFICE_HEADS = {"minister", "president", "premier", "chancellor", "leader", "head"}

# words before a country that keep it the country: a part of it, or the state it was in
REGION_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                "upper", "lower", "greater", "mainland", "metropolitan", "communist", "soviet", "imperial",
                "occupied", "free", "new", "old", "modern", "ancient", "democratic", "federal", "rural", "coastal"}

PLACE_WORDS = {"square", "street", "avenue", "road", "boulevard", "palace", "airport", "bridge", "river",
               "province", "region", "district", "county", "island", "islands", "hospital", "hotel",
               "stadium", "park", "mountains", "valley", "desert", "sea", "ocean", "gulf", "strait",
               "border", "city", "town", "village", "plaza", "camp", "base"}

# Offices whose title may follow the place they govern inside a name the recogniser found:
# "Delta State Governor X", "Lagos Mayor X" (not "Sheikh", which is part of many names)
OFFICES = {"governor", "president", "minister", "senator", "mayor", "premier", "chairman", "chancellor",
           "speaker", "secretary", "gov", "sen"}

ROLE_ABBREVIATIONS = {"gen": "general", "col": "colonel", "lt": "lieutenant", "maj": "major", "capt": "captain",
                      "adm": "admiral", "sen": "senator", "rep": "representative", "gov": "governor",
                      "pres": "president", "amb": "ambassador", "sgt": "sergeant", "brig": "brigadier"}


class NameSpans:
    """The name-finding half of `kg.mentions.Entities`."""

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
        cols = columns(doc)  # the strings, not a Token per look
        text, lower, pos, tag = cols.text, cols.lower, cols.pos, cols.tag
        roles: set[str] = set()
        titled = False
        while start < end and (pos[start] not in ("PROPN", "NOUN", "ADJ", "VERB") or lower[start] in HONORIFICS
                               or (person and (pos[start] != "PROPN"
                                               or name_key(text[start]) in self.rules.titles))):
            word = name_key(text[start])
            if word in self.rules.titles:
                titled = True
                roles.add(word)
            start += 1
        while end > start and (tag[end - 1] == "POS" or doc[end - 1].is_punct or doc[end - 1].is_space
                               or pos[end - 1] in ("VERB", "AUX", "ADV", "ADP", "DET", "PRON", "CCONJ")) \
                and not (person and pos[end - 1] == "AUX" and text[end - 1] in ("May", "Will") and end - start > 1):
            end -= 1  # "UGTT union slammed": the tagger ran the name into the verb ("Theresa May" stays)
        while person and end - start > 2 and text[end - 1].isupper() and text[end - 1].isalpha() \
                and len(text[end - 1]) <= 5:
            end -= 1  # post-nominal letters: "Fergus Smith OBE", "Ade Bello MBBS CON"
        inner = [i for i in range(start + 1, end - 1) if person and name_key(text[i]) in OFFICES]
        if inner:  # "Delta State Governor Sheriff Oborevwori": the office's place, then the title
            for i in range(start, inner[-1] + 1):
                if name_key(text[i]) in self.rules.titles:
                    titled = True
                    roles.add(name_key(text[i]))
            start = inner[-1] + 1
        owner = [i for i in range(start, end - 1) if tag[i] == "POS" and i > start
                 and not _common_word(text[i - 1])]
        if owner:  # "Marek's Civic Renewal Alliance" is the alliance; "People's Power" is a name
            start = owner[-1] + 1
        commas = [i for i in range(start, end) if text[i] in (",", ";")]
        if commas:  # "Kharkiv, Yanukovich" is two names: keep the one the span is about
            root = ent.root.i if start <= ent.root.i < end else end - 1
            start = max([start] + [i + 1 for i in commas if i < root])
            end = min([end] + [i for i in commas if i > root])
        # titles just before the span: "U.S. President Donald Trump", "Col. Jose Luis Silva"
        i = start - 1
        while i >= 0 and (text[i] in (".",) or name_key(text[i]) in self.rules.titles):
            word = name_key(text[i])
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
        cols = columns(self.doc)
        whole = cols.doc_text(self.doc)  # Span.text is this slice of it, without a Token per word
        before_last = span.end - 2  # the last word of span[:-1], if any
        rest = name_key(whole[span.start_char:cols.idx[before_last] + len(cols.text[before_last])]
                        if len(span) > 1 else "")  # span[:-1].text
        if len(span) > 1 and label != "PERSON" and last.text.islower() and last.lower_ in DESCRIBING_HEADS | LOWER_HEADS \
                and not (len(span) == 2 and (span[0].ent_type_ == "NORP" or rest in self.gaz.demonyms)):  # (not "the Socialist party")
            # "the uMkhonto weSizwe party", "the Barisan Nasional coalition": a lower-case head
            # describes the name and stands for it; it is no part of it
            self._add_name(span[:-1], label, roles, titled)
            if span.start in self.at and last.i not in self.at:
                self.stands_for.setdefault(last.i, self.at[span.start].entity)
            return
        if len(span) == 1 and span[0].lower_ in self.rules.country_roles and span.start > 0 \
                and self.doc[span.start - 1].lower_ == "the":
            return  # "The Kingdom denounces …": the kingdom named before (kg.coref), not a name of its own
        if label in ("PERSON", "") and names_a_seat(span):
            return  # "Conservative MP for Mississauga": a seat, which the recogniser took for a person
        text = " ".join(whole[span.start_char:span.end_char].split()).rstrip("-\u2010\u2011\u2013\u2014")
        if text.count("(") > text.count(")"):  # "United Malays National Organisation (UMNO": the name before it
            text = text[:text.rindex("(")].rstrip()
        key = name_key(text)
        if len(key.replace(" ", "")) < 2:
            return  # "Q:" and "A:" in a transcript, a stray initial: no name
        hit = self.gaz.by_key.get(key)
        if hit is None and self._government_of(key):
            return  # "the Government of the Republic of Kenya": Kenya, as `_collect_governments` reads it
        if hit is None and label in ("NORP", "") and (key in self.rules.party_members or span[0].ent_type_ == "NORP") and any(
                c.like_num or c.lower_ in COUNTED for c in span.root.children if c.dep_ in ("nummod", "amod", "det")):
            return  # "several conservative Democrats", "two Republicans": members, not the party
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


def _title_marks_person(roles: set[str]) -> bool:
    return bool(roles - {"the", "state", "national", "security", "foreign", "top", "senior"})


def _common_word(word: str) -> bool:
    from kg.triggers import is_common_word

    return is_common_word(word.lower())


SEAT_HOLDERS = frozenset({"mp", "member", "deputy", "senator", "representative", "mla", "mep", "congressman",
                          "congresswoman", "assemblyman", "assemblywoman", "legislator", "lawmaker"})


def names_a_seat(span) -> bool:
    """"MP for Mississauga", "elected as the member for Halton": the name after "for" is a seat."""
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ == "for" and root.head.head.lower_ in SEAT_HOLDERS
