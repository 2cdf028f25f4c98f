"""The ledger export (台账): the identifiable counterpart of the research export, for the
unit's own staff only: the cases the user may see, in the columns the importer reads back."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk.errors import ValidationError
from rescuedesk.ledger.mapping import SYNONYMS
from rescuedesk.models import Case, Person
from rescuedesk.models.enums import Role
from rescuedesk.reference.ethnicities import ETHNICITIES
from rescuedesk.services import audit
from rescuedesk.services.access import ensure_role
from rescuedesk.services.case_queries import scope_condition, scope_params
from rescuedesk.services.context import Actor
from rescuedesk.services.files import write_export_file

COLUMNS = (
    "real_name",
    "alias",
    "sex",
    "birth_date",
    "id_number",
    "ethnicity",
    "nationality",
    "household_registration_code",
    "rescue_date",
    "rescue_place",
    "referring_police_unit",
    "police_reference",
    "intake_date",
)
HEADERS = [SYNONYMS[c][0] for c in COLUMNS]  # the first common header of each field
SEX = {"male": "男", "female": "女", "unknown": "不详"}


def export_ledger(
    session: Session, actor: Actor, out: Path, *, password: str | None = None
) -> Path:
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
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["个案编号", *HEADERS])
    ids = []
    for case, person in session.execute(query, params):
        ids.append(case.id)
        values = {
            "real_name": person.real_name,
            "alias": person.alias,
            "sex": SEX[person.sex.value],
            "birth_date": person.birth_date,
            "id_number": person.id_number,
            "ethnicity": ETHNICITIES.get(person.ethnicity or ""),
            "nationality": person.nationality,
            "household_registration_code": person.household_registration_code,
            "rescue_date": case.rescue_date,
            "rescue_place": case.rescue_place,
            "referring_police_unit": case.referring_police_unit,
            "police_reference": case.police_reference,
            "intake_date": case.intake_date,
        }
        sheet.append([case.case_number, *[values[c] for c in COLUMNS]])
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
