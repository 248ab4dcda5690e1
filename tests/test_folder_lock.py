"""The output folder's lock belongs to the build, not to the worker processes it forks.

A `--jobs` build forks its workers while it holds the folder's lock; a forked child inherits the
lock's descriptor, and a flock is let go only when every copy is closed. If the build is killed,
a worker that has not yet noticed must not keep the next build out of the folder.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from kg.errors import KgError
from kg.outdir import OutputFolder

HOLDER = textwrap.dedent("""
    import os, sys, time
    from kg.outdir import OutputFolder
    folder = OutputFolder(sys.argv[1])
    folder.lock()
    child = os.fork()
    if child == 0:          # a worker: lives on after its parent is killed
        time.sleep(30)
        os._exit(0)
    print(child, flush=True)
    time.sleep(30)
""")


def test_a_killed_builds_forked_worker_does_not_keep_the_folder_locked(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(out)], stdout=subprocess.PIPE, text=True)
    child = int(proc.stdout.readline())
    try:
        try:
            OutputFolder(out).lock()
            raise AssertionError("the folder was not locked while the build ran")
        except KgError as exc:
            assert "another kg build is writing" in str(exc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        os.kill(child, 0)  # the worker is still alive …
        folder = OutputFolder(out)
        folder.lock()  # … and the next build may write all the same
        folder.unlock()
    finally:
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if proc.poll() is None:
            proc.kill()
