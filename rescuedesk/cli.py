"""The ``rescuedesk`` command: the GUI without a subcommand, administration with one.

Bad input exits with status 2 and one clear line on stderr; nothing is half-written because
every command runs in one transaction.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from rescuedesk import __version__
from rescuedesk.config import resolve_db_url
from rescuedesk.errors import DomainError
from rescuedesk.models.enums import Stage

EXIT_USAGE = 2
log = logging.getLogger("rescuedesk")


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, exit status 2 (scripts read the first line)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message}（rescuedesk --help 查看用法）\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rescuedesk",
        description="RescueDesk 被拐卖受害人救助档案。不带子命令时打开图形界面。",
    )
    parser.add_argument("--version", action="version", version=f"rescuedesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="数据库：SQLite 文件路径或 sqlite:///…，或 postgresql+psycopg://user@host/db；"
        "默认读取环境变量 RESCUEDESK_DB，否则为用户数据目录中的内嵌数据库",
    )
    parser.add_argument(
        "--user", metavar="NAME", help="以该用户身份操作（默认读取环境变量 RESCUEDESK_USER）"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试日志")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    db = sub.add_parser("db", help="数据库维护")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser("upgrade", help="把数据库升级到最新结构（SQLite 会先备份）")
    db_sub.add_parser("current", help="显示数据库结构版本")

    demo = sub.add_parser("demo-data", help="生成虚构的演示个案")
    demo.add_argument("--persons", type=_positive_int, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")

    case = sub.add_parser("case", help="个案")
    case_sub = case.add_subparsers(dest="case_command", metavar="ACTION", required=True)
    case_list = case_sub.add_parser("list", help="列出个案：个案编号<TAB>阶段<TAB>…")
    case_list.add_argument(
        "--stage",
        metavar="STAGE",
        choices=[s.value for s in Stage],
        help="只列出这个阶段：" + "、".join(s.value for s in Stage),
    )
    case_list.add_argument("--limit", type=_positive_int, metavar="N")

    bk = sub.add_parser("backup", help="备份数据库到文件")
    bk.add_argument("--out", required=True, metavar="FILE", type=Path)
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("应为正整数")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return _dispatch(args)
    except DomainError as exc:
        print(f"rescuedesk: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("rescuedesk: 已取消，未写入任何数据。", file=sys.stderr)
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    from rescuedesk.db import upgrade_to_head

    url = resolve_db_url(args.db)
    if args.command is None:
        from rescuedesk.ui.app import run  # Qt is imported only for the GUI

        return run(url)
    db = _open(url)
    try:
        if args.command == "db" and args.db_command == "current":
            from rescuedesk.db import current_revision

            print(current_revision(db.engine) or "(空数据库)")
            return 0
        backup_path = upgrade_to_head(db)
        if backup_path is not None:
            print(f"已在升级前备份数据库到 {backup_path}", file=sys.stderr)
        if args.command == "db":
            print("数据库已是最新结构。")
            return 0
        if args.command == "demo-data":
            return _demo(db, args)
        if args.command == "case":
            return _case_list(db, args)
        if args.command == "backup":
            from rescuedesk.services.backup import backup

            out = backup(url, args.out)
            print(f"已备份到 {out}")
            return 0
    finally:
        db.dispose()
    raise AssertionError(args.command)


def _open(url: str):  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import ArgumentError, OperationalError

    from rescuedesk.db import Database
    from rescuedesk.errors import ValidationError

    try:
        db = Database(url)
        with db.engine.connect():
            pass
    except ArgumentError:
        raise ValidationError(f"无法识别的数据库地址：{url}") from None
    except OperationalError as exc:
        raise ValidationError(f"无法连接数据库：{str(exc.orig).strip().splitlines()[0]}") from None
    return db


def _actor(session, args):  # type: ignore[no-untyped-def]
    from rescuedesk.services.context import Actor, actor_by_username

    name = args.user or os.environ.get("RESCUEDESK_USER")
    if name:
        return actor_by_username(session, name)
    # Accounts (and passwords) come with the security work; until then the command line
    # acts as the OS user, and the audit trail says so.
    return Actor.system()


def _demo(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from rescuedesk.services import demo_data

    started = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int) -> bool:
        now = time.perf_counter()
        if sys.stderr.isatty() and (now - last[0] > 0.5 or done == total):
            print(f"\r生成中 {done}/{total}", end="", file=sys.stderr, flush=True)
            last[0] = now
        return True

    with db.write_session() as session:
        actor = _actor(session, args)
        summary = demo_data.generate(
            session, actor, args.persons, seed=args.seed, progress=progress
        )
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        f"已生成 {summary.persons} 名受助人、{summary.cases} 个个案、共 {summary.rows} 行，"
        f"用时 {time.perf_counter() - started:.1f} 秒。"
    )
    return 0


def _case_list(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from rescuedesk.services.case_queries import CaseFilter, list_cases
    from rescuedesk.services.fields import to_enum

    stages = (to_enum("stage", Stage, args.stage),) if args.stage else ()
    out = sys.stdout
    with db.read_session() as session:
        actor = _actor(session, args)
        page = list_cases(
            session,
            actor,
            CaseFilter(stages=stages),
            sort="case_number",
            descending=False,
            limit=args.limit or -1,
        )
        for row in page.rows:
            out.write(
                f"{row.case_number}\t{row.stage.value}\t{row.intake_date.isoformat()}\t"
                f"{row.caseworker or ''}\n"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
