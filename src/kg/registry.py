"""The bookkeeping of an on-disk store (`kg build --store`): a SQLite file beside the RDF.

It holds what the graph should not: the build settings, each article's id and content hash
(so an unchanged article is skipped before any parsing), and the actor registry that keeps
entity resolution consistent from one build to the next:

* `names`: every actor key an article has used, the node (actor) it belongs to and how many
  article records gave it each type;
* `nodes`: each actor node with its counts of labels, types and aliases, from which its
  record in the graph is made with `resolve.combine` (a person under the fullest name...);
* `support`: how many articles state each direct actor-to-actor triple;
* `articles`: each article's hash and what it contributed (to take back when it changes).

A node's key, and so its IRI (`kg.iri.mint`), never changes: a later name that resolves to
it ("Guaido" where the registry has "Juan Guaidó") joins it. A new article is matched with
`resolve.targets`, the rules of a whole build, on its own actors and the stored names they
could join (sharing a word, or a word spelt alike), so the registry is never scanned whole.

Writes go in `apply`, one SQLite transaction per article, after the article's graph is in
the RDF store: an article whose row is missing (the build was killed between the two) is
simply done again. The file is in WAL mode; the in-memory copy is one entry per name.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from kg import resolve
from kg.types import Actor, ActorType

FILE = "kg-store.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, claims INTEGER NOT NULL,
    sentences INTEGER NOT NULL, records TEXT NOT NULL, relations TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS names (key TEXT PRIMARY KEY, node TEXT NOT NULL, types TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (key TEXT PRIMARY KEY, labels TEXT NOT NULL, types TEXT NOT NULL,
    aliases TEXT NOT NULL, articles INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS support (s TEXT, p TEXT, o TEXT, n INTEGER NOT NULL, PRIMARY KEY (s, p, o));
"""


@dataclass
class Node:
    """An actor node's counts over the article records that name it."""

    labels: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    aliases: Counter = field(default_factory=Counter)
    articles: int = 0

    def copy(self) -> "Node":
        return Node(Counter(self.labels), Counter(self.types), Counter(self.aliases), self.articles)

    def actor(self, key: str) -> Actor | None:
        """The node's record as `resolve` makes it, or None when no article names it any more."""
        if self.articles <= 0 or not +self.labels:
            return None
        return resolve.combine(key, self.labels, self.types, +self.aliases)


@dataclass
class Plan:
    """What committing one article changes, worked out before anything is written."""

    article_id: str
    sha256: str
    old_sha256: str | None
    claims: int
    sentences: int
    records: list  # [local key, node, label, type, aliases] per actor record of the article
    relations: list  # [subject node, relation, object node], distinct
    nodes: dict[str, Node]  # the touched nodes, as they will be
    old_records: list = field(default_factory=list)  # the records of its older content
    added: list = field(default_factory=list)  # relations to add to the graph
    removed: list = field(default_factory=list)  # relations no article states any more


class Registry:
    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
        self.db = sqlite3.connect(uri, uri=True, isolation_level=None)
        if not read_only:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
        self.names: dict[str, tuple[str, Counter]] = {}
        self.nodes: dict[str, Node] = {}
        self.words: dict[str, set[str]] = defaultdict(set)
        self._vocabulary: list[str] = []
        self._loaded = False

    def close(self) -> None:
        self.db.close()

    # --- settings and articles -----------------------------------------------------------

    def settings(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT name, value FROM settings"))

    def set_settings(self, settings: dict[str, str]) -> None:
        with self._transaction():
            self.db.executemany("INSERT OR REPLACE INTO settings VALUES (?, ?)", settings.items())

    def reset(self) -> None:
        """Forget everything (for --rebuild): settings first, so a store emptied only in part is new."""
        with self._transaction():
            for table in ("settings", "articles", "names", "nodes", "support"):
                self.db.execute(f"DELETE FROM {table}")
        self.names, self.nodes, self.words, self._vocabulary = {}, {}, defaultdict(set), []

    def article_sha256(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT sha256 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def totals(self) -> dict[str, int]:
        """Articles, sentences and claims stored, actors named, relations stated."""
        articles, sentences, claims = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(sentences), 0), COALESCE(SUM(claims), 0) FROM articles").fetchone()
        actors = self.db.execute("SELECT COUNT(*) FROM nodes WHERE articles > 0").fetchone()[0]
        relations = self.db.execute("SELECT COUNT(*) FROM support WHERE n > 0").fetchone()[0]
        return {"articles": articles, "sentences": sentences, "claims": claims, "actors": actors,
                "relations": relations}

    # --- resolution ----------------------------------------------------------------------

    def load(self) -> None:
        """Read the names and nodes into memory (once, and only when an article is to be done)."""
        if self._loaded:
            return
        for key, node, types in self.db.execute("SELECT key, node, types FROM names"):
            self._add_name(key, node, Counter(json.loads(types)))
        for key, labels, types, aliases, articles in self.db.execute("SELECT * FROM nodes"):
            self.nodes[key] = Node(Counter(json.loads(labels)), Counter(json.loads(types)),
                                   Counter(json.loads(aliases)), articles)
        self._loaded = True

    def _add_name(self, key: str, node: str, types: Counter) -> None:
        if key not in self.names:
            for word in set(key.split("-")):
                if word not in self.words:
                    self._vocabulary.append(word)
                self.words[word].add(key)
        self.names[key] = (node, types)

    def _candidates(self, keys: list[str]) -> set[str]:
        """Stored names a person key could join: sharing a word with it, or a word spelt alike."""
        found: set[str] = set()
        for key in keys:
            for word in set(key.split("-")):
                found |= self.words.get(word, set())
                if len(word) >= resolve.SPELLING_MIN_LEN and self._vocabulary:
                    for alike, _, _ in process.extract(word, self._vocabulary, scorer=fuzz.ratio, limit=None,
                                                       score_cutoff=resolve.SPELLING_MIN_RATIO):
                        found |= self.words[alike]
        return found

    def assign(self, actors: tuple[Actor, ...]) -> dict[str, str]:
        """{an article's actor key: the node it is}: a stored name stays with its node; a new
        name joins the node `resolve.targets` puts it with, or becomes a node of its own."""
        self.load()
        types: dict[str, ActorType] = {}
        weights: dict[str, int] = {}
        for actor in actors:
            counts = Counter(self.names[actor.key][1]) if actor.key in self.names else Counter()
            counts[actor.type.value] += 1
            types[actor.key], weights[actor.key] = _voted(counts), sum(counts.values())
        people = [key for key, kind in types.items() if kind is ActorType.PERSON]
        for key in sorted(self._candidates(people) - set(types)):
            counts = self.names[key][1]
            types[key], weights[key] = _voted(counts), max(1, sum(counts.values()))
        target = resolve.targets(types, weights, {frozenset(a.key for a in actors)})
        clusters: dict[str, list[str]] = defaultdict(list)
        for key in types:
            clusters[target.get(key, key)].append(key)
        out: dict[str, str] = {}
        for actor in actors:
            key = actor.key
            if key in self.names:
                out[key] = self.names[key][0]
                continue
            root = target.get(key, key)
            if root in self.names:
                out[key] = self.names[root][0]
                continue
            stored = sorted({self.names[m][0] for m in clusters[root] if m in self.names})
            out[key] = stored[0] if stored else root
        return out

    # --- committing an article -----------------------------------------------------------

    def plan(self, article_id: str, sha256: str, actors: tuple[Actor, ...], node_of: dict[str, str],
             relations: set[tuple[str, str, str]], claims: int, sentences: int) -> Plan:
        """What storing this article (in place of its older content, if any) changes."""
        self.load()
        old = self.db.execute("SELECT sha256, records, relations FROM articles WHERE id = ?",
                              (article_id,)).fetchone()
        nodes: dict[str, Node] = {}

        def node(key: str) -> Node:
            if key not in nodes:
                nodes[key] = self.nodes[key].copy() if key in self.nodes else Node()
            return nodes[key]

        def count(records: list, sign: int) -> None:
            touched = set()
            for _, key, label, kind, aliases in records:
                n = node(key)
                n.labels[label] += sign
                n.types[kind] += sign
                for alias in {*aliases, label}:
                    n.aliases[alias] += sign
                touched.add(key)
            for key in touched:
                nodes[key].articles += sign

        records = [[a.key, node_of[a.key], a.label, a.type.value, list(a.aliases)] for a in actors]
        old_relations: list = []
        old_records: list = json.loads(old[1]) if old else []
        if old:
            count(old_records, -1)
            old_relations = [tuple(r) for r in json.loads(old[2])]
        count(records, +1)
        plan = Plan(article_id, sha256, old[0] if old else None, claims, sentences, records,
                    sorted(relations), nodes)
        plan.old_records = old_records
        plan.added = sorted(set(relations) - set(old_relations))
        for triple in sorted(set(old_relations) - set(relations)):
            row = self.db.execute("SELECT n FROM support WHERE s = ? AND p = ? AND o = ?", triple).fetchone()
            if row is None or row[0] <= 1:
                plan.removed.append(triple)
        return plan

    def apply(self, plan: Plan) -> None:
        """Commit the article's row, its names, nodes and relation counts: one transaction."""
        old = self.db.execute("SELECT relations FROM articles WHERE id = ?", (plan.article_id,)).fetchone()
        old_relations = {tuple(r) for r in json.loads(old[0])} if old else set()
        names: dict[str, tuple[str, Counter]] = {}
        for sign, records in ((-1, plan.old_records), (+1, plan.records)):
            for key, node, _, kind, _ in records:
                if key not in names:
                    names[key] = (node, Counter(self.names[key][1]) if key in self.names else Counter())
                names[key][1][kind] += sign
        with self._transaction():
            for triple in old_relations - set(map(tuple, plan.relations)):
                self.db.execute("UPDATE support SET n = n - 1 WHERE s = ? AND p = ? AND o = ?", triple)
            for triple in set(map(tuple, plan.relations)) - old_relations:
                self.db.execute("INSERT INTO support VALUES (?, ?, ?, 1) ON CONFLICT (s, p, o) "
                                "DO UPDATE SET n = n + 1", triple)
            for key, (node, types) in names.items():
                self.db.execute("INSERT OR REPLACE INTO names VALUES (?, ?, ?)", (key, node, json.dumps(+types)))
            for key, n in plan.nodes.items():
                self.db.execute("INSERT OR REPLACE INTO nodes VALUES (?, ?, ?, ?, ?)",
                                (key, json.dumps(+n.labels), json.dumps(+n.types), json.dumps(+n.aliases),
                                 n.articles))
            self.db.execute("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?)",
                            (plan.article_id, plan.sha256, plan.claims, plan.sentences,
                             json.dumps(plan.records), json.dumps(plan.relations)))
        for key, (node, types) in names.items():  # the transaction is in: now the memory copy
            self._add_name(key, node, +types)
        self.nodes.update(plan.nodes)

    def _transaction(self):
        return _Transaction(self.db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, traceback) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def _voted(counts: Counter) -> ActorType:
    return resolve.vote(Counter({ActorType(kind): n for kind, n in counts.items() if n > 0}))
