"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over a graph, and a query page.

- `GET /sparql?query=…`, `POST /sparql` (form `query=…`, or an `application/sparql-query`
  body); `/query` is the same. The answer's format follows `Accept` (kg.negotiate).
- Read-only: an update (`update=`, `application/sparql-update`, INSERT, LOAD, …) and SERVICE
  are refused with 403; a malformed query gets 400 with its line and column; a request larger
  than the limit 413; a query past the time limit 503, and the server goes on answering.
- `GET /` is an offline page: a text area pre-filled with the shipped queries, the answer as a
  table. It loads nothing from anywhere else.

Queries run in worker processes (kg.workers), so one that runs too long can be stopped.
"""
from __future__ import annotations

import json
import signal
import sys
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from kg import guard, library
from kg.errors import KgError, QueryError
from kg.workers import Pool, Reply, Source

MAX_REQUEST = 1024 * 1024  # bytes of query text in a request
PATHS = ("/sparql", "/query")
_TEXT = "text/plain; charset=utf-8"
_PAGE_DIR = Path(str(resources.files("kg") / "data" / "serve"))


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # many clients at once wait in the kernel's queue, not refused

    def __init__(self, address, pool: Pool, *, max_request: int = MAX_REQUEST, verbose: bool = False):
        self.pool, self.max_request, self.verbose = pool, max_request, verbose
        self.page = page_html().encode("utf-8")
        super().__init__(address, Handler)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart
    server_version = "kg"
    server: Server

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the stdlib's name)
        if self.server.verbose:
            sys.stderr.write("%s %s\n" % (self.address_string(), format % args))

    # --- methods ------------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/":
            self._send(Reply(200, "text/html; charset=utf-8", self.server.page))
            return
        if url.path not in PATHS:
            self._error(404, f"no such page: {url.path}; the endpoint is /sparql")
            return
        fields = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        self._answer(fields)

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path not in PATHS:
            self._error(404, f"no such endpoint: {url.path}; the endpoint is /sparql")
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            self._error(411, "a POST needs a Content-Length", close=True)
            return
        if int(length) > self.server.max_request:
            self._error(413, f"the request is {int(length):,} bytes; the limit is {self.server.max_request:,}",
                        close=True)
            return
        body = self.rfile.read(int(length))
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/sparql-update":
            self._error(403, "updates are refused: this endpoint is read-only")
            return
        if kind == "application/sparql-query":
            fields = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            fields["query"] = [body.decode("utf-8", "replace")]
        elif kind == "application/x-www-form-urlencoded":
            fields = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        else:
            self._error(415, "send the query as application/sparql-query or as a form (query=…)")
            return
        self._answer(fields)

    def _refuse(self) -> None:
        self._error(405, "this endpoint is read-only: GET or POST a query")

    do_PUT = do_DELETE = do_PATCH = _refuse  # noqa: N815

    # --- answering ----------------------------------------------------------------------------

    def _answer(self, fields: dict) -> None:
        if "update" in fields:
            self._error(403, "updates are refused: this endpoint is read-only")
            return
        queries = fields.get("query") or []
        if len(queries) != 1 or not queries[0].strip():
            self._error(400, "give one SPARQL query: ?query=… or a POST body")
            return
        text = queries[0]
        if len(text.encode("utf-8")) > self.server.max_request:
            self._error(413, f"the query is longer than the limit of {self.server.max_request:,} bytes")
            return
        try:
            guard.check(text, where="query")
        except QueryError as exc:
            self._error(403 if isinstance(exc, guard.Refused) else 400, str(exc))
            return
        self._send(self.server.pool.ask(text, self.headers.get("Accept") or "*/*"))

    def _error(self, status: int, message: str, *, close: bool = False) -> None:
        if close:
            self.close_connection = True
        self._send(Reply(status, _TEXT, (" ".join(message.split()) + "\n").encode("utf-8")), close=close)

    def _send(self, reply: Reply, *, close: bool = False) -> None:
        self.send_response(reply.status, HTTPStatus(reply.status).phrase)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if reply.content_type.startswith("text/html"):
            self.send_header("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; "
                             "style-src 'unsafe-inline'; connect-src 'self'")
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(reply.body)


def page_html() -> str:
    """The query page: the shipped queries in a menu, a text area, the answer as a table."""
    queries = [{"name": n.name, "question": n.question, "text": n.text} for n in library.all_queries()]
    data = json.dumps(queries, ensure_ascii=False).replace("<", "\\u003c")
    template = (_PAGE_DIR / "page.html").read_text(encoding="utf-8")
    return template.replace("/*QUERIES*/[]", data)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def serve(source: Source, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0,
          max_rows: int = 10_000, workers: int = 2, max_request: int = MAX_REQUEST, verbose: bool = False,
          ready=None) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM). `ready(url)` is called once the socket listens."""
    signal.signal(signal.SIGTERM, _interrupt)
    pool = Pool(source, workers=workers, timeout=timeout, max_rows=max_rows)
    try:
        try:
            server = Server((host, port), pool, max_request=max_request, verbose=verbose)
        except OSError as exc:
            raise KgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        with server:
            bound_host, bound_port = server.server_address[:2]
            if ready:
                ready(f"http://{bound_host}:{bound_port}/")
            try:
                server.serve_forever(poll_interval=0.2)
            except KeyboardInterrupt:
                pass
    finally:
        pool.close()
