"""Parse and extract on a Dask cluster: `kg build --engine dask --scheduler ADDRESS`.

Only the per-article stage leaves this process: articles stream to the workers in batches of
growing size (1, 2, 4, then 8: small first batches put every worker to work, loading its model,
at once, and bring the first results back early; later batches of 8 keep the transfers few), at
most two batches in flight per worker, and each batch comes back as the same
`ArticleResult` records `kg.pipeline.process_articles` makes here. They are handed on in the
articles' order, so `resolve.merge` and `build_graph` run once, here, over the same records as a
local build: actors are merged and IRIs minted in one place, and the graph is the local one.

Each worker process loads the model once (`_WORKER_MODELS`) and, on every batch, checks that
it runs the kg version, model and rule files this build runs (`pipeline.build_info`): a worker
that differs stops the build with one line naming it. A batch Dask gave up on (its worker
died: `KilledWorker`) is sent again one article at a time; an article lost on each of its
`attempts` is reported as skipped, and the others go on.
"""
from __future__ import annotations

import collections
import itertools
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator

from kg.bounded import DEFAULT_SECONDS
from kg.errors import KgError
from kg.nlp import load_model
from kg.textio import for_terminal
from kg.types import Article, ArticleResult, BuildInfo

BATCH_SIZES = (1, 2, 4, 8)  # then 8 for every later batch
IN_FLIGHT_PER_WORKER = 2
ATTEMPTS = 3  # times one article may be lost running alone (after its batch was lost) before it is skipped
CONNECT_SECONDS = 5.0
WORKERS_SECONDS = 60.0  # how long a build waits for a scheduler's first worker
INSTALL_HINT = "pip install 'kg[dask]' (dask.distributed)"


class DaskError(KgError):
    """The cluster cannot be used: no scheduler at the address, no worker, a worker unlike this build."""


# ---------------------------------------------------------------- on a worker

_WORKER_MODELS: dict[str | None, object] = {}  # model name -> the loaded spaCy Language, once per process
_WORKER_LOCK = threading.Lock()  # one batch at a time per process: the model is not shared across threads


def run_batch(articles: list[Article], model: str | None, seconds: float | None,
              expected: BuildInfo) -> tuple[list[ArticleResult], list[str]]:
    """The task a worker runs: `process_articles` on one batch, after checking that this worker
    makes claims as the build does. Returns the results and the error lines, in order."""
    from kg.pipeline import build_info, process_articles

    with _WORKER_LOCK:
        nlp = _WORKER_MODELS.get(model)
        if nlp is None:
            try:
                nlp = _WORKER_MODELS[model] = load_model(model)
            except KgError as exc:
                raise DaskError(f"dask worker {_worker_address()}: {exc}") from None
        mine = build_info(nlp)
        if mine != expected:
            raise DaskError(f"dask worker {_worker_address()} runs {_describe(mine)}, but this build runs "
                            f"{_describe(expected)}; install the same kg and spaCy model on every worker")
        errors: list[str] = []
        return list(process_articles(nlp, articles, on_error=errors.append, seconds=seconds)), errors


def _worker_address() -> str:
    from distributed import get_worker

    try:
        return get_worker().address
    except ValueError:  # not in a worker (run_batch called directly)
        return "(none)"


def _describe(info: BuildInfo) -> str:
    return (f"{info.software} with model {info.model} (rules {info.rules_sha256[:12]}, "
            f"gazetteer {info.gazetteer_sha256[:12]})")


# ---------------------------------------------------------------- in the build

def usage_problem(engine: str, scheduler: str | None, jobs: int) -> str | None:
    """What is wrong with `kg build`'s --engine, --scheduler and --jobs together, if anything."""
    if engine == "dask" and not scheduler:
        return "--engine dask needs --scheduler ADDRESS (a running Dask scheduler, e.g. tcp://HOST:8786)"
    if engine != "dask" and scheduler:
        return "--scheduler goes with --engine dask"
    if engine == "dask" and jobs > 1:
        return "--jobs is for --engine local; on a Dask cluster its workers are the jobs"
    return None


def connect(address: str, *, timeout: float = CONNECT_SECONDS):
    """A `distributed.Client` of the scheduler at `address`, or a DaskError in one line."""
    try:
        from distributed import Client
    except ImportError:
        raise DaskError(f"--engine dask needs dask.distributed, which is not installed: {INSTALL_HINT}") from None
    from distributed.comm.addressing import get_address_host_port

    try:
        if not address.startswith("inproc://"):
            get_address_host_port(address)  # a malformed address fails here, before a Client half-exists
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise DaskError(f"dask scheduler {for_terminal(address)}: cannot connect ({reason}); start one with "
                        f"`dask scheduler` and give its address (tcp://HOST:8786)") from None


def process_on_dask(articles: Iterable[Article], scheduler, *, model: str | None = None,
                    on_error: Callable[[str], None] | None = None, seconds: float | None = DEFAULT_SECONDS,
                    attempts: int = ATTEMPTS, workers_timeout: float = WORKERS_SECONDS) -> Iterator[ArticleResult]:
    """`process_articles` on the cluster of `scheduler` (an address, or a `distributed.Client`):
    yields one result per article in the articles' order; error lines go to `on_error`, in order."""
    from kg.pipeline import build_info

    expected = build_info(load_model(model))  # what every worker must match
    client = connect(scheduler) if isinstance(scheduler, str) else scheduler
    try:
        _wait_for_workers(client, workers_timeout)
        run = _Run(client, iter(articles), model=model, seconds=seconds, expected=expected, attempts=attempts)
        for results, errors in run.in_order():
            for message in errors:
                if on_error:
                    on_error(message)
            yield from results
    finally:
        if isinstance(scheduler, str):
            client.close()


def _wait_for_workers(client, timeout: float) -> None:
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        address = client.scheduler.address
        raise DaskError(f"dask scheduler {address} has no worker after {timeout:g} s; start some with "
                        f"`dask worker {address}`") from None


def _batch_sizes() -> Iterator[int]:
    return itertools.chain(BATCH_SIZES, itertools.repeat(BATCH_SIZES[-1]))


class _Run:
    """One build's batches: submitted as the cluster has room, retried when lost, put back in order."""

    def __init__(self, client, stream: Iterator[Article], *, model, seconds, expected: BuildInfo, attempts: int):
        self.client, self.stream, self.attempts = client, stream, attempts
        self.args = (model, seconds, expected)
        self.sizes = _batch_sizes()
        self.token = uuid.uuid4().hex[:8]
        self.read = 0  # articles taken from the stream
        # future -> (position of its first article, its articles, times lost alone before: None for a
        # batch as read from the stream)
        self.tasks: dict = {}
        self.retries: collections.deque = collections.deque()  # (position, [article], times lost alone)
        self.finished: dict[int, tuple[int, list[ArticleResult], list[str]]] = {}  # position -> (articles, …)
        self.next = 0  # the position to hand on next

    def in_order(self) -> Iterator[tuple[list[ArticleResult], list[str]]]:
        from distributed import as_completed

        self.done = as_completed(loop=self.client.loop)
        try:
            self._fill()
            for future in self.done:
                self._settle(future)
                while self.next in self.finished:
                    count, results, errors = self.finished.pop(self.next)
                    self.next += count
                    yield results, errors
                self._fill()
        finally:
            if self.tasks:  # stopped early (an error, a worker unlike this build): leave nothing running
                self.client.cancel(list(self.tasks))

    def _limit(self) -> int:
        workers = len(self.client.scheduler_info()["workers"]) or 1
        retrying = self.retries or any(alone is not None for _, _, alone in self.tasks.values())
        return workers * (1 if retrying else IN_FLIGHT_PER_WORKER)  # a retry runs alone on its worker

    def _fill(self) -> None:
        limit = self._limit()
        while len(self.tasks) < limit:
            if self.retries:  # lost articles first: the results wait for them
                self._submit(*self.retries.popleft())
                continue
            batch = list(itertools.islice(self.stream, next(self.sizes)))
            if not batch:
                return
            self._submit(self.read, batch, None)
            self.read += len(batch)

    def _submit(self, start: int, batch: list[Article], alone: int | None) -> None:
        key = f"kg-batch-{start}-{start + len(batch)}-{self.token}-{'b' if alone is None else alone}"
        future = self.client.submit(run_batch, batch, *self.args, key=key, pure=False)
        self.tasks[future] = (start, batch, alone)
        self.done.add(future)

    def _settle(self, future) -> None:
        start, batch, alone = self.tasks.pop(future)
        if future.status == "finished":
            results, errors = future.result()
            self.finished[start] = (len(batch), results, errors)
        elif future.status == "cancelled":
            raise DaskError(f"dask scheduler {self.client.scheduler.address}: the build's tasks were "
                            f"cancelled (the scheduler restarted or the connection was lost); nothing written")
        else:
            exc = future.exception()
            if isinstance(exc, KgError):
                raise DaskError(" ".join(str(exc).split())) from None
            if isinstance(exc, ImportError):  # the task itself cannot be loaded there: every batch would fail
                raise DaskError(f"a dask worker cannot run kg ({type(exc).__name__}: {exc}); install the same kg "
                                f"and spaCy model on every worker") from None
            if len(batch) > 1:  # lost with its worker (or failed outside kg): each article again, alone
                for i, article in enumerate(batch):  # (a batch can die for a neighbour: that loss is not
                    self.retries.append((start + i, [article], 0))  # counted against each of its articles)
                future.release()
                return
            lost = (alone or 0) + 1
            if lost < self.attempts:
                self.retries.append((start, batch, lost))
            else:
                name = for_terminal(batch[0].path or batch[0].id)
                reason = " ".join(f"{type(exc).__name__}: {exc}".split())
                self.finished[start] = (1, [], [f"{name}: lost on the dask cluster {lost} times (its worker "
                                                f"died or the task failed), skipped; last: {reason[:200]}"])
        future.release()
