"""The ledger export (台账): the identifiable counterpart of the research export, for the
unit's own staff only: the cases the user may see, in the columns the importer reads back.

Sheet 台账 has one row per case; 受助人编号 ties together the rows of a person with several
cases. Sheet 回访 has one row per follow-up visit of those cases (voided ones left out),
named by 个案编号. Importing the file into an empty database gives back the same persons,
cases and visits.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rescuedesk.errors import ValidationError
from rescuedesk.ledger.mapping import (
    CODE_HEADERS,
    RECOGNITION_FIELDS,
    SYNONYMS,
    VISIT_SYNONYMS,
    WELLBEING_HEADERS,
)
from rescuedesk.models import Case, FollowUpVisit, Person, User
from rescuedesk.models.enums import Role
from rescuedesk.progress import Progress, tick
from rescuedesk.reference import languages, nationalities, places
from rescuedesk.reference.ethnicities import ETHNICITIES
from rescuedesk.services.casefile.case_queries import scope_condition, scope_params
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import ensure_role
from rescuedesk.services.office.context import Actor
from rescuedesk.services.reports.files import write_export_file


def _code_header(field: str) -> tuple[str, ...]:
    return (CODE_HEADERS[field],) if field in CODE_HEADERS else ()


COLUMNS = (
    "real_name",
    "alias",
    "sex",
    "birth_date",
    "id_number",
    "ethnicity",
    "nationality",
    "household_registration_code",
    *RECOGNITION_FIELDS,  # after 户籍地代码, in the order of issue #15's contract
    "rescue_date",
    "rescue_place",
    "referring_police_unit",
    "police_reference",
    "intake_date",
)
# The first common header of each field; a place field by name, then its code in a column
# of its own (户籍地, 户籍地代码), which the import reads first.
HEADERS = [h for c in COLUMNS for h in (SYNONYMS[c][0], *_code_header(c))]
SEX = {"male": "男", "female": "女", "unknown": "不详"}
VISIT_COLUMNS = (
    "case_number",
    "real_name",
    "planned_date",
    "done_date",
    "visitor",
    "mode",
    "situation",
    *WELLBEING_HEADERS,
    "problems",
    "actions",
    "next_planned_date",
)
VISIT_HEADERS = [VISIT_SYNONYMS[c][0] for c in VISIT_COLUMNS]
# Rows per fetch: the workbook is written as it goes, the objects of one chunk at a time.
CHUNK = 2000
MODE = {"home": "入户", "phone": "电话", "video": "视频", "office": "来访"}
WELLBEING = {"good": "好", "fair": "一般", "poor": "差", "unknown": "不详"}


def export_ledger(
    session: Session,
    actor: Actor,
    out: Path,
    *,
    password: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the ledger of the cases ``actor`` may see to ``out`` (.xlsx, optionally in an
    AES zip), streamed: rows are read ``CHUNK`` at a time and appended to a write-only
    workbook; ``progress`` counts cases (False cancels: :class:`Cancelled`)."""
    ensure_role(actor, Role.CASEWORKER, Role.SUPERVISOR, what="导出台账")
    if out.suffix.lower() != ".xlsx":
        raise ValidationError("台账导出为 .xlsx 文件。", field="out")
    if out.exists():
        raise ValidationError(f"文件 {out} 已存在，不会覆盖。", field="out")
    from openpyxl import Workbook

    scope, params = scope_params(session, actor)
    query = (
        select(Case, Person).join(Person, Person.id == Case.person_id).order_by(Case.case_number)
    )
    if scope != "all":
        query = query.where(scope_condition(scope))
    counted = select(func.count(Case.id))
    total = (
        session.scalar(counted if scope == "all" else counted.where(scope_condition(scope)), params)
        or 0
    )
    tick(progress, 0, total)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["个案编号", SYNONYMS["person_key"][0], *HEADERS])
    ids = []
    rows = session.execute(query.execution_options(yield_per=CHUNK, stream_results=True), params)
    for case, person in rows:
        ids.append(case.id)
        if len(ids) % CHUNK == 0:
            tick(progress, len(ids), total)
        values = {
            "real_name": person.real_name,
            "alias": person.alias,
            "sex": SEX[person.sex.value],
            "birth_date": person.birth_date,
            "id_number": person.id_number,
            "ethnicity": ETHNICITIES.get(person.ethnicity or ""),
            # Names, as a ledger is read (越南, 越南语); the import takes them back to codes.
            "nationality": nationalities.name(person.nationality),
            "languages": languages.names(person.languages),
            "household_registration_code": person.household_registration_code,
            # One year, the estimate's middle: what the import reads back to the same value.
            "birth_year_estimated": person.birth_year_estimated,
            "height_cm": person.height_cm,
            "build": person.build,
            "distinguishing_features": person.distinguishing_features,
            "clothing_when_found": person.clothing_when_found,
            "accent_region": person.accent_region,
            "found_date": person.found_date,
            "found_place": person.found_place,
            "intellectual_state": person.intellectual_state,
            "mental_state": person.mental_state,
            "rescue_date": case.rescue_date,
            "rescue_place": case.rescue_place,
            "referring_police_unit": case.referring_police_unit,
            "police_reference": case.police_reference,
            "intake_date": case.intake_date,
        }
        row = [case.case_number, person.id]
        for c in COLUMNS:
            if c in CODE_HEADERS:  # the place by name, then its code
                row += [places.display(values[c]) or None, values[c]]
            else:
                row.append(values[c])
        sheet.append(row)
    _visits_sheet(session, book.create_sheet("回访"), scope, params)
    tick(progress, total, total)
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    target = write_export_file(out, data, password)
    audit.record(
        session,
        actor,
        "ledger_export",
        "case_file",
        None,
        reason=target.name,
        changes={"case_ids": ids, "sha256": hashlib.sha256(target.read_bytes()).hexdigest()},
    )
    return target


def _visits_sheet(session: Session, sheet, scope: str, params: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    """The visits of the cases the user may see: the same scope as the cases sheet."""
    sheet.append(VISIT_HEADERS)
    query = (
        select(FollowUpVisit, Case.case_number, Person.real_name, Person.alias, User.full_name)
        .join(Case, Case.id == FollowUpVisit.case_id)
        .join(Person, Person.id == Case.person_id)
        .outerjoin(User, User.id == FollowUpVisit.visitor_id)
        .where(FollowUpVisit.voided_at.is_(None))
        .order_by(Case.case_number, FollowUpVisit.planned_date, FollowUpVisit.id)
    )
    if scope != "all":
        query = query.where(scope_condition(scope))
    rows = session.execute(query.execution_options(yield_per=CHUNK, stream_results=True), params)
    for visit, number, real_name, alias, staff_name in rows:
        values = {
            "case_number": number,
            "real_name": real_name or alias,
            "planned_date": visit.planned_date,
            "done_date": visit.done_date,
            "visitor": staff_name or visit.visitor_name,
            "mode": MODE.get(visit.mode.value) if visit.mode else None,
            "situation": visit.notes,
            **{
                name: WELLBEING[getattr(visit, name).value] if getattr(visit, name) else None
                for name in WELLBEING_HEADERS
            },
            "problems": visit.problems,
            "actions": visit.actions,
            "next_planned_date": visit.next_planned_date,
        }
        sheet.append([values[c] for c in VISIT_COLUMNS])
