"""Importing a whole ledger file: every sheet by its kind, in one transaction.

The one import operation: the command line (``rescuedesk import``) and the program's import
wizard both call :func:`import_file`, so a workbook is read, checked and written the same way
whichever way it comes in (the wizard's earlier steps, in :mod:`ledger_steps`, only propose
the mapping and preview the first rows).

The kind of each sheet (persons and cases, or follow-up visits) is told by its headers
(:func:`rescuedesk.ledger.mapping.detect_kind`); ``kind`` forces the kind of the first sheet
and imports that sheet only. A saved ``mapping`` applies to the first sheet of its kind; other
sheets get the proposed mapping. Sheets are imported in file order, so a visits sheet after
the cases sheet finds the cases by the file's own 个案编号 (as the ledger export writes it).
Decisions (:class:`Decision`) are keyed by (sheet, row), or by a bare row number for a row of
the first persons-and-cases sheet (:mod:`rescuedesk.ledger.decisions`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from sqlalchemy.orm import Session

from rescuedesk.errors import ValidationError
from rescuedesk.ledger import mapping as ledger_mapping
from rescuedesk.ledger.decisions import Decision, Key
from rescuedesk.ledger.mapping import Kind
from rescuedesk.ledger.reader import expected_rows, read_sheets
from rescuedesk.services.ledger.ledger_import import (
    CaseRows,
    ImportContext,
    ImportResult,
    Problem,
    Progress,
    Rows,
    run_import,
)
from rescuedesk.services.ledger.visit_import import VisitRows
from rescuedesk.services.office.context import Actor

# Reports to a progress bar about 200 times, however long the file (a signal per row of a
# 10,000-row ledger would keep the UI thread busy drawing).
PROGRESS_STEPS = 200

# (rows done, rows in all) -> keep going; the total is 0 while it is not known yet.
FileProgress = Callable[[int, int], bool]


def import_file(
    session: Session,
    actor: Actor,
    path: Path,
    *,
    mapping: dict[str, str] | None = None,
    kind: Kind | None = None,
    dry_run: bool = False,
    valid_only: bool = False,
    unit_id: int | None = None,
    decisions: Mapping[Key, Decision] | None = None,
    progress: FileProgress | None = None,
) -> ImportResult:
    """Import every sheet of ``path`` (see the module's docstring).

    ``progress(done, total) -> keep_going``: ``(0, 0)`` first, while the rows are counted
    (for an XLSX workbook, the size its sheets declare); a False raises InterruptedError
    inside the transaction, so a cancelled import keeps nothing, like a failed one.
    """
    if not path.exists():
        raise ValidationError(f"文件 {path} 不存在。", field="file")
    report = None
    if progress is not None:
        if not progress(0, 0):
            raise InterruptedError("cancelled")
        report = _every_step(progress, expected_rows(path))

    def work(result: ImportResult, ctx: ImportContext) -> None:
        _import_sheets(session, actor, path, result, ctx, mapping, kind, unit_id, decisions)

    result = run_import(
        session, actor, path, work, dry_run=dry_run, valid_only=valid_only, progress=report
    )
    # A cancel after the last row still keeps nothing: the transaction is not committed yet.
    if progress is not None and not progress(result.rows_read, result.rows_read):
        raise InterruptedError("cancelled")
    return result


def import_sheet(
    session: Session,
    actor: Actor,
    rows: Rows,
    mapping: dict[str, str],
    *,
    source: Path,
    kind: Kind = Kind.CASES,
    dry_run: bool = False,
    valid_only: bool = False,
    unit_id: int | None = None,
    decisions: Mapping[Key, Decision] | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import rows already read from one sheet of ``source``, as :func:`import_file` imports
    each sheet, in a transaction of their own (the wizard's preview imports its first rows
    so, and undoes them)."""

    def work(result: ImportResult, ctx: ImportContext) -> None:
        _import_sheet(session, actor, kind, rows, mapping, result, ctx, unit_id, decisions)

    return run_import(
        session, actor, source, work, dry_run=dry_run, valid_only=valid_only, progress=progress
    )


def _import_sheets(
    session: Session,
    actor: Actor,
    path: Path,
    result: ImportResult,
    ctx: ImportContext,
    given: dict[str, str] | None,
    kind: Kind | None,
    unit_id: int | None,
    decisions: Mapping[Key, Decision] | None,
) -> None:
    recognised = 0
    for index, sheet in enumerate(read_sheets(path)):
        if kind is not None and index > 0:
            break
        if kind is not None:
            sheet_kind: Kind | None = kind
        elif index == 0 and given:
            sheet_kind = ledger_mapping.kind_of(given)
        else:
            sheet_kind = ledger_mapping.detect_kind(sheet.headers)
        if sheet_kind is None:
            result.warnings.append(
                Problem(0, "", f"工作表“{sheet.name}”没有可识别的表头，已跳过。", sheet.name)
            )
            continue
        if given and ledger_mapping.kind_of(given) == sheet_kind:
            columns, given = given, None
        else:
            columns = ledger_mapping.propose(sheet.headers, sheet_kind)
        ctx.sheet = sheet.name
        recognised += 1
        if sheet_kind == Kind.CASES and not {"real_name", "alias"} & set(columns):
            raise ValidationError(
                f"工作表“{sheet.name}”找不到姓名或化名列：请用 --mapping 指定列的对应。"
            )
        _import_sheet(
            session, actor, sheet_kind, sheet.rows, columns, result, ctx, unit_id, decisions
        )
    if not recognised:
        raise ValidationError(f"文件 {path} 中找不到姓名或化名列：请用 --mapping 指定列的对应。")


def _import_sheet(
    session: Session,
    actor: Actor,
    kind: Kind,
    rows: Rows,
    columns: dict[str, str],
    result: ImportResult,
    ctx: ImportContext,
    unit_id: int | None,
    decisions: Mapping[Key, Decision] | None,
) -> None:
    if kind == Kind.CASES:
        CaseRows(session, actor, columns, result, ctx, unit_id, decisions or {}).read(rows)
    else:
        VisitRows(session, actor, columns, result, ctx).read(rows)


def _every_step(progress: FileProgress, total: int) -> Progress:
    step = max(1, total // PROGRESS_STEPS)
    keep_going = True

    def report(done: int) -> bool:
        nonlocal keep_going
        if done % step == 0:
            keep_going = progress(done, max(total, done))  # the total may be an estimate
        return keep_going

    return report
