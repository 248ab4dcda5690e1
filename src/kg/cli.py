"""The `kg` command: a thin layer over the library. Library errors become one-line messages."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from kg.errors import KgError
from kg.vocab import DEFAULT_BASE

DEFAULT_INPUT = "seeds"
DEFAULT_OUT = "out"
DEFAULT_GRAPH = f"{DEFAULT_OUT}/graph.ttl"
ALL_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld", "rdfxml")


class KgGroup(click.Group):
    """Turn `KgError`s (and any other failure) into `Error: …` lines with exit status 1, never a
    traceback, unless `kg --debug`."""

    def invoke(self, ctx):
        from kg.textio import for_terminal

        try:
            return super().invoke(ctx)
        except KgError as exc:
            raise click.ClickException(for_terminal(" ".join(str(exc).split()))) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            raise click.ClickException(for_terminal(f"{type(exc).__name__}: {' '.join(str(exc).split())} "
                                                    f"(kg --debug … shows the traceback)")) from None


@click.group(cls=KgGroup)
@click.version_option(package_name="kg")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) to stderr.")
@click.option("--debug", is_flag=True, help="Show the traceback of an unexpected error.")
def cli(verbose: int, debug: bool) -> None:
    """kg: news articles in, a knowledge graph of political actors and relations out.

    \b
    Examples:
    kg build                      # seeds/ -> out/graph.ttl, out/graph.html
    kg query relations            # ask the graph (queries/relations.rq)
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default=DEFAULT_OUT, show_default=True, type=click.Path(path_type=Path),
              help="Folder for graph.ttl and graph.html.")
@click.option("--model", default=None, help="spaCy model package or path (default: en_core_web_sm).")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI for minted actors, articles, claims.")
@click.option("--no-html", is_flag=True, help="Write only the Turtle graph (and remove an older graph.html).")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 256),
              help="Worker processes for parsing and extraction (each loads the model).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where parsing and extraction run: here (--jobs processes), or on a Dask cluster.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --engine dask: the Dask scheduler's address, e.g. tcp://10.0.0.5:8786.")
@click.option("--min-confidence", default=0.0, show_default=True, type=click.FloatRange(0.0, 1.0),
              help="Leave out claims less confident than this (see the reliability table of `kg eval`).")
@click.option("--article-time-limit", "seconds", default=60.0, show_default=True, type=click.FloatRange(0.0),
              help="Seconds one long article may take before it is cut (what was read is kept); 0: no limit.")
@click.option("-k/-S", "--keep-going/--stop", default=True, show_default="--keep-going",
              help="Build from the good articles when some inputs are skipped (exit status 2, as `make -k`), "
                   "or write nothing (--stop, exit status 1).")
@click.option("--store", "store_dir", default=None, type=click.Path(path_type=Path),
              help="Build into this on-disk store folder instead of --out: incremental, resumable.")
@click.option("--rebuild", is_flag=True, help="With --store: empty the store and extract every article again.")
def build(paths: tuple[Path, ...], out_dir: Path, model: str | None, base: str, no_html: bool, jobs: int,
          min_confidence: float, seconds: float, keep_going: bool, engine: str, scheduler: str | None,
          store_dir: Path | None, rebuild: bool) -> None:
    """Extract actors and relations from articles and write the graph.

    PATHS are .txt articles, .jsonl files (one article a line: "text" required; "id", "title",
    "date", "url", "source" optional) and folders of them. With no PATHS, reads seeds/.

    Each input that cannot be read is one warning line, and the others are still built; the
    exit status is then 2, not 0 (like `make -k`). graph.ttl and graph.html are replaced
    together or not at all, and one build at a time may write to an --out folder.

    \b
    Example:
      kg build seeds/ more/articles.jsonl --out out
      kg build big-folder/ --jobs 2 --no-html
      kg build big-folder/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    if store_dir is not None:  # (before importing the pipeline: an unchanged store never loads spaCy)
        from kg import storebuild

        if engine != "local":
            raise click.UsageError("--store builds on this machine; --engine dask writes a graph file (--out)")

        sys.exit(storebuild.command(paths or (Path(DEFAULT_INPUT),), store_dir, model=model, base=base,
                                    min_confidence=min_confidence, seconds=seconds or None, rebuild=rebuild,
                                    jobs=jobs, echo=click.echo))
    from kg import ingest, iri, pipeline
    from kg.outdir import OutputFolder
    from kg.textio import for_terminal

    from kg.distributed import usage_problem

    if problem := usage_problem(engine, scheduler, jobs):
        raise click.UsageError(problem)
    iri.normalise_base(base)  # a bad --base fails before the model loads, not after extraction
    paths = paths or (Path(DEFAULT_INPUT),)
    folder = OutputFolder(out_dir)
    folder.lock()  # a locked, unwritable or mistaken --out fails now, not after extraction
    try:
        files = [p for p in ingest.walk(paths) if isinstance(p, Path)]
        bar = None
        if sys.stderr.isatty() and files:
            bar = click.progressbar(length=len(files), label="extracting", file=sys.stderr)
            bar.__enter__()

        def progress(result) -> None:
            if bar is not None:
                bar.update(1)

        def on_error(message: str) -> None:
            click.echo(f"warning: {for_terminal(message)}", err=True)

        try:
            result = pipeline.build(paths, model=model, base=base, jobs=jobs, on_error=on_error, progress=progress,
                                    min_confidence=min_confidence, on_warning=on_error, seconds=seconds or None,
                                    scheduler=scheduler)
        finally:
            if bar is not None:
                bar.__exit__(None, None, None)
        if result.errors and not keep_going:
            raise click.ClickException(f"{_count(len(result.errors), 'input')} skipped (see the warnings above); "
                                       f"nothing written (--keep-going builds from the rest)")
        if not result.results:
            raise click.ClickException("no article could be read; nothing written")
        from kg import view
        from kg.network import to_networkx

        network = to_networkx(result.graph)  # one network, for the page and for the counts below
        files = {"graph.ttl": result.graph.serialize(format="turtle", encoding="utf-8")}
        if not no_html:
            files["graph.html"] = view.render_network(network).encode("utf-8")
        written = folder.publish(files)
    finally:
        folder.unlock()
    # the page's counts: a relation is one actor-relation-actor link, a claim one sentence stating one
    c = view.counts(network)
    by_type = ", ".join(f"{name} {n}" for name, n in c["byRelation"].items())
    click.echo(f"{_count(len(result.results), 'article')}, {_count(result.sentences, 'sentence')}, "
               f"{_count(c['actors'], 'actor')}, {_count(c['relations'], 'relation')} ({by_type}) "
               f"from {_count(c['claims'], 'claim')} in {result.seconds:.1f} s")
    click.echo("wrote " + ", ".join(for_terminal(str(p)) for p in written))
    if result.errors:
        click.echo(f"{_count(len(result.errors), 'input')} skipped or cut: {_skipped(result.errors)}", err=True)
        sys.exit(2)


@cli.command()
@click.argument("query", required=False)
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (see --list); the value becomes one RDF term, never query text.")
@click.option("--graph", "graph_path", default=DEFAULT_GRAPH, show_default=True,
              type=click.Path(path_type=Path), help="Graph file (.ttl, .nt, .nq, .trig, .jsonld).")
@click.option("--store", "store_dir", default=None, type=click.Path(path_type=Path),
              help="An Oxigraph on-disk store folder, opened read-only (instead of --graph).")
@click.option("--endpoint", default=None, help="Ask this SPARQL endpoint URL instead of a local graph.")
@click.option("--graph-iri", default=None, help="With --endpoint: query only this named graph.")
@click.option("--format", "fmt", type=click.Choice(ALL_FORMATS), default="table", show_default=True,
              help="table, csv, tsv, json, xml; CONSTRUCT/DESCRIBE: turtle (default), ntriples, jsonld, rdfxml.")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(0.1),
              help="Stop a query that runs longer than this many seconds.")
@click.option("--max-rows", default=100_000, show_default=True, type=click.IntRange(1),
              help="Refuse an answer with more rows (or triples) than this.")
@click.option("--list", "list_queries", is_flag=True, help="List the shipped queries and their parameters.")
def query(query: str | None, params: tuple[str, ...], graph_path: Path, store_dir: Path | None,
          endpoint: str | None, graph_iri: str | None, fmt: str, timeout: float, max_rows: int,
          list_queries: bool) -> None:
    """Run a SPARQL query: a shipped query's name, a .rq file, the query text, or - (stdin).

    Queries are read-only: updates, LOAD and SERVICE are refused.

    \b
    Examples:
      kg query --list
      kg query supporters --param actor="Juan Guaidó"
      kg query relations --format csv > relations.csv
      kg query 'SELECT ?a WHERE { ?a a <https://kg.example.org/ns#Person> }'
      kg query - --format json < my-question.rq
      kg query 'CONSTRUCT WHERE { ?s <https://kg.example.org/ns#supports> ?o }'
    """
    from kg import library
    from kg import params as kp
    from kg import query as q

    if list_queries:
        click.echo(library.listing(), nl=False)
        return
    if query is None:
        raise click.UsageError("give a QUERY (a name from --list, a .rq file, the query text, or -)")
    where, text = q.resolve_query(query)
    given = kp.parse_assignments(params)
    if endpoint:
        from kg.remote import Endpoint

        target = Endpoint(endpoint, default_graph=graph_iri, timeout=timeout)
    else:
        target = q.Local(q.open_disk_store(store_dir) if store_dir else q.open_store(graph_path))
    with q.time_limit(timeout, q.exit_on_timeout(timeout, where)):
        answer = q.ask(target, text, where=where, given=given, max_rows=max_rows)
        out = q.format_answer(answer, fmt)
    click.echo(out, nl=False)


@cli.command("serve")
@click.option("--graph", "graph_path", default=DEFAULT_GRAPH, show_default=True,
              type=click.Path(path_type=Path), help="Graph file (.ttl, .nt, .nq, .trig, .jsonld).")
@click.option("--store", "store_dir", default=None, type=click.Path(path_type=Path),
              help="An Oxigraph on-disk store folder, opened read-only (instead of --graph).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; only loopback unless you give another.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="0: any free port.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1),
              help="Stop a query that runs longer than this many seconds (503).")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1),
              help="Refuse an answer with more rows (or triples) than this (400).")
@click.option("--max-request", default=1024 * 1024, show_default=True, type=click.IntRange(1),
              help="Refuse a request larger than this many bytes (413).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes answering queries, each with its own copy of the graph.")
def serve_graph(graph_path: Path, store_dir: Path | None, host: str, port: int, timeout: float, max_rows: int,
                max_request: int, workers: int) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint, with a query page at /.

    \b
    Examples:
      kg serve                                   # http://127.0.0.1:7878/
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
           http://127.0.0.1:7878/sparql
      kg serve --store my-store/ --port 8000 --timeout 30
    """
    from kg.serve import serve
    from kg.workers import Source

    source = Source(store_dir, is_store=True) if store_dir else Source(graph_path)

    def ready(url: str) -> None:
        click.echo(f"kg serve: {url} (SPARQL endpoint: {url}sparql); Ctrl-C stops", err=True)

    verbose = logging.getLogger().getEffectiveLevel() <= logging.INFO
    serve(source, host=host, port=port, timeout=timeout, max_rows=max_rows, workers=workers,
          max_request=max_request, verbose=verbose, ready=ready)


@cli.command("push")
@click.option("--endpoint", required=True,
              help="Graph Store Protocol URL of the store, e.g. http://127.0.0.1:7878/store (Oxigraph).")
@click.option("--graph", "graph_path", default=DEFAULT_GRAPH, show_default=True,
              type=click.Path(path_type=Path), help="Graph file to send (.ttl, .nt, .nq, .trig, .jsonld).")
@click.option("--graph-iri", default=None, help="The named graph to fill (default: the store's default graph).")
@click.option("--merge", is_flag=True, help="Add to the graph instead of replacing it.")
def push_graph(endpoint: str, graph_path: Path, graph_iri: str | None, merge: bool) -> None:
    """Load the graph into a triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

    Replaces the named graph (HTTP PUT), or adds to it with --merge (POST).

    \b
    Examples:
      kg push --endpoint http://127.0.0.1:7878/store --graph-iri https://example.org/venezuela
      kg query supporters --endpoint http://127.0.0.1:7878/query --graph-iri https://example.org/venezuela
    """
    from kg.push import push

    triples = push(graph_path, endpoint, graph_iri=graph_iri, merge=merge)
    target = f"<{graph_iri}>" if graph_iri else "the default graph"
    click.echo(f"{'added' if merge else 'replaced'} {target} at {endpoint}: {triples} triples")


@cli.command("eval")
@click.argument("gold", type=click.Path(path_type=Path))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--entities", "entities_path", type=click.Path(path_type=Path),
              help="Gold entities (JSON). Default: entities.json beside GOLD.")
@click.option("--graph", "graph_path", default=None, type=click.Path(path_type=Path),
              help=f"Score this graph file instead of building PATHS (default with no PATHS: {DEFAULT_GRAPH}).")
@click.option("--model", default=None, help="spaCy model for building PATHS (default: en_core_web_sm).")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
@click.option("--quiet", is_flag=True, help="Only the scores, not the misses and false positives.")
def evaluate(gold: Path, paths: tuple[Path, ...], entities_path: Path | None, graph_path: Path | None,
             model: str | None, as_json: bool, quiet: bool) -> None:
    """Score extraction against your own annotated gold.

    GOLD is a JSONL file, one relation a line: {"doc": ARTICLE-ID, "s": ENTITY-ID, "p": RELATION,
    "o": ENTITY-ID or "*", "status": "required" or "optional", "evidence": "..."}. The entities
    file maps each ENTITY-ID to {"label", "type", "aliases", "also"}. With PATHS, kg builds them
    first (in memory); otherwise it scores --graph.

    \b
    Examples:
      kg eval gold.jsonl articles/ --entities entities.json
      kg eval gold.jsonl --graph out/graph.ttl --json
    """
    import json
    import tempfile

    from kg import evaluate as ev
    from kg import query as q

    entities = ev.read_entities(entities_path or gold.with_name("entities.json"))
    lines = ev.read_gold(gold)
    where, text = "kg eval's query", ev.QUERY
    if paths:
        from kg import pipeline

        result = pipeline.build(list(paths), model=model,
                                on_error=lambda message: click.echo(f"warning: {message}", err=True))
        with tempfile.TemporaryDirectory() as tmp:
            ttl = Path(tmp) / "graph.ttl"
            ttl.write_bytes(result.graph.serialize(format="turtle", encoding="utf-8"))
            answer = q.run(q.open_store(ttl), text, where=where)
    else:
        answer = q.run(q.open_store(graph_path or Path(DEFAULT_GRAPH)), text, where=where)
    report = ev.score(ev.rows_from_answer(answer), lines, entities)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(ev.format_report(report, show=not quiet))


@cli.command("suggest")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--graph", "graph_path", default=None, type=click.Path(path_type=Path),
              help="Read the articles this graph was built from (the files it records) instead of PATHS.")
@click.option("--top", default=20, show_default=True, type=click.IntRange(1), help="How many rows.")
@click.option("--by", "view", type=click.Choice(["cue", "sentence"]), default="cue", show_default=True,
              help="Rank the words no rule knows yet, or the sentences they appear in.")
@click.option("--model", default=None, help="spaCy model (default: en_core_web_sm).")
@click.option("--json", "as_json", is_flag=True, help="Print both views as JSON.")
def suggest_cues(paths: tuple[Path, ...], graph_path: Path | None, top: int, view: str, model: str | None,
                 as_json: bool) -> None:
    """List sentences where actors meet and no relation was found, by the words between them.

    A cue that recurs ("welcome  14 sentences") may deserve a rule in rules.yaml. Sentences whose
    cue is negated, modal or hypothetical are marked, not hidden. With no PATHS, reads seeds/.

    \b
    Examples:
      kg suggest my-articles/ --top 30
      kg suggest my-articles/ --by sentence
    """
    import json

    from kg import ingest
    from kg.errors import InputError
    from kg.nlp import load_model
    from kg.suggest import format_suggestions, suggest

    articles = []
    if graph_path is not None:
        from kg.evaluate import graph_articles

        articles, errors = graph_articles(graph_path)
        for message in errors:
            click.echo(f"warning: {message}", err=True)
    else:
        for item in ingest.read_articles(list(paths) or [Path(DEFAULT_INPUT)]):
            if isinstance(item, InputError):
                click.echo(f"warning: {item}", err=True)
            else:
                articles.append(item)
    result = suggest(load_model(model), articles)
    if as_json:
        click.echo(json.dumps({"by_cue": result.by_cue(top), "by_sentence": result.by_sentence(top)},
                              indent=2, ensure_ascii=False))
    else:
        click.echo(format_suggestions(result, view=view, top=top))


@cli.command("explain")
@click.argument("sentence", required=False)
@click.option("--article", "article_path", type=click.Path(path_type=Path),
              help="Explain a sentence of this article, read in its context: a .txt file, or the id of an "
                   "article of --graph.")
@click.option("--graph", "graph_path", default=DEFAULT_GRAPH, show_default=True, type=click.Path(path_type=Path),
              help="With --article ID: the graph that records where the article was read from.")
@click.option("--sentence", "number", type=click.IntRange(1), default=None,
              help="With --article: which sentence, counting from 1 (the headline is sentence 1).")
@click.option("--model", default=None, help="spaCy model (default: en_core_web_sm).")
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
def explain_sentence(sentence: str | None, article_path: Path | None, graph_path: Path, number: int | None,
                     model: str | None, as_json: bool) -> None:
    """Show why a sentence gives a relation, or none: parse, actors, triggers, blockers, rules.

    \b
    Examples:
      kg explain "Brazil recognised Ana Villca as interim president."
      kg explain --article articles/bolivia.txt --sentence 4 --json
    """
    import json

    from kg.errors import InputError
    from kg.explain import explain, format_explanation
    from kg.nlp import load_model

    if (sentence is None) == (article_path is None):
        raise click.UsageError("give a SENTENCE, or --article FILE with --sentence N")
    if article_path is not None and not article_path.is_file():  # an article id of the graph
        from kg.evaluate import graph_articles

        articles, _ = graph_articles(graph_path)
        text = next((a.text for a in articles if a.id == str(article_path)), None)
        if text is None:
            raise InputError(f"{article_path}: no such file, nor an article of {graph_path} whose file can be read")
    elif article_path is not None:
        try:
            text = article_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{article_path}: cannot read: {exc}") from None
    else:
        text, number = sentence, None
    try:
        result = explain(load_model(model), text, number)
    except ValueError as exc:
        raise InputError(f"{article_path or 'sentence'}: {exc}") from None
    click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) if as_json else format_explanation(result))


@cli.command("export")
@click.option("--graph", "graph_path", default=DEFAULT_GRAPH, show_default=True,
              type=click.Path(path_type=Path), help="The built graph to read (.ttl, or .nt, .nq, .trig, .jsonld).")
@click.option("--format", "fmt",
              type=click.Choice(["turtle", "ntriples", "nquads", "trig", "jsonld", "graphml", "gexf", "csv"]),
              required=True, help="Output format. TriG and N-Quads hold one named graph per article; "
                                  "graphml, gexf and csv are the actor network for Gephi and Cytoscape.")
@click.option("--out", "out_path", default=None, type=click.Path(path_type=Path),
              help="File to write (whole or not at all); default: standard output. For csv: a folder.")
@click.option("--store", "store_dir", default=None, type=click.Path(path_type=Path),
              help="Read this kg store folder (`kg build --store`) instead of --graph.")
def export_graph(graph_path: Path, fmt: str, out_path: Path | None, store_dir: Path | None) -> None:
    """Write the graph in another RDF format, or its actor network for network tools.

    TriG and N-Quads put each article's claims in a named graph named by the article's IRI;
    actors, direct relations and article records are in the default graph. GraphML, GEXF and
    CSV (nodes.csv and edges.csv in the --out folder) hold one node per actor and one edge per
    relation, with scalar attributes (lists joined with "; ").

    \b
    Examples:
      kg export --format jsonld --out out/graph.jsonld
      kg export --format nquads > graph.nq
      kg export --format gexf --out out/graph.gexf
      kg export --format csv --out out/network
    """
    from kg import atomic, export, store

    if fmt in ("graphml", "gexf", "csv"):
        from kg import netexport
        from kg.network import to_networkx

        network = to_networkx(store.load_graph(graph_path, store_dir))
        if fmt == "csv":
            if out_path is None:
                raise click.UsageError("--format csv writes nodes.csv and edges.csv: give --out FOLDER")
            written = netexport.write_csv(network, out_path)
            click.echo("wrote " + ", ".join(str(p) for p in written), err=True)
            return
        data = netexport.to_bytes(network, fmt)
    else:
        data = export.serialize(store.load_graph(graph_path, store_dir), fmt)
    if out_path is None:
        click.echo(data, nl=False)  # bytes go to the binary stream as they are
    else:
        atomic.write_bytes(out_path, data)
        click.echo(f"wrote {out_path}", err=True)


@cli.command("view")
@click.option("--graph", "graph_path", default=DEFAULT_GRAPH, show_default=True,
              type=click.Path(path_type=Path), help="Graph file (.ttl, .nt, .nq, .trig, .jsonld).")
@click.option("--around", default=None, help="Only this actor (label or alias) and those near it.")
@click.option("--hops", default=1, show_default=True, type=click.IntRange(0, 10),
              help="With --around: how many relations away, in either direction.")
@click.option("--relation", "relations", multiple=True,
              type=click.Choice(["supports", "recognises", "defectsTo", "condemns"]),
              help="Only this relation (repeat for several).")
@click.option("--since", default=None, help="Only claims from articles dated YYYY-MM-DD or later.")
@click.option("--out", "out_path", default=f"{DEFAULT_OUT}/view.html", show_default=True,
              type=click.Path(path_type=Path), help="The page to write (whole or not at all).")
@click.option("--store", "store_dir", default=None, type=click.Path(path_type=Path),
              help="Read this kg store folder (`kg build --store`) instead of --graph.")
def view_graph(graph_path: Path, around: str | None, hops: int, relations: tuple[str, ...], since: str | None,
               out_path: Path, store_dir: Path | None) -> None:
    """Write a focused network page: around an actor, for a relation, since a date.

    \b
    Examples:
      kg view --around "Juan Guaido" --hops 1
      kg view --relation condemns --since 2019-02-01 --out condemnations.html
    """
    from kg import focus, store, view
    from kg.network import to_networkx

    network = focus.focus(to_networkx(store.load_graph(graph_path, store_dir)), around=around, hops=hops,
                          relations=relations, since=since, where=str(store_dir or graph_path))
    out_path.parent.mkdir(parents=True, exist_ok=True)
    view.write_page(network, out_path)
    click.echo(f"{view.summary(network)}; wrote {out_path}")


@cli.command("stats")
@click.option("--graph", "graph_path", default=DEFAULT_GRAPH, show_default=True,
              type=click.Path(path_type=Path), help="Graph file (.ttl, .nt, .nq, .trig, .jsonld).")
@click.option("--top", default=30, show_default=True, type=click.IntRange(1), help="Actors in the table.")
@click.option("--json", "as_json", is_flag=True, help="Print everything (all actors) as JSON.")
@click.option("--store", "store_dir", default=None, type=click.Path(path_type=Path),
              help="Read this kg store folder (`kg build --store`) instead of --graph.")
def stats_graph(graph_path: Path, top: int, as_json: bool, store_dir: Path | None) -> None:
    """Who is supported, recognised, condemned, defected to; centrality; the camps and how they change.

    \b
    Examples:
      kg stats
      kg stats --graph my-out/graph.ttl --json > stats.json
    """
    from kg import stats, store
    from kg.network import to_networkx

    report = stats.stats(to_networkx(store.load_graph(graph_path, store_dir)))
    click.echo(stats.format_json(report) if as_json else stats.format_table(report, top), nl=as_json)


@cli.command("validate")
@click.option("--graph", "graph_path", default=DEFAULT_GRAPH, show_default=True,
              type=click.Path(path_type=Path), help="Graph file (.ttl, .nt, .nq, .trig, .jsonld).")
@click.option("--store", "store_dir", default=None, type=click.Path(path_type=Path),
              help="Read this kg store folder (`kg build --store`) instead of --graph.")
@click.option("--engine", type=click.Choice(["sparql", "pyshacl"]), default="sparql", show_default=True,
              help="sparql: the shapes as SPARQL queries on Oxigraph (fast); pyshacl: the reference, slow.")
def validate_graph(graph_path: Path, store_dir: Path | None, engine: str) -> None:
    """Check a graph against kg's SHACL shapes: prints "conforms", or one line per violation.

    The shapes and the ontology ship with kg (kg/data/shapes.ttl, kg/data/ontology.ttl).
    Exit status 1 when the graph does not conform.

    \b
    Examples:
      kg validate
      kg validate --graph export.trig
      kg validate --engine pyshacl
    """
    from kg import store, validate

    report = validate.validate(store.load_graph(graph_path, store_dir), engine) if store_dir \
        else validate.validate_file(graph_path, engine)
    click.echo(report.text(), nl=False)
    if not report.conforms:
        sys.exit(1)


def _skipped(errors: list[str]) -> str:
    """The files the skipped inputs came from, in order: "a.txt, b.jsonl (3 lines)"."""
    import re

    from kg.textio import for_terminal

    files: dict[str, int] = {}
    for message in errors:
        where = re.sub(r":\d+$", "", message.split(": ", 1)[0])
        files[where] = files.get(where, 0) + 1
    return ", ".join(for_terminal(f) + (f" ({n} lines)" if n > 1 else "") for f, n in files.items())


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def main() -> None:
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
