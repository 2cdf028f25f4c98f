"""The case list, flags, assignments and transfers from the command line."""

from __future__ import annotations

import argparse
import sys

from rescuedesk.cli.files import _zip_password
from rescuedesk.db import Database
from rescuedesk.errors import ValidationError
from rescuedesk.models.enums import CaseFlag, Stage
from rescuedesk.services.casefile.case_queries import COUNT_CAP
from rescuedesk.services.office.context import Actor


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
