"""The ``rescuedesk`` command: the GUI without a subcommand, administration with one.

Bad input exits with status 2 and one clear line on stderr naming the file, row or option;
nothing is half-written because every command runs in one transaction and writes its output
files under a temporary name, renamed when complete. An unexpected error is one line and
status 1 (the traceback with --verbose); a reader that closes the pipe early ends the command
quietly with status 141, as for other Unix tools.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import logging
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from sqlalchemy.exc import DatabaseError

from rescuedesk import __version__, clock
from rescuedesk.db import Database, lost_race
from rescuedesk.errors import DatabaseBusy, DomainError, ValidationError
from rescuedesk.models.enums import CaseFlag, Role, Stage, UnitKind
from rescuedesk.services.casefile.case_queries import COUNT_CAP, MAX_PAGE
from rescuedesk.services.office.context import Actor
from rescuedesk.userfiles import (
    new_file,
    readable_file,
    removed_on_failure,
    staged,
    writable_dir,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rescuedesk.security.audit_head import Head
    from rescuedesk.services.ledger.ledger_import import Problem

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
        "--primary",
        metavar="URL",
        help="--db 指向只读热备服务器时，主服务器的地址：读取在热备上进行，登录和审计写入"
        "主服务器（默认读取环境变量 RESCUEDESK_PRIMARY；见 docs/deployment.md）",
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
    demo.add_argument("--persons", type=_persons, required=True, metavar="N")
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
    case_list.add_argument("--limit", type=_page_size, metavar="N", help=f"最多 {MAX_PAGE} 条")
    case_list.add_argument(
        "--count",
        action="store_true",
        help=f"只输出个数，如窗口的“共 N 个个案”（超过 {COUNT_CAP} 个时为 {COUNT_CAP}+）",
    )
    case_list.add_argument(
        "--search",
        metavar="TEXT",
        default="",
        help="与个案列表的搜索框相同：姓名、别名、拼音或首字母、身份证号、个案编号",
    )
    case_list.add_argument(
        "--flag",
        metavar="FLAG",
        choices=[f.value for f in CaseFlag],
        help="只列出有这个标记的个案：" + "、".join(f.value for f in CaseFlag),
    )
    flag = case_sub.add_parser("flag", help="设置或取消个案标记（须填写理由）")
    flag.add_argument("case_number", metavar="CASE_NO")
    flag_change = flag.add_mutually_exclusive_group(required=True)
    flag_change.add_argument(
        "--set",
        dest="flag_set",
        metavar="FLAG",
        choices=[f.value for f in CaseFlag],
        help="设置这个标记（可选值同 case list --flag）",
    )
    flag_change.add_argument(
        "--remove",
        dest="flag_remove",
        metavar="FLAG",
        choices=[f.value for f in CaseFlag],
        help="取消这个标记",
    )
    flag.add_argument("--reason", required=True, metavar="TEXT", help="设置或取消的理由")

    assign = case_sub.add_parser(
        "assign", help="把个案分派给本单位的个案工作者或（其他单位的）回访工作者（主管）"
    )
    assign.add_argument("case_number", metavar="CASE_NO")
    # Not dest="user": the global --user is who acts; this one is who gets the case.
    assign.add_argument("--user", dest="assignee", required=True, metavar="NAME")
    assign.add_argument(
        "--until", type=_date, metavar="DATE", help="分派的最后一天，如 2027-06-30 或 2027.6.30"
    )
    assign.add_argument("--reason", required=True, metavar="TEXT", help="分派的理由")
    unassign = case_sub.add_parser("unassign", help="结束一个用户对个案的分派（主管）")
    unassign.add_argument("case_number", metavar="CASE_NO")
    unassign.add_argument("--user", dest="assignee", required=True, metavar="NAME")
    unassign.add_argument("--reason", metavar="TEXT", help="结束的理由")

    transfer = case_sub.add_parser(
        "transfer", help="申请把个案转移到另一个单位（主管；由接收单位的主管接收或拒绝）"
    )
    transfer.add_argument("case_number", metavar="CASE_NO")
    transfer.add_argument(
        "--to-unit", required=True, metavar="UNIT", help="接收单位的代码（见 rescuedesk unit list）"
    )
    transfer.add_argument("--reason", required=True, metavar="TEXT", help="转移的理由")
    transfer.add_argument(
        "--override-reason",
        metavar="理由",
        help="受助人的数据共享同意未包括接收单位时，主管越权批准的理由",
    )
    _transfer_parser(sub)

    bk = sub.add_parser("backup", help="备份数据库到文件")
    bk.add_argument("--out", required=True, metavar="FILE", type=Path)

    user = sub.add_parser("user", help="账户")
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_sub.add_parser(
        "add", help="添加账户（空数据库的第一个账户必须是管理员，无需 --user）"
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--unit", metavar="UNIT", help="单位代码；社工、回访工作者和主管必填")
    add.add_argument("--full-name", metavar="姓名")
    add.add_argument("--phone", metavar="电话")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="从标准输入读取新密码（若有第二行，须与第一行相同）",
    )

    unlock = user_sub.add_parser(
        "unlock", help="解锁因多次密码错误而锁定的账户（管理员；记入审计记录）"
    )
    unlock.add_argument("name", metavar="NAME")
    user_sub.add_parser(
        "list", help="列出账户：用户名<TAB>角色<TAB>单位<TAB>状态<TAB>姓名（管理员）"
    )
    for action, text in (
        ("disable", "停用账户：不能再登录，记录和历史保留（管理员；记入审计记录）"),
        ("enable", "重新启用停用的账户（管理员；记入审计记录）"),
    ):
        user_sub.add_parser(action, help=text).add_argument("name", metavar="NAME")
    reset = user_sub.add_parser(
        "reset", help="为账户设置新密码，旧密码随即失效（管理员；记入审计记录）"
    )
    reset.add_argument("name", metavar="NAME")
    reset.add_argument(
        "--password-stdin",
        action="store_true",
        help="从标准输入读取新密码（若有第二行，须与第一行相同）",
    )

    unit = sub.add_parser("unit", help="单位")
    unit_sub = unit.add_subparsers(dest="unit_command", metavar="ACTION", required=True)
    unit_add = unit_sub.add_parser("add", help="添加单位（管理员）")
    unit_add.add_argument("code", metavar="CODE", help="单位代码，用于个案编号，如 HRB-JZZ")
    unit_add.add_argument("--name", required=True, metavar="NAME", help="单位全称")
    unit_add.add_argument("--kind", required=True, choices=[k.value for k in UnitKind])
    unit_add.add_argument(
        "--division",
        required=True,
        metavar="CODE",
        help="所在行政区划：6位代码，或地名（如 哈尔滨市呼兰区；见 rescuedesk place）",
    )
    unit_sub.add_parser("list", help="列出单位：代码<TAB>名称<TAB>类别<TAB>区划代码<TAB>区划")

    letter = sub.add_parser("letter", help="打印转介函（PDF）")
    letter.add_argument("--case", required=True, metavar="CASE_NO", help="个案编号")
    letter.add_argument(
        "--to", required=True, metavar="TYPE", help="转介函类型，见 rescuedesk letter-types"
    )
    letter.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    letter.add_argument("--recipient", metavar="机构名称")
    letter.add_argument("--service", metavar="请求的服务")
    letter.add_argument(
        "--include-id-number", action="store_true", help="在允许的转介函中写入身份证号（需确认）"
    )
    letter.add_argument(
        "--override-reason", metavar="理由", help="没有受助人同意时，主管越权批准的理由"
    )
    sub.add_parser("letter-types", help="列出转介函类型")
    place = sub.add_parser(
        "place", help="查地名：按名称、简称、拼音或代码列出地区：代码<TAB>省 › 市 › 县"
    )
    place.add_argument("text", metavar="TEXT", help="地名、简称（文山州、百色）、拼音或6位代码")
    place.add_argument(
        "--limit", type=_positive_int, default=20, metavar="N", help="最多列出几个（默认 20）"
    )

    export = sub.add_parser("export", help="导出")
    export_sub = export.add_subparsers(dest="export_command", metavar="KIND", required=True)
    deid = export_sub.add_parser("deidentified", help="去标识化的个案级数据（k-匿名）")
    deid.add_argument("--k", type=_positive_int, default=11, metavar="K")
    deid.add_argument("--l", type=_positive_int, default=2, metavar="L", dest="l_div")
    deid.add_argument(
        "--suppression-limit",
        type=float,
        default=5.0,
        metavar="PCT",
        help="最多删除的记录百分比（默认5）",
    )
    deid.add_argument(
        "--sensitive",
        nargs="+",
        metavar="COL",
        help="敏感属性：placement_type care disability stage",
    )
    deid.add_argument(
        "--recipient",
        default="research",
        metavar="R",
        help="接收方（每个接收方的化名不同，同一接收方每年相同）",
    )
    deid.add_argument("--purpose", default="研究", metavar="TEXT")
    deid.add_argument("--out", required=True, type=Path, metavar="FILE.csv|.xlsx")
    deid.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="没有系统钥匙串时，从标准输入第一行读取化名口令",
    )
    deid.add_argument(
        "--password-stdin",
        action="store_true",
        help="把文件放入 AES 加密的 zip，密码从标准输入读取",
    )

    imp = sub.add_parser("import", help="导入台账（XLSX 或 CSV）")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument(
        "--mapping", type=Path, metavar="MAPPING.json", help="列与字段的对应（默认按常见表头推断）"
    )
    imp.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    imp.add_argument("--valid-only", action="store_true", help="只导入没有问题的行")
    imp.add_argument("--unit", metavar="UNIT", help="登记单位代码（默认为用户所在单位）")
    imp.add_argument(
        "--kind",
        choices=["cases", "visits"],
        help="只导入第一个工作表，并当作受助人与个案台账（cases）或回访台账（visits）；"
        "默认按表头识别每个工作表",
    )
    imp.add_argument(
        "--decisions",
        type=Path,
        metavar="FILE.json",
        help="对可能重复的行的决定（new 新建、same 并入已有档案、skip 跳过）；"
        "试导入时会在文件旁写出待填写的 FILE.decisions.json",
    )

    led = sub.add_parser("ledger", help="导出本单位台账（含个人信息，仅供本单位使用）")
    led.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    led.add_argument(
        "--password-stdin", action="store_true", help="放入 AES 加密的 zip，密码从标准输入读取"
    )

    rep = sub.add_parser("report", help="统计报告")
    rep_sub = rep.add_subparsers(dest="report_command", metavar="KIND", required=True)
    annual = rep_sub.add_parser("annual", help="年度统计报告（PDF 或 XLSX）")
    annual.add_argument("--year", type=int, required=True, metavar="YEAR")
    annual.add_argument("--out", type=Path, required=True, metavar="FILE.pdf|.xlsx")

    rs = sub.add_parser(
        "restore",
        help="用备份文件替换内嵌数据库（须用备份中管理员的密码；原文件改名保留在旁边）",
    )
    rs.add_argument("file", type=Path, metavar="FILE", help="备份文件（旁边须有它的 .keys 文件）")

    _inquiry_parser(sub)

    aud = sub.add_parser("audit", help="审计记录")
    aud_sub = aud.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = aud_sub.add_parser(
        "verify",
        help="校验审计记录的哈希链和链头锚点：完整时退出码0，断裂或末尾被删除时1",
    )
    verify.add_argument(
        "--head",
        type=_noted_head,
        metavar="N:哈希",
        help="同时与此前记下的链头核对（上次校验时打印的 N:哈希）",
    )
    anchor = aud_sub.add_parser(
        "anchor", help="核对之后按当前链头重新建立锚点（管理员；记入审计记录）"
    )
    anchor.add_argument("--reason", required=True, metavar="说明")
    return parser


def _noted_head(text: str) -> Head:
    from rescuedesk.security.audit_head import parse_noted

    try:
        return parse_noted(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}”不是链头：应为 条数:哈希（至少 8 位十六进制），如 120:8e6387068a119e5a"
        ) from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("应为正整数")
    return value


def _at_most(ceiling: int, why: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = _positive_int(text)
        if value > ceiling:
            raise argparse.ArgumentTypeError(f"{value} 太大：最多 {ceiling}（{why}）")
        return value

    return parse


# Demo data beyond this is a typo: two million persons already take an hour and gigabytes.
MAX_DEMO_PERSONS = 2_000_000
_persons = _at_most(MAX_DEMO_PERSONS, "演示数据不需要更多")
_page_size = _at_most(MAX_PAGE, "不加 --limit 则列出全部")
_match_top = _at_most(100, "每条查询最多列出 100 名")


def _date(text: str) -> dt.date:
    """A date as people type it (2027-06-30, 2027.6.30, 2027年6月30日)."""
    from rescuedesk.reference.dates import parse_date

    try:
        day = parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if day is None:
        raise argparse.ArgumentTypeError("日期不能为空")
    return day


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


def _tell(text: str) -> None:
    print(f"rescuedesk: {text}", file=sys.stderr)


class _Progress:
    """A long command's progress on stderr, e.g. 导出中 120000/1000000（12%）: rewritten in
    place on a terminal; in a log (stderr not a tty) a line at every further tenth or every
    few seconds, so a script's log shows it moving without filling up."""

    EVERY = 5.0  # seconds between lines in a log

    def __init__(self, doing: str) -> None:
        self.doing = doing
        self.tty = sys.stderr.isatty()
        self.last = time.perf_counter()
        self.tenth = -1
        self.open = False

    def __call__(self, done: int, total: int) -> bool:
        if not total:  # nothing counted yet (a backup before its first step): no "0/0" line
            return True
        now = time.perf_counter()
        tenth = done * 10 // total
        if self.tty:
            if now - self.last >= 0.2 or done == total:
                print(f"\r{self._text(done, total)}", end="", file=sys.stderr, flush=True)
                self.open, self.last = True, now
        elif tenth != self.tenth or now - self.last >= self.EVERY:
            print(self._text(done, total), file=sys.stderr, flush=True)
            self.tenth, self.last = tenth, now
        return True

    def stage(self, name: str) -> None:
        """The next stage (progress.stage), e.g. 校验备份: its name on a line of its own, as it
        counts nothing; the lines after it, if it counts, are its own (校验备份中 3/10（30%）)."""
        self.close()
        self.doing = f"{name}中"
        self.tenth, self.last = -1, time.perf_counter()
        print(f"{self.doing}…", file=sys.stderr, flush=True)

    def _text(self, done: int, total: int) -> str:
        return f"{self.doing} {done}/{total}（{done * 100 // total}%）"

    def close(self) -> None:
        if self.open:
            print(file=sys.stderr)
            self.open = False


# The engines RescueDesk runs on; any other URL is refused before a driver is looked for.
_DRIVERS = {"sqlite": ("pysqlite",), "postgresql": ("psycopg",)}


def _creates_database(args: argparse.Namespace) -> bool:
    """The commands that may create a new database file: `db upgrade` (the documented way),
    the first account (`user add`, which then encrypts it), demo data, and a restore (which
    may well be into a new file)."""
    if args.command == "user":
        return args.user_command == "add"
    return (args.command == "db" and args.db_command == "upgrade") or args.command in (
        "demo-data",
        "restore",
    )


def _check_database(url: str, *, creates: bool) -> None:
    """Refuse a URL of an engine we do not run on, and a SQLite file that is missing (a typo
    would otherwise make a new, empty, unencrypted database) unless the command creates one."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from rescuedesk.db import sqlite_file

    try:
        u = make_url(url)
    except ArgumentError:
        raise ValidationError(f"无法识别的数据库地址：{url}", field="db") from None
    backend, driver = u.get_backend_name(), u.get_driver_name()
    if backend not in _DRIVERS or (u.drivername != backend and driver not in _DRIVERS[backend]):
        raise ValidationError(
            f"不支持这种数据库：{u.drivername}（--db 只接受 SQLite 文件路径，"
            "或 PostgreSQL：postgresql+psycopg://用户@主机/库名）。",
            field="db",
        )
    path = sqlite_file(url)
    if path is None:
        return
    if path.is_dir():
        raise ValidationError(f"数据库 {path} 是一个目录，不是数据库文件。", field="db")
    if not path.exists() and not creates:
        raise ValidationError(
            f"数据库文件 {path} 不存在：请检查 --db 的路径；要新建数据库，"
            f"请运行 rescuedesk --db {path} db upgrade。",
            field="db",
        )


def _user_name(args: argparse.Namespace) -> str | None:
    return args.user or os.environ.get("RESCUEDESK_USER")


def _password(args: argparse.Namespace) -> str:
    """RESCUEDESK_PASSWORD, else a prompt on a terminal; asked once per command."""
    cached = getattr(args, "_password", None)
    if cached is not None:
        return cached
    value = os.environ.get("RESCUEDESK_PASSWORD")
    if value is None:
        if not sys.stdin.isatty():
            raise ValidationError(
                "需要密码：请设置环境变量 RESCUEDESK_PASSWORD，或在终端中运行以输入密码。"
            )
        value = getpass.getpass("密码：")
    args._password = value
    return value


def _os_user(name: str | None) -> Callable[[Session], Actor]:
    """Who acts on a new database without accounts: the named user's record if any, else
    the OS user, named in the audit trail; once accounts exist a log-in is required."""
    from rescuedesk.services.office.context import actor_by_username

    def acting(session: Session) -> Actor:
        return actor_by_username(session, name) if name else Actor.system()

    return acting


def _login(db: Database, args: argparse.Namespace) -> Actor:
    """The acting user: a checked log-in once accounts exist, before that the OS user."""
    from rescuedesk.services import workspace

    name = _user_name(args)
    # A failed attempt is recorded, then refused; on PostgreSQL the data key is unwrapped.
    return workspace.log_in(db, name, lambda: _password(args), before_accounts=_os_user(name))


def _require(actor: Actor, *roles: Role, what: str) -> None:
    from rescuedesk.services.office.access import ensure_role

    ensure_role(actor, *roles, what=what)


def _audit_now(db: Database, actor: Actor, action: str, reason: str | None = None) -> None:
    from rescuedesk.services.office import audit

    with db.write_session() as session:
        audit.record(session, actor, action, "database", None, reason=reason)


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


def _import(db: Database, actor: Actor, args: argparse.Namespace) -> int:
    from rescuedesk.ledger import decisions as ledger_decisions
    from rescuedesk.ledger import mapping as ledger_mapping
    from rescuedesk.services.ledger.ledger_file import import_file
    from rescuedesk.services.ledger.ledger_import import write_problems
    from rescuedesk.services.office.accounts import unit_by_code
    from rescuedesk.userfiles import file_sha256

    readable_file(args.file, "台账文件")
    report = args.file.with_name(args.file.name + ".problems.xlsx")
    writable_dir(report.absolute().parent, report)  # before the import, not after its commit
    digest = file_sha256(args.file)
    mapping = ledger_mapping.load(args.mapping) if args.mapping else None
    decisions = ledger_decisions.load(args.decisions, sha256=digest) if args.decisions else None
    with db.write_session() as session:
        unit_id = unit_by_code(session, args.unit).id if args.unit else None
        result = import_file(
            session,
            actor,
            args.file,
            mapping=mapping,
            kind=ledger_mapping.Kind(args.kind) if args.kind else None,
            dry_run=args.dry_run,
            valid_only=args.valid_only,
            unit_id=unit_id,
            decisions=decisions,
        )
    with staged(report) as tmp:
        write_problems(result, tmp)
    verb = "检查" if args.dry_run else "导入"
    print(
        f"读取 {result.rows_read} 行，{verb}成功 {result.imported + result.visits} 行"
        f"（个案 {result.imported}，其中并入已有受助人 {result.attached}；回访 {result.visits}），"
        f"有问题 {result.rejected} 行（其中重复 {result.duplicates} 行），"
        f"按决定跳过 {result.skipped} 行。问题清单：{report}"
    )
    _print_problems(result.problems, report)
    if result.candidates:
        print(f"可能重复 {len(result.candidates)} 处，见问题清单的“可能重复”表。")
        if args.dry_run and not args.decisions:
            template = args.file.with_name(args.file.name + ".decisions.json")
            ledger_decisions.save_template(
                result.candidates, template, sha256=digest, sheets=len(result.case_sheets) > 1
            )
            print(f"请在 {template} 中为每一行填写决定，再用 --decisions 导入。")
    if result.refused:
        print(
            "rescuedesk: 有问题的行未改正，本次没有导入任何一行"
            "（可加 --valid-only 只导入正确的行）。",
            file=sys.stderr,
        )
    return 2 if result.rejected or result.refused else 0


# A ledger full of problems is read in its problems report, not on the terminal.
PROBLEMS_SHOWN = 200


def _print_problems(problems: Sequence[Problem], report: Path) -> None:
    """Each problem of the import on its own line, with its row and column (and its sheet
    when the file has several)."""
    several = len({p.sheet for p in problems}) > 1
    for p in problems[:PROBLEMS_SHOWN]:
        sheet = f"工作表“{p.sheet}” " if several and p.sheet else ""
        column = f" {p.column}" if p.column else ""
        print(f"  {sheet}第{p.row}行{column}：{p.message}")
    if len(problems) > PROBLEMS_SHOWN:
        print(f"  ……另有 {len(problems) - PROBLEMS_SHOWN} 个问题，见问题清单 {report}。")


def _zip_password() -> str:
    """--password-stdin: the first line of stdin; none is an error, never a plain file."""
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise ValidationError("标准输入中没有 zip 密码（--password-stdin）。", field="password")
    return password


def _new_outputs(out: Path, password: str | None, *extra: str) -> list[Path]:
    """The files a command will write for --out ``out``, checked before any work starts."""
    from rescuedesk.services.reports.files import new_outputs

    return new_outputs(out, password, *extra)


def _ledger(db: Database, actor: Actor, args: argparse.Namespace) -> int:
    from rescuedesk.services.ledger.ledger_export import export_ledger

    password = _zip_password() if args.password_stdin else None
    outputs = _new_outputs(args.out, password)
    progress = _Progress("导出台账中")
    with removed_on_failure(*outputs), db.write_session() as session:
        target = export_ledger(session, actor, args.out, password=password, progress=progress)
    progress.close()
    print(f"已导出台账：{target}")
    return 0


def _annual_report(db: Database, actor: Actor, args: argparse.Namespace) -> int:
    from rescuedesk.services.reports.annual_report_file import check_suffix, report_to_file

    check_suffix(args.out)
    new_file(args.out)
    # Counted on the standby when there is one; the file goes if the audit's commit fails.
    progress = _Progress("统计中")
    report_to_file(db, actor, args.year, args.out, progress=progress)
    progress.close()
    print(f"已生成 {args.year} 年度统计报告：{args.out}")
    return 0


def _export(db: Database, actor: Actor, args: argparse.Namespace) -> int:
    from rescuedesk.services.reports.exports import REPORT_SUFFIX, export_to_file, plan_export

    lines = sys.stdin.read().splitlines() if (args.passphrase_stdin or args.password_stdin) else []
    passphrase = lines.pop(0) if args.passphrase_stdin and lines else None
    password = lines.pop(0) if args.password_stdin and lines else None
    if args.password_stdin and not password:
        raise ValidationError("标准输入中没有 zip 密码。")
    _new_outputs(args.out, password, REPORT_SUFFIX)  # before the search, which takes time
    # Planned on the standby when there is one: the plan writes nothing; the export's
    # audit event is written with its files below.
    progress = _Progress("导出中")
    with db.read_session() as session:
        plan = plan_export(
            session,
            actor,
            k=args.k,
            l_div=args.l_div,
            suppression_limit=args.suppression_limit / 100,
            sensitive=args.sensitive,
            recipient=args.recipient,
            passphrase=passphrase,
            progress=progress,
        )
    # The same action as the export page's 导出…: files and audit together, or neither.
    target = export_to_file(
        db, actor, plan, args.out, purpose=args.purpose, password=password, progress=progress
    )
    progress.close()
    # Printed after the commit: a closed stdout cannot undo the export or its audit.
    r = plan.report
    print(
        f"k={r['k']}（达到 {r['achieved_k']}），l={r['l']}（达到 {r['achieved_l']}），"
        f"输入 {r['rows_in']} 行，输出 {r['rows_out']} 行，删除 {r['rows_suppressed']} 行；"
        f"最高重识别风险 {r['prosecutor_risk']['highest']:.3f}，"
        f"信息损失 {r['information_loss']:.3f}"
    )
    for warning in r["warnings"]:
        print(f"注意：{warning}", file=sys.stderr)
    print(f"已写入 {target} 和 {args.out.name}.report.json")
    return 0


def _letter(db: Database, actor: Actor, args: argparse.Namespace) -> int:
    from rescuedesk.services.referrals.letter_actions import issue_letter

    # The number, the referral, the audit and the file, or none of them (as in the GUI).
    issued = issue_letter(
        db,
        actor,
        args.case,
        args.to,
        out=args.out,
        recipient_name=args.recipient,
        service=args.service,
        include_id_number=args.include_id_number,
        override_reason=args.override_reason,
    )
    from rescuedesk.documents.fonts import cjk_font

    for warning in [*issued.warnings, *filter(None, [cjk_font().warning])]:
        print(f"注意：{warning}", file=sys.stderr)
    print(f"已生成转介函 {issued.letter_number}：{issued.path}")
    return 0


def _demo(db: Database, actor: Actor, args: argparse.Namespace) -> int:
    from rescuedesk.services.demo.demo_setup import load_demo_data

    started = time.perf_counter()
    tty = sys.stderr.isatty()
    last = [0.0]
    next_tenth = [1]

    def progress(done: int, total: int) -> bool:
        now = time.perf_counter()
        # On a terminal one line redrawn twice a second; in a log or a pipe a line at each
        # tenth of the way, so a run of many minutes still says how far it is.
        if tty:
            due = now - last[0] > 0.5 or done == total
        else:
            due = total > 0 and done * 10 >= next_tenth[0] * total
            while total > 0 and done * 10 >= next_tenth[0] * total:
                next_tenth[0] += 1
        if not due:
            return True
        elapsed = now - started
        rate = done / elapsed if elapsed > 0 else 0.0
        line = f"生成中 {done}/{total}（{done * 100 // max(total, 1)}%），每秒 {rate:,.0f} 人"
        if 0 < done < total and rate > 0:
            line += f"，预计还需 {_minutes((total - done) / rate)}"
        if tty:
            print(f"\r{line}\033[K", end="", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)
        last[0] = now
        return True

    # The same action as the first-start wizard's demo page (an administrator's).
    summary = load_demo_data(db, actor, args.persons, seed=args.seed, progress=progress).summary
    if tty:
        print(file=sys.stderr)
    print(
        f"已生成 {summary.persons} 名受助人、{summary.cases} 个个案、共 {summary.rows} 行，"
        f"用时 {time.perf_counter() - started:.1f} 秒。"
    )
    return 0


def _minutes(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60} 分 {whole % 60} 秒" if whole >= 60 else f"{whole} 秒"


def _case_list(db: Database, actor: Actor, args: argparse.Namespace) -> int:
    from rescuedesk.services.casefile.case_queries import CaseFilter, list_cases
    from rescuedesk.services.casefile.fields import to_enum

    stages = (to_enum("stage", Stage, args.stage),) if args.stage else ()
    flag = CaseFlag(args.flag) if args.flag else None
    if args.count:  # a number, no one's record: nothing to audit
        from rescuedesk.services.casefile.case_queries import count_cases, shown_count

        with db.read_session() as session:
            found = count_cases(
                session,
                actor,
                CaseFilter(stages=stages, search=args.search, flag=flag),
                cap=COUNT_CAP,
            )
        print(shown_count(found))
        return 0
    with db.write_session() as session:  # the read is audited
        page = list_cases(
            session,
            actor,
            # The search box's own filter, so a script finds what the window shows.
            CaseFilter(stages=stages, search=args.search, flag=flag),
            sort="case_number",
            descending=False,
            limit=args.limit or -1,
        )
        lines = [
            f"{row.case_number}\t{row.stage.value}\t{row.intake_date.isoformat()}\t"
            f"{row.caseworker or ''}\n"
            for row in page.rows
        ]
    # Written only once the audit of the listing is committed: a reader that stops early
    # (`| head`) cannot take the audit trail's record of what was shown with it.
    sys.stdout.writelines(lines)
    return 0


def _case_flag(db: Database, actor: Actor, args: argparse.Namespace) -> int:
    from rescuedesk.reference.labels import enum_label
    from rescuedesk.services.casefile import flags
    from rescuedesk.services.office.access import case_by_number

    number = args.case_number

    def change(s):  # type: ignore[no-untyped-def]
        case_id = case_by_number(s, number).id
        if args.flag_set:
            return flags.set_flag(s, actor, case_id, args.flag_set, args.reason)
        return flags.remove_flag(s, actor, case_id, args.flag_remove, args.reason)

    db.run_write(change)
    flag = CaseFlag(args.flag_set or args.flag_remove)
    done = "已设置" if args.flag_set else "已取消"
    print(f"个案 {number}：{done}标记“{enum_label(flag)}”。")
    return 0


def _case_assignment(db: Database, actor: Actor, args: argparse.Namespace) -> int:
    from rescuedesk.services.casefile import assignments

    number, name = args.case_number, args.assignee
    if args.case_command == "assign":
        db.run_write(
            lambda s: assignments.assign_by_names(
                s, actor, number, name, reason=args.reason, until=args.until
            )
        )
        until = f"，至 {args.until:%Y-%m-%d}" if args.until else ""
        print(f"已把个案 {number} 分派给 {name}{until}。")
    else:
        db.run_write(lambda s: assignments.unassign_by_names(s, actor, number, name, args.reason))
        print(f"已结束 {name} 对个案 {number} 的分派。")
    return 0


def _transfer_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    transfer = sub.add_parser("transfer", help="个案在单位之间的转移")
    t_sub = transfer.add_subparsers(dest="transfer_command", metavar="ACTION", required=True)
    t_sub.add_parser(
        "list",
        help="列出本单位发出和收到的转移：编号<TAB>状态<TAB>个案编号<TAB>受助人<TAB>"
        "发出单位<TAB>接收单位<TAB>申请人<TAB>理由",
    )
    accept = t_sub.add_parser("accept", help="接收转移来的个案，指定新的个案工作者（接收单位主管）")
    accept.add_argument("transfer_id", type=int, metavar="ID")
    accept.add_argument(
        "--caseworker", required=True, metavar="NAME", help="新的个案工作者的用户名"
    )
    accept.add_argument("--reason", metavar="TEXT", help="备注")
    reject = t_sub.add_parser("reject", help="拒绝接收转移来的个案（接收单位主管）")
    reject.add_argument("transfer_id", type=int, metavar="ID")
    reject.add_argument("--reason", required=True, metavar="TEXT", help="拒绝的理由")
    export = t_sub.add_parser(
        "export", help="把待接收的转移导出为加密的转移包，交给另一个数据库的接收单位（主管）"
    )
    export.add_argument("file", metavar="FILE", type=Path)
    export.add_argument("--id", dest="transfer_id", type=int, required=True, metavar="ID")
    export.add_argument(
        "--password-stdin", action="store_true", help="转移包的密码从标准输入读取（必需）"
    )
    withdraw = t_sub.add_parser(
        "withdraw",
        help="撤回本单位发出的转移：待接收的取消；已导出转移包而对方拒绝的，个案回到本单位（主管）",
    )
    withdraw.add_argument("transfer_id", type=int, metavar="ID")
    withdraw.add_argument("--reason", required=True, metavar="TEXT", help="撤回的理由")
    imp = t_sub.add_parser(
        "import", help="导入另一个数据库的转移包，待本单位主管接收或拒绝（主管）"
    )
    imp.add_argument("file", metavar="FILE", type=Path)
    imp.add_argument(
        "--password-stdin", action="store_true", help="转移包的密码从标准输入读取（必需）"
    )


def _case_transfer(db: Database, actor: Actor, args: argparse.Namespace) -> int:
    from rescuedesk.services.casefile import transfers

    done = db.run_write(
        lambda s: (
            transfers.request_by_names(
                s,
                actor,
                args.case_number,
                args.to_unit,
                reason=args.reason,
                override_reason=args.override_reason,
            ).id
        )
    )
    print(
        f"已申请把个案 {args.case_number} 转移到 {args.to_unit}（转移编号 {done}），"
        "待接收单位主管接收。"
    )
    return 0


def _transfer(db: Database, actor: Actor, args: argparse.Namespace) -> int:
    from rescuedesk.services.casefile import transfer_package, transfers

    command = args.transfer_command
    if command == "list":
        with db.write_session() as session:  # the read is audited
            rows = transfers.list_transfers(session, actor)
        for r in rows:
            print(
                f"{r.id}\t{r.status}\t{r.case_number}\t{r.person}\t{r.from_unit}\t{r.to_unit}\t"
                f"{r.requested_by}\t{r.reason}"
                + (f"\t{r.decision_reason}" if r.decision_reason else "")
            )
        return 0
    if command == "accept":
        number = db.run_write(
            lambda s: (
                transfers.accept_by_name(
                    s, actor, args.transfer_id, args.caseworker, args.reason
                ).case_number
            )
        )
        print(f"已接收个案 {number}，个案工作者为 {args.caseworker}。")
        return 0
    if command == "withdraw":
        number = db.run_write(
            lambda s: (
                transfers.withdraw_transfer(s, actor, args.transfer_id, args.reason).case_number
            )
        )
        print(f"已撤回个案 {number} 的转移。")
        return 0
    if command == "reject":
        number = db.run_write(
            lambda s: transfers.reject_transfer(s, actor, args.transfer_id, args.reason).case_number
        )
        print(f"已拒绝接收个案 {number}。")
        return 0
    if not args.password_stdin:
        raise ValidationError("转移包必须加密：请用 --password-stdin 从标准输入提供密码。")
    password = _zip_password()
    if command == "export":
        # One transaction, not run again on a lost race: it writes the file.
        number = transfer_package.write_package(db, actor, args.transfer_id, args.file, password)
        print(f"已把个案 {number} 导出为转移包 {args.file}；请把文件和密码分开交给接收单位。")
        return 0
    found = db.run_write(lambda s: transfer_package.import_package(s, actor, args.file, password))
    print(
        f"已导入转移包（转移编号 {found.id}，个案 {found.case_number}），待本单位主管接收或拒绝。"
    )
    return 0


def _inquiry_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from rescuedesk.models.inquiry import INQUIRY_STATUSES

    inquiry = sub.add_parser("inquiry", help="寻亲查询（家属或公安机关的查询）")
    i_sub = inquiry.add_subparsers(dest="inquiry_command", metavar="ACTION", required=True)
    add = i_sub.add_parser(
        "add",
        help="从 CSV 或 XLSX 文件登记寻亲查询，每行一条：查询编号、查询人、与走失者关系、"
        "联系电话、走失者姓名、小名、性别、出生年份、走失日期、走失地点、家乡方言、身高、"
        "体貌特征（也可有 公安机关、公安编号、走失时年龄）",
    )
    add.add_argument("file", type=Path, metavar="FILE.csv|.xlsx")
    add.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    add.add_argument("--valid-only", action="store_true", help="只登记没有问题的行")
    listing = i_sub.add_parser(
        "list",
        help="列出本单位的寻亲查询：查询编号<TAB>状态<TAB>收到日期<TAB>走失者姓名<TAB>小名<TAB>"
        "性别<TAB>出生年份<TAB>走失日期<TAB>走失地点<TAB>查询人<TAB>联系电话",
    )
    listing.add_argument(
        "--status",
        choices=INQUIRY_STATUSES,
        help="只列出这个状态：open 未找到、matched 已确认可能相符、closed 已关闭",
    )
    match = i_sub.add_parser(
        "match",
        help="把本单位每条未找到的寻亲查询与同意寻亲的身份不明受助人比对，写出 CSV："
        "查询编号,名次,个案编号,分数,理由（名次 1 最相符）",
    )
    match.add_argument(
        "--top", type=_match_top, default=10, metavar="N", help="每条查询最多列出几名（默认 10）"
    )
    match.add_argument("--out", required=True, type=Path, metavar="FILE.csv")
    close = i_sub.add_parser("close", help="关闭一条寻亲查询（须填写理由）")
    close.add_argument("number", metavar="NUMBER", help="查询编号")
    close.add_argument("--reason", required=True, metavar="TEXT", help="关闭的理由")


def _inquiry(db: Database, actor: Actor, args: argparse.Namespace) -> int:
    from rescuedesk.services.tracing import inquiries

    command = args.inquiry_command
    if command == "close":
        number = db.run_write(
            lambda s: inquiries.close_by_number(s, actor, args.number, args.reason).inquiry_number
        )
        print(f"已关闭寻亲查询 {number}。")
        return 0
    if command == "match":
        return _inquiry_match(db, actor, args)
    if command == "list":
        with db.write_session() as session:  # the read is audited
            rows = inquiries.list_inquiries(session, actor, args.status)
        for r in rows:
            cells = (
                r.inquiry_number,
                r.status,
                r.received_on.isoformat(),
                r.missing_name or "",
                "、".join(r.nicknames),
                r.sex,
                str(r.birth_year or ""),
                r.missing_date_text,
                r.missing_place or "",
                r.inquirer_name or "",
                r.inquirer_phone or "",
            )
            print("\t".join(c.replace("\t", " ") for c in cells))
        return 0
    return _inquiry_add(db, actor, args)


MATCH_HEADER = ("查询编号", "名次", "个案编号", "分数", "理由")


def _inquiry_match(db: Database, actor: Actor, args: argparse.Namespace) -> int:
    import csv
    import io

    from rescuedesk.services.tracing.matching import match_all

    if args.out.suffix.lower() != ".csv":
        raise ValidationError(f"--out 应为 .csv 文件：{args.out}", field="out")
    out = new_file(args.out)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(MATCH_HEADER)
    # The ranking, its proposals, its audit and the file, or none of them.
    with removed_on_failure(out), db.write_session() as session:
        run = match_all(session, actor, args.top)
        for c in run.candidates:
            why = (
                "；".join(c.reasons)
                if c.readable
                else f"理由仅负责人可见（负责人：{c.caseworker}）"
            )
            writer.writerow((c.inquiry_number, c.rank, c.case_number or "", c.score, why))
        # Names are in the reasons: the file is its owner's only, like a backup.
        with staged(out, mode=0o600) as tmp:
            tmp.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    left = f"（另有 {run.left_out} 名未同意寻亲，未比对）" if run.left_out else ""
    print(
        f"已比对 {run.inquiries} 条寻亲查询和 {run.persons} 名身份不明的受助人{left}，"
        f"写出 {len(run.candidates)} 行：{out}"
    )
    return 0


def _inquiry_add(db: Database, actor: Actor, args: argparse.Namespace) -> int:
    from rescuedesk.services.ledger.ledger_import import write_problems
    from rescuedesk.services.tracing import inquiries

    readable_file(args.file, "寻亲查询文件")
    report = args.file.with_name(args.file.name + ".problems.xlsx")
    writable_dir(report.absolute().parent, report)  # before the import, not after its commit
    with db.write_session() as session:
        result = inquiries.import_rows(
            session, actor, args.file, valid_only=args.valid_only, dry_run=args.dry_run
        )
    with staged(report) as tmp:
        write_problems(result, tmp)
    verb = "检查" if args.dry_run else "登记"
    print(
        f"读取 {result.rows_read} 行，{verb}成功 {result.imported} 行，"
        f"有问题 {result.rejected} 行（其中查询编号重复 {result.duplicates} 行）。"
        f"问题清单：{report}"
    )
    for warning in result.warnings:
        print(f"注意：列“{warning.column}”{warning.message}。")
    _print_problems(result.problems, report)
    if result.refused:
        print(
            "rescuedesk: 有问题的行未改正，本次没有登记任何一行"
            "（可加 --valid-only 只登记正确的行）。",
            file=sys.stderr,
        )
    return EXIT_USAGE if result.rejected else 0


if __name__ == "__main__":
    raise SystemExit(main())
