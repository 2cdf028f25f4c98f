"""Importing a whole ledger file: every sheet by its kind, in one transaction.

The kind of each sheet (persons and cases, or follow-up visits) is told by its headers
(:func:`rescuedesk.ledger.mapping.detect_kind`); ``kind`` forces the kind of the first sheet
and imports that sheet only. A saved ``mapping`` applies to the first sheet of its kind; other
sheets get the proposed mapping. Sheets are imported in file order, so a visits sheet after
the cases sheet finds the cases by the file's own 个案编号 (as the ledger export writes it).
Decisions (row -> :class:`Decision`) refer to the rows of the persons-and-cases sheet.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.orm import Session

from rescuedesk.errors import ValidationError
from rescuedesk.ledger import mapping as ledger_mapping
from rescuedesk.ledger.decisions import Decision
from rescuedesk.ledger.mapping import Kind
from rescuedesk.ledger.reader import read_sheets
from rescuedesk.services.context import Actor
from rescuedesk.services.ledger_import import (
    ImportContext,
    ImportResult,
    Problem,
    Progress,
    import_case_sheet,
    run_import,
)
from rescuedesk.services.visit_import import import_visit_sheet


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
    decisions: Mapping[int, Decision] | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    if not path.exists():
        raise ValidationError(f"文件 {path} 不存在。", field="file")
    ctx = ImportContext(progress=progress)

    def work(result: ImportResult) -> None:
        given = mapping
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
            if sheet_kind == Kind.CASES:
                if not {"real_name", "alias"} & set(columns):
                    raise ValidationError(
                        f"工作表“{sheet.name}”找不到姓名或化名列：请用 --mapping 指定列的对应。"
                    )
                import_case_sheet(
                    session,
                    actor,
                    sheet.rows,
                    columns,
                    result,
                    ctx,
                    unit_id=unit_id,
                    decisions=decisions,
                )
            else:
                import_visit_sheet(session, actor, sheet.rows, columns, result, ctx)
        if not recognised:
            raise ValidationError(
                f"文件 {path} 中找不到姓名或化名列：请用 --mapping 指定列的对应。"
            )

    return run_import(session, actor, path, work, dry_run=dry_run, valid_only=valid_only, ctx=ctx)
