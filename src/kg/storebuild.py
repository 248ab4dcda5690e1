"""`kg build --store DIR`: build into an on-disk store, incrementally, one article at a time.

Articles are read as a stream and keyed by id and content hash (`article_sha256`): an article
already stored with the same hash is skipped before any parsing (so a re-run on an unchanged
corpus never loads spaCy); a new one, or one whose content changed, is parsed in a batch
(`pipeline.process_articles`, or `pipeline.process_stream` in `--jobs` worker processes),
resolved against the actor registry (`kg.registry`), and written, in the articles' order, by
this process alone: its named graph and its actors' records in one Oxigraph transaction, then
its registry row in one SQLite transaction. Nothing but one batch of articles (with --jobs N,
at most 2 x N chunks of 8) is held in memory.

A build killed at any point is finished by running the same command again: an article
whose registry row is missing (or still has the old hash) is done again and its graph
replaced, so none is lost and none counted twice.

The store remembers how it was built (kg's version, the spaCy model, the rule and gazetteer
hashes, the base IRI, --min-confidence); a build with other settings is refused, and
`--rebuild` empties the store (the registry first, then the RDF, so a rebuild cut short starts
from nothing again) and extracts everything again.
"""
from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from kg import __version__, ingest, store
from kg.bounded import DEFAULT_SECONDS
from kg.errors import InputError
from kg.graph import GraphBuilder
from kg.iri import namespace, normalise_base
from kg.rules import gazetteer_sha256, rules_sha256
from kg.types import Article, ArticleResult, BuildInfo, Relation
from kg.vocab import DEFAULT_BASE, relation_property

BATCH = 16
PARALLEL_FROM = 9  # articles to parse before --jobs starts worker processes (one chunk is 8)
FLUSH = 64  # articles written between two flushes of Oxigraph's in-memory write buffers
REOPEN = 512  # articles written between two openings of the Oxigraph store (to empty its caches)
SETTING_NAMES = {"software": "kg version", "model": "spaCy model", "rules_sha256": "rules file",
                 "gazetteer_sha256": "gazetteer file", "base": "--base", "min_confidence": "--min-confidence"}


@dataclass
class StoreReport:
    directory: Path
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        t = self.totals

        def n(count: int, noun: str) -> str:
            return f"{count} {noun}{'' if count == 1 else 's'}"

        return (f"{self.new} new, {self.changed} changed, {self.unchanged} unchanged; {self.directory} holds "
                f"{n(t['articles'], 'article')}, {n(t['sentences'], 'sentence')}, {n(t['actors'], 'actor')}, "
                f"{n(t['relations'], 'relation')} from {n(t['claims'], 'claim')} ({self.seconds:.1f} s)")


def article_sha256(article) -> str:
    """The hash an article is stored under: its text and every field the graph records."""
    fields = dataclasses.asdict(article)
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode("utf-8", "surrogatepass")).hexdigest()


def model_id_of(model: str | None) -> str | None:
    """The id `kg.nlp.model_id` will give the model, read from its meta.json without loading
    spaCy (None when it cannot be found that way)."""
    from kg.nlp import DEFAULT_MODELS

    for name in (model,) if model else DEFAULT_MODELS:
        path = Path(name)
        if path.is_dir():
            meta = path / "meta.json"
        else:
            try:
                spec = importlib.util.find_spec(name)
            except (ImportError, ValueError):
                spec = None
            if spec is None or not spec.origin:
                continue
            meta = Path(spec.origin).parent / "meta.json"
        try:
            m = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return f"{m.get('lang', 'xx')}_{m.get('name', 'model')}-{m.get('version', '0')}"
    return None


def wanted_settings(model: str | None, base: str, min_confidence: float) -> dict[str, str]:
    model_id = model_id_of(model)
    if model_id is None:  # a model we cannot read the meta of: load it to ask
        from kg.nlp import load_model, model_id as loaded_id

        model_id = loaded_id(load_model(model))
    return {"software": f"kg {__version__}", "model": model_id, "rules_sha256": rules_sha256(),
            "gazetteer_sha256": gazetteer_sha256(), "base": normalise_base(base),
            "min_confidence": repr(float(min_confidence))}


def check_settings(directory: Path, stored: dict[str, str], wanted: dict[str, str]) -> None:
    def shown(key: str, value: str | None) -> str:
        return str(value)[:12] if key.endswith("sha256") and value else str(value)

    differ = [f"{SETTING_NAMES[k]} was {shown(k, stored.get(k))}, now {shown(k, wanted[k])}"
              for k in SETTING_NAMES if stored.get(k) != wanted[k]]
    if differ:
        raise store.StoreError(f"{directory}: this store was built with other settings ({'; '.join(differ)}); "
                               "add --rebuild to empty it and extract every article again with these")


def build_store(paths: Iterable[str | Path], directory: str | Path, *, model: str | None = None,
                base: str = DEFAULT_BASE, min_confidence: float = 0.0, seconds: float | None = DEFAULT_SECONDS,
                rebuild: bool = False, on_error: Callable[[str], None] | None = None,
                on_warning: Callable[[str], None] | None = None, batch_size: int = BATCH,
                jobs: int = 1) -> StoreReport:
    """Bring the store in `directory` up to date with the articles under `paths` (see module doc),
    parsing in `jobs` worker processes (the writing stays in this one, in the articles' order)."""
    started = time.perf_counter()
    directory = Path(directory)
    base = normalise_base(base)
    store.check_folder(directory)
    wanted = wanted_settings(model, base, min_confidence)
    directory.mkdir(parents=True, exist_ok=True)
    registry = store.open_registry(directory)  # first: a folder with kg's file in it is a kg store
    report = StoreReport(directory)
    rdf = writer = None

    def error(message: str) -> None:
        report.errors.append(message)
        if on_error:
            on_error(message)

    try:
        rdf = store.open_rdf(directory)  # locks the store: one build at a time
        if rebuild:
            registry.reset()
        stored = registry.settings()
        if stored:
            check_settings(directory, stored, wanted)
        writer = _Writer(rdf, registry, base, wanted, min_confidence, report)
        rdf = None  # (the writer's alone: it closes and opens it again as it goes, see _Writer.write)
        if not stored:  # a new store, or one whose --rebuild was cut short: from nothing
            writer.rdf.clear()
            writer.start()
        hashes: dict[str, str] = {}  # {id: hash} of the articles read and not yet written, in order

        def todo() -> Iterator[Article]:
            for item in ingest.read_articles(paths, on_warning=on_warning):
                if isinstance(item, InputError):
                    error(str(item))
                    continue
                sha = article_sha256(item)
                if registry.article_sha256(item.id) == sha:
                    report.unchanged += 1
                    continue
                hashes[item.id] = sha
                yield item

        for result in writer.results(todo(), model, seconds, error, jobs=jobs, batch_size=batch_size):
            for article_id in list(hashes):  # (in order: those before it failed, and are forgotten)
                sha = hashes.pop(article_id)
                if article_id == result.article.id:
                    break
            writer.write(result, sha)
        report.totals = registry.totals()
    finally:  # let go of the store now, even when an error's traceback keeps this frame alive
        registry.close()
        rdf = writer = None  # noqa: F841
    report.seconds = time.perf_counter() - started
    return report


class _Writer:
    """Has the articles parsed (`results`) and writes each (`write`): graph first, registry row last."""

    def __init__(self, rdf, registry, base: str, settings: dict[str, str], min_confidence: float,
                 report: StoreReport) -> None:
        self.rdf, self.registry, self.base, self.settings = rdf, registry, base, settings
        self.min_confidence, self.report = min_confidence, report
        self.info = BuildInfo(software=settings["software"], model=settings["model"],
                              rules_sha256=settings["rules_sha256"], gazetteer_sha256=settings["gazetteer_sha256"])
        self.builder = GraphBuilder(base=base)
        self.actor_ns = namespace("actor", base)
        self.unflushed = self.written = 0

    def graph(self, name: str) -> str:
        return store.graph_iri(self.base, name)

    def start(self) -> None:
        """A new store: its build record, then its settings (which mark it as begun)."""
        builder = GraphBuilder(base=self.base)
        builder.add_build(self.info)
        store.write(self.rdf, drop=[self.graph("builds")], insert={self.graph("builds"): list(builder.graph)})
        self.registry.set_settings(self.settings)

    def results(self, articles: Iterator[Article], model: str | None, seconds: float | None,
                error: Callable[[str], None], *, jobs: int = 1, batch_size: int = BATCH) -> Iterator[ArticleResult]:
        """Each article's result, in order, parsed here or in `jobs` worker processes as they are
        read; spaCy is loaded only once there is an article to parse."""
        ahead = list(islice(articles, PARALLEL_FROM))
        if not ahead:  # (before importing the pipeline, which imports spaCy)
            return
        from kg import pipeline
        from kg.nlp import load_model, model_id

        stream = chain(ahead, articles)
        nlp = load_model(model)
        if model_id(nlp) != self.settings["model"]:
            raise store.StoreError(f"{self.report.directory}: the model loaded is {model_id(nlp)}, the store's is "
                                   f"{self.settings['model']}; `--rebuild` re-extracts with it")
        if jobs > 1 and len(ahead) >= PARALLEL_FROM:
            results = pipeline.process_stream(stream, model=model, jobs=jobs, on_error=error, seconds=seconds)
        else:  # (a few articles: one chunk, no gain from starting workers)
            results = pipeline.process_articles(nlp, stream, batch_size=batch_size, on_error=error, seconds=seconds)
        for result in results:
            yield pipeline.keep_confident(result, self.min_confidence) if self.min_confidence > 0 else result

    def write(self, result: ArticleResult, sha: str) -> None:
        """Commit one article, keeping the memory of Oxigraph's RocksDB flat: its write buffers
        are flushed every FLUSH articles (they grow until flushed), and the store is closed and
        opened again every REOPEN (its block caches, up to 160 MB, fill with what the updates
        read as the store grows, and only closing the store empties them)."""
        self.commit(result, sha)
        self.unflushed += 1
        self.written += 1
        if self.unflushed >= FLUSH:
            self.rdf.flush()
            self.unflushed = 0
        if self.written % REOPEN == 0:
            self.rdf = None  # (the only reference: RocksDB is closed, its lock let go...)
            self.rdf = store.open_rdf(self.report.directory)  # (...and taken again at once)

    def commit(self, result: ArticleResult, sha: str) -> None:
        node_of = self.registry.assign(result.actors)
        claims = [dataclasses.replace(c, subject=node_of.get(c.subject, c.subject),
                                      object=node_of.get(c.object, c.object) if c.object else None)
                  for c in result.claims]
        claims = [c for c in claims if c.subject != c.object]
        relations = {(c.subject, c.relation.value, c.object) for c in claims if c.object}
        plan = self.registry.plan(result.article.id, sha, result.actors, node_of, relations, len(claims),
                                  result.sentences)
        article = GraphBuilder(base=self.base)
        article.add_article(result, claims)
        build = self.builder.build_iri(self.info)
        for claim in claims:
            article.add_claim(claim, result.article, build)
        own = [t for t in article.graph if not str(t[0]).startswith(self.actor_ns)]  # (direct triples: relations)
        actors = GraphBuilder(base=self.base)
        for key, node in sorted(plan.nodes.items()):
            actor = node.actor(key)
            if actor is not None:
                actors.add_actor(actor)
        drop = [self.graph(sha)] + ([self.graph(plan.old_sha256)] if plan.old_sha256 not in (None, sha) else [])
        store.write(self.rdf, drop=drop,
                    clear_subjects={self.graph("actors"): [self.builder.actor_iri(k) for k in sorted(plan.nodes)]},
                    delete={self.graph("relations"): [self._direct(t) for t in plan.removed]},
                    insert={self.graph(sha): own, self.graph("actors"): list(actors.graph),
                            self.graph("relations"): [self._direct(t) for t in plan.added]})
        self.registry.apply(plan)
        if plan.old_sha256 is None:
            self.report.new += 1
        else:
            self.report.changed += 1

    def _direct(self, triple: tuple[str, str, str]):
        s, p, o = triple
        return self.builder.actor_iri(s), relation_property(Relation(p)), self.builder.actor_iri(o)


def command(paths: tuple[Path, ...], directory: Path, *, model: str | None, base: str, min_confidence: float,
            seconds: float | None, rebuild: bool, jobs: int = 1, echo: Callable[..., None]) -> int:
    """`kg build --store DIR`: build, print the counts, return the exit status (2: inputs skipped)."""
    from kg.textio import for_terminal

    def warn(message: str) -> None:
        echo(f"warning: {for_terminal(message)}", err=True)

    report = build_store(paths, directory, model=model, base=base, min_confidence=min_confidence, seconds=seconds,
                         rebuild=rebuild, on_error=warn, on_warning=warn, jobs=jobs)
    echo(report.summary())
    if report.errors:
        echo(f"{len(report.errors)} input(s) skipped or cut (see the warnings above); the others are stored",
             err=True)
        return 2
    return 0
