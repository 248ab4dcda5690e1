"""Worker processes that answer queries for `kg serve`, each with its own copy of the graph.

Oxigraph cannot interrupt a running query, so a query past the time limit is stopped by ending
its worker process (by its id) and starting a fresh one; the server goes on answering. A
worker also bounds the answer's rows (kg.query.run) and writes it in the negotiated format.
"""
from __future__ import annotations

import multiprocessing
import queue
import threading
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError

_CTX = multiprocessing.get_context("spawn")  # no fork of a threaded server


@dataclass(frozen=True)
class Source:
    """Where the graph comes from: a graph file, or an Oxigraph store folder (read-only)."""

    path: Path
    is_store: bool = False

    def open(self):
        from kg import query as q

        return q.open_disk_store(self.path) if self.is_store else q.open_store(self.path)


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes


def _worker(conn, source: Source, max_rows: int) -> None:
    from kg import query as q
    from kg.negotiate import render

    try:
        store = source.open()
    except KgError as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", ""))
    while True:
        try:
            text, accept = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = q.run(store, text, where="query", max_rows=max_rows)
            conn.send(render(answer, accept))
        except KgError as exc:
            conn.send(Reply(400, "text/plain; charset=utf-8", (" ".join(str(exc).split()) + "\n").encode()))
        except Exception as exc:  # a bug, not the user's query: say so, keep serving
            conn.send(Reply(500, "text/plain; charset=utf-8", f"internal error: {exc}\n".encode()))


class Pool:
    """A fixed number of worker processes; `ask` lends one to a query for at most `timeout` s."""

    def __init__(self, source: Source, *, workers: int = 2, timeout: float = 10.0, max_rows: int = 10_000):
        self.source, self.timeout, self.max_rows = source, timeout, max_rows
        self.idle: queue.Queue = queue.Queue()
        self.all: set = set()
        self.lock = threading.Lock()
        for _ in range(workers):
            self.idle.put(self._start())

    def _start(self):
        parent, child = _CTX.Pipe()
        process = _CTX.Process(target=_worker, args=(child, self.source, self.max_rows), daemon=True)
        process.start()
        child.close()
        if not parent.poll(120):
            self._stop((process, parent))
            raise KgError(f"{self.source.path}: the query worker did not start")
        status, message = parent.recv()
        if status != "ready":
            self._stop((process, parent))
            raise KgError(message)
        with self.lock:
            self.all.add((process, parent))
        return process, parent

    def _stop(self, worker) -> None:
        process, conn = worker
        with self.lock:
            self.all.discard(worker)
        if process.is_alive():
            process.kill()  # this worker only, by its process id
        process.join(5)
        conn.close()

    def ask(self, text: str, accept: str) -> Reply:
        try:
            worker = self.idle.get(timeout=self.timeout + 30)
        except queue.Empty:
            return Reply(503, "text/plain; charset=utf-8", b"the server is busy; try again\n")
        process, conn = worker
        try:
            conn.send((text, accept))
            if conn.poll(self.timeout):
                reply = conn.recv()
                self.idle.put(worker)
                return reply
            message = (f"query: the query ran longer than {self.timeout:g} s (the time limit) and was stopped; "
                       "narrow it, or ask for a higher --timeout\n")
            reply = Reply(503, "text/plain; charset=utf-8", message.encode())
        except (EOFError, OSError, BrokenPipeError):
            reply = Reply(500, "text/plain; charset=utf-8", b"internal error: the query worker ended\n")
        self._stop(worker)
        self.idle.put(self._start())
        return reply

    def close(self) -> None:
        with self.lock:
            workers = list(self.all)
        for worker in workers:
            self._stop(worker)
