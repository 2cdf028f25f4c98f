"""The ledger export (台账): the identifiable counterpart of the research export, for the
unit's own staff only: the cases the user may see, in the columns the importer reads back.

Sheet 台账 has one row per case; 受助人编号 ties together the rows of a person with several
cases. Sheet 回访 has one row per follow-up visit of those cases (voided ones left out),
named by 个案编号. Importing the file into an empty database gives back the same persons,
cases and visits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rescuedesk import collector
from rescuedesk.documents.xlsx_writer import workbook_bytes
from rescuedesk.errors import ValidationError
from rescuedesk.ledger.mapping import (
    CODE_HEADERS,
    RECOGNITION_FIELDS,
    SYNONYMS,
    VISIT_SYNONYMS,
    WELLBEING_HEADERS,
)
from rescuedesk.models import Case, FollowUpVisit, Person, User
from rescuedesk.models.base import stored_code
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
    AES zip), streamed: rows are read ``CHUNK`` at a time, only the columns the ledger shows
    (on PostgreSQL only those are decrypted), and written into the sheet's XML as they come;
    ``progress`` counts cases (False cancels: :class:`Cancelled`)."""
    ensure_role(actor, Role.CASEWORKER, Role.SUPERVISOR, what="导出台账")
    if out.suffix.lower() != ".xlsx":
        raise ValidationError("台账导出为 .xlsx 文件。", field="out")
    if out.exists():
        raise ValidationError(f"文件 {out} 已存在，不会覆盖。", field="out")
    scope, params = scope_params(session, actor)
    counted = select(func.count(Case.id))
    total = (
        session.scalar(counted if scope == "all" else counted.where(scope_condition(scope)), params)
        or 0
    )
    tick(progress, 0, total)
    ids: list[int] = []
    with collector.paused():
        data = workbook_bytes(
            [
                ("台账", _cases_rows(session, scope, params, ids, total, progress)),
                ("回访", _visits_rows(session, scope, params)),
            ]
        )
    tick(progress, total, total)
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


# Where each ledger column is read; the sex and the codes named by reference lists are
# shown as people read them (越南, 越南语), which the import takes back to codes.
_SOURCE = {
    **{c: getattr(Case, c) for c in COLUMNS if c in Case.__table__.c},
    **{c: getattr(Person, c) for c in COLUMNS if c in Person.__table__.c},
    "sex": stored_code(Person.sex),
}
_SHOWN: dict[str, Callable[[Any], Any]] = {
    "sex": SEX.__getitem__,
    "ethnicity": lambda code: ETHNICITIES.get(code or ""),
    "nationality": nationalities.name,
    "languages": languages.names,
}


def _cases_rows(
    session: Session,
    scope: str,
    params: dict[str, Any],
    ids: list[int],
    total: int,
    progress: Progress | None,
) -> Iterator[list[Any]]:
    """The header and one row per case, by case number; ``ids`` collects the cases."""
    yield ["个案编号", SYNONYMS["person_key"][0], *HEADERS]
    query = (
        select(Case.id, Case.case_number, Person.id, *(_SOURCE[c] for c in COLUMNS))
        .join(Person, Person.id == Case.person_id)
        .order_by(Case.case_number)
    )
    if scope != "all":
        query = query.where(scope_condition(scope))
    # Each distinct code is looked up once (a ledger repeats a few hundred places and names).
    shown = {c: _memo(_SHOWN[c]) for c in _SHOWN}
    places_shown = _memo(lambda code: places.display(code) or None)
    steps = [(i, shown.get(c), c in CODE_HEADERS) for i, c in enumerate(COLUMNS, 3)]
    result = session.connection().execute(
        query.execution_options(yield_per=CHUNK, stream_results=True), params
    )
    for chunk in result.partitions():
        for record in chunk:
            ids.append(record[0])
            row = [record[1], record[2]]
            for i, show, is_place in steps:
                value = record[i]
                if is_place:  # the place by name, then its code
                    row += [places_shown(value), value]
                else:
                    row.append(show(value) if show is not None else value)
            yield row
        tick(progress, len(ids), total)


def _memo(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``function`` remembered per argument (hashable ones; lists are worked out each time)."""
    seen: dict[Any, Any] = {}

    def call(value: Any) -> Any:
        if isinstance(value, list):
            return function(value)
        if value not in seen:
            seen[value] = function(value)
        return seen[value]

    return call


def _visits_rows(session: Session, scope: str, params: dict[str, Any]) -> Iterator[list[Any]]:
    """The visits of the cases the user may see: the same scope as the cases sheet."""
    yield VISIT_HEADERS
    query = (
        select(
            Case.case_number,
            Person.real_name,
            Person.alias,
            FollowUpVisit.planned_date,
            FollowUpVisit.done_date,
            User.full_name,
            FollowUpVisit.visitor_name,
            stored_code(FollowUpVisit.mode),
            FollowUpVisit.notes,
            *(stored_code(getattr(FollowUpVisit, name)) for name in WELLBEING_HEADERS),
            FollowUpVisit.problems,
            FollowUpVisit.actions,
            FollowUpVisit.next_planned_date,
        )
        .join(Case, Case.id == FollowUpVisit.case_id)
        .join(Person, Person.id == Case.person_id)
        .outerjoin(User, User.id == FollowUpVisit.visitor_id)
        .where(FollowUpVisit.voided_at.is_(None))
        .order_by(Case.case_number, FollowUpVisit.planned_date, FollowUpVisit.id)
    )
    if scope != "all":
        query = query.where(scope_condition(scope))
    result = session.connection().execute(
        query.execution_options(yield_per=CHUNK, stream_results=True), params
    )
    for (
        number,
        real_name,
        alias,
        planned,
        done,
        staff_name,
        visitor_name,
        mode,
        notes,
        *rest,
    ) in (row for chunk in result.partitions() for row in chunk):  # fetchmany, not fetchone
        wellbeing, (problems, actions, next_planned) = rest[:-3], rest[-3:]
        values = {
            "case_number": number,
            "real_name": real_name or alias,
            "planned_date": planned,
            "done_date": done,
            "visitor": staff_name or visitor_name,
            "mode": MODE.get(mode) if mode else None,
            "situation": notes,
            **{
                name: WELLBEING[code] if code else None
                for name, code in zip(WELLBEING_HEADERS, wellbeing, strict=True)
            },
            "problems": problems,
            "actions": actions,
            "next_planned_date": next_planned,
        }
        yield [values[c] for c in VISIT_COLUMNS]
