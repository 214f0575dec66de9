"""Atomic writes: a temp file in the target folder, flushed and fsynced, then os.replace."""

from __future__ import annotations

import contextlib
import functools
import glob
import os
import re
import tempfile
from pathlib import Path

from .errors import OutputError


def check_writable(path: Path) -> None:
    """Create the target folder if needed and fail early if it cannot be written."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create output folder ({exc.strerror or exc})") from None
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name or use -o DIR/")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{folder}: output folder is not writable")


# A temp file's name says who writes it: ``.<target>.<host>.<pid>.<random>.part``. Another run may be
# writing the same target in the same folder at the same time (two CI jobs on a shared disk, a button
# pressed twice); only a temp file whose writer is gone is swept. On this host that is a process that no
# longer runs; a file from another host (or named before the host and pid were written) is swept only
# when nothing has touched it for STALE_AFTER seconds, far longer than any write takes.
STALE_AFTER = 6 * 60 * 60


@functools.cache
def _host() -> str:
    import socket

    return re.sub(r"[^A-Za-z0-9_-]", "-", socket.gethostname())[:64] or "host"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it runs, as another user
        return True
    return True


def _writer_gone(tmp: Path, target: Path, host: str, now: float) -> bool:
    """Whether the run that was writing ``tmp`` (a temp file for ``target``) has ended."""
    middle = tmp.name[len(target.name) + 2 : -len(".part")].split(".")
    if len(middle) == 3 and middle[0] == host and middle[1].isdigit():
        return int(middle[1]) != os.getpid() and not _alive(int(middle[1]))
    try:
        return now - tmp.stat().st_mtime > STALE_AFTER
    except OSError:
        return False


def _sweep_stale(path: Path) -> None:
    """Remove temp files that a killed earlier run (SIGKILL cannot be caught) left for this target,
    and never one that a run still going is writing."""
    import time

    host, now = _host(), time.time()
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        if _writer_gone(stale, path, host, now):
            with contextlib.suppress(OSError):
                stale.unlink()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    check_writable(path)
    _sweep_stale(path)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.{_host()}.{os.getpid()}.", suffix=".part", dir=path.parent
    )
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
