"""Commands that read or write files: import, ledger, annual report, export, letters, demo data."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rescuedesk.cli.common import _minutes, _Progress
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

if TYPE_CHECKING:
    from rescuedesk.services.ledger.ledger_import import Problem


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
