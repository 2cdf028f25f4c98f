"""The ``rescuedesk`` command: the GUI without a subcommand, administration with one.

Bad input exits with status 2 and one clear line on stderr naming the file, row or option;
nothing is half-written because every command runs in one transaction and writes its output
files under a temporary name, renamed when complete. An unexpected error is one line and
status 1 (the traceback with --verbose); a reader that closes the pipe early ends the command
quietly with status 141, as for other Unix tools.

The command line is parsed in :mod:`parsing`; each group of commands has its module
(:mod:`admin`, :mod:`cases`, :mod:`files`, :mod:`inquiries`), sharing :mod:`common`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence

from sqlalchemy.exc import DatabaseError

from rescuedesk.cli.admin import (
    _audit_anchor,
    _audit_verify,
    _restore,
    _unit,
    _user_add,
    _user_admin,
)
from rescuedesk.cli.cases import _case_assignment, _case_flag, _case_list, _case_transfer, _transfer
from rescuedesk.cli.common import (
    EXIT_USAGE,
    _audit_now,
    _check_database,
    _creates_database,
    _os_user,
    _password,
    _Progress,
    _require,
    _tell,
    _user_name,
    log,
)
from rescuedesk.cli.files import _annual_report, _demo, _export, _import, _ledger, _letter
from rescuedesk.cli.inquiries import _inquiry
from rescuedesk.cli.parsing import build_parser
from rescuedesk.db import lost_race
from rescuedesk.errors import DatabaseBusy, DomainError
from rescuedesk.models.enums import Role


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        code = _dispatch(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers below
        return code
    except BrokenPipeError:
        return _reader_went_away()
    except DomainError as exc:
        print(f"rescuedesk: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        if lost_race(exc):  # a lock conflict with another workstation, not a damaged file
            print(f"rescuedesk: {DatabaseBusy.MESSAGE}", file=sys.stderr)
            return EXIT_USAGE
        # A damaged file, or one encrypted under another key: say so, never show garbage.
        detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        print(
            f"rescuedesk: 数据库文件已损坏或无法解密，请从备份恢复（{detail}）。", file=sys.stderr
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("rescuedesk: 已取消，未写入任何数据。", file=sys.stderr)
        return 130
    except OSError as exc:
        if exc.filename is None:
            return _unexpected(exc, args.verbose)
        # A file the user named (or one beside it) cannot be read or written.
        print(f"rescuedesk: 无法读写文件 {exc.filename}：{exc.strerror}。", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        return _unexpected(exc, args.verbose)


EXIT_UNEXPECTED = 1


EXIT_SIGPIPE = 128 + 13  # what the shell reports for a Unix tool whose reader went away


def _reader_went_away() -> int:
    """stdout was a pipe whose reader exited (``rescuedesk case list | head``): end quietly,
    as Unix tools do. Whatever the command wrote to the database is already committed.

    stdout goes to devnull so that Python's own flush at exit does not fail again
    (the Python docs' note on SIGPIPE)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_SIGPIPE


def _unexpected(exc: BaseException, verbose: bool) -> int:
    """The last resort: one line instead of a traceback (the traceback with --verbose)."""
    if verbose:
        log.exception("unexpected error")
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    print(
        f"rescuedesk: 意外错误（{type(exc).__name__}{'：' + detail if detail else ''}）；"
        "加 --verbose 可看到详细信息。",
        file=sys.stderr,
    )
    return EXIT_UNEXPECTED


def _place(text: str, limit: int) -> int:
    """The places the place picker would offer for ``text``, best first; 1 when none."""
    from rescuedesk.reference import places

    matches = places.resolve(text, limit=limit)
    for match in matches:
        print(f"{match.code}\t{match.path}")
    if matches:
        return 0
    print(f"rescuedesk: 找不到地名“{text}”（可写名称、简称、拼音或6位代码）。", file=sys.stderr)
    return 1


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "place":  # reference data only: no database, no log-in
        return _place(args.text, args.limit)
    from rescuedesk.services import workspace

    if args.command is None:
        from rescuedesk.ui.app import run  # Qt is imported only for the GUI

        # Found as for every command: --db, RESCUEDESK_DB, the wizard's choice (config.py).
        return run(args.db)
    url = workspace.resolve(args.db)
    if args.command == "letter-types":  # needs no database
        from rescuedesk.services.referrals.letters import letter_types

        for code, label in letter_types():
            print(f"{code}\t{label}")
        return 0
    if args.command == "restore":  # the database in place may be the damaged one: not opened
        return _restore(url, args)
    _check_database(url, creates=_creates_database(args))
    name = _user_name(args)
    primary = args.primary or os.environ.get("RESCUEDESK_PRIMARY") or None
    if primary is not None:
        _check_database(primary, creates=False)
    if args.command in ("db", "user"):  # no log-in (yet): the schema, or the first account
        opened = workspace.open_database(
            url, name, lambda: _password(args), tell=_tell, primary=primary
        )
        db = opened.db
        try:
            if args.command == "db" and args.db_command == "current":
                from rescuedesk.db import current_revision

                print(current_revision(db.engine) or "(空数据库)")
                return 0
            workspace.upgrade(opened, tell=_tell)
            if args.command == "db":
                print("数据库已是最新结构。")
                return 0
            if args.user_command == "add":
                return _user_add(db, args)
            return _user_admin(db, args)
        finally:
            db.dispose()
    opened = workspace.open_workspace(
        url,
        name,
        lambda: _password(args),
        before_accounts=_os_user(name),
        tell=_tell,
        primary=primary,
    )
    db, actor = opened.db, opened.actor
    try:
        if args.command == "demo-data":
            return _demo(db, actor, args)
        if args.command == "case":
            if args.case_command in ("assign", "unassign"):
                return _case_assignment(db, actor, args)
            if args.case_command == "transfer":
                return _case_transfer(db, actor, args)
            if args.case_command == "flag":
                return _case_flag(db, actor, args)
            return _case_list(db, actor, args)
        if args.command == "transfer":
            return _transfer(db, actor, args)
        if args.command == "unit":
            return _unit(db, actor, args)
        if args.command == "backup":
            from rescuedesk.services.storage.backup import backup

            _require(actor, Role.ADMIN, what="备份整个数据库")
            progress = _Progress("备份中")
            out = backup(url, args.out, db.key, progress=progress)
            progress.close()
            _audit_now(db, actor, "backup", reason=str(out))
            print(f"已备份到 {out}")
            return 0
        if args.command == "audit":
            if args.audit_command == "anchor":
                return _audit_anchor(db, actor, args.reason)
            return _audit_verify(db, actor, args.head)
        if args.command == "letter":
            return _letter(db, actor, args)
        if args.command == "export":
            return _export(db, actor, args)
        if args.command == "report":
            return _annual_report(db, actor, args)
        if args.command == "import":
            return _import(db, actor, args)
        if args.command == "ledger":
            return _ledger(db, actor, args)
        if args.command == "inquiry":
            return _inquiry(db, actor, args)
    finally:
        db.dispose()
    raise AssertionError(args.command)
