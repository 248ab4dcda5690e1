"""`kg serve`, really started: a SPARQL 1.1 Protocol endpoint asked by SPARQLWrapper and by raw
HTTP; read-only; limits on time, rows and request size; the offline query page in Chromium."""
from __future__ import annotations

import os
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
import rdflib
from helpers import store_folder
from servers import start_kg_serve, stop
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

from kg import query as q

KG = "https://kg.example.org/ns#"
PERSONS = f"SELECT ?name WHERE {{ ?a a <{KG}Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?name }} ORDER BY ?name"
NAMES = ["Hugo Carvajal", "Jose Luis Silva", "Juan Guaido", "Nicolas Maduro"]
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def server(graph_file):
    process, base = start_kg_serve("--graph", str(graph_file), "--timeout", "2", "--max-rows", "50",
                                   "--max-request", "65536")
    yield base
    stop(process)


def http(base: str, method: str = "GET", *, query: str | None = None, data: bytes | None = None,
         headers: dict | None = None, path: str = "sparql") -> tuple[int, dict, bytes]:
    url = base + path
    if query is not None:
        url += "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def form(**fields: str) -> bytes:
    return urllib.parse.urlencode(fields).encode()


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


# --- a real client -------------------------------------------------------------------------------

def test_sparqlwrapper_select_json_by_get_and_post(server):
    for method in ("GET", POST):
        client = SPARQLWrapper(server + "sparql")
        client.setQuery(PERSONS)
        client.setReturnFormat(JSON)
        client.setMethod(method)
        doc = client.query().convert()
        assert [b["name"]["value"] for b in doc["results"]["bindings"]] == NAMES


def test_sparqlwrapper_xml_csv_and_construct(server):
    client = SPARQLWrapper(server + "sparql")
    client.setQuery(PERSONS)
    client.setReturnFormat(XML)
    names = [n.firstChild.data for n in client.query().convert().getElementsByTagName("literal")]
    assert names == NAMES
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines() == ["name", *NAMES]
    client.setQuery(f"CONSTRUCT {{ ?s <{KG}recognises> ?o }} WHERE {{ ?s <{KG}recognises> ?o }}")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == 2


@pytest.mark.parametrize("accept, fmt", [
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("text/html;q=0.9, text/csv;q=0.5, text/tab-separated-values;q=0.8", ox.QueryResultsFormat.TSV),
])
def test_accept_picks_the_format(server, accept, fmt):
    status, headers, body = http(server, query=PERSONS, headers={"Accept": accept})
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == fmt.media_type.split(";")[0]
    assert [s["name"].value for s in ox.parse_query_results(body, fmt)] == NAMES


def test_the_shipped_queries_answer_as_locally(server, graph_file):
    store = q.open_store(graph_file)
    for name in ("relations", "supporters", "camps", "timeline"):
        text = q.resolve_query(name)[1]
        status, _, body = http(server, "POST", data=text.encode(), headers={
            "Content-Type": "application/sparql-query", "Accept": "text/csv"})
        assert status == 200, body
        assert body.decode() == q.format_answer(q.run(store, text), "csv")


# --- refusals ----------------------------------------------------------------------------------

@pytest.mark.parametrize("method, data, headers, query, status, message", [
    ("POST", form(update="DROP ALL"), FORM, None, 403, "updates are refused: this endpoint is read-only"),
    ("POST", b"DROP ALL", {"Content-Type": "application/sparql-update"}, None, 403, "updates are refused"),
    ("GET", None, None, "LOAD <http://127.0.0.1:9/x>", 403, "LOAD is an update, and kg is read-only"),
    ("POST", form(query="DELETE WHERE { ?s ?p ?o }"), FORM, None, 403, "DELETE is an update"),
    ("GET", None, None, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/s> { ?s ?p ?o } }", 403, "SERVICE is refused"),
    ("GET", None, None, "SELECT * WHERE {\n ?s ?p\n}", 400, "SPARQL syntax error at line 2, column 2: this clause cannot be read (near: ?s ?p)"),
    ("GET", None, None, "SELECT * WHERE { ?s ?p ?o }", 400, "more than 50 rows (the result limit)"),
    ("POST", b"x" * 70_000, {"Content-Type": "application/sparql-query"}, None, 413, "the limit is 65,536"),
    ("POST", b"query=x", {"Content-Type": "text/plain"}, None, 415, "application/sparql-query"),
    ("GET", None, None, "", 400, "give one SPARQL query"),
    ("PUT", b"<a> <b> <c> .", {"Content-Type": "text/turtle"}, None, 405, "read-only"),
])
def test_refusals_are_clear_4xx(server, method, data, headers, query, status, message):
    got, _, body = http(server, method, data=data, headers=headers, query=query)
    assert got == status, body
    assert message in body.decode()
    assert len(body.decode().strip().splitlines()) == 1
    assert http(server, query="ASK { ?s ?p ?o }")[0] == 200


def test_unacceptable_accept_is_406(server):
    status, _, body = http(server, query=PERSONS, headers={"Accept": "image/png"})
    assert status == 406 and b"offered" in body


def test_nested_thousands_deep_is_400_not_a_crash(server):
    text = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    status, _, body = http(server, "POST", data=text.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and b"nested more than" in body
    assert http(server, query="ASK { ?s ?p ?o }")[0] == 200


def test_an_expensive_query_is_cut_at_the_time_limit_and_the_server_goes_on(server):
    started = time.monotonic()
    status, _, body = http(server, query=EXPENSIVE)
    took = time.monotonic() - started
    assert status == 503
    assert body.decode().strip() == ("query: the query ran longer than 2 s (the time limit) and was stopped; "
                                     "narrow it, or ask for a higher --timeout")
    assert 2 <= took < 20
    status, _, body = http(server, query=PERSONS, headers={"Accept": "text/csv"})
    assert status == 200 and body.decode().splitlines()[1:] == NAMES


# --- binding and the page ---------------------------------------------------------------------

def test_kg_serve_listens_on_loopback_by_default(graph_file):
    process, base = start_kg_serve("--graph", str(graph_file), "--workers", "1")
    try:
        assert base.startswith("http://127.0.0.1:")
        line = process.stderr.readline()
        assert line.startswith("kg serve: http://127.0.0.1:") and "/sparql" in line
    finally:
        stop(process)


def test_a_bad_graph_stops_kg_serve_with_one_line(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--graph", str(bad), "--port", "0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith(f"Error: {bad}: cannot parse graph")


@pytest.mark.browser
def test_the_query_page_runs_a_shipped_query_offline(server):
    from test_browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    if os.environ.get("KG_SKIP_BROWSER") == "1":
        pytest.skip("KG_SKIP_BROWSER=1")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            requests, errors = [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server)
            options = page.eval_on_selector_all("#queries option", "os => os.map(o => o.value)")
            assert len(options) >= 16 and "supporters" in options
            assert page.input_value("#text").lstrip().startswith("# relations.rq")
            page.select_option("#queries", "supporters")
            assert "rdf:predicate kg:supports" in page.input_value("#text")
            page.click("#run")
            page.wait_for_selector("#answer table")
            header = page.eval_on_selector_all("#answer th", "ths => ths.map(t => t.textContent)")
            assert header == ["supporter", "type", "supported", "articles", "claims", "example"]
            assert page.eval_on_selector_all("#answer tbody tr", "rs => rs.length") == 4
            assert page.text_content("#status").startswith("4 rows")
            page.fill("#text", "DROP ALL")
            page.click("#run")
            page.wait_for_selector("#status.error")  # (the page's CSP forbids eval, so no wait_for_function)
            assert "403" in page.text_content("#status") and "read-only" in page.text_content("#status")
            assert all(url.startswith(server) for url in requests), requests
            assert errors == []
        finally:
            browser.close()


def test_kg_serve_serves_an_oxigraph_store_folder_read_only(graph_file, tmp_path):
    folder = store_folder(graph_file, tmp_path / "store")
    process, base = start_kg_serve("--store", str(folder), "--workers", "1")
    try:
        status, _, body = http(base, query=PERSONS, headers={"Accept": "text/csv"})
        assert status == 200 and body.decode().splitlines() == ["name", *NAMES]
        assert http(base, "POST", data=form(update="DROP ALL"), headers=FORM)[0] == 403
        assert http(base, query=PERSONS, headers={"Accept": "text/csv"})[2] == body
    finally:
        stop(process)
