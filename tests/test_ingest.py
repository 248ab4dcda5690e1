"""Reading articles: .txt and .jsonl files, folders, and every way an input can be bad.

The rule under test: each bad file or line becomes one InputError naming it, and never
stops the other articles from loading.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import ingest
from kg.errors import InputError
from kg.types import Article

from helpers import write




def read(*paths: Path) -> tuple[list[Article], list[str]]:
    """All articles and all error messages under `paths`."""
    articles, errors = [], []
    for item in ingest.read_articles(paths):
        if isinstance(item, InputError):
            errors.append(str(item))
        else:
            articles.append(item)
    return articles, errors


# --- .txt -------------------------------------------------------------------------------------

def test_txt_title_is_first_non_empty_line_and_id_is_the_stem(tmp_path):
    path = write(tmp_path / "art-01.txt", "\n\n   \n  Guaido gains support  \nBody text here.\n")
    (article,), errors = read(path)
    assert errors == []
    assert article.id == "art-01"
    assert article.title == "Guaido gains support"
    assert "Body text here." in article.text
    assert article.path == str(path)


def test_txt_crlf_and_bom_are_normalised(tmp_path):
    path = write(tmp_path / "a.txt", "\ufeffTitle\r\nLine two\rLine three\r\n".encode())
    (article,), _ = read(path)
    assert article.text == "Title\nLine two\nLine three\n"
    assert article.title == "Title"


def test_txt_keeps_the_whole_text(tmp_path):
    text = "Headline\n\nFirst paragraph.\n\nSecond paragraph.\n"
    (article,), _ = read(write(tmp_path / "a.txt", text))
    assert article.text == text


# --- .jsonl -----------------------------------------------------------------------------------

def test_jsonl_reads_all_fields(tmp_path):
    record = {"id": "x1", "title": "T", "date": "2019-02-20", "url": "https://e.org/a",
              "source": "AFP", "text": "Spain recognised Guaido."}
    path = write(tmp_path / "batch.jsonl", json.dumps(record) + "\n")
    (article,), errors = read(path)
    assert errors == []
    assert (article.id, article.title, article.date, article.url, article.source, article.text) == (
        "x1", "T", "2019-02-20", "https://e.org/a", "AFP", "Spain recognised Guaido.")
    assert article.path == f"{path}:1"


def test_jsonl_only_text_is_required(tmp_path):
    path = write(tmp_path / "batch.jsonl", '{"text": "One."}\n\n{"text": "Two."}\n')
    articles, errors = read(path)
    assert errors == []
    # default ids name the file and the line, so they are unique and findable
    assert [a.id for a in articles] == ["batch-1", "batch-3"]
    assert [a.title for a in articles] == [None, None]


def test_jsonl_datetime_is_cut_to_the_date(tmp_path):
    path = write(tmp_path / "b.jsonl", json.dumps({"text": "x", "date": "2019-02-20T18:38:00Z"}))
    (article,), _ = read(path)
    assert article.date == "2019-02-20"


def test_jsonl_numeric_id_is_a_string(tmp_path):
    (article,), _ = read(write(tmp_path / "b.jsonl", json.dumps({"text": "x", "id": 7})))
    assert article.id == "7"


def test_invalid_json_line_names_file_and_line_and_the_others_still_load(tmp_path):
    lines = ['{"id": "a", "text": "Fine."}', '{"id": "b", "text": ', '{"id": "c", "text": "Also fine."}']
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    articles, errors = read(path)
    assert [a.id for a in articles] == ["a", "c"]
    assert len(errors) == 1
    assert errors[0].startswith(f"{path}:2: invalid JSON")


@pytest.mark.parametrize("line, expected", [
    ('{"id": "a"}', "missing or empty 'text'"),
    ('{"id": "a", "text": "   "}', "missing or empty 'text'"),
    ('{"id": "a", "text": 42}', "missing or empty 'text'"),
    ('["not", "an", "object"]', "expected a JSON object"),
    ('{"text": "x", "title": ["list"]}', "field 'title' must be a string"),
    ('{"text": "x", "id": true}', "field 'id' must be a string"),
    ('{"text": "x", "date": "20 Feb 2019"}', "ISO date"),
    ('{"text": "x", "date": "2019-13-45"}', "ISO date"),
    ('{"text": "a\\u0000b"}', "NUL"),
    ("[" * 100_000, "invalid JSON"),
])
def test_bad_jsonl_lines(tmp_path, line, expected):
    path = write(tmp_path / "bad.jsonl", '{"id": "ok", "text": "Good."}\n' + line + "\n")
    articles, errors = read(path)
    assert [a.id for a in articles] == ["ok"]
    assert len(errors) == 1
    assert errors[0].startswith(f"{path}:2: ")
    assert expected in errors[0]


# --- folders ----------------------------------------------------------------------------------

def test_folders_are_read_recursively_in_sorted_order(tmp_path):
    write(tmp_path / "b.txt", "B\n")
    write(tmp_path / "a.txt", "A\n")
    write(tmp_path / "sub" / "deeper" / "c.txt", "C\n")
    write(tmp_path / "sub" / "d.jsonl", '{"id": "d", "text": "D"}\n')
    write(tmp_path / "notes.md", "not an article\n")
    write(tmp_path / ".hidden" / "e.txt", "hidden\n")
    write(tmp_path / ".#draft.txt", "editor lock file\n")
    articles, errors = read(tmp_path)
    assert errors == []
    # sorted by path: "sub/d.jsonl" before "sub/deeper/c.txt"
    assert [a.id for a in articles] == ["a", "b", "d", "c"]


def test_discover_keeps_files_as_given(tmp_path):
    b = write(tmp_path / "b.txt", "B")
    a = write(tmp_path / "a.txt", "A")
    assert ingest.discover([b, a]) == [b, a]


# --- bad files --------------------------------------------------------------------------------

def test_missing_path_is_an_error_naming_it(tmp_path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError, match="nope.txt: no such file or folder"):
        ingest.discover([missing])


def test_explicit_file_with_another_suffix_is_reported(tmp_path):
    path = write(tmp_path / "notes.md", "# notes")
    articles, errors = read(path)
    assert articles == []
    assert errors == [f"{path}: not an article file (expected .txt or .jsonl)"]


@pytest.mark.parametrize("name, content, expected", [
    ("latin1.txt", "Bogot\xe1 backs Guaid\xf3".encode("latin-1"), "not UTF-8"),
    ("empty.txt", b"", "empty article"),
    ("blank.txt", b"  \n\n\t\n", "empty article"),
    ("binary.txt", b"Title\n\x00\x01\x02", "NUL"),
    ("latin1.jsonl", '{"text": "Guaid\xf3"}'.encode("latin-1"), "not UTF-8"),
    ("empty.jsonl", b"\n\n", "empty file"),
    ("binary.jsonl", b'{"text": "x"}\n\x00', "NUL"),
])
def test_bad_files_give_one_error_naming_the_file_and_the_others_load(tmp_path, name, content, expected):
    good = write(tmp_path / "good.txt", "Good article\nSpain backs Guaido.\n")
    bad = write(tmp_path / name, content)
    articles, errors = read(tmp_path)
    assert [a.id for a in articles] == ["good"]
    assert len(errors) == 1
    assert errors[0].startswith(f"{bad}: ")
    assert expected in errors[0]
    assert "\n" not in errors[0]
    assert good.exists()


# --- any text survives the round trip ---------------------------------------------------------

_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff"), min_size=1,
                max_size=300).filter(lambda t: t.strip())


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=60, deadline=None)
@given(text=_TEXT)
def test_any_text_round_trips_through_txt_and_jsonl(text):
    with tempfile.TemporaryDirectory() as folder:
        txt = write(Path(folder) / "a.txt", text)
        jsonl = write(Path(folder) / "b.jsonl", json.dumps({"id": "j", "text": text}) + "\n")
        articles, errors = read(txt, jsonl)
    assert errors == []
    assert [(a.id, a.text) for a in articles] == [("a", _normalised(text)), ("j", _normalised(text))]
    assert articles[0].title and articles[0].title in articles[0].text
