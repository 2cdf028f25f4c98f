"""One exclusive OS file lock for the files beside a database (the key-slot file, the
switch to encryption): flock on POSIX, msvcrt.locking on Windows.

An OS lock, not a marker file, because it goes with its process: a program killed while
holding it never leaves the next one locked out.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def lock(fd: int, *, wait: bool) -> bool:
    """Lock the open file ``fd`` for this process until it is closed. ``wait``: block until
    the holder lets go; otherwise return False at once when another process holds it."""
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        except OSError:
            if wait:
                raise  # LK_LOCK gave up after its ten one-second tries
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


@contextmanager
def held(path: Path) -> Iterator[None]:
    """Hold the lock of ``path`` (created if missing) for the block, waiting for it."""
    with open(path, "a+b") as handle:
        lock(handle.fileno(), wait=True)
        yield  # closing the handle releases the lock
