"""Consistent copies of the database: the SQLite file's pages (db.copy_sqlite), pg_dump for
PostgreSQL.

A backup holds everyone's data, and an encrypted one comes with its key slots: both are
written readable by their owner only (0600), under a temporary name until complete."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from rescuedesk.db import check_copy, copy_sqlite, is_driver_error, sqlite_file
from rescuedesk.errors import DomainError, ValidationError
from rescuedesk.progress import Progress, stage, tick
from rescuedesk.security.audit_head import write_beside_backup
from rescuedesk.userfiles import PRIVATE, staged


class BackupError(DomainError):
    pass


# The stage of a SQLite backup after its pages are copied (progress.stage).
CHECK_STAGE = "校验备份"


def backup(
    url: str, out: Path, key: bytes | None = None, *, progress: Progress | None = None
) -> Path:
    """Write a consistent copy of the database at ``url`` to ``out``; never overwrite.
    ``progress`` counts the pages of a SQLite copy (pg_dump tells nothing until it ends),
    then the copy's check is a stage of its own (CHECK_STAGE), which counts nothing."""
    out = Path(out).expanduser()
    if out.exists():
        raise ValidationError(f"目标文件 {out} 已存在，不会覆盖。", field="out")
    if not out.parent.is_dir():
        raise ValidationError(f"目录 {out.parent} 不存在。", field="out")
    path = sqlite_file(url)
    # Beside the copy, the head of its audit chain (OUT.audit-head): see security/audit_head.py.
    if path is not None:
        return write_beside_backup(_sqlite_backup(path, out, key, progress), url, key)
    u = make_url(url)
    if u.get_backend_name() == "postgresql":
        tick(progress, 0, 1)
        done = write_beside_backup(_pg_dump(url, out), url, key)
        tick(progress, 1, 1)
        return done
    raise ValidationError(f"不支持备份这种数据库：{u.get_backend_name()}。", field="db")


def _sqlite_backup(
    path: Path, out: Path, key: bytes | None, progress: Progress | None = None
) -> Path:
    if not path.exists():
        raise ValidationError(f"数据库文件 {path} 不存在。", field="db")
    from rescuedesk.security.encryption import keyslot_path, sqlcipher

    cipher = sqlcipher(key)
    keys_out = keyslot_path(out) if key is not None else None
    if keys_out is not None and keys_out.exists():
        raise ValidationError(f"目标文件 {keys_out} 已存在，不会覆盖。", field="out")
    tmp = out.with_name(out.name + ".part")
    # Private before a byte is written into it (the copy is written into this file in place).
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE))
    os.chmod(tmp, PRIVATE)
    try:
        copy_sqlite(path, tmp, cipher, progress)  # one file, its journal mode DELETE
        # The quick check: every b-tree of the copy read and checked, each page authenticated
        # as it is read when encrypted; matching each index against its rows would take
        # longer than the whole backup otherwise does (docs/backup.md). A stage of its own in
        # the progress: it takes a good part of the copy's time, which showed 100 % meanwhile.
        stage(progress, CHECK_STAGE)
        problems = check_copy(tmp, cipher, quick=True, progress=progress)
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        if is_driver_error(exc):
            raise BackupError(f"数据库文件已损坏或无法解密，备份未完成（{exc}）。") from None
        raise
    if problems:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"数据库文件已损坏，备份未完成（备份文件校验失败：{_first(problems)}）。")
    try:
        if keys_out is not None:
            # An encrypted copy opens with the same accounts' passwords: bring their key
            # slots, in place before the copy is (a copy without them opens for nobody).
            with staged(keys_out, PRIVATE) as keys_tmp:
                shutil.copyfile(keyslot_path(path), keys_tmp)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        if keys_out is not None and not out.exists():
            keys_out.unlink(missing_ok=True)
        raise
    return out


def _first(problems: list[str]) -> str:
    """The check's first problem on one line: SQLite may give it as one text of many lines
    ("*** in database main ***", then a line for each damaged page), and the message is one."""
    lines = [line.strip() for p in problems for line in str(p).splitlines()]
    found = [line for line in lines if line and not line.startswith("***")]
    return found[0] if found else str(problems[0]).strip()


def _pg_dump(url: str, out: Path) -> Path:
    exe = shutil.which("pg_dump")
    if exe is None:
        raise BackupError(
            "找不到 pg_dump：请安装 PostgreSQL 客户端"
            "（Debian/Ubuntu：apt install postgresql-client），或请数据库管理员在服务器上备份。"
        )
    u = make_url(url)
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = u.password
    # Level 1, not pg_dump's default 6: the sealed columns are ciphertext, which does not
    # compress, and level 6 spent its time on them: at 1,000,000 persons (8.6 GB) the dump
    # took 366 s by default, 90 s at level 1 (2.0 GB), 53 s uncompressed (6.0 GB).
    args = [exe, "--format=custom", "--compress=1", "--no-password"]
    if u.host:
        args.append(f"--host={u.host}")
    if u.port:
        args.append(f"--port={u.port}")
    if u.username:
        args.append(f"--username={u.username}")
    # pg_dump writes into the private temporary file staged() made (keeping its mode).
    with staged(out, PRIVATE) as tmp:
        args += [f"--file={tmp}", u.database or "postgres"]
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BackupError(f"pg_dump 失败：{result.stderr.strip().splitlines()[-1:]}")
    return out
