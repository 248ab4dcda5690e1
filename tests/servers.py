"""Real servers for tests: `kg serve` and `oxigraph serve`, started on free loopback ports and
stopped by their process ids."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server ended with status {process.returncode}: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    """Stop the server we started, by its process id."""
    if process.poll() is None:
        os.kill(process.pid, 15)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, 9)
            process.wait(10)


def start_kg_serve(*args: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--port", str(port), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/"
    wait_for(base, process)
    return process, base


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        raise RuntimeError("the `oxigraph` command is missing: pip install oxigraph (a test extra)")
    return found


def start_oxigraph(location: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/"
    wait_for(base + "query?query=ASK%7B%7D", process)
    return process, base
