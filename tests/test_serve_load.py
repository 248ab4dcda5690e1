"""`kg serve` under load from a loopback client: 10,000 queries one after another and 1,000 at
once, every one answered, with the server's memory flat. Bounded in count; stops by itself."""
from __future__ import annotations

import asyncio
import http.client
import time
import urllib.parse
from pathlib import Path

import pytest
from helpers import fixture_graph
from servers import start_kg_serve, stop

QUERY = ("SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
         "ORDER BY ?label LIMIT 3")


def rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (the query workers), in KiB."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    pids += [int(c) for c in children]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def sequential(port: int, count: int) -> list[int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    path = "/sparql?" + urllib.parse.urlencode({"query": QUERY})
    statuses = []
    for _ in range(count):
        connection.request("GET", path, headers={"Accept": "text/csv"})
        response = connection.getresponse()
        body = response.read()
        statuses.append(response.status if body.count(b"\n") == 4 else -1)
    connection.close()
    return statuses


async def one_at_once(port: int) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    body = QUERY.encode()
    writer.write(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                 b"Accept: application/sparql-results+json\r\nConnection: close\r\n"
                 b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    await writer.drain()
    data = await asyncio.wait_for(reader.read(), timeout=120)
    writer.close()
    status = int(data.split(b" ", 2)[1])
    return status if b'"bindings"' in data else -1


async def concurrent(port: int, count: int) -> list[int]:
    return await asyncio.gather(*(one_at_once(port) for _ in range(count)))


@pytest.mark.load
def test_ten_thousand_sequential_and_a_thousand_concurrent_queries(tmp_path):
    graph = fixture_graph(tmp_path / "graph.ttl")
    process, base = start_kg_serve("--graph", str(graph), "--timeout", "10")
    port = int(base.rsplit(":", 1)[1].strip("/"))
    try:
        assert sequential(port, 500) == [200] * 500  # warm up
        before = rss_kib(process.pid)
        started = time.monotonic()
        statuses = sequential(port, 10_000)
        sequential_seconds = time.monotonic() - started
        assert statuses == [200] * 10_000
        statuses = asyncio.run(concurrent(port, 1_000))
        assert statuses == [200] * 1_000
        after = rss_kib(process.pid)
        assert after - before < 40 * 1024, f"memory grew from {before} KiB to {after} KiB"
        assert sequential(port, 10) == [200] * 10  # and it still answers
        print(f"10,000 sequential in {sequential_seconds:.1f} s; memory {before} -> {after} KiB")
    finally:
        stop(process)
