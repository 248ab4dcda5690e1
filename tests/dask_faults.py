"""Faults for tests/test_dask.py, run on the workers of a real LocalCluster (test-only: not in src).

`KillWorker` is a Dask worker plugin: when a batch task of kg (key `kg-batch-START-STOP-…`,
kg.distributed) that holds the article at `position` starts executing, it kills its own worker
process with SIGKILL after `delay` seconds, mid-batch, as a crash or the kernel's OOM killer
would. It does so at most `times` times across the cluster (one marker file per kill in
`folder`, made with O_EXCL, so the worker that the nanny starts again counts on).
`pretend_version` makes a worker report another kg version, as a worker with another kg
installed would.
"""
from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

from distributed.diagnostics.plugin import WorkerPlugin


def covers(key, position: int) -> bool:
    parts = str(key).split("-")
    if len(parts) < 4 or parts[:2] != ["kg", "batch"]:
        return False
    return int(parts[2]) <= position < int(parts[3])


class KillWorker(WorkerPlugin):
    name = "kg-test-kill-worker"

    def __init__(self, position: int, folder: str, *, times: int = 1, delay: float = 0.3):
        self.position, self.folder, self.times, self.delay = position, folder, times, delay

    def transition(self, key, start, finish, **kwargs):
        if finish != "executing" or not covers(key, self.position):
            return
        for n in range(self.times):
            try:
                os.close(os.open(Path(self.folder) / f"kill-{n}", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                continue
            Path(self.folder, f"kill-{n}").write_text(str(key))
            threading.Timer(self.delay, os.kill, (os.getpid(), signal.SIGKILL)).start()
            return


def kills(folder) -> list[str]:
    """The keys of the batches a KillWorker killed, in order."""
    return [p.read_text() for p in sorted(Path(folder).glob("kill-*"), key=lambda p: int(p.name[5:]))]


def pretend_version(version: str) -> str:
    """Make this worker's kg report `version` (what kg.pipeline.build_info reads); returns the old one."""
    from kg import pipeline

    old, pipeline.__version__ = pipeline.__version__, version
    return old
