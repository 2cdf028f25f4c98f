"""Purging personal data from cases closed longer than the retention period.

An explicit action of a supervisor of the case, with a reason, audited. What makes a person
identifiable goes (names, ID number, contact, description, free-text notes); what the
statistics count stays (sex, birth year, nationality, ethnicity, prefecture of origin,
dates, stages, kinds of service). The file itself is kept, as closure requires.

The audit trail cannot be edited, so the personal values its earlier events recorded were
sealed under the person's key (security/audit_seal.py): the purge deletes that key in the
same transaction, which leaves those values unreadable for good while the chain still
verifies. After the commit, SQLite's WAL is checkpointed and truncated, and PostgreSQL's
``person_key`` vacuumed, so the deleted key does not linger in old page images.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import JSON, event, select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import RuleViolation, ValidationError
from rescuedesk.models import Case, CaseAssignment, Person, StageChange
from rescuedesk.models.enums import Role, Stage
from rescuedesk.models.inquiry import InquiryMatch
from rescuedesk.models.personal import Purge, personal_columns
from rescuedesk.models.sealed import logical_type
from rescuedesk.models.transfer import CaseTransfer
from rescuedesk.security import audit_seal
from rescuedesk.services.casefile import record_types
from rescuedesk.services.office import audit, settings
from rescuedesk.services.office.access import Action, ensure, ensure_role, get_case
from rescuedesk.services.office.context import Actor

log = logging.getLogger(__name__)

PURGED = "已清除"
_SCRUB = "rescuedesk_scrub_after_commit"


def cleared_columns(model: type) -> list[str]:
    """The columns the purge empties: those marked personal on the model (models/personal.py).

    The birth date, household registration and alias are coarsened or replaced below, and
    the closure reason, stage-change and void reasons replaced with 已清除, by rules of
    their own (their columns are marked ``Purge.OWN_RULE``)."""
    table = model.__table__  # type: ignore[attr-defined]
    return [c.key for c in personal_columns(table, Purge.CLEAR)]


def eligible_on(session: Session, case: Case) -> dt.date | None:
    """The day this case's personal data may be purged, or None (open, or no period set)."""
    years = settings.get(session, "retention_years")
    if years is None or case.stage != Stage.CLOSED or case.closed_at is None:
        return None
    closed = case.closed_at.date()
    try:
        return closed.replace(year=closed.year + years)
    except ValueError:  # 29 February
        return closed.replace(year=closed.year + years, day=28)


def purge_case(session: Session, actor: Actor, case_id: int, reason: str) -> Case:
    ensure_role(actor, Role.SUPERVISOR, what="清除个案中的个人信息")
    if not reason or not reason.strip():
        raise ValidationError("清除个人信息需要填写理由。", field="reason")
    case = get_case(session, case_id, lock=True)
    ensure(actor, Action.PURGE_CASE, case)
    if case.purged_at is not None:
        raise RuleViolation("该个案的个人信息已经清除。")
    today = clock.today()
    due = eligible_on(session, case)
    if due is None or due > today:
        when = f"，{due:%Y年%m月%d日}起可清除" if due else ""
        raise RuleViolation(f"个案未结案满保存期限，不能清除个人信息{when}。")
    person = session.get(Person, case.person_id, with_for_update=True)
    assert person is not None
    others = session.scalars(
        select(Case).where(Case.person_id == person.id, Case.id != case.id)
    ).all()
    keep_person = [
        c.case_number for c in others if (d := eligible_on(session, c)) is None or d > today
    ]
    if keep_person:
        raise RuleViolation(
            f"该受助人还有未到保存期限的个案（{'、'.join(keep_person)}），不能清除其身份信息。"
        )
    _ensure_reason_is_not_personal(person, reason)
    now = clock.now()
    for other in [case, *others]:
        _purge_case_rows(session, other, now)
    if person.birth_date is not None:
        person.birth_year_estimated = person.birth_date.year
        person.birth_date = None
    if person.household_registration_code:
        person.household_registration_code = person.household_registration_code[:4] + "00"
    for column in personal_columns(Person.__table__, Purge.CLEAR):
        setattr(person, column.key, [] if isinstance(logical_type(column.type), JSON) else None)
    person.alias = f"{PURGED}#{person.id}"
    person.purged_at = now
    session.flush()
    audit_seal.destroy(session, person.id)
    session.info[_SCRUB] = True
    # Records nothing personal (case numbers, a reason checked above), so nothing to seal:
    # the purge must stay readable after the key it destroys.
    audit.record(
        session,
        actor,
        "purge",
        "case_file",
        case.id,
        case_id=case.id,
        person_id=person.id,
        reason=reason.strip(),
        changes={"cases": [c.case_number for c in [case, *others]]},
        seal=False,
    )
    return case


def _ensure_reason_is_not_personal(person: Person, reason: str) -> None:
    """The purge's reason stays readable for good: it must not name the person."""
    for value in (person.real_name, person.alias, person.id_number, person.phone):
        if value and len(value) >= 2 and value in reason:
            raise ValidationError(
                "清除理由会永久保留在审计记录中，请不要写入受助人的姓名、身份证号或电话。",
                field="reason",
            )


@event.listens_for(Session, "after_commit")
def _scrub_after_purge(session: Session) -> None:
    """Best effort, after the purge committed: no old page image keeps the deleted key.

    SQLite (secure_delete is on for every connection, db.py): checkpoint the WAL into the
    file and truncate it. PostgreSQL: VACUUM person_key, so the dead row goes from its
    page (the server's WAL and backups keep it, wrapped under the data key, until they age
    out: docs/security.md)."""
    if not session.info.pop(_SCRUB, False):
        return
    engine: Any = session.get_bind()
    try:
        with engine.connect() as conn:
            dbapi: Any = conn.connection.dbapi_connection
            if engine.dialect.name == "sqlite":
                dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            elif engine.dialect.name == "postgresql":
                conn.rollback()
                dbapi.autocommit = True
                try:
                    dbapi.execute("VACUUM person_key")
                finally:
                    dbapi.autocommit = False
    except Exception:  # the purge itself is committed; this only tidies up after it
        log.warning("could not scrub old page images after a purge", exc_info=True)


def _purge_case_rows(session: Session, case: Case, now: dt.datetime) -> None:
    for name in cleared_columns(Case):
        setattr(case, name, None)
    case.closure_reason = PURGED
    case.purged_at = now
    # Free text like any note: the reasons given for stage changes and for voiding records.
    for change in session.scalars(select(StageChange).where(StageChange.case_id == case.id)):
        if change.reason is not None:
            change.reason = PURGED
    # A transfer's reasons may name her; an imported package's content is her whole file.
    for transfer in session.scalars(select(CaseTransfer).where(CaseTransfer.case_id == case.id)):
        transfer.reason = PURGED
        if transfer.decision_reason is not None:
            transfer.decision_reason = PURGED
        transfer.payload = None
    # Why a supervisor gave the case to someone often says something of her.
    for assignment in session.scalars(
        select(CaseAssignment).where(CaseAssignment.case_id == case.id)
    ):
        if assignment.reason is not None:
            assignment.reason = PURGED
    # Why the matcher took her for a family's missing child describes her; the score and
    # the decision stay (the family's inquiry is not hers to purge).
    for match in session.scalars(
        select(InquiryMatch).where(InquiryMatch.person_id == case.person_id)
    ):
        match.reasons = []
        if match.decision_reason is not None:
            match.decision_reason = PURGED
    for model in record_types.models():
        names = cleared_columns(model)
        columns = model.__table__.columns  # type: ignore[attr-defined]
        for record in session.scalars(select(model).where(model.case_id == case.id)):
            for name in names:
                column = columns[name]
                if not column.nullable:
                    setattr(record, name, PURGED)
                elif isinstance(logical_type(column.type), JSON):
                    setattr(record, name, [])
                else:
                    setattr(record, name, None)
            if record.void_reason is not None:  # a voided record keeps a (neutral) reason
                record.void_reason = PURGED
