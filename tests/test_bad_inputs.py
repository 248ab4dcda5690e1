"""Every kind of bad input at once, through `kg build` (issue 12, point 1): each bad item is one
line naming the file (and line) and the problem, every good article is built, the summary lists
what was skipped, and the exit status is 2 (built, but not everything: as `make -k`).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import cli
from kg.vocab import KG

from helpers import write

pytestmark = pytest.mark.model

GOOD = "Spain backs Guaido\nSpain recognised Juan Guaido as interim president on Monday.\n"


def messy_folder(root: Path) -> tuple[Path, dict[str, str], dict[str, str]]:
    """A folder of bad and repairable inputs; (folder, skipped: name -> problem, repaired: name -> note)."""
    folder = root / "in"
    write(folder / "good.txt", GOOD)
    write(folder / "empty.txt", b"")
    write(folder / "binary.txt", bytes(range(256)) * 8)
    write(folder / "run-on.txt", " ".join(["Russia condemned Ukraine and France backed Macron"] * 200))
    write(folder / "page.txt", "<!doctype html><html><head><title>Cuba backs Maduro</title></head>"
                               "<body><p>Cuba backs Nicolas Maduro.</p><script>alert(1)</script></body></html>")
    write(folder / "cp1252.txt", "Bogot\xe1 backs Guaid\xf3\nColombia recognised Juan Guaid\xf3 \u2014 firmly.\n"
          .encode("cp1252"))
    write(folder / "bom-crlf.txt", "\ufeffPeru backs Guaido\r\nPeru recognised Juan Guaido.\r\n".encode())
    write(folder / "sub1" / "report.txt", "AFP\nChile recognised Juan Guaido.\n")
    write(folder / "sub2" / "report.txt", "BBC\nChina backs Nicolas Maduro.\n")
    lines = [
        json.dumps({"id": "j-ok", "text": "Mexico backs Nicolas Maduro."}),
        '{"id": "j-broken", "text": ',
        json.dumps({"id": "j-notext"}),
        json.dumps({"id": "j-list", "text": ["not", "a", "string"]}),
        json.dumps({"id": "j-date", "date": "Feb 20th, 2019", "text": "Brazil recognised Juan Guaido."}),
        json.dumps({"id": "../../etc/pass\nwd", "title": 42.5, "text": "Canada recognised Juan Guaido."}),
        json.dumps({"id": "j-ok", "text": "Bolivia backs Nicolas Maduro."}),
        json.dumps({"id": 7.0, "title": "T\udc80", "text": "Iran backs Nicolas \ud800Maduro."}),
    ]
    write(folder / "batch.jsonl", "\n".join(lines) + "\n")
    (folder / "dangling.txt").symlink_to(root / "nowhere.txt")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"Cafe\nItaly backs Juan Guaido.\n")
    skipped = {
        "empty.txt": "empty article",
        "binary.txt": "contains NUL bytes; is it a binary file?",
        "batch.jsonl:2": "invalid JSON",
        "batch.jsonl:3": "missing or empty 'text' field (missing)",
        "batch.jsonl:4": "missing or empty 'text' field (a list, not a string)",
        "dangling.txt": "broken symbolic link",
        "loop": "folder already read (a symbolic link loop or a second link to it)",
        "missing-folder": "no such file or folder",
    }
    repaired = {
        "cp1252.txt": "not UTF-8 (byte 5); read as Windows-1252",
        "page.txt": "an HTML page, not plain text; read its visible text",
        "sub2/report.txt": "article id 'report' is already taken by another article; this one is 'sub2/report'",
        "batch.jsonl:5": "field 'date' is not an ISO date (YYYY-MM-DD): 'Feb 20th, 2019'; ignored",
        "batch.jsonl:6": "holds line breaks or control characters",
        "batch.jsonl:7": "article id 'j-ok' is already taken by another article; this one is 'j-ok-2'",
        "batch.jsonl:8": "lone surrogates",
        "caf\\xe9.txt": "file name is not UTF-8; the article id is 'caf\ufffd'",
    }
    return folder, skipped, repaired


def test_every_bad_input_is_one_line_and_every_good_article_is_built(nlp, tmp_path):
    folder, skipped, repaired = messy_folder(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), str(tmp_path / "missing-folder"), "--out", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    warnings, summary = lines[:-1], lines[-1]
    assert all(line.startswith("warning: ") for line in warnings), warnings
    for name, problem in {**skipped, **repaired}.items():
        where = str(tmp_path / name) if name == "missing-folder" else str(folder / name)
        mine = [line for line in warnings if line.startswith(f"warning: {where}: ")]
        assert mine and all(problem in line for line in mine), (name, mine)
    assert summary.startswith(f"{len(skipped)} inputs skipped or cut: ")
    for name in skipped:
        assert name.split(":")[0] in summary
    graph = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    ids = {str(o) for o in graph.objects(None, KG.articleId)}
    assert ids == {"good", "run-on", "page", "cp1252", "bom-crlf", "report", "sub2/report", "j-ok", "j-date",
                   "../../etc/pass wd", "j-ok-2", "7", "caf\ufffd"}
