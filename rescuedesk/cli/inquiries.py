"""Family inquiries and their matches from the command line."""

from __future__ import annotations

import argparse
import sys

from rescuedesk.cli.common import EXIT_USAGE
from rescuedesk.cli.files import _print_problems
from rescuedesk.db import Database
from rescuedesk.errors import ValidationError
from rescuedesk.services.office.context import Actor
from rescuedesk.userfiles import (
    new_file,
    readable_file,
    removed_on_failure,
    staged,
    writable_dir,
)


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
