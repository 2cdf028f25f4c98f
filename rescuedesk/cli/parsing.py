"""The command line's grammar: every command, option and argument type of ``rescuedesk``."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from rescuedesk import __version__
from rescuedesk.cli.common import EXIT_USAGE
from rescuedesk.models.enums import CaseFlag, Role, Stage, UnitKind
from rescuedesk.services.casefile.case_queries import COUNT_CAP, MAX_PAGE

if TYPE_CHECKING:
    from rescuedesk.security.audit_head import Head


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
