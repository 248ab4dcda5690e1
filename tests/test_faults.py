"""Faults around `kg build`: real SIGKILLs of a real build, two builds into one folder, an --out
that is a file, unwritable or on a full disk (issue 12, points 2 and 7).

Each kill test runs `kg build` as a subprocess and kills it with SIGKILL at a chosen moment;
afterwards graph.ttl and graph.html must be the previous build's pair or the new build's pair,
never one of each, and never half-written. Unwritable folders and full disks are real too: a
user namespace (`unshare --user`, where root's files get no override) and a 256 KB tmpfs.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import cli
from kg.vocab import KG as VOCAB

from helpers import write

pytestmark = pytest.mark.model

KG = str(Path(sys.executable).parent / "kg")
COUNTRIES = ["Spain", "France", "Germany", "Canada", "Brazil", "Mexico", "Russia", "China", "Cuba", "Peru",
             "Chile", "Japan", "India", "Egypt", "Kenya", "Ghana", "Norway", "Sweden", "Italy", "Poland"]
LEADERS = ["Juan Guaido", "Nicolas Maduro", "Evo Morales", "Jeanine Anez", "Alassane Ouattara",
           "Laurent Gbagbo", "Manuel Zelaya", "Roberto Micheletti"]


def corpus(folder: Path, n: int, tag: str = "") -> Path:
    """`n` short distinct articles with relations in them."""
    for i in range(n):
        a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 7 + 3) % len(COUNTRIES)]
        leader, other = LEADERS[i % len(LEADERS)], LEADERS[(i + 3) % len(LEADERS)]
        write(folder / f"{tag}art{i:03d}.txt",
              f"{a} backs {leader}\n{a} recognised {leader} as interim president on Monday. "
              f"{b} condemned {other}. The government of {b} said it supports {other}.\n")
    return folder


def kg_inproc(*args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def pair(out: Path) -> tuple[bytes, bytes | None]:
    html = out / "graph.html"
    return (out / "graph.ttl").read_bytes(), html.read_bytes() if html.exists() else None


def marked_processes(marker: str) -> list[int]:
    """Pids of live processes whose environment holds KG_TEST_MARK=marker (a build and its workers)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if f"KG_TEST_MARK={marker}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                status = (entry / "status").read_text()
                if "\nState:\tZ" not in status:
                    pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def start_build(*args, marker: str) -> subprocess.Popen:
    env = dict(os.environ, KG_TEST_MARK=marker)
    return subprocess.Popen([KG, "build", *map(str, args)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def wait_until(condition, timeout: float = 120.0, step: float = 0.001) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


@pytest.fixture(scope="module")
def builds(tmp_path_factory, nlp):
    """An old corpus and a new one, each built once in-process: the two pairs a killed build may leave."""
    root = tmp_path_factory.mktemp("faults")
    old_in, new_in = corpus(root / "old", 3, "old-"), corpus(root / "new", 60, "new-")
    refs = {}
    for name, folder in (("old", old_in), ("new", new_in)):
        out = root / f"ref-{name}"
        assert kg_inproc("build", folder, "--out", out).exit_code == 0
        refs[name] = pair(out)
    assert refs["old"] != refs["new"]
    return root, old_in, new_in, refs


def _new_build_started(out: Path) -> bool:
    state = out / ".kg"
    current = os.readlink(state / "current") if (state / "current").is_symlink() else None
    return any(p.name.startswith("build-") and p.name != current for p in state.iterdir()) if state.is_dir() else False


@pytest.mark.parametrize("moment", ["loading", "extracting", "writing", "extracting with --jobs 2"])
def test_sigkill_leaves_one_whole_build_and_no_orphans(builds, tmp_path, moment):
    root, old_in, new_in, refs = builds
    out = tmp_path / "out"
    assert kg_inproc("build", old_in, "--out", out).exit_code == 0
    assert pair(out) == refs["old"]
    marker = uuid.uuid4().hex
    jobs = ["--jobs", "2"] if "jobs" in moment else []
    proc = start_build(new_in, "--out", out, *jobs, marker=marker)
    try:
        if moment == "loading":
            time.sleep(0.3)
        elif moment == "writing":
            assert wait_until(lambda: _new_build_started(out)), "the build never started writing"
        else:  # extracting: the model is loaded (or the workers are up) and articles are being parsed
            going = (lambda: len(marked_processes(marker)) >= 3) if jobs else (lambda: _cpu_seconds(proc.pid) > 2.0)
            assert wait_until(going, step=0.02), "the build never got going"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    # the workers die with the build: none is left parsing for nobody
    assert wait_until(lambda: not marked_processes(marker), timeout=10, step=0.05), marked_processes(marker)
    # the folder holds one whole build, the old one or the new one: never a mix, never half a file
    assert pair(out) in (refs["old"], refs["new"])
    rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    # the next build cleans up whatever the killed one left, and publishes
    done = kg_inproc("build", new_in, "--out", out)
    assert done.exit_code == 0, done.output
    assert pair(out) == refs["new"]
    assert sorted(p.name for p in out.iterdir()) == [".kg", "graph.html", "graph.ttl"]
    assert len([p for p in (out / ".kg").iterdir()]) == 2, list((out / ".kg").iterdir())  # current + its build


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_second_build_into_the_same_folder_refuses_while_the_first_finishes(builds, tmp_path):
    root, old_in, new_in, refs = builds
    out = tmp_path / "out"
    marker = uuid.uuid4().hex
    first = start_build(new_in, "--out", out, marker=marker)
    try:
        def locked() -> bool:
            if not out.is_dir():
                return False
            fd = os.open(out, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fd, fcntl.LOCK_UN)
                return False
            except BlockingIOError:
                return True
            finally:
                os.close(fd)
        assert wait_until(locked, step=0.01)
        second = kg_inproc("build", old_in, "--out", out)
        assert second.exit_code == 1
        assert second.stderr.strip().splitlines() == [
            f"Error: {out}: another kg build is writing to this folder; wait for it to finish, or choose another --out"]
        assert first.wait(timeout=300) == 0, first.stderr.read()
    finally:
        if first.poll() is None:
            first.kill()
    assert pair(out) == refs["new"]


def test_no_html_removes_the_older_page(builds, tmp_path):
    root, old_in, new_in, refs = builds
    out = tmp_path / "out"
    assert kg_inproc("build", old_in, "--out", out).exit_code == 0
    assert kg_inproc("build", new_in, "--out", out, "--no-html").exit_code == 0
    assert pair(out) == (refs["new"][0], None)  # no page left from the other build
    assert sorted(p.name for p in out.iterdir()) == [".kg", "graph.ttl"]


def test_outputs_of_an_older_kg_are_replaced_as_a_pair(builds, tmp_path):
    root, old_in, new_in, refs = builds
    out = tmp_path / "out"
    write(out / "graph.ttl", refs["old"][0])
    write(out / "graph.html", refs["old"][1])
    assert kg_inproc("build", new_in, "--out", out).exit_code == 0
    assert pair(out) == refs["new"]


# --- clear failure modes (point 7) --------------------------------------------------------------

def one_error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and "Traceback" not in result.stderr
    return lines[0]


def test_out_that_is_a_file_is_one_line_before_any_work(tmp_path):
    article = write(tmp_path / "in" / "a.txt", "A\nSpain backs Guaido.\n")
    out = write(tmp_path / "out", "I am a file\n")
    result = kg_inproc("build", article, "--out", out)
    assert result.exit_code == 1
    assert one_error_line(result) == f"Error: {out}: is a file, not a folder; choose another --out"
    assert out.read_text() == "I am a file\n"


def _userns() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(
        ["unshare", "--user", "true"], capture_output=True).returncode == 0


needs_userns = pytest.mark.skipif(not _userns(), reason="needs unshare --user (user namespaces)")


@needs_userns
def test_unwritable_output_folder_is_one_line(tmp_path):
    """In a user namespace root's files get no override, so a 0555 folder is really read-only."""
    article = write(tmp_path / "in" / "a.txt", "A\nSpain backs Guaido.\n")
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    result = subprocess.run(["unshare", "--user", KG, "build", str(article), "--out", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert one_error_line(result) == (f"Error: {out}: cannot write here (permission denied); choose another "
                                      f"--out or fix the folder's permissions")
    assert list(out.iterdir()) == []


@needs_userns
def test_unreadable_files_and_folders_are_reported_and_the_rest_built(tmp_path):
    good = write(tmp_path / "in" / "good.txt", "Good\nSpain backs Guaido.\n")
    secret = write(tmp_path / "in" / "secret.txt", "Secret\nRussia backs Maduro.\n")
    locked = write(tmp_path / "in" / "locked" / "inner.txt", "Inner\nCuba backs Maduro.\n").parent
    secret.chmod(0)
    locked.chmod(0)
    out = tmp_path / "out"
    result = subprocess.run(["unshare", "--user", KG, "build", str(good.parent), "--out", str(out)],
                            capture_output=True, text=True, timeout=300)
    locked.chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"warning: {locked}: cannot read folder: Permission denied; its articles are skipped",
        f"warning: {secret}: cannot read: Permission denied",
        f"2 inputs skipped or cut: {locked}, {secret}"]
    graph = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert {str(o) for o in graph.objects(None, VOCAB.articleId)} == {"good"}


FULL_DISK = r"""
set -u
mount -t tmpfs -o size=256k kgtest "$DISK"
"$KG" build "$OLD" --out "$DISK/out" --no-html >/dev/null 2>&1 || { echo "first build failed"; exit 9; }
cp "$DISK/out/graph.ttl" "$SNAP"
"$KG" build "$NEW" --out "$DISK/out" 2>"$ERR" >/dev/null
echo "rc=$?"
cmp -s "$DISK/out/graph.ttl" "$SNAP" && echo "previous graph intact"
ls -A "$DISK/out" "$DISK/out/.kg" | tr '\n' ' '
"""


@needs_userns
def test_full_disk_is_one_line_and_the_previous_graph_stays(builds, tmp_path):
    """A real full disk: a 256 KB tmpfs in a private mount namespace; the page does not fit."""
    root, old_in, new_in, refs = builds
    disk = tmp_path / "disk"
    disk.mkdir()
    env = dict(os.environ, KG=KG, DISK=str(disk), OLD=str(old_in), NEW=str(new_in), SNAP=str(tmp_path / "snap"),
               ERR=str(tmp_path / "err"))
    done = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", FULL_DISK],
                          capture_output=True, text=True, env=env, timeout=300)
    if "first build failed" in done.stdout or "mount" in done.stderr:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    assert "rc=1" in done.stdout, done.stdout + done.stderr
    assert "previous graph intact" in done.stdout
    errors = (tmp_path / "err").read_text().strip().splitlines()
    assert len(errors) == 1 and "Traceback" not in errors[0], errors
    assert errors[0] == (f"Error: {disk / 'out'}: the disk is full (No space left on device) while writing the graph; "
                         f"free some space or choose another --out. The previous graph is untouched")
    # the failed build's files are gone: only the previous build is left
    listing = done.stdout.split("previous graph intact", 1)[1].split()
    assert len([x for x in listing if x.startswith("build-")]) == 1, listing


_BROKEN_KG = """
import sys
from kg import graph
from kg.cli import main

def broken(*args, **kwargs):
    raise RuntimeError("the graph builder broke")

import kg.pipeline
kg.pipeline.build_graph = broken
sys.argv = ["kg", *sys.argv[1:]]
main()
"""


def test_an_unexpected_error_is_one_line_and_debug_shows_the_traceback(tmp_path):
    article = write(tmp_path / "in" / "a.txt", "A\nSpain backs Guaido.\n")
    plain = subprocess.run([sys.executable, "-c", _BROKEN_KG, "build", str(article), "--out", str(tmp_path / "o")],
                           capture_output=True, text=True, timeout=300)
    assert plain.returncode == 1
    assert one_error_line(plain) == ("Error: RuntimeError: the graph builder broke (kg --debug … shows the "
                                     "traceback)")
    debug = subprocess.run([sys.executable, "-c", _BROKEN_KG, "--debug", "build", str(article), "--out",
                            str(tmp_path / "o")], capture_output=True, text=True, timeout=300)
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr and "RuntimeError: the graph builder broke" in debug.stderr
    assert not (tmp_path / "o").exists()


def test_atomic_write_removes_what_a_killed_writer_left_long_ago(tmp_path):
    """`kg export --out` and the page writer use kg.atomic: a killed writer's temporary file is
    removed by the next write of the same file, once it is old enough not to be a live writer's."""
    import subprocess as sp

    from kg import atomic

    target = tmp_path / "graph.jsonld"
    script = ("import os, signal, sys, tempfile\n"
              "from kg import atomic\n"
              "real = os.replace\n"
              "def die(*a): os.kill(os.getpid(), signal.SIGKILL)\n"
              "os.replace = die\n"
              f"atomic.write_text({str(target)!r}, 'x' * 100000)\n")
    killed = sp.run([sys.executable, "-c", script], capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    (left,) = tmp_path.glob(".graph.jsonld.*.tmp")  # killed between writing and renaming
    assert not target.exists()
    fresh = tmp_path / ".graph.jsonld.fresh.tmp"
    fresh.write_text("a live writer's file")
    old = time.time() - 2 * atomic.STALE_SECONDS
    os.utime(left, (old, old))
    atomic.write_text(target, "whole")
    assert target.read_text() == "whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".graph.jsonld.fresh.tmp", "graph.jsonld"]


def test_cleaning_removes_only_what_kg_left(builds, tmp_path):
    """A killed build's temporary link and unpublished folder go; a user's own dot-files stay."""
    root, old_in, new_in, refs = builds
    out = tmp_path / "out"
    assert kg_inproc("build", old_in, "--out", out).exit_code == 0
    (out / ".tmp-0123456789ab").symlink_to(".kg/current/graph.ttl")  # as a kill mid-link leaves it
    (out / ".kg" / "build-deadbeef0000").mkdir()  # as a kill mid-write leaves it
    write(out / ".kg" / "build-deadbeef0000" / "graph.ttl", "@prefix half")
    mine = [write(out / ".tmp-notes", "a user's file"), write(out / ".graph.ttl.notes", "also theirs"),
            write(out / "README.txt", "theirs")]
    assert kg_inproc("build", new_in, "--out", out).exit_code == 0
    assert pair(out) == refs["new"]
    assert sorted(p.name for p in out.iterdir()) == sorted([".kg", ".graph.ttl.notes", ".tmp-notes", "README.txt",
                                                            "graph.html", "graph.ttl"])
    assert all(p.exists() for p in mine)
    assert len(list((out / ".kg").iterdir())) == 2


def test_a_file_system_without_symbolic_links_still_gets_whole_files(builds, tmp_path, monkeypatch):
    """FAT and exFAT sticks refuse symlink(2) with EPERM; no such file system can be mounted here
    without root tools, so the refusal is the OS call's, and kg's own code runs as shipped."""
    import errno as errnos

    root, old_in, new_in, refs = builds

    def no_links(*args, **kwargs):
        raise PermissionError(errnos.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "symlink", no_links)
    out = tmp_path / "out"
    assert kg_inproc("build", old_in, "--out", out).exit_code == 0
    assert kg_inproc("build", new_in, "--out", out).exit_code == 0
    assert pair(out) == refs["new"]
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.ttl"]
    assert not (out / "graph.ttl").is_symlink()
    assert kg_inproc("build", old_in, "--out", out, "--no-html").exit_code == 0
    assert pair(out) == (refs["old"][0], None)
