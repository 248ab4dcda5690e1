"""The output folder of `kg build`: the graph and its page replaced together, or not at all.

    out/graph.ttl  -> .kg/current/graph.ttl
    out/graph.html -> .kg/current/graph.html
    out/.kg/current -> build-<token>            (the last complete build)
    out/.kg/build-<token>/graph.ttl, graph.html

A build writes its files into a new `build-<token>` folder that nobody reads yet, flushes
them to disk, then points `current` at it with one rename of a symbolic link: that rename is
the moment the build is published, so a reader of `out/graph.ttl` and `out/graph.html` always
gets both files of one build, and a build killed at any moment (SIGKILL included) leaves the
previous pair intact. Whatever a killed build left behind (its unpublished folder, temporary
links) is removed by the next build.

One build at a time writes to a folder: `OutputFolder` holds an exclusive lock (`flock` on
the folder) from before extraction to the end, and a second build refuses at once with a
clear error. Every OS failure (a file where the folder should be, no permission, a full
disk) becomes one `OutputError` line that says what to do.
"""
from __future__ import annotations

import errno
import fcntl
import logging
import os
import re
import secrets
import shutil
from pathlib import Path

from kg.errors import KgError

log = logging.getLogger(__name__)

STATE = ".kg"
_TMP_LINK = re.compile(r"\.tmp-[0-9a-f]{12}")  # a link made by _replace_symlink, not yet renamed
_OLD_TMP = re.compile(r"\.graph\.(?:ttl|html)\.[A-Za-z0-9_]+\.tmp")  # kg.atomic's, from older kg builds
CURRENT = "current"
NAMES = ("graph.ttl", "graph.html")


class OutputError(KgError):
    """The output folder cannot be written: not a folder, no permission, disk full, locked."""


def describe(exc: OSError, target: Path, doing: str) -> OutputError:
    """One line for an OS error met while `doing` something to `target`, saying what to do."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        what = "the disk is full" if code != errno.EFBIG else "the file is larger than this system allows"
        return OutputError(f"{target}: {what} ({exc.strerror}) while {doing}; free some space or choose "
                           f"another --out. The previous graph is untouched")
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(f"{target}: cannot write here ({exc.strerror}); choose another --out or fix "
                           f"the folder's permissions")
    if code in (errno.ENOTDIR, errno.EEXIST):
        return OutputError(f"{target}: is a file, not a folder; choose another --out")
    return OutputError(f"{target}: {exc.strerror or exc} while {doing}")


_HELD: set[int] = set()  # the lock descriptors this process holds


def _drop_inherited_locks() -> None:
    """In a forked child (a `--jobs` worker): close the copies of the parent's folder locks, so
    that the lock dies with the build itself, not with its last worker (a flock is released only
    when every copy of its descriptor is closed)."""
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_inherited_locks)


class OutputFolder:
    """An output folder, locked for one build: `with OutputFolder(out) as folder: folder.publish({...})`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.state = self.path / STATE
        self._fd: int | None = None
        self._created = False

    # -- locking --------------------------------------------------------------------------------

    def __enter__(self) -> OutputFolder:
        self.lock()
        return self

    def __exit__(self, *exc) -> None:
        self.unlock()

    def lock(self) -> None:
        """Create the folder if needed and lock it, or raise OutputError (another build holds it)."""
        if self.path.exists() and not self.path.is_dir():
            raise OutputError(f"{self.path}: is a file, not a folder; choose another --out")
        try:
            if not self.path.exists():
                self.path.mkdir(parents=True)
                self._created = True
            self._fd = os.open(self.path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError as exc:
            raise describe(exc, self.path, "creating the output folder") from None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            _HELD.add(self._fd)
        except BlockingIOError:
            os.close(self._fd)
            self._fd = None
            raise OutputError(f"{self.path}: another kg build is writing to this folder; wait for it to "
                              f"finish, or choose another --out") from None
        if not os.access(self.path, os.W_OK | os.X_OK):
            self.unlock()
            raise OutputError(f"{self.path}: cannot write here (permission denied); choose another --out "
                              f"or fix the folder's permissions")
        self.clean()

    def unlock(self) -> None:
        if self._fd is not None:
            _HELD.discard(self._fd)
            os.close(self._fd)
            self._fd = None
        if self._created:  # a build that wrote nothing leaves no empty folder behind
            try:
                self.path.rmdir()
            except OSError:
                pass

    # -- publishing -----------------------------------------------------------------------------

    def publish(self, files: dict[str, bytes]) -> list[Path]:
        """Write `files` (name -> bytes; names from NAMES) as one build and make it current.

        Names not in `files` are removed from the folder (`--no-html` leaves no stale page).
        Returns the paths a user opens: out/graph.ttl, out/graph.html.
        """
        assert self._fd is not None, "publish() needs the lock"
        self._created = False
        if not self._has_symlinks():
            return self._publish_plain(files)
        token = f"build-{secrets.token_hex(6)}"
        folder = self.state / token
        try:
            self.state.mkdir(exist_ok=True)
            self._adopt_old_outputs()
            folder.mkdir()
            for name, data in files.items():
                _write_synced(folder / name, data)
            _fsync_dir(folder)
            _replace_symlink(self.state / CURRENT, token)  # the commit: both files change at once
            _fsync_dir(self.state)
            for name in NAMES:
                link = self.path / name
                if name in files:
                    if not (link.is_symlink() and os.readlink(link) == f"{STATE}/{CURRENT}/{name}"):
                        _replace_symlink(link, f"{STATE}/{CURRENT}/{name}")
                elif link.is_symlink() or link.exists():
                    link.unlink()
            _fsync_dir(self.path)
        except OSError as exc:
            if _current(self.state) != token:  # not published: the previous build stays current
                shutil.rmtree(folder, ignore_errors=True)
            raise describe(exc, self.path, "writing the graph") from None
        self.clean()
        return [self.path / name for name in NAMES if name in files]

    def _has_symlinks(self) -> bool:
        """Whether the folder's file system has symbolic links (FAT and exFAT sticks do not)."""
        probe = self.path / f".tmp-{secrets.token_hex(6)}"
        try:
            os.symlink(STATE, probe)
        except OSError as exc:
            if exc.errno in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
                return False
            raise describe(exc, self.path, "writing the graph") from None
        probe.unlink()
        return True

    def _publish_plain(self, files: dict[str, bytes]) -> list[Path]:
        """Without symbolic links: each file replaced whole by a rename, the page first and the
        graph last, so the graph always has a page at least as new; said once on stderr."""
        from kg import atomic

        log.warning("%s: this file system has no symbolic links, so graph.ttl and graph.html are replaced "
                    "one after the other, not at once", self.path)
        try:
            for name in sorted(files, reverse=True):  # graph.html, then graph.ttl
                atomic.write_bytes(self.path / name, files[name])
            for name in NAMES:
                if name not in files:
                    (self.path / name).unlink(missing_ok=True)
        except OSError as exc:
            raise describe(exc, self.path, "writing the graph") from None
        return [self.path / name for name in NAMES if name in files]

    def _adopt_old_outputs(self) -> None:
        """Move plain graph.ttl/graph.html files of an older kg under `.kg` (hard links, no copy),
        keeping the pair readable at every step, so the switch to the new layout is atomic too."""
        plain = [n for n in NAMES if (self.path / n).is_file() and not (self.path / n).is_symlink()]
        if not plain:
            return
        token = f"build-{secrets.token_hex(6)}"
        folder = self.state / token
        folder.mkdir()
        for name in plain:
            os.link(self.path / name, folder / name)
        _fsync_dir(folder)
        _replace_symlink(self.state / CURRENT, token)
        for name in plain:
            _replace_symlink(self.path / name, f"{STATE}/{CURRENT}/{name}")

    # -- cleaning -------------------------------------------------------------------------------

    def clean(self) -> None:
        """Remove what a killed build left: unpublished build folders, temporary files and links."""
        current = _current(self.state)
        if self.state.is_dir():
            for entry in self.state.iterdir():
                if entry.name == CURRENT or entry.name == current:
                    continue
                if entry.name.startswith(("build-", ".tmp-")):
                    if entry.is_dir() and not entry.is_symlink():
                        shutil.rmtree(entry, ignore_errors=True)
                    else:
                        entry.unlink(missing_ok=True)
        for entry in self.path.iterdir() if self.path.is_dir() else ():  # only what kg itself names so
            if (_TMP_LINK.fullmatch(entry.name) and entry.is_symlink()) or _OLD_TMP.fullmatch(entry.name):
                entry.unlink(missing_ok=True)


def _current(state: Path) -> str | None:
    try:
        return os.readlink(state / CURRENT)
    except OSError:
        return None


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, 0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _replace_symlink(link: Path, target: str) -> None:
    """Point `link` at `target` in one step: a new link beside it, renamed over it."""
    tmp = link.parent / f".tmp-{secrets.token_hex(6)}"
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
