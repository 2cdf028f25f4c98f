"""Importing a ledger of persons and cases (issue #5, first part).

Every row is normalised, then written through the same services as the program, inside a
savepoint: a row is all-or-nothing, and every problem is reported with its row number,
column and message. The whole import is one transaction: a dry run, a refused import (any
bad row without ``valid_only``) or an error leaves the database exactly as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from rescuedesk.errors import DomainError
from rescuedesk.ledger import normalize
from rescuedesk.ledger.mapping import FIELDS
from rescuedesk.models import Case
from rescuedesk.models.enums import IntakeChannel
from rescuedesk.services import audit, cases, persons
from rescuedesk.services.context import Actor

PERSON_FIELDS = (
    "real_name",
    "alias",
    "sex",
    "birth_date",
    "id_number",
    "ethnicity",
    "nationality",
    "household_registration_code",
)
DATE_FIELDS = ("birth_date", "rescue_date", "intake_date")


@dataclass
class Problem:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows_read: int = 0
    imported: int = 0
    rejected: int = 0
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    refused: bool = False
    case_ids: list[int] = field(default_factory=list)  # the cases kept (none in a dry run)


class _Rollback(Exception):
    """Raised at the end of a dry run or a refused import to undo everything."""


def _normalise(
    raw: dict[str, Any], mapping: dict[str, str]
) -> tuple[dict[str, Any], list[Problem], list[str]]:
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    warnings: list[str] = []
    for name in FIELDS:
        header = mapping.get(name)
        if header is None:
            continue
        value = raw.get(header)
        try:
            if name in DATE_FIELDS:
                values[name] = normalize.date(value)
            elif name == "sex":
                values[name] = normalize.sex(value)
            elif name == "ethnicity":
                values[name] = normalize.ethnicity(value)
            elif name == "household_registration_code":
                code, warning = normalize.place(value)
                values[name] = code
                if warning:
                    warnings.append(warning)
            else:
                values[name] = normalize.text(value) or None
        except ValueError as exc:
            problems.append((header, str(exc)))
    return values, problems, warnings  # type: ignore[return-value]


def import_rows(
    session: Session,
    actor: Actor,
    rows: Iterator[tuple[int, dict[str, Any]]],
    mapping: dict[str, str],
    *,
    source: Path,
    dry_run: bool = False,
    valid_only: bool = False,
    unit_id: int | None = None,
    progress: Callable[[int], bool] | None = None,
) -> ImportResult:
    """``progress(rows read so far) -> keep_going`` before each row; False raises
    InterruptedError inside the transaction, so a cancel keeps nothing."""
    result = ImportResult()
    column_of = {name: header for name, header in mapping.items()}
    seen_ids: dict[str, int] = {}
    try:
        with session.begin_nested():  # the whole import: undone on a dry run or refusal
            for number, raw in rows:
                if progress is not None and not progress(result.rows_read):
                    raise InterruptedError("cancelled")
                result.rows_read += 1
                values, problems, warnings = _normalise(raw, mapping)
                for w in warnings:
                    result.warnings.append(Problem(number, "", w))
                if problems:
                    result.problems += [Problem(number, c, m) for c, m in problems]
                    result.rejected += 1
                    continue
                id_number = values.get("id_number")
                if id_number and id_number.upper() in seen_ids:
                    result.problems.append(
                        Problem(
                            number,
                            column_of.get("id_number", ""),
                            f"与第{seen_ids[id_number.upper()]}行身份证号相同",
                        )
                    )
                    result.rejected += 1
                    result.duplicates += 1
                    continue
                try:
                    with session.begin_nested():  # this row, all or nothing
                        case_id = _write_row(session, actor, values, unit_id).id
                except DomainError as exc:
                    field_name = exc.field or ""
                    result.problems.append(
                        Problem(number, column_of.get(field_name, field_name), exc.message)
                    )
                    result.rejected += 1
                    if "已登记" in exc.message:
                        result.duplicates += 1
                    continue
                if id_number:
                    seen_ids[id_number.upper()] = number
                result.imported += 1
                result.case_ids.append(case_id)
            if dry_run or (result.rejected and not valid_only):
                result.refused = bool(result.rejected and not valid_only and not dry_run)
                raise _Rollback
    except _Rollback:
        result.case_ids = []
        if not dry_run:
            result.imported = 0
    if not dry_run and not result.refused:
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        audit.record(
            session,
            actor,
            "import",
            "ledger",
            None,
            reason=source.name,
            changes={
                "sha256": digest,
                "rows_read": result.rows_read,
                "imported": result.imported,
                "rejected": result.rejected,
                "duplicates": result.duplicates,
            },
        )
    return result


def _write_row(session: Session, actor: Actor, values: dict[str, Any], unit_id: int | None) -> Case:
    person = {k: v for k, v in values.items() if k in PERSON_FIELDS and v is not None}
    if "nationality" not in person:
        person["nationality"] = "CHN"
    saved = persons.create_person(session, actor, person)
    case = {k: v for k, v in values.items() if k not in PERSON_FIELDS and v is not None}
    case["intake_channel"] = (
        IntakeChannel.POLICE_HANDOVER
        if case.get("referring_police_unit")
        else IntakeChannel.OTHER_AGENCY
    )
    case.setdefault("intake_date", case.get("rescue_date"))
    return cases.open_case(session, actor, saved.record.id, case, unit_id=unit_id).record


def write_problems(result: ImportResult, out: Path) -> None:
    """FILE.problems.xlsx: every problem and warning with its row and column."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("问题")
    sheet.append(["行号", "列", "问题"])
    for p in result.problems:
        sheet.append([p.row, p.column, p.message])
    sheet = book.create_sheet("提示")
    sheet.append(["行号", "列", "提示"])
    for p in result.warnings:
        sheet.append([p.row, p.column, p.message])
    book.save(out)
