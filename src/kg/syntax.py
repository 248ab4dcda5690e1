"""Reading the dependency parse: clause subjects and objects, prepositions, voice, and
whether an act counts at all (negation, modality, hypotheticals, governing verbs).

Plain functions over spaCy tokens, shared by the relation finders (`kg.relations`) and
argument resolution (`kg.arguments`).
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from kg.rules import Cues

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
MAX_DEPTH = 4  # how far argument resolution may recurse (apposition, lists, coreference)
COPULAS = {"be", "become", "remain"}
JOIN_VERBS = {"join", "follow"}  # "A joined B in backing X"
COMMITTED = {"commit", "committed", "dedicated", "dedicate", "devoted", "devote", "turn", "switch", "return"}
FOLLOW_VERBS = {"lag", "trail", "fall"}  # "A lagged behind B in recognising X"
# "A and B were quick to congratulate X": adjectives of an act done, not one merely wished
# ("ready", "eager", "willing" say nothing was done)
PROMPT = {"quick", "swift", "fast", "prompt", "first", "early"}
# "X issued a statement condemning Y": the statement's author does it
STATEMENTS = {"statement", "resolution", "communique", "declaration", "letter", "message", "video",
              "post", "tweet", "speech", "address", "report", "decree", "proclamation", "order", "law"}


def forms(token: Token) -> frozenset[str]:
    """The token's lemma and its lower-cased form with a regular ending removed: the small
    model's lemmatiser sometimes errs ("hopes" -> "hop"), so word lists are checked on all."""
    return _forms(token.lemma_, token.lower_)


@lru_cache(maxsize=1 << 16)  # asked about 2,000 times an article, mostly of the same words
def _forms(lemma: str, lower: str) -> frozenset[str]:
    out = {lemma.lower(), lower}
    for suffix, repl in (("ies", "y"), ("es", ""), ("es", "e"), ("s", ""), ("ed", ""), ("ed", "e"),
                         ("d", ""), ("ing", ""), ("ing", "e")):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            out.add(lower[: -len(suffix)] + repl)
    return frozenset(out)


def _topic_label(token: Token) -> bool:
    """The words before a colon that opens a sentence: the topic a headline is filed under."""
    sent = token.sent
    colon = next((t for t in sent[:6] if t.text == ":"), None)
    return colon is not None and token.left_edge.i == sent.start and token.i < colon.i \
        and (colon.head.i == token.i or colon.i == token.right_edge.i + 1)


UNTRUE = {"lie", "false", "untrue", "baseless", "groundless", "unfounded", "fabrication", "nonsense", "fiction"}


def _called_untrue(act: Token, reporting: Token) -> bool:
    """'"They claim that Moscow is arming us, which is a lie"': the claim reported, then denied."""
    return any(t.dep_ == "relcl" and any(c.lower_ == "which" for c in t.children)
               and any(c.dep_ in ("attr", "acomp") and c.lemma_.lower() in UNTRUE for c in t.children)
               for t in reporting.subtree if t.i > act.i)


def is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    return verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl") and any(c.dep_ == "agent" for c in verb.children)


def agents(verb: Token) -> list[Token]:
    """The passive's by-phrases, with those the parser coordinated with another phrase of the
    verb: "recognised by Oman in 2011 and by Bangladesh in 2017"."""
    out = []
    for child in verb.children:
        if child.dep_ in ("agent", "prep"):
            for by in (child, *child.conjuncts):
                if by.dep_ == "agent" or by.lower_ == "by":
                    out += [c for c in by.children if c.dep_ == "pobj" and c not in out]
    if out:  # "recognised by Iceland, the first to do so, and by Russia": the parser hangs "by Russia" on the verb
        out += [c for by in verb.children if by.dep_ == "conj" and by.lower_ == "by"
                for c in by.children if c.dep_ == "pobj" and c not in out]
    if not out:  # "recognised as interim president by A, B and C": the by-phrase hung on the role
        out = [o for a in verb.children if a.dep_ == "prep" and a.lower_ == "as" for r in a.children if r.dep_ == "pobj"
               for b in r.children if b.dep_ in ("prep", "agent") and b.lower_ == "by"
               for o in b.children if o.dep_ == "pobj"]
    if out:  # "condemned by the African Union, ECOWAS and the UN": the list's rest hung elsewhere
        out += _list_rest(out[-1])
    return out


def _list_rest(last: Token) -> list[Token]:
    """The rest of a list the parser cut after `last`'s phrase: the proper noun that opens right
    after it and a comma, hung on the verb or on the subject ("recognised by A, B (B'), the
    European Union and the United States": the parser made the EU an apposition of the subject),
    when it goes on with conjuncts of its own."""
    doc = last.doc
    end = max(t.i for t in last.subtree)
    if end + 2 >= len(doc) or doc[end + 1].text != ",":
        return []
    start = doc[end + 2]
    rest = start if start.pos_ == "PROPN" else start.head
    if rest.pos_ != "PROPN" or rest.left_edge.i != end + 2 or rest.dep_ not in ("dep", "appos", "npadvmod") \
            or not rest.conjuncts or rest.sent.start != last.sent.start:
        return []
    return [rest]


def companions(token: Token) -> list[Token]:
    """The actors acting with `token`: "A, along with B and C, …", "A, together with B, …",
    "alongside B, A …" (coordinated members come with their head)."""
    out = []
    for child in token.children:
        if child.dep_ != "prep":
            continue
        if child.lower_ in ("along", "alongside", "together"):
            out += [o for o in child.children if o.dep_ == "pobj"]
            out += [o for w in child.children if w.dep_ == "prep" and w.lower_ == "with"
                    for o in w.children if o.dep_ == "pobj"]
        elif child.lower_ == "with" and any(a.lower_ in ("together", "along") for a in child.children
                                           if a.dep_ == "advmod"):
            out += [o for o in child.children if o.dep_ == "pobj"]
    return out


SAYING = {"say", "state", "add", "tell", "declare", "announce", "note", "warn", "insist"}


def _subject_read_as_object(verb: Token) -> list[Token]:
    """"X declared himself president and a succession of countries, including the US, recognised
    him": the parser joined the second clause's subject to the first's object ("president and a
    succession") and made the verb a conjunct with no "and" of its own. That noun is the subject."""
    if verb.dep_ != "conj" or any(c.dep_ == "cc" for c in verb.children) or any(
            c.dep_ == "cc" and verb.head.i < c.i < verb.i for c in verb.head.children):
        return []
    return [n for o in verb.head.children if o.dep_ == "dobj" and o.i < verb.i
            for n in o.children if n.dep_ == "conj" and n.pos_ in ("NOUN", "PROPN") and n.i < verb.i
            and any(c.dep_ == "cc" and o.i < c.i < n.i for c in o.children)][:1]


CHARGES = frozenset({"charge", "accusation", "claim", "allegation"})  # "…, a charge Khartoum denies"
# prepositions whose gerund shares the subject of the verb they hang on: "X justified it by
# accusing Y", "X began in party A before moving to B", "after leaving A, X joined B"
GERUND_TIES = frozenset({"by", "before", "after", "upon", "since"})


def _name_read_as_aux(aux: Token) -> bool:
    """"Prime Minister Theresa May called …": a name ending in "May" (or "Will") read as a modal."""
    return aux.ent_type_ == "PERSON" and aux.text[:1].isupper() and aux.i > aux.sent.start


def subject_tokens(verb: Token) -> list[Token]:
    own = _subject_tokens(verb)
    return own + [c for t in (verb, *own) for c in companions(t)] if own else own


def _subject_tokens(verb: Token) -> list[Token]:
    own = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    own = [c for c in own if not _topic_label(c)]  # "Somalia: Insurgent Defects": a topic label is no subject
    if own:
        return own
    own = [s for a in verb.children if a.dep_ in ("aux", "auxpass") and a.i < verb.i
           for s in a.children if s.dep_ in ("nsubj", "csubj") and not _topic_label(s)]
    if own:  # "Iran has for decades provided …": the parser hung the subject on the auxiliary
        return own
    own = [a for a in verb.children if a.dep_ == "aux" and _name_read_as_aux(a)]
    if own:  # "Theresa May called …": the name's last word read as the modal "may"
        return own
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.dep_ == "prep":
        owner = verb.head.head
        if owner.pos_ == "NOUN" and verb.head.lower_ in ("in", "by"):  # "the involvement of X in providing …"
            agents_ = prep_objects((owner,), {"of"}) or [c for c in owner.children if c.dep_ == "poss"]
            if agents_:
                return agents_
        if owner.lemma_ in COMMITTED and verb.head.lower_ == "to":  # "partners committed to supporting X"
            if owner.dep_ in ("acl", "amod"):
                return [owner.head]
            if owner.dep_ == "acomp":
                return subject_tokens(owner.head)
            if owner.pos_ == "VERB":
                return subject_tokens(owner)
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ == "in":
        joined, path = verb.head.head, []  # "A joined B in condemning X": A and B
        while joined.pos_ not in ("VERB", "AUX") and joined.dep_ in ("appos", "conj", "dobj", "nsubj") \
                and joined.head.i != joined.i:
            path.append(joined)  # "A joins B, C and D in …", the list misread as an apposition
            joined = joined.head
        if joined.lemma_ in JOIN_VERBS:
            return subject_tokens(joined) + [c for c in joined.children if c.dep_ == "dobj"] + path
        if joined.lemma_ in FOLLOW_VERBS:  # "A lagged behind B in recognising X": B did, and A now
            return subject_tokens(joined) + prep_objects((joined,), {"behind"})
    if verb.dep_ == "conj" and verb.head.pos_ not in ("VERB", "AUX") and verb.tag_.startswith("VB"):
        node = verb.head  # "calling her claim illegal and decrying X": the list hangs on "illegal"
        while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
            node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return subject_tokens(node)
    if verb.dep_ == "xcomp" and verb.head.dep_ == "acomp" and verb.head.lemma_.lower() in PROMPT:
        return subject_tokens(verb.head.head)  # "A and B were quick to congratulate X"
    if verb.dep_ in ("xcomp", "advcl") and verb.head.dep_ == "acl" and verb.head.tag_ == "VBN" \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return [verb.head.head]  # "Indian paratroopers flown in to support X": the ones sent
    if verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        misread = _subject_read_as_object(verb)
        if misread:
            return misread
        if verb.dep_ == "conj" and is_passive(verb.head):
            if not is_passive(verb) and any(c.dep_ == "dobj" for c in verb.children):
                # "he had been forced out and accused X": an active verb shares the passive's subject
                return [c for c in verb.head.children if c.dep_ == "nsubjpass"] or agents(verb.head)
            return agents(verb.head)
        shared = subject_tokens(verb.head)
        if verb.dep_ == "conj" and verb.head.dep_ == "ccomp" and (
                all(s.dep_ == "expl" or s.lower_ in ("there", "it") for s in shared)
                or shared and forms(verb.head.head) & SAYING and verb.head.lemma_ == "be"
                and all(s.pos_ == "NOUN" and not s.ent_type_ for s in shared)):
            # "X said there was no excuse and criticised Y"; "X said the dismissal was a setback and
            # criticised Y": the thing said to be something criticised nobody, X did
            return subject_tokens(verb.head.head)
        return shared
    if verb.dep_ == "advcl" and (verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)):
        return subject_tokens(verb.head)  # "X voted on Monday to recognise Y"
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ in GERUND_TIES \
            and verb.head.head.pos_ in ("VERB", "AUX") and verb.head.head.tag_ != "VBG":
        return subject_tokens(verb.head.head)  # "X justified it by accusing Y", "X began in A before moving to B"
    if verb.dep_ == "acl" and (verb.tag_ in ("VBG", "VBD", "VBZ", "VBP")
                               or verb.tag_ == "VBN" and any(c.dep_ == "dobj" for c in verb.children)):
        if verb.tag_ == "VBG" and forms(verb.head) & STATEMENTS:
            return subject_tokens(verb.head.head) if verb.head.dep_ == "dobj" else []
        return [verb.head]  # "nations recognizing him"; a finite verb the parser hung on a noun
    if verb.dep_ in ("relcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return [verb.head]  # "the latest officer to defect"
    if verb.dep_ == "ROOT":  # "In the Pacific, Palau and Tuvalu recognise X": with no subject, the
        # parser has hung the subjects on the place the sentence opens with (as an apposition, or
        # as the object of its preposition): the names after the comma
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.i == c.sent.start):
            comma = next((t.i for t in prep.subtree if t.text == ","), None)
            for place in (o for o in prep.children if o.dep_ == "pobj" and comma is not None):
                listed = [a for a in place.children if a.dep_ == "appos" and comma < a.i < verb.i]
                if listed or place.i > comma:
                    return listed or [place]
            for name in (o for o in prep.children if o.dep_ == "pobj" and o.pos_ == "PROPN" and not o.ent_type_ == "DATE"):
                if any(t.ent_type_ == "DATE" for t in name.lefts):
                    return [name]  # "On 17 May 2005 Belinda Stronach crossed …": the date ran into the name
        if verb.tag_ == "VBZ" and not any(c.dep_ in SUBJECTS or c.dep_ == "expl" for c in verb.children):
            return operative_body(verb)
    return []


def operative_body(verb: Token) -> list[Token]:
    """The body that speaks in a resolution's or communique's operative paragraphs: "The Peace
    and Security Council, at its 1001st meeting, … 1. Strongly condemns X; 2. Decides …". The
    preamble is a noun phrase ending in a comma; between it and the paragraph, only numbers and
    other paragraphs of the same kind (a verb with no subject) may stand."""
    doc, start = verb.doc, verb.sent.start
    for _ in range(30):
        if start == 0:
            return []
        sent = doc[start - 1].sent
        root = sent.root
        last = next((t for t in reversed(sent) if not t.is_space), root)
        if last.text == "," and root.i < last.i:
            if root.pos_ in ("NOUN", "PROPN"):
                return [root]
            if root.tag_ in ("VBN", "VBG") and not any(c.dep_ in ("aux", "auxpass") for c in root.children):
                # "The Council, at its 1210th meeting, held on 14 March …,": the parser's subject
                return [c for c in root.children if c.dep_ in SUBJECTS][:1]
        numbered = sent[0].like_num or sent[0].text == "(" or root.tag_ == "LS" or root.like_num
        if any(c.dep_ in SUBJECTS for c in root.children) or not (numbered or root.pos_ in ("VERB", "AUX")):
            return []  # a sentence of another kind: this is no list of operative paragraphs
        start = sent.start
    return []


QUOTES = frozenset({"\"", "\u201c", "\u201d", "'", "\u2018", "\u2019"})  # opening and closing quotation marks


def prep_objects(heads, preps) -> list[Token]:
    out = []
    for head in heads:
        for child in head.children:
            if child.dep_ in ("prep", "agent", "prt", "dative") and child.lower_ in preps:
                out += [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                # "from the Arab League and from Egypt": a coordinated preposition of the same word
                out += [c for p in child.conjuncts if p.lower_ == child.lower_ for c in p.children if c.dep_ == "pobj"]
    return out


def prep_children(token: Token, preps) -> list[Token]:
    return [c for c in token.children if c.dep_ == "prep" and c.lower_ in preps]


def clause_of(token: Token) -> Token | None:
    node = token
    while node.head.i != node.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return node if node.pos_ in ("VERB", "AUX") else None


class Blocker:
    """Why an act does not count: it is negated, modal, hypothetical, or governed by a verb or
    noun of wishing, urging, expecting, failing or refusing."""

    def __init__(self, cues: Cues) -> None:
        self.cues = cues

    def reported(self, token: Token) -> bool:
        """Whether the act is reported speech ("X said Y backs Z"): trusted a little less."""
        node = token
        while node.head.i != node.i and node.dep_ in ("ccomp", "xcomp", "conj", "advcl", "parataxis"):
            node = node.head
            if forms(node) & self.cues.reporting:
                return True
        return any(c.dep_ == "parataxis" and forms(c) & self.cues.reporting for c in node.children)

    def blocked(self, token: Token, *, climb: bool = True) -> str | None:
        """Why the act at `token` does not count (negated, modal, …), or None if it does."""
        node, first, came_by = token, True, ""
        while True:
            if not first and came_by == "xcomp" and node.lemma_.lower() in ("wish", "like") \
                    and any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in node.children) \
                    and not any(c.dep_ == "neg" for c in node.children):
                return None  # "I wish to congratulate X", "we would like to thank Y": said, so done
            for child in node.children:
                low = child.lower_
                if child.dep_ == "neg" or (child.dep_ in ("advmod", "det", "preconj") and low in self.cues.negation):
                    return "negated"
                if child.dep_ == "advmod" and any(g.dep_ == "neg" or g.lower_ in self.cues.negation
                                                  for g in child.children):
                    return "negated"  # "no longer recognised"
                if child.dep_ in ("aux", "auxpass") and low in self.cues.modal and not _name_read_as_aux(child) \
                        and not (low in self.cues.future and forms(node) & self.cues.continuing):
                    return "modal"  # but "will continue to support X" says X is supported now
                if child.dep_ == "mark" and low in self.cues.hypothetical:
                    return "hypothetical"
            lemmas = forms(node)
            if not first and came_by in ("ccomp", "parataxis") and lemmas & self.cues.reporting:
                # '"We condemn X," she told reporters': the speaker's own words
                return "denied" if _called_untrue(token, node) else None
            if not first and came_by == "ccomp" and any(
                    c.dep_ == "dobj" and c.lemma_.lower() in CHARGES and token.i < c.i < node.i for c in node.children):
                return None  # "A accuses B of arming rebels, a charge C denies": A's accusation stands
            if not first and came_by not in ("conj", "advcl", "oprd") and lemmas & self.cues.governors:
                # "denied A and accused B"; "refusing to recognise A, calling her claim illegal"
                return "governed"
            if not first and came_by == "xcomp" and lemmas & {"have", "be"} and \
                    any(c.lower_ == "yet" for c in node.children):
                return "negated"  # "has yet to recognise"
            if not first and lemmas & self.cues.reporting:
                # reported speech: the speaker's frame ends here, unless the speaker calls it untrue
                return "denied" if _called_untrue(token, node) else None
            first = False
            if not climb or node.head.i == node.i:
                return None
            dep = node.dep_
            if dep == "acl" and forms(node.head) & self.cues.governor_nouns:
                return "governed"
            if dep == "conj" and any(c.dep_ in SUBJECTS or c.dep_ == "aux" for c in node.children):
                return None
            if dep == "conj" and node.head.dep_ == "ccomp" and node.head.head.i != node.head.i and any(
                    c.dep_ == "expl" for c in node.head.children):
                # "X said there had never been … and accused Y": the verb is the saying clause's, as
                # its subject is (`subject_tokens`); the said clause's "never" is not its own
                node, came_by = node.head.head, "conj"
                continue
            if dep == "conj" and node.tag_ in ("VBD", "VBZ", "VBP") and node.head.tag_ == "VB":
                return None  # "did not recognise A and still regarded B": the tense says "did not" is not B's
            if dep in ("xcomp", "ccomp", "conj", "pcomp", "acomp", "oprd", "prep", "pobj", "dobj"):
                node, came_by = node.head, dep
                continue
            if dep == "advcl" and not any(c.dep_ == "mark" or c.dep_ in SUBJECTS for c in node.children):
                node, came_by = node.head, dep
                continue
            return None

    def noun_blocked(self, noun: Token) -> bool:
        for child in noun.children:
            if child.dep_ in ("det", "amod", "neg", "advmod") and child.lower_ in self.cues.noun_negators:
                return True
            if child.dep_ == "amod" and child.lower_ in self.cues.adjective_hedges:
                return True
        head = noun.head
        if noun.dep_ == "pobj" and head.dep_ == "prep" and forms(head.head) & self.cues.governor_nouns:
            return True
        if noun.dep_ in ("dobj", "pobj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
            if forms(head) & self.cues.governors and not any(c.dep_ == "oprd" for c in head.children):
                return True  # "urged the recognition of X"; not "called the defection of X significant"
        return False
