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




def read(*paths: Path, warnings: list[str] | None = None) -> tuple[list[Article], list[str]]:
    """All articles and all error messages under `paths` (warnings go to `warnings`)."""
    articles, errors = [], []
    for item in ingest.read_articles(paths, on_warning=(warnings.append if warnings is not None else None)):
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
    ("empty.txt", b"", "empty article"),
    ("blank.txt", b"  \n\n\t\n", "empty article"),
    ("binary.txt", b"Title\n\x00\x01\x02", "NUL"),
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
                max_size=300).filter(lambda t: t.strip() and not _binary(t))


def _binary(text: str) -> bool:
    """Text a .txt file is refused for, as a binary file: full of control characters."""
    return len(ingest._CONTROL.findall(text)) > max(8, len(text) // 100)


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


# --- malformed input that is read with a repair, and said so (issue 12) ------------------------

def read3(*paths: Path) -> tuple[list[Article], list[str], list[str]]:
    warnings: list[str] = []
    articles, errors = read(*paths, warnings=warnings)
    return articles, errors, warnings


@pytest.mark.parametrize("encoding, expected", [("cp1252", "Windows-1252"), ("latin-1", "Latin-1")])
def test_windows_1252_and_latin1_text_is_decoded_with_a_warning(tmp_path, encoding, expected):
    text = "Bogot\xe1 backs Guaid\xf3 \u2014 \u201cfirmly\u201d\n" if encoding == "cp1252" else \
        "Bogot\xe1 backs Guaid\xf3\x81\n"  # 0x81 is no Windows-1252 character: Latin-1
    path = write(tmp_path / "a.txt", text.encode(encoding))
    (article,), errors, warnings = read3(path)
    assert errors == []
    assert article.text == text
    assert warnings == [f"{path}: not UTF-8 (byte 5); read as {expected}"]


def test_windows_1252_jsonl_is_decoded_with_a_warning(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"id": "x", "text": "Guaid\xf3 won"}\n'.encode("cp1252"))
    (article,), errors, warnings = read3(path)
    assert (article.text, errors) == ("Guaid\xf3 won", [])
    assert "read as Windows-1252" in warnings[0]


def test_binary_file_without_nul_bytes_is_refused_not_decoded(tmp_path):
    import random

    rng = random.Random(12)
    data = bytes(rng.choice([*range(1, 9), *range(14, 32), 0x81, 0xff]) for _ in range(4000))
    path = write(tmp_path / "blob.txt", data)
    articles, errors, _ = read3(path)
    assert articles == []
    assert len(errors) == 1 and errors[0].startswith(f"{path}: not text") and "binary" in errors[0]


def test_html_page_saved_as_txt_is_read_as_its_visible_text(tmp_path):
    page = ("<!DOCTYPE html><html><head><title>Spain backs Guaido</title><style>p{color:red}</style>"
            "<script>alert('x')</script></head><body><h1>Spain backs Guaido</h1>"
            "<p>Spain recognised Juan Guaid&oacute; on Monday.</p><p>Russia condemned it.</p></body></html>")
    path = write(tmp_path / "saved.txt", page)
    (article,), errors, warnings = read3(path)
    assert errors == []
    assert article.text == "Spain backs Guaido\n\nSpain recognised Juan Guaid\xf3 on Monday.\n\nRussia condemned it.\n"
    assert article.title == "Spain backs Guaido"
    assert warnings == [f"{path}: an HTML page, not plain text; read its visible text"]


def test_file_with_no_sentence_breaks_is_an_article(tmp_path):
    text = " ".join(["Spain backs Guaido and France backs Guaido"] * 50)
    (article,), errors, _ = read3(write(tmp_path / "run-on.txt", text))
    assert (article.text, errors) == (text, [])


@pytest.mark.parametrize("field, value, kept", [
    ("date", "20 Feb 2019", None),
    ("date", "2019-13-45", None),
    ("title", ["a", "list"], None),
    ("title", 42, "42"),
    ("id", 3.0, "3"),
    ("id", 3.5, "3.5"),
    ("id", True, "b-1"),
    ("url", {"href": "x"}, None),
])
def test_a_bad_optional_field_is_dropped_with_a_warning_and_the_article_kept(tmp_path, field, value, kept):
    record = {"text": "Spain backs Guaido.", field: value}
    path = write(tmp_path / "b.jsonl", json.dumps(record) + "\n")
    (article,), errors, warnings = read3(path)
    assert errors == []
    assert article.text == "Spain backs Guaido."
    got = {"date": article.date, "title": article.title, "id": article.id, "url": article.url}[field]
    assert got == kept
    if kept is None or field == "id" and kept == "b-1":
        assert len(warnings) == 1 and warnings[0].startswith(f"{path}:1: field '{field}'")


def test_a_text_that_is_not_a_string_is_skipped_saying_what_it_is(tmp_path):
    path = write(tmp_path / "b.jsonl", '{"id": "n", "text": ["a", "list"]}\n{"id": "ok", "text": "Fine."}\n')
    articles, errors, _ = read3(path)
    assert [a.id for a in articles] == ["ok"]
    assert errors == [f"{path}:1: missing or empty 'text' field (a list, not a string)"]


@pytest.mark.parametrize("raw_id, expected", [
    ("a/b/../../etc/passwd", "a/b/../../etc/passwd"),
    ("..", ".."),
    ("two\nlines\r\x1b[31m", "two lines [31m"),
])
def test_ids_with_slashes_dots_and_control_characters(tmp_path, raw_id, expected):
    path = write(tmp_path / "b.jsonl", json.dumps({"id": raw_id, "text": "Spain backs Guaido."}) + "\n")
    (article,), errors, warnings = read3(path)
    assert (article.id, errors) == (expected, [])
    assert bool(warnings) == (expected != raw_id)
    from kg.iri import mint

    iri = str(mint("article", article.id))
    assert iri.startswith("https://kg.example.org/article/") and "/" not in iri.rsplit("article/", 1)[1]
    assert ".." not in iri


def test_two_articles_with_one_id_are_both_kept_with_distinct_ids(tmp_path):
    path = write(tmp_path / "b.jsonl", '{"id": "x", "text": "One."}\n{"id": "x", "text": "Two."}\n'
                                       '{"id": "x-2", "text": "Three."}\n')
    articles, errors, warnings = read3(path)
    assert errors == []
    assert [(a.id, a.text) for a in articles] == [("x", "One."), ("x-2", "Two."), ("x-2-2", "Three.")]
    assert warnings[0] == f"{path}:2: article id 'x' is already taken by another article; this one is 'x-2'"


def test_two_files_of_one_name_in_two_folders_are_both_kept(tmp_path):
    write(tmp_path / "afp" / "report.txt", "AFP report\nSpain backs Guaido.\n")
    write(tmp_path / "bbc" / "report.txt", "BBC report\nRussia backs Maduro.\n")
    articles, errors, warnings = read3(tmp_path)
    assert errors == []
    assert [(a.id, a.title) for a in articles] == [("report", "AFP report"), ("bbc/report", "BBC report")]
    assert len(warnings) == 1 and "bbc/report" in warnings[0]


def test_lone_surrogates_anywhere_in_jsonl_become_replacement_characters(tmp_path):
    line = '{"id": "s\\ud800", "title": "T\\udfff", "source": "\\udc80", "text": "Spain \\ud83d backs Guaido."}'
    path = write(tmp_path / "b.jsonl", line + "\n")
    (article,), errors, warnings = read3(path)
    assert errors == []
    assert (article.id, article.title, article.source) == ("s\ufffd", "T\ufffd", "\ufffd")
    assert article.text == "Spain \ufffd backs Guaido."  # same length: offsets hold
    assert len(warnings) == 4 and all("lone surrogates" in w for w in warnings)
    for value in (article.id, article.title, article.text):
        value.encode("utf-8")  # no UnicodeEncodeError when written


def test_file_name_that_is_not_utf8(tmp_path):
    import os

    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"Cafe report\nSpain backs Guaido.\n")
    (article,), errors, warnings = read3(tmp_path)
    assert errors == []
    assert article.id == "caf\ufffd"
    assert article.path == f"{tmp_path}/caf\\xe9.txt"
    article.path.encode("utf-8"), article.id.encode("utf-8")
    assert warnings == [f"{tmp_path}/caf\\xe9.txt: file name is not UTF-8; the article id is 'caf\ufffd'"]


# --- folders: links, loops, unreadable parts (issue 12) -----------------------------------------

def test_symlinked_folder_is_followed_once_and_a_loop_is_reported(tmp_path):
    real = write(tmp_path / "in" / "real" / "a.txt", "A\nSpain backs Guaido.\n").parent
    (tmp_path / "in" / "alias").symlink_to(real, target_is_directory=True)  # the same folder again
    (real / "loop").symlink_to(tmp_path / "in", target_is_directory=True)  # a loop
    elsewhere = write(tmp_path / "elsewhere" / "b.txt", "B\nRussia backs Maduro.\n").parent
    (tmp_path / "in" / "linked").symlink_to(elsewhere, target_is_directory=True)
    articles, errors, _ = read3(tmp_path / "in")
    assert sorted(a.id for a in articles) == ["a", "b"]  # the linked folder is read, once
    assert len(errors) == 2
    assert all("folder already read (a symbolic link loop or a second link to it)" in e for e in errors)
    assert {e.split(":")[0] for e in errors} == {str(tmp_path / "in" / "alias"), str(real / "loop")}


def test_broken_symlink_is_reported(tmp_path):
    write(tmp_path / "good.txt", "Good\nSpain backs Guaido.\n")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    articles, errors, _ = read3(tmp_path)
    assert [a.id for a in articles] == ["good"]
    assert errors == [f"{tmp_path / 'gone.txt'}: broken symbolic link (its target {tmp_path / 'nowhere.txt'} "
                      f"does not exist)"]


def test_a_missing_path_among_good_ones_is_one_error_and_the_rest_is_read(tmp_path):
    good = write(tmp_path / "good.txt", "Good\nSpain backs Guaido.\n")
    articles, errors, _ = read3(tmp_path / "missing", good)
    assert [a.id for a in articles] == ["good"]
    assert errors == [f"{tmp_path / 'missing'}: no such file or folder"]


def test_utf16_text_with_a_bom_is_decoded_with_a_warning(tmp_path):
    text = "Bogot\xe1 backs Guaid\xf3\nColombia recognised him.\n"
    path = write(tmp_path / "u16.txt", text.encode("utf-16"))  # with its BOM
    (article,), errors, warnings = read3(path)
    assert (article.text, errors) == (text, [])
    assert warnings == [f"{path}: UTF-16 text, not UTF-8; read as UTF-16"]


def test_a_pipe_named_txt_is_reported_not_read(tmp_path):
    """Reading a FIFO would wait forever for a writer: it is named, not opened."""
    import os

    write(tmp_path / "good.txt", "Good\nSpain backs Guaido.\n")
    os.mkfifo(tmp_path / "pipe.txt")
    articles, errors, _ = read3(tmp_path)
    assert [a.id for a in articles] == ["good"]
    assert errors == [f"{tmp_path / 'pipe.txt'}: not a regular file (a pipe, socket or device); skipped"]
    articles, errors, _ = read3(tmp_path / "pipe.txt")  # named on the command line
    assert (articles, len(errors)) == ([], 1)


def test_a_jsonl_file_with_no_text_anywhere_is_one_line_not_one_per_line(tmp_path):
    """An annotation file beside the articles (gold.jsonl) is one skipped file, not 300 warnings."""
    gold = write(tmp_path / "gold.jsonl", "".join(json.dumps({"doc": f"d{i}", "s": "a", "p": "supports"}) + "\n"
                                                  for i in range(300)))
    write(tmp_path / "a.txt", "A\nSpain backs Guaido.\n")
    articles, errors, _ = read3(tmp_path)
    assert [a.id for a in articles] == ["a"]
    assert errors == [f"{gold}: no line has a 'text' field (300 JSON objects); not a file of articles?"]


def test_warnings_and_errors_of_a_jsonl_file_come_in_line_order(tmp_path):
    path = write(tmp_path / "b.jsonl", '{"text": "x", "date": "soon"}\n{"text": 1}\n{"text": "y", "title": [1]}\n')
    said: list[str] = []
    for item in ingest.read_articles([path], on_warning=said.append):
        if isinstance(item, InputError):
            said.append(str(item))
    assert [line.split(": ", 1)[0] for line in said] == [f"{path}:1", f"{path}:2", f"{path}:3"]


def test_lines_with_no_text_before_the_first_article_are_each_one_error_in_order(tmp_path):
    """A file whose first lines lack a text is a file of articles once a line has one: those lines
    are reported one by one, before the article, as any bad line is."""
    path = write(tmp_path / "b.jsonl", '{"doc": 1}\n\n{"doc": 2}\n{"id": "a", "text": "Spain backs Guaido."}\n'
                                       '{"doc": 3}\n')
    items = [str(i) if isinstance(i, InputError) else i.id for i in ingest.read_articles([path])]
    missing = "missing or empty 'text' field (missing)"
    assert items == [f"{path}:1: {missing}", f"{path}:3: {missing}", "a", f"{path}:5: {missing}"]


def test_a_large_jsonl_file_is_read_a_line_at_a_time_not_whole(tmp_path):
    """Reading a 24 MB file of articles, one article after another, never holds more than a few
    of its megabytes: the whole-file reader this replaces held it twice over (bytes and text)."""
    import tracemalloc

    line = json.dumps({"text": "Brazil recognised Juan Guaido as interim president. " * 200}) + "\n"  # ~10 kB
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for _ in range(24_000_000 // len(line)):
            f.write(line)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        count = 0
        for item in ingest.read_articles([path]):
            assert isinstance(item, Article)
            count += 1
            del item
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 24_000_000 // len(line)
    assert peak < size / 6, f"peak {peak / 1e6:.1f} MB while reading a {size / 1e6:.1f} MB file"
