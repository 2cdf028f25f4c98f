"""Accounts, units, restore and the audit chain (the administrator's commands)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from rescuedesk import clock
from rescuedesk.cli.common import (
    _audit_now,
    _login,
    _password,
    _Progress,
    _require,
    _tell,
    _user_name,
)
from rescuedesk.db import Database
from rescuedesk.errors import ValidationError
from rescuedesk.models.enums import Role
from rescuedesk.services.office.context import Actor

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rescuedesk.security.audit_head import Head


def _user_add(db: Database, args: argparse.Namespace) -> int:

    from rescuedesk.services.office import accounts, vault

    password = _new_password(args)
    with db.write_session() as session:
        first = not accounts.accounts_exist(session)
    actor = None if first else _login(db, args)

    def create(session: Session) -> str:
        unit_id = accounts.unit_by_code(session, args.unit).id if args.unit else None
        data = {
            "username": args.name,
            "full_name": args.full_name or args.name,
            "role": args.role,
            "unit_id": unit_id,
            "phone": args.phone,
        }
        return str(accounts.create_account(session, actor, data, password).record.username)

    # The first account of an embedded database is created with its encryption, as one step.
    db, username = vault.add_account(db, args.name, password, create)
    db.dispose()
    note = "；数据库已加密" if first and db.key is not None else ""
    print(f"已添加账户 {username}（{args.role}）{note}。")
    return 0


def _new_password(args: argparse.Namespace) -> str:
    if not args.password_stdin:
        raise ValidationError("请用 --password-stdin 从标准输入提供新密码。")
    lines = sys.stdin.read().splitlines()
    if not lines or not lines[0]:
        raise ValidationError("标准输入中没有密码。")
    if len(lines) > 1 and lines[1] != lines[0]:
        raise ValidationError("两次输入的密码不一致。")
    return lines[0]


def _user_admin(db: Database, args: argparse.Namespace) -> int:
    """The administrator's account commands: list, unlock, disable, enable, reset."""
    from rescuedesk.services.office import accounts, vault

    action = args.user_command
    new_password = _new_password(args) if action == "reset" else None
    actor = _login(db, args)
    if action == "list":
        with db.read_session() as session:
            rows = accounts.list_accounts(session, actor)
        now = clock.now()
        for r in rows:
            print(
                f"{r.username}\t{r.role.value}\t{r.unit_code or ''}\t{r.state(now)}\t{r.full_name}"
            )
        return 0
    if action == "unlock":
        vault.unlock_account(db, actor, args.name)
        print(f"已解锁账户 {args.name}。")
    elif action in ("disable", "enable"):
        needs_reset = vault.set_account_active(db, actor, args.name, action == "enable")
        print(f"已{'启用' if action == 'enable' else '停用'}账户 {args.name}。")
        if needs_reset:
            print(
                f"注意：停用时其密码已不能打开数据；请用 user reset {args.name} "
                "--password-stdin 为其设置新密码后再登录。"
            )
    else:
        assert new_password is not None
        vault.reset_account_password(db, actor, args.name, new_password)
        print(f"已为账户 {args.name} 设置新密码；旧密码已失效。")
    return 0


def _unit(db: Database, actor: Actor, args: argparse.Namespace) -> int:
    from rescuedesk.ledger import normalize
    from rescuedesk.reference import divisions
    from rescuedesk.services.office import directory

    if args.unit_command == "list":
        with db.read_session() as session:
            units = directory.list_units(session)
            rows = [(u.code, u.name, u.kind.value, u.division_code) for u in units]
        for code, name, kind, division in rows:
            print(f"{code}\t{name}\t{kind}\t{division}\t{divisions.full_name(division) or ''}")
        return 0
    try:
        division, warning = normalize.place(args.division)
    except ValueError as exc:
        raise ValidationError(f"--division：{exc}。", field="division") from None
    if division is None:
        raise ValidationError(f"--division：{warning}。", field="division")
    data = {"code": args.code, "name": args.name, "kind": args.kind, "division_code": division}
    saved = db.run_write(lambda session: directory.create_unit(session, actor, data))
    for note in [*([warning] if warning else []), *saved.warnings]:
        _tell(note)
    where = divisions.full_name(division) or division
    print(f"已添加单位 {data['code'].upper()} {args.name}（{where}）。")
    return 0


def _restore(url: str, args: argparse.Namespace) -> int:
    from rescuedesk.services.storage.restore import restore_sqlite

    name = _user_name(args)
    if not name:
        raise ValidationError("请用 --user 指定备份中的管理员（或设置 RESCUEDESK_USER）。")
    done = restore_sqlite(url, args.file, name, _password(args))
    kept = f"被替换的数据库保留为 {done.kept}" if done.kept else "原位置没有数据库，无需保留"
    print(
        f"已用备份 {done.source} 恢复数据库 {done.target}"
        f"（审计记录 {done.events} 条，哈希链完整）；{kept}。"
    )
    return 0


def _audit_verify(db: Database, actor: Actor, noted: Head | None = None) -> int:
    """The chain links, then its end against the head anchored outside the table
    (security/audit_head.py); the head is printed for the auditor to note down."""
    from rescuedesk.security import audit_chain, audit_head

    _require(actor, Role.AUDITOR, Role.ADMIN, what="校验审计记录")
    progress = _Progress("校验中")
    with db.read_session() as session:
        report = audit_chain.verify_database(session, progress)
        tail = audit_head.check(session, noted)
    progress.close()
    if not report.intact:
        print(f"审计记录在第 {report.broken_at} 条处断裂：{report.reason}。", file=sys.stderr)
        return 1
    for note in tail.notes:
        print(f"注意：{note}", file=sys.stderr)
    if not tail.intact:
        for problem in tail.problems:
            print(problem, file=sys.stderr)
        print(f"数据库中现在的链头：{tail.head}。", file=sys.stderr)
        return 1
    print(f"审计记录完整：共 {report.events} 条，哈希链无断裂，末尾与链头锚点一致。")
    print(
        f"链头：{tail.head}（请记下；下次可用 rescuedesk audit verify --head "
        f"{tail.head.noted} 核对）。"
    )
    _audit_now(
        db,
        actor,
        "audit_verified",
        reason=f"{report.events} events intact, head {tail.head.hash[:16]}",
    )
    return 0


def _audit_anchor(db: Database, actor: Actor, reason: str) -> int:
    """After an administrator has looked into a reported cut (or a database from before
    anchors): anchor the current head, saying so in the trail itself."""
    from rescuedesk.security import audit_chain, audit_head
    from rescuedesk.services.office import audit

    _require(actor, Role.ADMIN, what="重新建立审计链头锚点")
    if not reason.strip():
        raise ValidationError("请用 --reason 说明为什么重新建立锚点。")
    with db.read_session() as session:
        report = audit_chain.verify_database(session)
        before = audit_head.check(session)
    if not report.intact:
        print(
            f"审计记录在第 {report.broken_at} 条处断裂：{report.reason}。"
            "不能在断裂的链上建立锚点。",
            file=sys.stderr,
        )
        return 1
    found = " ".join(before.problems) or "锚点与链头一致"
    with db.write_session() as session:
        session.info[audit_head.FORCE] = True
        audit.record(
            session,
            actor,
            "audit_anchor_reset",
            "database",
            None,
            reason=f"{reason}（此前：{found}）",
        )
        head = audit_head.Head(*session.info[audit_chain.TAIL])
    print(f"已按当前链头建立锚点：{head}（已记入审计记录，请记下）。")
    return 0
