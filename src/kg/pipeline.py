"""Run the stages: read articles, parse, extract, resolve across articles, build the graph.

Each stage is a function over plain records, so a stage can stream and run in a worker:
`process_article` is the per-article unit (Doc in, ArticleResult out); `resolve.merge`
is the one step that needs every article; `graph.build_graph` turns records into RDF,
with a record of the build (`build_info`: kg version, spaCy model, rule-file hashes).
"""
from __future__ import annotations

import dataclasses
import gc
import logging
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg import __version__, bounded, extract, ingest, resolve
from kg.bounded import DEFAULT_SECONDS, PIECE_CHARS
from kg.casing import for_parsing
from kg.errors import InputError
from kg.graph import build_graph
from kg.nlp import load_model, model_id
from kg.rules import gazetteer_sha256, load_gazetteer, load_rules, rules_sha256
from kg.textio import for_terminal
from kg.types import Actor, Article, ArticleResult, BuildInfo
from kg.vocab import DEFAULT_BASE

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    graph: Graph
    actors: list[Actor]
    results: list[ArticleResult]
    errors: list[str] = field(default_factory=list)  # inputs skipped, articles cut: one line each
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # inputs read with a repair

    @property
    def sentences(self) -> int:
        return sum(r.sentences for r in self.results)

    @property
    def relations(self) -> Counter:
        return Counter(c.relation.value for r in self.results for c in r.claims)


def build_info(nlp) -> BuildInfo:
    """What this run's claims are made with: kg's version, the loaded spaCy model (from its
    meta) and the SHA-256 of the rule and gazetteer files extraction reads. Nothing that
    varies between identical runs."""
    return BuildInfo(software=f"kg {__version__}", model=model_id(nlp),
                     rules_sha256=rules_sha256(), gazetteer_sha256=gazetteer_sha256())


def process_article(nlp, article: Article) -> ArticleResult:
    """Parse one article and extract its actors and claims."""
    return extract.extract_article(nlp(for_parsing(article.text)), article)


BATCH = 16  # articles per nlp.pipe batch


def process_articles(nlp, articles: Iterable[Article], *, batch_size: int = BATCH,
                     on_error: Callable[[str], None] | None = None, seconds: float | None = DEFAULT_SECONDS,
                     piece_chars: int = PIECE_CHARS) -> Iterable[ArticleResult]:
    """Parse articles in batches (spaCy's nlp.pipe); yield one result per article, in order.

    An article that fails is reported through `on_error` and skipped; the others go on. An
    article longer than `piece_chars` is read in pieces (`kg.bounded`) and, when its
    `seconds` are up, cut: what was read is kept and the cut reported through `on_error`.
    """
    def report(article: Article, stage: str, exc: Exception) -> None:
        log.debug("%s failed on %s", stage, article.id, exc_info=True)
        if on_error:
            on_error(f"{_name(article)}: {stage} failed: {' '.join(str(exc).split())}")

    def extracted(doc, article: Article) -> ArticleResult | None:
        try:
            return extract.extract_article(doc, article)
        except Exception as exc:  # one bad article must not lose the others
            report(article, "extraction", exc)
            return None

    def in_pieces(article: Article) -> ArticleResult | None:
        budget = bounded.TimeBudget(seconds)
        parse_text = bounded.parsable(for_parsing(article.text))
        parts, cut = [], None
        for start, text in bounded.pieces(article.text, piece_chars):
            if parts and budget.spent:
                cut = start
                break
            try:
                doc = nlp(parse_text[start:start + len(text)])
            except Exception as exc:
                report(article, "parsing", exc)
                return None
            part = extracted(doc, dataclasses.replace(article, text=text))
            if part is None:
                return None
            parts.append(bounded.shifted(part, start))
        if cut is not None and on_error:
            on_error(f"{_name(article)}: cut at the time limit of {seconds:g} s per article after "
                     f"{cut:,} of {len(article.text):,} characters; the rest was not read "
                     f"(--article-time-limit 0 reads it all)")
        return bounded.combined(article, parts)

    stream = iter(articles)
    while batch := list(islice(stream, batch_size)):  # streams: one batch in memory at a time
        whole = [(bounded.parsable(for_parsing(a.text)), i) for i, a in enumerate(batch) if len(a.text) <= piece_chars]
        try:
            docs = list(nlp.pipe(whole, as_tuples=True, batch_size=batch_size))
        except Exception:  # the parser failed somewhere in the batch: find the article alone
            docs = []
            for text, i in whole:
                try:
                    docs.append((nlp(text), i))
                except Exception as exc:
                    report(batch[i], "parsing", exc)
        done = {i: extracted(doc, batch[i]) for doc, i in docs}
        for i, article in enumerate(batch):
            result = done.get(i) if len(article.text) <= piece_chars else in_pieces(article)
            if result is not None:
                yield result


def _name(article: Article) -> str:
    return for_terminal(article.path or article.id)


_WORKER_NLP = None
_WORKER_SECONDS: float | None = DEFAULT_SECONDS


def _worker_start(model: str | None, seconds: float | None = DEFAULT_SECONDS) -> None:
    global _WORKER_NLP, _WORKER_SECONDS
    _die_with_parent()
    _WORKER_NLP = load_model(model)  # forked workers find it already loaded (lru_cache)
    _WORKER_SECONDS = seconds


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the build that started it dies (even by SIGKILL),
    so no worker is left parsing for nobody."""
    import ctypes
    import os
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown is all there is
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _worker_run(chunk: list[Article]) -> tuple[list[ArticleResult], list[str]]:
    errors: list[str] = []
    return list(process_articles(_WORKER_NLP, chunk, on_error=errors.append, seconds=_WORKER_SECONDS)), errors


def plan_chunks(articles: list[Article], jobs: int, largest: int = BATCH) -> list[list[Article]]:
    """The articles cut, in order, into tasks for `jobs` workers (guided self-scheduling).

    A task is at most `largest` articles (one batch of spaCy's `nlp.pipe`, as with one
    process) and holds about a quarter of a worker's share of the text still to hand out, so
    tasks shrink as the build nears its end: the workers finish within about one article of
    each other, instead of one parsing a last task of many articles alone while the other waits. Sizes are counted in
    characters, so a task of long articles is a short one. A small build is cut into at least
    four tasks per worker."""
    largest = max(1, min(largest, len(articles) // (4 * jobs)))
    remaining = sum(len(a.text) for a in articles)
    chunks: list[list[Article]] = []
    chunk: list[Article] = []
    size = 0
    for article in articles:
        if not chunk:
            target = remaining / (4 * jobs)
        chunk.append(article)
        size += len(article.text)
        if len(chunk) >= largest or size >= target:
            chunks.append(chunk)
            remaining -= size
            chunk, size = [], 0
    if chunk:
        chunks.append(chunk)
    return chunks


def _prepare_workers(model: str | None) -> None:
    """Load in this process, before the workers fork, all that each would otherwise load on its
    own first article: the model, the rules, the gazetteer and the trigger lexicon (half a
    second of YAML each). Then freeze what is loaded out of the garbage collector's reach, so
    that the collector does not touch, and so copy, those pages in every worker (the caller
    unfreezes once they are forked)."""
    load_model(model)
    load_rules()
    load_gazetteer()
    extract.lexicon()
    gc.collect()
    gc.freeze()


def process_in_parallel(articles: list[Article], *, model: str | None, jobs: int, largest: int = BATCH,
                        on_error: Callable[[str], None] | None = None,
                        seconds: float | None = DEFAULT_SECONDS) -> Iterator[ArticleResult]:
    """`process_articles` in `jobs` worker processes, each with its own model; results come
    back in the articles' order, so the graph is the same as with one process."""
    chunks = plan_chunks(articles, jobs, largest)
    _prepare_workers(model)
    try:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start, initargs=(model, seconds)) as pool:
            done = pool.map(_worker_run, chunks)  # submits every task: the workers are forked now
            gc.unfreeze()  # (in this process the collector goes on as before)
            yield from _in_order(done, on_error)
    finally:
        gc.unfreeze()


def process_stream(articles: Iterable[Article], *, model: str | None, jobs: int, chunk_size: int = 8,
                   in_flight: int | None = None, on_error: Callable[[str], None] | None = None,
                   seconds: float | None = DEFAULT_SECONDS) -> Iterator[ArticleResult]:
    """`process_in_parallel` for a stream of articles of unknown length (`kg build --store`):
    chunks of `chunk_size` articles go to `jobs` worker processes as they are read, at most
    `in_flight` (2 x jobs) of them out at a time, so memory holds a bounded number of articles
    however long the stream; results come back in the articles' order, as from one process."""
    in_flight = in_flight or 2 * jobs
    stream = iter(articles)
    _prepare_workers(model)
    try:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start, initargs=(model, seconds)) as pool:
            out: deque = deque()

            def submit() -> bool:
                chunk = list(islice(stream, chunk_size))
                if chunk:
                    out.append(pool.submit(_worker_run, chunk))
                return bool(chunk)

            try:
                more = submit()  # the workers are forked now
                gc.unfreeze()  # (in this process the collector goes on as before)
                while more and len(out) < in_flight:
                    more = submit()
                while out:
                    done = out.popleft().result()
                    if more:  # one chunk back, one more out: the workers never wait for this process
                        more = submit()
                    yield from _in_order(iter((done,)), on_error)
            finally:  # stopped early (an error, or the caller had enough): no work for nobody
                for future in out:
                    future.cancel()
    finally:
        gc.unfreeze()


def _in_order(done: Iterator[tuple[list[ArticleResult], list[str]]],
              on_error: Callable[[str], None] | None) -> Iterator[ArticleResult]:
    for results, errors in done:
        for message in errors:
            if on_error:
                on_error(message)
        yield from results


def build(paths: Iterable[str | Path], *, model: str | None = None, base: str = DEFAULT_BASE,
          jobs: int = 1, on_error: Callable[[str], None] | None = None,
          progress: Callable[[ArticleResult], None] | None = None, min_confidence: float = 0.0,
          on_warning: Callable[[str], None] | None = None,
          seconds: float | None = DEFAULT_SECONDS, scheduler=None) -> BuildResult:
    """Read, parse and extract every article under `paths`; return the merged graph. Claims with
    a confidence below `min_confidence` are left out, and so are actors only they named. With a
    `scheduler` (a Dask scheduler's address or a `distributed.Client`) parsing and extraction run
    on that cluster (kg.distributed) instead of `jobs` local processes; the graph is the same.

    `on_error` hears of every input skipped (or article cut at its `seconds`), `on_warning`
    of every input read with a repair (another encoding, an id made distinct, a date ignored).
    """
    started = time.perf_counter()
    errors: list[str] = []
    warnings: list[str] = []

    def report(message: str) -> None:
        errors.append(message)
        if on_error:
            on_error(message)

    def warn(message: str) -> None:
        warnings.append(message)
        if on_warning:
            on_warning(message)

    load_model(model)  # a missing model fails before any reading (cached for build_articles)
    client = None
    if isinstance(scheduler, str):  # an unreachable scheduler fails before any reading too
        from kg.distributed import connect

        scheduler = client = connect(scheduler)
    try:
        articles: list[Article] = []
        for item in ingest.read_articles(paths, on_warning=warn):
            if isinstance(item, InputError):
                report(str(item))
            else:
                articles.append(item)
        graph, actors, results = build_articles(articles, model=model, base=base, jobs=jobs, on_error=report,
                                                progress=progress, min_confidence=min_confidence, seconds=seconds,
                                                scheduler=scheduler)
    finally:
        if client is not None:
            client.close()
    return BuildResult(graph=graph, actors=actors, results=results, errors=errors, warnings=warnings,
                       seconds=time.perf_counter() - started)


def build_articles(articles: list[Article], *, model: str | None = None, base: str = DEFAULT_BASE, jobs: int = 1,
                   on_error: Callable[[str], None] | None = None,
                   progress: Callable[[ArticleResult], None] | None = None, min_confidence: float = 0.0,
                   seconds: float | None = DEFAULT_SECONDS, scheduler=None):
    """Parse and extract `articles`, merge their actors and build the graph: (graph, actors, results).
    The part of `build` after reading, shared with `kg.build` (kg.api), which also takes texts."""
    nlp = load_model(model)
    if scheduler is not None:
        from kg.distributed import process_on_dask

        stream = process_on_dask(articles, scheduler, model=model, on_error=on_error, seconds=seconds)
    elif jobs > 1 and len(articles) > 1:
        stream = process_in_parallel(articles, model=model, jobs=jobs, on_error=on_error, seconds=seconds)
    else:
        _prepare_workers(model)  # one process: the same freeze spares every full collection the model's objects
        stream = process_articles(nlp, articles, on_error=on_error, seconds=seconds)
    results = []
    try:
        for result in stream:
            results.append(keep_confident(result, min_confidence) if min_confidence > 0 else result)
            if progress:
                progress(result)
    finally:
        gc.unfreeze()
    actors, results = resolve.merge(results)
    return build_graph(actors, results, base=base, build=build_info(nlp)), actors, results


def keep_confident(result: ArticleResult, min_confidence: float) -> ArticleResult:
    """The article's claims of at least `min_confidence`, and the actors they name."""
    claims = tuple(c for c in result.claims if c.confidence >= min_confidence)
    named = {c.subject for c in claims} | {c.object for c in claims if c.object}
    return dataclasses.replace(result, claims=claims, actors=tuple(a for a in result.actors if a.key in named))


def extract_text(text: str, *, nlp=None, article_id: str = "text") -> list[tuple[str, str, str | None]]:
    """The relations in a piece of text as (subject label, relation, object label or None) triples.

    For tests, notebooks and quick looks: runs the whole per-article path on `text`, sorted.
    """
    nlp = nlp or load_model()
    result = process_article(nlp, Article(id=article_id, text=text))
    actors, (result,) = resolve.merge([result])
    labels = {a.key: a.label for a in actors}
    triples = {(labels[c.subject], c.relation.value, labels[c.object] if c.object else None)
               for c in result.claims}
    return sorted(triples, key=lambda t: (t[0], t[1], t[2] or ""))
