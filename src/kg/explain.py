"""Why a sentence gave a relation, or none: `kg explain`.

For one sentence, in the context of its article when there is one, this reports:
- the parse, compactly (token, lemma, part of speech, dependency and head);
- the actors named in it, and how each was found (a name, the gazetteer, a collective, a
  government standing for its owner, a pronoun or description resolved by coreference);
- each trigger word (a verb, act noun, actor noun or adjective of a rule in rules.yaml), what
  blocks it if anything (negation, modality, a hypothetical, a governing verb such as "urged"),
  and the actors found on each side;
- the frames the finders read (`kg.frames`): trigger, rule, the words of each role, and what
  the claims stage made of them;
- the relations that came out, with rule and confidence.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from kg.casing import for_parsing
from kg.coref import PERSONAL
from kg.extract import Reader
from kg.found import Found
from kg.frames import Frame
from kg.mentions import Entities
from kg.relations import Finder
from kg.syntax import agents, is_passive, prep_objects, subject_tokens


@dataclass
class Trigger:
    word: str
    rules: list[str]
    blocked: str | None
    subjects: list[str]
    objects: list[str]


@dataclass
class Explanation:
    sentence: str
    tokens: list[dict]
    actors: list[dict]
    triggers: list[Trigger]
    relations: list[dict] = field(default_factory=list)
    frames: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def explain(nlp, text: str, sentence: int | None = None) -> Explanation:
    """Explain sentence number `sentence` (from 1) of `text`, or its only sentence."""
    doc = nlp(for_parsing(text))
    sents = [s for s in doc.sents if s.text.strip()]
    if not sents:
        raise ValueError("no sentence in the text")
    if sentence is None:
        sentence = 1
    if not 1 <= sentence <= len(sents):
        raise ValueError(f"sentence {sentence} is out of range (1 to {len(sents)})")
    reader = Reader(doc)
    ents, args = reader.entities, reader.claims.args
    traces: list[list] = [[] for _ in sents]
    found_by_sentence = [reader.read(s, t) for s, t in zip(sents, traces)]  # in order, as extraction reads
    sent = sents[sentence - 1]
    found = found_by_sentence[sentence - 1]
    frames = [_frame(ents, frame, gave) for frame, gave in traces[sentence - 1]]
    tokens = [{"i": t.i - sent.start, "text": t.text, "lemma": t.lemma_, "pos": t.pos_, "dep": t.dep_,
               "head": t.head.i - sent.start} for t in sent if not t.is_space]
    actors = []
    for token in sent:
        how = _how(ents, token)
        if how is None:
            continue
        named = args.actors([token])
        if named:
            actors.append({"word": token.text, "actor": named[0].display, "type": str(named[0].type), "how": how})
    triggers = [_trigger(reader, token) for token in sent if _rules_of(reader.frames, token)]
    relations = [{"subject": s.display, "relation": f.relation.value, "object": o.display if o is not None else None,
                  "rule": f.rule, "confidence": f.confidence}
                 for f in found for s in f.subjects for o in (f.objects or (None,))
                 if o is None or o.key != s.key]
    return Explanation(sentence=text[sent.start_char:sent.end_char].strip(), tokens=tokens, actors=actors,
                       triggers=triggers, relations=relations, frames=frames)


def _frame(ents: Entities, frame: Frame, gave: Found | None) -> dict:
    doc = frame.anchor.doc

    def words(tokens) -> list[str]:
        out = []
        for t in tokens:
            mention = ents.at.get(t.i)
            text = doc[mention.start:mention.end].text if mention is not None else t.text
            if text not in out:
                out.append(text)
        return out

    agent = words(frame.agent.tokens) + words([t for t in (frame.agent.modifier,) if t is not None])
    patient = words(frame.patient.tokens) + words([t for t in (frame.patient.modifier,) if t is not None])
    if gave is None:
        result = None
    else:
        result = {"relation": gave.relation.value, "subjects": [e.display for e in gave.subjects],
                  "objects": [e.display for e in gave.objects] if gave.objects is not None else None}
    return {"trigger": doc[frame.trigger[0]:frame.trigger[1]].text, "rule": frame.rule,
            "relation": frame.relation.value if frame.relation is not None else None,
            "agent": agent, "patient": patient, "gave": result}


def _how(ents: Entities, token) -> str | None:
    if token.i in ents.stands_for:
        return "government or voice standing for its owner"
    mention = ents.at.get(token.i)
    if mention is not None:
        if token.i != mention.end - 1:
            return None  # one line per name, at its last word
        return {"name": "name", "country": "gazetteer (country)", "organisation": "gazetteer (body)",
                "group": "collective"}.get(mention.entity.kind, mention.entity.kind)
    if token.lower_ in PERSONAL or token.lower_ in ("we", "i", "they", "them", "it", "you"):
        return "pronoun (coreference)"
    if token.pos_ == "NOUN" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr"):
        return "description (coreference)"
    return None


def _rules_of(finder: Finder, token) -> list[str]:
    lemma = finder.lex.lemma(token)
    out = []
    if token.pos_ in ("VERB", "AUX") or (token.tag_.startswith("VB") and token.pos_ != "NOUN"):
        out += [r.id for r in finder.lex.verbs.get(lemma, ())]
    if token.pos_ in ("NOUN", "PROPN"):
        out += [r.id for r in finder.lex.nouns.get(lemma, ())] + [r.id for r in finder.lex.agents.get(lemma, ())]
    out += [r.id for r in finder.lex.adjectives.get(token.lower_, ())]
    return out


def _trigger(reader: Reader, token) -> Trigger:
    finder, args = reader.frames, reader.claims.args
    verb = token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")
    blocked = finder.block.blocked(token) if verb else ("negated or hedged" if finder.block.noun_blocked(token) else None)
    if verb and is_passive(token):
        subj, obj = agents(token), [c for c in token.children if c.dep_ == "nsubjpass"]
    elif verb:
        subj = subject_tokens(token)
        obj = [c for c in token.children if c.dep_ in ("dobj", "dative")] + \
            prep_objects((token,), {"to", "for", "with", "by", "behind", "on", "at", "of"})
    else:
        subj = [c for c in token.children if c.dep_ == "poss"] + prep_objects((token,), {"by", "from", "of"})
        obj = prep_objects((token,), {"for", "to", "with", "of", "behind"})
    subjects = [e.display for e in args.actors(subj)]
    objects = [e.display for e in args.actors(obj, act=True, exclude=())]
    return Trigger(word=token.text, rules=_rules_of(finder, token), blocked=blocked, subjects=subjects,
                   objects=objects)


def format_explanation(ex: Explanation) -> str:
    lines = [ex.sentence, "", "parse:"]
    lines += [f"  {t['i']:>3} {t['text']:<16} {t['lemma']:<14} {t['pos']:<6} {t['dep']:<10} -> {t['head']}"
              for t in ex.tokens]
    lines.append("actors:")
    lines += [f"  {a['word']!r} -> {a['actor']} ({a['type']}; {a['how']})" for a in ex.actors] or ["  none"]
    lines.append("triggers:")
    for t in ex.triggers:
        state = f"blocked: {t.blocked}" if t.blocked else "counts"
        lines.append(f"  {t.word!r} [{', '.join(t.rules)}] {state}; subject side {t.subjects or '-'}; "
                     f"object side {t.objects or '-'}")
    if not ex.triggers:
        lines.append("  none (no word of the sentence is a trigger in rules.yaml)")
    lines.append("frames (roles as words, then as actors):")
    for f in ex.frames:
        relation = f["relation"] or "the last relation (followed suit)"
        head = f"  {f['trigger']!r} {relation} [{f['rule']}]: agent {f['agent'] or '-'}, patient {f['patient'] or '-'}"
        if f["gave"] is None:
            lines.append(f"{head} -> nothing (a side names no actor, or a constraint of the rule failed)")
        else:
            objects = ", ".join(f["gave"]["objects"]) if f["gave"]["objects"] is not None else "* (none stated)"
            lines.append(f"{head} -> {', '.join(f['gave']['subjects'])} {f['gave']['relation']} {objects}")
    if not ex.frames:
        lines.append("  none")
    lines.append("relations:")
    lines += [f"  {r['subject']} {r['relation']} {r['object'] or '*'}  [{r['rule']}, confidence {r['confidence']}]"
              for r in ex.relations] or ["  none"]
    return "\n".join(lines)
