"""The audit chain's head, anchored outside the audit table, so deleting the newest events shows.

The hash chain (audit_chain.py) proves that each event follows the one before it; it cannot
tell that the last events are gone. So after every commit that appended events, the new head
(its number and hash) is recorded where a ``DELETE FROM audit_event`` does not reach, with an
HMAC under a key derived from the database's key:

- SQLite: the file ``NAME.audit-head`` beside the database and its key slots ``NAME.keys``,
  replaced atomically after the commit (one small file write per transaction).
- PostgreSQL: the row ``audit_head`` of the ``setting`` table, written in the same transaction
  as the events. Its HMAC key derives from the field data key, which only workstations that
  logged in hold, so no database role can forge a head. A role can delete the row or put an
  older one back: each workstation therefore also keeps the last head it wrote in its data
  directory (``audit-heads.json``), and ``audit verify`` compares the chain with both.

A writer that finds the anchor ahead of the chain (events were deleted since) leaves the head
as it is and notes where the chain ended (``truncated_to``), so ``audit verify`` can say how
many events are missing even after new ones were written. ``force`` (the ``audit anchor``
command) sets a new head after an administrator has looked into a report.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Connection, event, func, insert, select, update
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.models import AuditEvent, Setting, User
from rescuedesk.security import audit_chain

log = logging.getLogger(__name__)

FORMAT = "rescuedesk-audit-head-1"
SETTING_KEY = "audit_head"
SQLCIPHER_KEY = "rescuedesk_sqlcipher_key"  # db._sqlcipher_engine puts the key on the dialect
FORCE = "rescuedesk_audit_head_force"  # session.info flag: set the head whatever was there
SEEN_FILE = "audit-heads.json"
_SEEN_MAX = 200  # databases a workstation remembers
_PUBLIC_KEY = bytes(32)  # a plain SQLite file has no secret: its anchor is a checksum only
_PENDING = "rescuedesk_audit_head_pending"


@dataclass(frozen=True)
class Head:
    seq: int  # the last event's number, which is also the number of events
    hash: str

    def __str__(self) -> str:
        return f"第 {self.seq} 条，哈希 {self.hash[:16]}"

    @property
    def noted(self) -> str:
        """The form ``audit verify --head`` takes back."""
        return f"{self.seq}:{self.hash[:16]}"


@dataclass(frozen=True)
class Anchor:
    head: Head
    keyed: bool  # HMAC under the database's key (False: a plain SQLite file's checksum)
    tag: str
    # Where the chain ended when a writer found it shorter than ``head``: not covered by the
    # tag (a writer without the key notes it), used only to count what is missing.
    truncated_to: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "seq": self.head.seq,
            "hash": self.head.hash,
            "keyed": self.keyed,
            "tag": self.tag,
            "truncated_to": self.truncated_to,
        }

    @classmethod
    def from_json(cls, data: Any) -> Anchor:
        try:
            cut = data.get("truncated_to")
            return cls(
                Head(int(data["seq"]), str(data["hash"])),
                bool(data["keyed"]),
                str(data["tag"]),
                None if cut is None else int(cut),
            )
        except (AttributeError, KeyError, TypeError, ValueError):
            return DAMAGED


DAMAGED = Anchor(Head(0, ""), keyed=True, tag="")  # unreadable: never authentic


def _mac_key(key: bytes | None) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"rescuedesk audit head v1"
    ).derive(key or _PUBLIC_KEY)


def tag(key: bytes | None, head: Head) -> str:
    message = f"{FORMAT}|{head.seq}|{head.hash}".encode()
    return hmac.new(_mac_key(key), message, hashlib.sha256).hexdigest()


def make_anchor(head: Head, key: bytes | None) -> Anchor:
    return Anchor(head, key is not None, tag(key, head))


def authentic(anchor: Anchor, key: bytes | None, *, require_key: bool) -> bool:
    if anchor.keyed and key is None:
        return False
    if not anchor.keyed and require_key:
        return False
    return hmac.compare_digest(tag(key if anchor.keyed else None, anchor.head), anchor.tag)


# ---------------------------------------------------------------- where anchors live


def anchor_path(db_or_backup: Path) -> Path:
    return db_or_backup.with_name(db_or_backup.name + ".audit-head")


def read_file(path: Path) -> Anchor | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        return Anchor.from_json(json.loads(text))
    except ValueError:
        return DAMAGED


def _write_atomic(path: Path, data: dict[str, Any], *, durable: bool = True) -> None:
    """Temp file, fsync, rename: a reader sees the old anchor or the new one, never half,
    even after a power cut. ``durable=False`` skips the fsync where losing the newest
    write only leaves an older head (the workstation's memory)."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(json.dumps(data, ensure_ascii=False).encode("utf-8"))
            f.flush()
            if durable:
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_file(path: Path, anchor: Anchor) -> None:
    # A plain file's anchor is a checksum anyone could rewrite: spare it the fsync (its
    # first commits, and every commit of the tests' plain databases).
    _write_atomic(path, anchor.to_json(), durable=anchor.keyed)


def read_row(conn: Connection) -> Anchor | None:
    value = conn.execute(
        select(Setting.__table__.c.value).where(Setting.__table__.c.key == SETTING_KEY)
    ).scalar()
    return None if value is None else Anchor.from_json(value)


def _write_row(conn: Connection, anchor: Anchor, *, exists: bool) -> None:
    t = Setting.__table__
    values = {"value": anchor.to_json(), "updated_at": clock.now()}
    if exists:
        conn.execute(
            update(t).where(t.c.key == SETTING_KEY).values(**values, version=t.c.version + 1)
        )
    else:
        conn.execute(insert(t).values(key=SETTING_KEY, version=1, **values))


def _seen_path() -> Path:
    from rescuedesk.config import data_dir

    return data_dir() / SEEN_FILE


def server_name(url: URL) -> str:
    """What a workstation calls a shared database in its memory of heads. A URL that names
    a primary and its standby (``?host=a:5432&host=b:5432``) is one database under both
    names, whichever of them is the primary today."""
    hosts = url.query.get("host")
    if url.host is None and hosts:
        listed = ",".join(hosts) if isinstance(hosts, tuple) else hosts
        return f"{listed}/{url.database or ''}"
    return f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def _read_seen_all() -> dict[str, Any]:
    try:
        data = json.loads(_seen_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_seen(name: str) -> Anchor | None:
    """The newest head this workstation wrote to a shared database (unsigned: it never
    leaves the workstation), with where the chain ended if a writer found it cut."""
    entry = _read_seen_all().get(name)
    if not isinstance(entry, dict):
        return None
    seen = Anchor.from_json({"keyed": True, "tag": "", **entry})
    return None if seen is DAMAGED else seen


def write_seen(
    name: str, head: Head, *, truncated_to: int | None = None, force: bool = False
) -> None:
    """Remember the newest head written (never an older one, nor over the evidence of a
    cut); or, with ``truncated_to``, where the chain ended below the remembered head."""
    heads = _read_seen_all()
    old = read_seen(name)
    if not force and old is not None:
        if old.truncated_to is not None:
            return
        if truncated_to is None and old.head.seq >= head.seq:
            return
    heads.pop(name, None)
    heads[name] = {"seq": head.seq, "hash": head.hash, "truncated_to": truncated_to}
    while len(heads) > _SEEN_MAX:
        heads.pop(next(iter(heads)))
    path = _seen_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(path, heads, durable=False)


# ---------------------------------------------------------------- the engine's anchor


@dataclass
class _Place:
    """The anchor of the database a session writes to, and the key that authenticates it."""

    file: Path | None  # SQLite
    server: str | None  # PostgreSQL: name in the workstation's memory of heads
    key: bytes | None
    require_key: bool  # PostgreSQL once protected: an unkeyed head could be anyone's

    def read(self, conn: Connection) -> Anchor | None:
        return read_file(self.file) if self.file is not None else read_row(conn)


def _place(session: Session) -> _Place | None:
    bind = session.get_bind()
    dialect = bind.dialect
    url = bind.engine.url  # the bind may be a Connection
    if dialect.name == "sqlite":
        database = url.database
        if not database or database == ":memory:":
            return None
        key = getattr(dialect, SQLCIPHER_KEY, None)
        return _Place(anchor_path(Path(database)), None, key, require_key=False)
    if dialect.name == "postgresql":
        from rescuedesk.security.field_crypto import state_of

        state = state_of(dialect)
        key = state.keys.data_key if state.keys is not None else None
        return _Place(None, server_name(url), key, require_key=bool(state.protected))
    return None


def last_head(conn: Connection) -> Head:
    row = conn.execute(
        select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    return Head(row[0], row[1]) if row else Head(0, audit_chain.GENESIS)


def _hash_at(conn: Connection, seq: int) -> str | None:
    return conn.execute(select(AuditEvent.hash).where(AuditEvent.id == seq)).scalar()


def _plan(
    conn: Connection, place: _Place, stored: Anchor | None, base: Head, head: Head, force: bool
) -> Anchor | None:
    """The anchor to keep after this transaction, which appended ``base`` -> ``head``;
    None: leave what is there (for ``audit verify`` to report)."""
    if force:
        return make_anchor(head, place.key) if place.key or not place.require_key else None
    if stored is None:
        if place.file is not None:
            # Only a plain file's first events start an anchor. Once the file is encrypted,
            # a missing anchor was deleted: recreating it would hide the deletion.
            may_start = base.seq == 0 and place.key is None
        else:
            # A shared database's first head comes from the first workstation that holds
            # the key; one that remembers a head does not start over (the row was deleted).
            may_start = place.key is not None and read_seen(place.server or "") is None
        return make_anchor(head, place.key) if may_start else None
    # Beyond this point a workstation without the key (before log-in) only notes a cut.
    if stored.head.seq > base.seq:  # the events it names are gone: note where the chain ended
        return None if stored.truncated_to is not None else replace(stored, truncated_to=base.seq)
    if not authentic(stored, place.key, require_key=place.require_key):
        return None
    at = base.hash if stored.head.seq == base.seq else _hash_at(conn, stored.head.seq)
    if at != stored.head.hash:
        return None  # cut and written past again: keep the evidence
    if place.key is None and place.require_key:
        return None  # a shared database before log-in: cannot sign
    return make_anchor(head, place.key)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    base = session.info.get(audit_chain.BASE)
    tail = session.info.get(audit_chain.TAIL)
    force = bool(session.info.get(FORCE))
    if base is None or tail is None or (tail == base and not force):
        return
    place = _place(session)
    if place is None:
        return
    conn = session.connection()
    try:
        stored = place.read(conn)
    except OSError as exc:  # an unreadable anchor file must not stop the user's work
        log.warning("cannot read the audit head %s: %s", place.file, exc)
        return
    new = _plan(conn, place, stored, Head(*base), Head(*tail), force)
    cut = None
    if place.server is not None and not force:
        seen = read_seen(place.server)
        if seen is not None and seen.truncated_to is None and seen.head.seq > base[0]:
            cut = (seen.head, base[0])  # events this workstation wrote are gone
    if new is not None and place.file is None:
        _write_row(conn, new, exists=stored is not None)
    if new is not None or cut is not None:
        session.info[_PENDING] = (place, new, force, cut)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    session.info.pop(FORCE, None)
    if pending is None:
        return
    place, new, force, cut = pending
    try:
        if place.file is not None:
            current = read_file(place.file)
            # Another writer may have committed after us and anchored first: do not go back.
            if force or current is None or current.head.seq <= new.head.seq:
                write_file(place.file, new)
        elif cut is not None:
            write_seen(place.server, cut[0], truncated_to=cut[1])
        elif new is not None and new.keyed and new.truncated_to is None:
            write_seen(place.server, new.head, force=force)
    except OSError as exc:  # the events are committed; a stale anchor is only weaker
        log.warning("cannot write the audit head: %s", exc)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, _previous: Any) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(FORCE, None)


# ---------------------------------------------------------------- audit verify


@dataclass
class HeadReport:
    head: Head  # the chain's head now: for the auditor to note down
    problems: list[str]  # each one means the trail cannot be trusted (exit 1)
    notes: list[str]

    @property
    def intact(self) -> bool:
        return not self.problems


def _compare(conn: Connection, anchor: Anchor, head: Head, where: str) -> str | None:
    """What is wrong with the chain measured against a head recorded ``where``; the
    recorded hash may be a prefix (a head the auditor wrote down)."""
    want = anchor.head
    cut = anchor.truncated_to
    if cut is not None and not 0 <= cut < want.seq:
        cut = None
    if head.seq < want.seq:
        end = cut if cut is not None and cut <= head.seq else head.seq
        more = f"；此后又写入了 {head.seq - end} 条" if head.seq > end else ""
        return (
            f"审计记录末尾被删除：据{where}，应有第 {want.seq} 条，数据库中只保留到第 "
            f"{end} 条，缺少 {want.seq - end} 条（第 {end + 1} 至 {want.seq} 条）{more}。"
        )
    if want.seq > 0 and not (_hash_at(conn, want.seq) or "").startswith(want.hash):
        missing = (
            f"，缺少 {want.seq - cut} 条（第 {cut + 1} 至 {want.seq} 条）"
            if cut is not None
            else ""
        )
        return (
            f"审计记录末尾被删除：第 {want.seq} 条的哈希与{where}不符，"
            f"原有的记录被删除后又写入了新的记录{missing}。"
        )
    return None


def parse_noted(text: str) -> Head:
    """A head as printed for the auditor, ``N:HASH`` (at least 8 hex digits of the hash)."""
    seq, sep, digest = text.strip().partition(":")
    digest = digest.strip().lower()
    if not sep or not seq.strip().isdigit() or len(digest) < 8:
        raise ValueError(text)
    if any(c not in "0123456789abcdef" for c in digest):
        raise ValueError(text)
    return Head(int(seq), digest)


def check(session: Session, noted: Head | None = None) -> HeadReport:
    """Measure the chain against its anchor (on PostgreSQL also against this workstation's
    memory) and against a head the auditor ``noted`` down earlier."""
    conn = session.connection()
    head = last_head(conn)
    report = HeadReport(head, [], [])
    if noted is not None:
        problem = _compare(conn, Anchor(noted, True, ""), head, "您此前记下的链头")
        if problem:
            report.problems.append(problem)
    place = _place(session)
    if place is None:
        return report
    stored = place.read(conn)
    seen = read_seen(place.server) if place.server else None
    where = "锚点文件" if place.file is not None else "服务器上的链头记录"
    if stored is None:
        if place.file is not None:
            if _accounts_exist(conn):
                report.problems.append(
                    f"找不到审计链头锚点文件 {place.file}：数据库已有账户，却无法确认末尾的审计"
                    "记录没有被删除（锚点文件可能与末尾记录一同被删除）。请用备份旁的 .audit-head "
                    "文件或您记下的链头核对；数据库从旧版本升级而来、从未有过锚点时，管理员核对后"
                    "可运行 rescuedesk audit anchor --reason 说明 建立锚点。"
                )
        elif seen is not None:
            report.problems.append(
                "服务器上的审计链头记录被删除了（本机记得链头是"
                f"{seen.head}）：请核对末尾的审计记录是否完整。"
            )
        elif place.key is not None:
            report.notes.append(
                "服务器上还没有审计链头记录（新数据库或刚从旧版本升级）：本次校验后开始记录。"
                "如此前校验过，请与当时记下的链头核对。"
            )
    elif not authentic(stored, place.key, require_key=place.require_key):
        report.problems.append(
            f"审计链头的{where}被篡改或已损坏：无法确认末尾的审计记录没有被删除。"
        )
    else:
        problem = _compare(conn, stored, head, where)
        if problem:
            report.problems.append(problem)
    if seen is not None:
        problem = _compare(conn, seen, head, "本机的记录")
        if problem and problem not in report.problems:
            report.problems.append(problem)
    return report


def _accounts_exist(conn: Connection) -> bool:
    return bool(
        conn.execute(select(func.count(User.id)).where(User.password_hash.is_not(None))).scalar()
    )


# ---------------------------------------------------------------- beside a backup


def write_beside_backup(out: Path, url: str, key: bytes | None) -> Path:
    """The head of a new backup, in ``OUT.audit-head``: the anchor to restore with a SQLite
    copy (its head is read from the copy itself), and for a PostgreSQL dump the head when
    the dump ended, for the auditor. Returns ``out``."""
    from rescuedesk.db import connect_sqlite, make_engine, sqlite_file
    from rescuedesk.security.encryption import sqlcipher

    if sqlite_file(url) is not None:
        conn = connect_sqlite(out, sqlcipher(key))
        try:
            row = conn.execute(
                "SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1"
            ).fetchone()
        finally:
            conn.close()
        head = Head(row[0], row[1]) if row else Head(0, audit_chain.GENESIS)
    else:
        engine = make_engine(url)
        try:
            with engine.connect() as conn2:
                head = last_head(conn2)
        finally:
            engine.dispose()
    write_file(anchor_path(out), make_anchor(head, key))
    return out
