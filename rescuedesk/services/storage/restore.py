"""Putting a backup of the embedded database back in place (`rescuedesk restore FILE`).

Nothing is replaced until the backup has proved itself on a copy beside the database: it
opens with an administrator's password (its own key-slot file, which travels with it), it
passes SQLite's integrity check (and SQLCipher's page check when encrypted), and its audit
chain verifies. The restore is then recorded in the restored database's own audit trail, the
database being replaced is kept beside it under a timestamped name, and the copy takes its
place with one rename. PostgreSQL is restored with pg_restore (docs/backup.md).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from rescuedesk import clock
from rescuedesk.config import sqlite_url
from rescuedesk.db import (
    Database,
    alembic_config,
    check_copy,
    connect_sqlite,
    copy_sqlite,
    sqlite_file,
)
from rescuedesk.errors import DomainError
from rescuedesk.models.enums import Role
from rescuedesk.security.audit_head import FORCE, anchor_path
from rescuedesk.security.encryption import KeySlots, keyslot_path, sqlcipher
from rescuedesk.userfiles import file_sha256

SQLITE_MAGIC = b"SQLite format 3\x00"
_SIDE_FILES = ("-wal", "-shm", "-journal")


class RestoreError(DomainError):
    """The backup was refused; the database in place is untouched."""


@dataclass(frozen=True)
class Restored:
    target: Path
    source: Path
    kept: Path | None  # the replaced database, renamed beside it (None: there was none)
    events: int  # audit events in the restored chain, all verified


def restore_sqlite(url: str, source: Path, username: str, password: str) -> Restored:
    """Replace the SQLite database at ``url`` by the backup ``source``, or raise RestoreError
    and leave everything as it was."""
    target = sqlite_file(url)
    if target is None:
        raise RestoreError(
            "restore 只恢复内嵌数据库（SQLite 文件）；PostgreSQL 请用 pg_restore，"
            "见 docs/backup.md。"
        )
    source = Path(source).expanduser().absolute()
    target = target.expanduser().absolute()
    if not source.is_file():
        raise RestoreError(f"备份文件 {source} 不存在。")
    if source == target:
        raise RestoreError(f"备份文件 {source} 就是要恢复的数据库本身。")
    if not target.parent.is_dir():
        raise RestoreError(f"数据库所在的目录 {target.parent} 不存在。")
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    staged = target.with_name(f"{target.name}.restoring-{stamp}")
    kept = _kept_name(target, stamp) if target.exists() else None
    _remove(staged)  # left over from an interrupted restore
    try:
        key = _stage(source, staged, username, password)
        events = _prove_and_record(staged, key, source, target, kept, username, password)
        _swap(staged, target, kept, encrypted=key is not None)
    finally:
        _remove(staged)
    return Restored(target, source, kept, events)


def _stage(source: Path, staged: Path, username: str, password: str) -> bytes | None:
    """Copy the backup (and its key slots) beside the database; return its key."""
    keys = keyslot_path(source)
    if keys.exists():
        shutil.copyfile(keys, keyslot_path(staged))
        os.chmod(keyslot_path(staged), 0o600)
        if anchor_path(source).exists():  # the head of its audit chain travels with it
            shutil.copyfile(anchor_path(source), anchor_path(staged))
        key = KeySlots(keyslot_path(staged)).unlock(username, password)
        if key is None:
            raise RestoreError(
                f"备份 {source} 无法用账户 {username} 的密码打开"
                "（用户名或密码不对，或备份时还没有这个账户）；未恢复任何内容。"
            )
    else:
        with source.open("rb") as f:
            if f.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                raise RestoreError(
                    f"{source} 不是 RescueDesk 备份，或者是加密的备份但旁边缺少密钥文件 "
                    f"{keys.name}；未恢复任何内容。"
                )
        key = None
    try:
        copy_sqlite(source, staged, sqlcipher(key))
        problems = check_copy(staged, sqlcipher(key))
        if problems:
            raise RestoreError(
                f"备份 {source} 没有通过完整性检查（{'；'.join(problems[:3])}），"
                "文件已损坏；未恢复任何内容。"
            )
        conn = connect_sqlite(staged, sqlcipher(key))
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except Exception as exc:
        if _is_dbapi_error(exc):
            raise RestoreError(
                f"备份 {source} 已损坏或不是 RescueDesk 备份（{_first_line(exc)}）；"
                "未恢复任何内容。"
            ) from None
        raise
    if not {"alembic_version", "audit_event", "app_user"} <= tables:
        raise RestoreError(f"{source} 不是 RescueDesk 备份（缺少它的数据表）；未恢复任何内容。")
    return key


def _prove_and_record(
    staged: Path,
    key: bytes | None,
    source: Path,
    target: Path,
    kept: Path | None,
    username: str,
    password: str,
) -> int:
    """On the staged copy: bring its schema up to date, log the administrator in, verify
    the audit chain, and record the restore in it."""
    from rescuedesk.security import audit_chain, audit_head
    from rescuedesk.services.office import audit, vault

    db = Database(sqlite_url(staged), cipher=sqlcipher(key))
    try:
        _upgrade(db, source)
        try:
            actor = vault.log_in(db, username, password)
        except DomainError as exc:
            raise RestoreError(
                f"无法用账户 {username} 登录备份 {source}：{exc.message}未恢复任何内容。"
            ) from None
        if not actor.has_role(Role.ADMIN):
            raise RestoreError(f"只有管理员可以恢复数据库：{username} 在备份中不是管理员。")
        with db.read_session() as session:
            report = audit_chain.verify_database(session)  # what `audit verify` runs
        if not report.intact:
            raise RestoreError(
                f"备份 {source} 的审计记录在第 {report.broken_at} 条处断裂"
                f"（{report.reason}），备份可能被改过；未恢复任何内容。"
            )
        anchored = anchor_path(staged).exists()
        if anchored:
            with db.read_session() as session:
                head = audit_head.check(session)  # the tail, against the head beside it
            if head.problems:
                raise RestoreError(
                    f"备份 {source} 的审计记录末尾不完整（{head.problems[0]}），"
                    "备份可能被改过；未恢复任何内容。"
                )
        with db.write_session() as session:
            # A backup made before heads were anchored: its links were just verified, so
            # the restore starts its anchor.
            session.info[FORCE] = not anchored
            audit.record(
                session,
                actor,
                "restore",
                "database",
                None,
                reason=f"restored {target} from {source} (sha256 {file_sha256(source)}); "
                f"replaced file kept as {kept or 'none (no database was there)'}",
            )
            events = report.events + 1
    except DBAPIError as exc:
        raise RestoreError(
            f"备份 {source} 无法读取（{_first_line(exc.orig)}）；未恢复任何内容。"
        ) from None
    finally:
        db.dispose()
    conn = connect_sqlite(staged, sqlcipher(key))
    try:
        conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file to move
    finally:
        conn.close()
    return events


def _upgrade(db: Database, source: Path) -> None:
    """A backup made by an older version is brought to this version's schema (on the copy)."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    from rescuedesk.db import current_revision, head_revision

    current = current_revision(db.engine)
    if current == head_revision():
        return
    if current is None:
        raise RestoreError(f"{source} 不是 RescueDesk 备份（没有结构版本）；未恢复任何内容。")
    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(current)
    except CommandError:
        raise RestoreError(
            f"备份 {source} 由更新版本的 RescueDesk 制作（结构版本 {current}），"
            "请先升级本程序；未恢复任何内容。"
        ) from None
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")


def _kept_name(target: Path, stamp: str) -> Path:
    """A name no earlier restore used (two restores may fall in the same second)."""
    kept = target.with_name(f"{target.name}.replaced-{stamp}")
    n = 1
    while kept.exists() or keyslot_path(kept).exists():
        n += 1
        kept = target.with_name(f"{target.name}.replaced-{stamp}-{n}")
    return kept


def _swap(staged: Path, target: Path, kept: Path | None, *, encrypted: bool) -> None:
    """Keep the database in place under a new name, then put the staged copy there."""
    if kept is not None:
        # Its WAL goes with it, and first: left beside the restored file, SQLite would
        # replay the old database's pages into it.
        for suffix in _SIDE_FILES:
            side = target.with_name(target.name + suffix)
            if side.exists():
                os.replace(side, kept.with_name(kept.name + suffix))
        if keyslot_path(target).exists():
            shutil.copy2(keyslot_path(target), keyslot_path(kept))
        try:
            os.link(target, kept)  # the old file stays whole under its new name...
        except FileExistsError:
            raise
        except OSError:
            shutil.copy2(target, kept)  # (file systems without hard links)
    os.replace(staged, target)  # ...while the new one takes its place in one step
    if anchor_path(target).exists() and kept is not None:
        shutil.copy2(anchor_path(target), anchor_path(kept))
    if anchor_path(staged).exists():
        os.replace(anchor_path(staged), anchor_path(target))
    else:
        anchor_path(target).unlink(missing_ok=True)
    if encrypted:
        os.replace(keyslot_path(staged), keyslot_path(target))
    else:
        keyslot_path(target).unlink(missing_ok=True)


def _remove(staged: Path) -> None:
    side = (Path(f"{staged}{s}") for s in _SIDE_FILES)
    for path in (staged, keyslot_path(staged), anchor_path(staged), *side):
        path.unlink(missing_ok=True)


def _is_dbapi_error(exc: BaseException) -> bool:
    # The DB-API's own error classes: sqlite3's, or sqlcipher3's (which are not sqlite3's).
    return type(exc).__module__.split(".")[0] in ("sqlite3", "sqlcipher3")


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
