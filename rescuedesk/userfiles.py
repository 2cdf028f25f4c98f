"""Files a user names (on the command line or in a dialog): checked before any work starts,
and written whole or not at all.

The checks raise ValidationError with a message that names the file, so a typo in a path
costs one clear line instead of a traceback after minutes of work. Writes go to a temporary
name in the same directory and are renamed into place only once complete, so a crash, a full
disk or a failed transaction never leaves half a file under the name the user asked for.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from rescuedesk.errors import ValidationError

PRIVATE = 0o600  # files with personal data or keys: readable by their owner only


def readable_file(path: Path, what: str = "文件", *, field: str = "file") -> Path:
    """``path`` if it is an existing, readable regular file; else say which it is not."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ValidationError(f"{what} {path} 是一个目录，不是文件。", field=field)
    if not path.exists():
        raise ValidationError(f"{what} {path} 不存在。", field=field)
    if not os.access(path, os.R_OK):
        raise ValidationError(f"无法读取{what} {path}：没有读取权限。", field=field)
    return path


def writable_dir(directory: Path, target: Path, *, field: str = "out") -> None:
    """New files can be created in ``directory`` (to write ``target``, named in messages)."""
    if not directory.exists():
        raise ValidationError(f"目录 {directory} 不存在，无法写入 {target}。", field=field)
    if not directory.is_dir():
        raise ValidationError(f"{directory} 不是目录，无法写入 {target}。", field=field)
    if not os.access(directory, os.W_OK | os.X_OK):
        raise ValidationError(
            f"目录 {directory} 不可写入（没有写入权限），无法写入 {target}。", field=field
        )


def new_file(path: Path, *, field: str = "out") -> Path:
    """``path`` if a new file may be written there: it does not exist yet (nothing is ever
    overwritten) and its directory exists and is writable."""
    path = Path(path).expanduser()
    if path.exists() or path.is_symlink():
        raise ValidationError(f"文件 {path} 已存在，不会覆盖。", field=field)
    writable_dir(path.absolute().parent, path, field=field)
    return path


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read a MiB at a time (the audit names an imported ledger or a
    restored backup by it)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def staged(path: Path, mode: int | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block succeeds it becomes ``path``,
    when it fails it is removed. ``mode``: the file's permissions (else as the umask says)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    # Created here, exclusively, so the umask (or ``mode``) applies as to any new file.
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else mode))
    try:
        yield tmp
        if mode is not None:
            os.chmod(tmp, mode)  # a writer may have replaced the file meanwhile
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_whole(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file: all of it or nothing."""
    with staged(path, mode) as tmp, tmp.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


@contextlib.contextmanager
def removed_on_failure(*paths: Path) -> Iterator[None]:
    """Files written inside the block that did not exist before it are removed if it fails
    (e.g. a file written inside a transaction whose commit then fails)."""
    fresh = [Path(p) for p in paths if not Path(p).exists()]
    try:
        yield
    except BaseException:
        for p in fresh:
            p.unlink(missing_ok=True)
        raise
