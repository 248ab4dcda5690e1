"""Small helpers shared by test modules (imported as `helpers`; tests/ is on sys.path)."""
from __future__ import annotations

from pathlib import Path


def write(path: Path, content: str | bytes) -> Path:
    """Write text (UTF-8) or bytes to `path`, creating its folders; return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
