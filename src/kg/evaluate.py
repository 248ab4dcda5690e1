"""Score a graph's relations against annotated gold: `kg eval`.

The gold format is the evaluation's (`../shared/eval`): a JSONL file, one relation a line,

    {"doc": "article-id", "s": "ent:id", "p": "recognises", "o": "ent:id", "status": "required", "evidence": "…"}

(`o` may be `*`: any object, or none; `status` is `required` or `optional`), and a JSON
entities file mapping each id to `{"label", "type", "aliases", "also"}`. The matching rules are
GUIDELINES.md's, as the shared scorer applies them: an extracted label matches a gold entity
when, folded (case, accents, punctuation, possessive, leading titles), it equals one of its
aliases, or is the surname alone of a person alias, or ends with a person alias of two words or
more; an entity's `also` ids may stand in for it. Recall counts the required relations found;
precision counts extracted relations that match a required or optional one, leaving out those
that match only optional ones; several extracted relations matching one gold line are
duplicates, not errors.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from textwrap import shorten
from dataclasses import dataclass, field
from pathlib import Path

from kg.rules import fold as fold_name
from kg.errors import InputError
from kg.types import Relation

RELATIONS = tuple(r.value for r in Relation)
# One row per relation and article, as queries/relations.rq (the scoring contract), plus the
# highest confidence and the rules of the claims behind it.
QUERY = """
PREFIX kg:   <https://kg.example.org/ns#>
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?subject ?relation ?object ?source (STRAFTER(MIN(?keyed), "\t") AS ?evidence)
       (MAX(?confidence) AS ?conf) (GROUP_CONCAT(DISTINCT ?rule; separator=" ") AS ?rules)
WHERE {
  ?claim a kg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; kg:article ?article ; kg:sentence ?sentence ;
         kg:confidence ?confidence ; kg:rule ?rule .
  ?s rdfs:label ?subject .
  OPTIONAL { ?claim rdf:object ?o . ?o rdfs:label ?olabel . }
  OPTIONAL { ?claim kg:sentenceStart ?start . }
  ?article kg:articleId ?source .
  BIND(STRAFTER(STR(?p), "#") AS ?relation)
  BIND(COALESCE(?olabel, "") AS ?object)
  BIND(STR(COALESCE(?start, 0)) AS ?offset)
  BIND(CONCAT(SUBSTR("000000000000", STRLEN(?offset) + 1), ?offset, "\t", ?sentence) AS ?keyed)
}
GROUP BY ?subject ?relation ?object ?source
ORDER BY ?source ?relation ?subject ?object
"""
BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)  # confidence bands of the reliability table
TITLES = {"mr", "mrs", "ms", "dr", "president", "gen", "general", "col", "colonel", "sen", "senator", "rep",
          "secretary", "minister", "adm", "admiral", "the", "interim", "self", "declared", "self declared", "vice"}


def fold(text: str) -> str:
    """Lower case, no accents, possessive or punctuation, leading titles dropped."""
    text = re.sub(r"'s\b", "", fold_name(text))
    text = re.sub(r"\bu\.s\.?", "us", text)
    text = re.sub(r"\bu\.k\.?", "uk", text)
    words = re.sub(r"[^a-z0-9 ]+", " ", text).split()
    while words and words[0] in TITLES:
        words.pop(0)
    return " ".join(words)


class GoldEntities:
    """Which gold entities an extracted label may name."""

    def __init__(self, table: dict) -> None:
        self.table = table
        self.alias: dict[str, set[str]] = defaultdict(set)
        self.surname: dict[str, set[str]] = defaultdict(set)
        for eid, entity in table.items():
            for name in (entity.get("label", ""), *entity.get("aliases", [])):
                key = fold(name)
                self.alias[key].add(eid)
                if entity.get("type") == "PERSON" and len(key.split()) > 1:
                    self.surname[key.split()[-1]].add(eid)

    def candidates(self, label: str) -> set[str]:
        key = fold(label)
        if key in self.alias:
            return set(self.alias[key])
        if key in self.surname:
            return set(self.surname[key])
        words = key.split()  # "air force Gen Francisco Yanez": a longer mention ending in a person's name
        for i in range(1, len(words) - 1):
            tail = " ".join(words[i:])
            if tail in self.alias:
                return set(self.alias[tail])
        return set()

    def matches(self, gold_id: str, label: str) -> bool:
        if gold_id == "*":
            return True
        found = self.candidates(label)
        return gold_id in found or bool(found & set(self.table.get(gold_id, {}).get("also", [])))


@dataclass
class Report:
    precision: float
    recall: float
    f1: float
    true_pos: int
    false_pos: int
    duplicates: int
    gold_required: int
    per_relation: dict[str, dict]
    missed: list[dict] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)
    reliability: list[dict] = field(default_factory=list)  # by confidence band: scored rows, share right

    def as_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, "true_pos": self.true_pos,
                "false_pos": self.false_pos, "duplicates": self.duplicates, "gold_required": self.gold_required,
                "per_relation": self.per_relation, "missed": self.missed, "false_positives": self.false_positives,
                "reliability": self.reliability}


def read_gold(path: Path) -> list[dict]:
    """The gold relations of a JSONL file; a bad line is one error naming the file and line."""
    gold = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read gold: {exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not JSON: {exc.msg}") from None
        missing = {"doc", "s", "p", "o"} - set(item) if isinstance(item, dict) else {"doc", "s", "p", "o"}
        if missing:
            raise InputError(f"{path}:{number}: a gold line needs {sorted(missing)}")
        if item["p"] not in RELATIONS:
            raise InputError(f"{path}:{number}: unknown relation {item['p']!r} (one of {', '.join(RELATIONS)})")
        item.setdefault("status", "required")
        gold.append(item)
    return gold


def read_entities(path: Path) -> GoldEntities:
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: cannot read gold entities: {exc}") from None
    if not isinstance(table, dict):
        raise InputError(f"{path}: gold entities must be a JSON object of id -> entity")
    return GoldEntities(table)


def score(rows: list[dict], gold: list[dict], entities: GoldEntities) -> Report:
    """Score extracted rows (`doc`, `s`, `p`, `o`, optional `evidence`) against gold relations."""
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for line in gold:
        by_doc[line["doc"]].append(line)
    seen: set[tuple] = set()
    found: set[tuple[str, int]] = set()
    duplicates, false_pos = 0, []
    judged: list[tuple[float, bool]] = []  # (confidence, right) of each scored row with a confidence
    for row in rows:
        key = (row["doc"], fold(row["s"]), row["p"], fold(row["o"]))
        if key in seen:
            continue
        seen.add(key)
        lines = by_doc[row["doc"]]
        hits = [i for i, g in enumerate(lines) if g["p"] == row["p"] and entities.matches(g["s"], row["s"])
                and entities.matches(g["o"], row["o"])]
        required = [i for i in hits if lines[i]["status"] == "required"]
        if required:
            fresh = [i for i in required if (row["doc"], i) not in found]
            if fresh:
                found.add((row["doc"], fresh[0]))
            else:
                duplicates += 1
        elif not hits:
            false_pos.append(row)
        if (required or not hits) and row.get("confidence") is not None:
            judged.append((row["confidence"], bool(required)))
    n_required = sum(g["status"] == "required" for g in gold)
    tp = len(found)
    precision = tp / (tp + len(false_pos)) if tp + len(false_pos) else 0.0
    recall = tp / n_required if n_required else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    per_relation = {}
    for rel in RELATIONS:
        required = sum(1 for g in gold if g["p"] == rel and g["status"] == "required")
        hit = sum(1 for d, i in found if by_doc[d][i]["p"] == rel)
        fp = sum(1 for r in false_pos if r["p"] == rel)
        p = hit / (hit + fp) if hit + fp else 0.0
        r = hit / required if required else 0.0
        per_relation[rel] = {"gold": required, "found": hit, "false_pos": fp, "precision": round(p, 3),
                             "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}
    missed = [g for d, lines in by_doc.items() for i, g in enumerate(lines)
              if g["status"] == "required" and (d, i) not in found]
    reliability = []
    for low, high in zip(BANDS, BANDS[1:]):
        band = [right for conf, right in judged if low <= conf < high]
        if band:
            reliability.append({"from": low, "to": min(high, 1.0), "relations": len(band),
                                "right": round(sum(band) / len(band), 3)})
    return Report(round(precision, 3), round(recall, 3), round(f1, 3), tp, len(false_pos), duplicates,
                  n_required, per_relation, missed, false_pos, reliability)


def rows_from_answer(answer) -> list[dict]:
    """The rows of `queries/relations.rq`'s answer: subject, relation, object, source, evidence."""
    out = []
    for row in answer.rows:
        values = dict(zip(answer.columns, row))
        doc = re.split(r"[#/]", str(values.get("source", "")).strip().rstrip("/#"))[-1]
        out.append({"doc": doc.rsplit(".", 1)[0] if "." in doc else doc, "s": values.get("subject") or "",
                    "p": values.get("relation") or "", "o": values.get("object") or "",
                    "evidence": values.get("evidence") or "",
                    "confidence": float(values["conf"]) if values.get("conf") else None,
                    "rules": (values.get("rules") or "").split()})
    return out


def format_report(report: Report, *, show: bool = True, width: int = 100) -> str:
    """The report as text: misses and false positives with their sentences, then the scores."""
    lines = []
    if show:
        for g in report.missed:
            lines.append(f"missed     {g['doc']}: {g['s']} {g['p']} {g['o']}  «{shorten(g.get('evidence', ''), width, placeholder=' …')}»")
        for r in report.false_positives:
            lines.append(f"false pos  {r['doc']}: {r['s']} {r['p']} {r['o'] or '*'}  «{shorten(r.get('evidence', ''), width, placeholder=' …')}»")
        if lines:
            lines.append("")
    lines.append(f"{'relation':11} {'gold':>5} {'found':>6} {'false pos':>10} {'precision':>10} {'recall':>7} {'f1':>6}")
    for rel, c in report.per_relation.items():
        lines.append(f"{rel:11} {c['gold']:5} {c['found']:6} {c['false_pos']:10} {c['precision']:10.3f}"
                     f" {c['recall']:7.3f} {c['f1']:6.3f}")
    if report.reliability:
        lines.append("")
        lines.append(f"{'confidence':<12} {'relations':>9} {'right':>7}")
        lines += [f"{b['from']:.1f}–{b['to']:.1f}{'':<5} {b['relations']:>9} {b['right']:>7.2f}" for b in report.reliability]
        lines.append("")
    lines.append(f"precision {report.precision:.3f}  recall {report.recall:.3f}  f1 {report.f1:.3f}  "
                 f"(tp {report.true_pos}, fp {report.false_pos}, duplicates {report.duplicates}, "
                 f"gold {report.gold_required})")
    return "\n".join(lines)



SOURCES = """
PREFIX kg: <https://kg.example.org/ns#>
SELECT ?id ?file WHERE { ?article kg:articleId ?id . OPTIONAL { ?article kg:sourceFile ?file } }
"""


def graph_articles(graph_path: Path) -> list:
    """The articles a graph was built from, read again from the files it records (kg:sourceFile);
    an article whose file is gone is one error naming it."""
    from kg import ingest
    from kg import query as q

    answer = q.run(q.open_store(graph_path), SOURCES, where="the graph's articles")
    wanted: dict[str, str] = {}
    for article_id, source in answer.rows:
        wanted[article_id] = source or ""
    files = sorted({re.sub(r":\d+$", "", f) for f in wanted.values() if f})
    articles, errors = [], []
    for item in ingest.read_articles([Path(f) for f in files if Path(f).exists()]):
        if isinstance(item, InputError):
            errors.append(str(item))
        elif item.id in wanted:
            articles.append(item)
    missing = sorted(set(wanted) - {a.id for a in articles})
    if missing:
        errors.append(f"{graph_path}: {len(missing)} article(s) whose files cannot be read again, e.g. {missing[0]!r}")
    return articles, errors

