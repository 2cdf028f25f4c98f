"""Families' inquiries (寻亲查询): recorded, corrected, listed, closed, imported, purged.

An inquiry is the unit's, so every action is checked against ``Action.MANAGE_INQUIRY`` on
the unit scope: caseworkers and supervisors of the unit (a supervisor of a prefecture or
province: of the units within it); follow-up workers, statisticians and administrators
never see one.

The audit trail records which inquiry was written and which of its fields, never their
values: an inquiry names no registered person, so there is no person key to seal them under
and shred at the purge (security/audit_seal.py), and a family's name and telephone number
must not outlive the inquiry in an append-only trail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import (
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationError,
    first_of,
)
from rescuedesk.ledger.normalize import text as cell_text
from rescuedesk.ledger.reader import read_rows
from rescuedesk.models import Unit
from rescuedesk.models.enums import Role, Sex
from rescuedesk.models.inquiry import INQUIRY_STATUSES, InquiryMatch, TracingInquiry
from rescuedesk.models.personal import Purge, personal_columns
from rescuedesk.models.sealed import logical_type
from rescuedesk.services.casefile import photos
from rescuedesk.services.casefile.dna_text import REFUSAL, dna_content
from rescuedesk.services.ledger.ledger_import import ImportResult, Problem
from rescuedesk.services.office import audit, settings
from rescuedesk.services.office.access import (
    Action,
    Scope,
    allowed,
    ensure_role,
    load_for_update,
    units_in_reach,
)
from rescuedesk.services.office.context import Actor
from rescuedesk.services.tracing.inquiry_values import FIELDS, HEADERS, read_values
from rescuedesk.userfiles import file_sha256

ENTITY = "tracing_inquiry"
PURGED = "已清除"
OPEN = ("open", "matched")  # still sought: a confirmed match may yet prove wrong


@dataclass(frozen=True)
class InquiryRow:
    """An inquiry as a list shows it."""

    id: int
    version: int
    inquiry_number: str
    status: str
    received_on: dt.date
    source: str
    missing_name: str | None
    nicknames: tuple[str, ...]
    sex: str
    birth_year: int | None
    age_then: int | None
    missing_date: dt.date | None
    missing_date_precision: str | None
    missing_place: str | None
    missing_place_code: str | None
    home_dialect: str | None
    height_cm: int | None
    features: str | None
    inquirer_name: str | None
    inquirer_relation: str | None
    inquirer_phone: str | None
    police_unit: str | None
    police_reference: str | None
    closed_on: dt.date | None
    close_reason: str | None

    @property
    def missing_date_text(self) -> str:
        """The missing date as precisely as it is known: 2015年, 2015年6月, 2015-06-03."""
        day = self.missing_date
        if day is None:
            return ""
        if self.missing_date_precision == "year":
            return f"{day.year}年"
        if self.missing_date_precision == "month":
            return f"{day.year}年{day.month}月"
        return day.isoformat()


def _row(i: TracingInquiry) -> InquiryRow:
    return InquiryRow(
        i.id,
        i.version,
        i.inquiry_number,
        i.status,
        i.received_on,
        i.source,
        i.missing_name,
        tuple(i.missing_nicknames or ()),
        i.sex.value,
        i.birth_year,
        i.age_then,
        i.missing_date,
        i.missing_date_precision,
        i.missing_place,
        i.missing_place_code,
        i.home_dialect,
        i.height_cm,
        i.features,
        i.inquirer_name,
        i.inquirer_relation,
        i.inquirer_phone,
        i.police_unit,
        i.police_reference,
        i.closed_on,
        i.close_reason,
    )


# --- who may -------------------------------------------------------------------------------


def ensure_can_manage(actor: Actor) -> None:
    """Refuse, in one line, a role that never handles inquiries."""
    if actor.is_system or allowed(actor.role, Action.MANAGE_INQUIRY, Scope.UNIT):
        return
    raise PermissionDenied("只有个案工作者和主管可以处理寻亲查询。")


def reach(session: Session, actor: Actor) -> list[int] | None:
    """The units whose inquiries the actor handles; None: all (the system)."""
    ensure_can_manage(actor)
    return None if actor.is_system else units_in_reach(session, actor)


def get_inquiry(session: Session, actor: Actor, inquiry_id: int) -> TracingInquiry:
    inquiry = session.get(TracingInquiry, inquiry_id)
    units = reach(session, actor)
    if inquiry is None or (units is not None and inquiry.unit_id not in units):
        raise NotFound("寻亲查询不存在。")
    return inquiry


def inquiry_by_number(session: Session, actor: Actor, number: str) -> TracingInquiry:
    """The inquiry of that 查询编号 among the actor's units (a supervisor over several units
    may find the same number twice: then the number alone does not say which)."""
    units = reach(session, actor)
    query = select(TracingInquiry).where(TracingInquiry.inquiry_number == number.strip())
    if units is not None:
        query = query.where(TracingInquiry.unit_id.in_(units))
    found = list(session.scalars(query))
    if not found:
        raise NotFound(f"寻亲查询 {number} 不存在。")
    if len(found) > 1:
        raise ValidationError(f"有几个单位都有查询编号 {number}：请在本单位的查询列表中操作。")
    return found[0]


def _unit(session: Session, actor: Actor, unit_id: int | None) -> int:
    ensure_can_manage(actor)
    if not actor.is_system:
        unit_id = actor.unit_id
    if unit_id is None or session.get(Unit, unit_id) is None:
        raise ValidationError("请选择记录寻亲查询的单位。", field="unit_id")
    return unit_id


# --- writing -------------------------------------------------------------------------------


def _source(values: Mapping[str, Any]) -> str:
    if values.get("inquirer_name"):
        return "family"
    return "police" if values.get("police_unit") or values.get("police_reference") else "other"


def _number_taken(session: Session, unit_id: int, number: str, but: int | None = None) -> bool:
    query = select(TracingInquiry.id).where(
        TracingInquiry.unit_id == unit_id, TracingInquiry.inquiry_number == number
    )
    if but is not None:
        query = query.where(TracingInquiry.id != but)
    return session.scalar(query.limit(1)) is not None


TAKEN = "查询编号已存在"


def _raise(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise first_of([ValidationError(f"{message}。", field=f) for f, message in problems])


def add_inquiry(
    session: Session,
    actor: Actor,
    data: Mapping[str, Any],
    *,
    unit_id: int | None = None,
    received_on: dt.date | None = None,
) -> TracingInquiry:
    """Record a family's (or the police's) inquiry; ``data`` by field, as a form or a file
    row gives it (inquiry_values.HEADERS)."""
    unit = _unit(session, actor, unit_id)
    today = clock.today()
    values, problems = read_values({f: data.get(f) for f in FIELDS}, today)
    number = values.get("inquiry_number")
    if number and _number_taken(session, unit, number):
        problems.append(("inquiry_number", TAKEN))
    _raise(problems)
    return _insert(session, actor, unit, values, received_on or today)


def _insert(
    session: Session, actor: Actor, unit: int, values: dict[str, Any], received_on: dt.date
) -> TracingInquiry:
    inquiry = _new(actor, unit, values, received_on)
    session.add(inquiry)
    session.flush()
    audit.record(
        session,
        actor,
        "create",
        ENTITY,
        inquiry.id,
        version=inquiry.version,
        changes={"inquiry_number": inquiry.inquiry_number, "fields": _filled(values)},
    )
    return inquiry


def _new(actor: Actor, unit: int, values: dict[str, Any], received_on: dt.date) -> TracingInquiry:
    fields = dict(values)
    fields["sex"] = Sex(fields.get("sex") or Sex.UNKNOWN)
    fields["missing_nicknames"] = fields.get("missing_nicknames") or []
    return TracingInquiry(
        unit_id=unit,
        received_on=received_on,
        source=_source(values),
        created_by_id=actor.user_id,
        status="open",
        **fields,
    )


def _filled(values: Mapping[str, Any]) -> list[str]:
    """The fields given a value: what the trail says was written (never the values)."""
    return sorted(k for k, v in values.items() if v not in (None, "", []))


def edit_inquiry(
    session: Session,
    actor: Actor,
    inquiry_id: int,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> TracingInquiry:
    """Correct an open inquiry; ``data`` holds the fields that change."""
    get_inquiry(session, actor, inquiry_id)
    inquiry = load_for_update(session, TracingInquiry, inquiry_id, expected_version)
    if inquiry.status == "closed" or inquiry.purged_at is not None:
        raise RuleViolation("寻亲查询已关闭，不能修改。")
    stray = sorted(set(data) - set(FIELDS))
    if stray:
        raise ValidationError(f"不能填写字段“{stray[0]}”。", field=stray[0])
    current = {f: getattr(inquiry, f) for f in FIELDS}
    current["sex"] = inquiry.sex.value
    current["missing_date"] = _partial_text(inquiry)
    merged = {**current, **data}
    values, problems = read_values(merged, clock.today())
    number = values.get("inquiry_number")
    if number and _number_taken(session, inquiry.unit_id, number, but=inquiry.id):
        problems.append(("inquiry_number", TAKEN))
    _raise(problems)
    values["sex"] = Sex(values.get("sex") or Sex.UNKNOWN)
    changed = [k for k, v in values.items() if getattr(inquiry, k) != v]
    for name in changed:
        setattr(inquiry, name, values[name])
    if changed:
        session.flush()
        audit.record(
            session,
            actor,
            "update",
            ENTITY,
            inquiry.id,
            version=inquiry.version,
            # Field names as keys: a stale form is told which fields changed meanwhile.
            changes={name: "（寻亲查询的内容不记入审计记录）" for name in sorted(changed)},
        )
    return inquiry


def _partial_text(inquiry: TracingInquiry) -> str | None:
    """The stored missing date written back at its precision, so an edit keeps it."""
    day = inquiry.missing_date
    if day is None:
        return None
    if inquiry.missing_date_precision == "year":
        return f"{day.year}年"
    if inquiry.missing_date_precision == "month":
        return f"{day.year}年{day.month}月"
    return day.isoformat()


def set_photo(
    session: Session, actor: Actor, inquiry_id: int, data: bytes | None
) -> TracingInquiry:
    """The family's photo of the missing child (None removes it), stored as a person's photo
    is: re-encoded without its metadata, with a thumbnail; the trail keeps its digest."""
    get_inquiry(session, actor, inquiry_id)
    inquiry = load_for_update(session, TracingInquiry, inquiry_id, None)
    if inquiry.status == "closed" or inquiry.purged_at is not None:
        raise RuleViolation("寻亲查询已关闭，不能修改。")
    stored = photos.normalise(data) if data is not None else None
    inquiry.photo = stored.content if stored else None
    inquiry.photo_thumbnail = stored.thumbnail if stored else None
    session.flush()
    digest = hashlib.sha256(stored.content).hexdigest() if stored else None
    audit.record(
        session,
        actor,
        "update",
        ENTITY,
        inquiry.id,
        version=inquiry.version,
        changes={"photo": {"sha256": digest}},
    )
    return inquiry


def close_inquiry(session: Session, actor: Actor, inquiry_id: int, reason: str) -> TracingInquiry:
    """Close an inquiry with a reason (found by the family, withdrawn, the person died …)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("关闭寻亲查询需要填写理由。", field="reason")
    if what := dna_content(reason):
        raise ValidationError(REFUSAL.format(what=what), field="reason")
    get_inquiry(session, actor, inquiry_id)
    inquiry = load_for_update(session, TracingInquiry, inquiry_id, None)
    if inquiry.status == "closed":
        raise RuleViolation(f"寻亲查询 {inquiry.inquiry_number} 已经关闭。")
    before = inquiry.status
    inquiry.status = "closed"
    inquiry.closed_on = clock.today()
    inquiry.close_reason = reason
    session.flush()
    # The reason stays on the inquiry (sealed, purged later), not in the trail for good.
    audit.record(
        session,
        actor,
        "close",
        ENTITY,
        inquiry.id,
        version=inquiry.version,
        changes={"inquiry_number": inquiry.inquiry_number, "status": [before, "closed"]},
    )
    return inquiry


def close_by_number(session: Session, actor: Actor, number: str, reason: str) -> TracingInquiry:
    return close_inquiry(session, actor, inquiry_by_number(session, actor, number).id, reason)


# --- reading -------------------------------------------------------------------------------


def list_inquiries(session: Session, actor: Actor, status: str | None = None) -> list[InquiryRow]:
    """The inquiries of the actor's units, newest first; the read is audited, since the list
    shows names and telephone numbers."""
    if status is not None and status not in INQUIRY_STATUSES:
        allowed_ = "、".join(INQUIRY_STATUSES)
        raise ValidationError(f"“{status}”不是查询状态（可选：{allowed_}）。", field="status")
    units = reach(session, actor)
    query = select(TracingInquiry).order_by(
        TracingInquiry.received_on.desc(), TracingInquiry.id.desc()
    )
    if units is not None:
        query = query.where(TracingInquiry.unit_id.in_(units))
    if status is not None:
        query = query.where(TracingInquiry.status == status)
    rows = [_row(i) for i in session.scalars(query)]
    if rows:
        audit.record(
            session, actor, "list", ENTITY, None, changes={"inquiry_ids": [r.id for r in rows]}
        )
    return rows


def open_inquiries(session: Session, actor: Actor) -> list[TracingInquiry]:
    """What the matcher compares: the open (and matched) inquiries of the actor's units."""
    units = reach(session, actor)
    query = select(TracingInquiry).where(TracingInquiry.status.in_(OPEN))
    if units is not None:
        query = query.where(TracingInquiry.unit_id.in_(units))
    return list(session.scalars(query.order_by(TracingInquiry.id)))


# --- a file of inquiries -------------------------------------------------------------------


class _Refused(Exception):
    """Undo the whole import: a dry run, or a bad row without ``valid_only``."""


def header_fields(headers: list[str]) -> tuple[dict[str, str], list[str]]:
    """(field -> the file's header, headers that name no field)."""
    by_header = {h: f for f, names in HEADERS.items() for h in names}
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    for header in headers:
        name = cell_text(header)
        field = by_header.get(name)
        if field is None:
            if name:
                unknown.append(name)
        else:
            mapping.setdefault(field, header)
    return mapping, unknown


def import_rows(
    session: Session,
    actor: Actor,
    path: Path,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    unit_id: int | None = None,
) -> ImportResult:
    """Record every row of a CSV or XLSX file (first sheet) as an inquiry, in one savepoint.

    All or nothing: a row with any problem, without ``valid_only``, keeps no row at all.
    Every problem is reported with its row and the column the user sees; a 查询编号 already
    recorded by the unit, or repeated in the file, is a problem of its row."""
    unit = _unit(session, actor, unit_id)
    today = clock.today()
    headers, rows = read_rows(path)
    mapping, unknown = header_fields(headers)
    if "inquiry_number" not in mapping:
        raise ValidationError(f"文件 {path.name} 中找不到“查询编号”列。", field="file")
    result = ImportResult()
    result.warnings += [Problem(0, h, "不是寻亲查询的列，已忽略") for h in unknown]
    taken = set(
        session.scalars(select(TracingInquiry.inquiry_number).where(TracingInquiry.unit_id == unit))
    )
    seen: dict[str, int] = {}
    created: list[TracingInquiry] = []
    try:
        with session.begin_nested():
            for number, raw in rows:
                result.rows_read += 1
                values, problems = read_values({f: raw.get(h) for f, h in mapping.items()}, today)
                key = values.get("inquiry_number")
                duplicate = False
                if key and key in taken:
                    problems.append(("inquiry_number", TAKEN))
                    duplicate = True
                elif key and key in seen:
                    problems.append(("inquiry_number", f"与第{seen[key]}行的查询编号重复"))
                    duplicate = True
                if problems:
                    result.problems += [
                        Problem(number, mapping.get(f, HEADERS[f][0]), m) for f, m in problems
                    ]
                    result.rejected += 1
                    result.duplicates += int(duplicate)
                    continue
                seen[key] = number
                inquiry = _new(actor, unit, values, today)
                session.add(inquiry)
                created.append(inquiry)
                result.imported += 1
            session.flush()
            ids = [i.id for i in created]
            if dry_run or (result.rejected and not valid_only):
                result.refused = bool(result.rejected and not valid_only and not dry_run)
                raise _Refused
    except _Refused:
        if not dry_run:
            result.imported = 0
        return result
    audit.record(
        session,
        actor,
        "import",
        ENTITY,
        None,
        reason=path.name,
        changes={
            "sha256": file_sha256(path),
            "rows_read": result.rows_read,
            "imported": result.imported,
            "rejected": result.rejected,
            "duplicates": result.duplicates,
            "inquiry_ids": ids,
        },
    )
    return result


# --- retention -----------------------------------------------------------------------------


def purge_due_on(session: Session, inquiry: TracingInquiry) -> dt.date | None:
    """The day a closed inquiry's personal data may go, or None (open, or no period set)."""
    years = settings.get(session, "retention_years")
    if years is None or inquiry.status != "closed" or inquiry.closed_on is None:
        return None
    closed = inquiry.closed_on
    try:
        return closed.replace(year=closed.year + years)
    except ValueError:  # 29 February
        return closed.replace(year=closed.year + years, day=28)


def purge_inquiry(session: Session, actor: Actor, inquiry_id: int, reason: str) -> TracingInquiry:
    """Remove a closed inquiry's personal data once the retention period has passed, as the
    purge of a case does (services/casefile/retention.py): a supervisor's act, with a
    reason that names nobody. The number, dates and status stay; the matches' reasons go."""
    ensure_role(actor, Role.SUPERVISOR, what="清除寻亲查询中的个人信息")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("清除个人信息需要填写理由。", field="reason")
    get_inquiry(session, actor, inquiry_id)
    inquiry = load_for_update(session, TracingInquiry, inquiry_id, None)
    if inquiry.purged_at is not None:
        raise RuleViolation("该寻亲查询的个人信息已经清除。")
    due = purge_due_on(session, inquiry)
    if due is None or due > clock.today():
        when = f"，{due:%Y年%m月%d日}起可清除" if due else ""
        raise RuleViolation(f"寻亲查询未关闭满保存期限，不能清除个人信息{when}。")
    for value in (inquiry.missing_name, inquiry.inquirer_name, inquiry.inquirer_phone):
        if value and len(value) >= 2 and value in reason:
            raise ValidationError(
                "清除理由会永久保留在审计记录中，请不要写入姓名或电话。", field="reason"
            )
    table = TracingInquiry.__table__
    for column in personal_columns(table, Purge.CLEAR):  # type: ignore[arg-type]
        empty = [] if isinstance(logical_type(column.type), JSON) else None
        setattr(inquiry, column.key, empty)
    inquiry.close_reason = PURGED
    inquiry.purged_at = clock.now()
    for match in session.scalars(select(InquiryMatch).where(InquiryMatch.inquiry_id == inquiry.id)):
        clear_match(match)
    session.flush()
    audit.record(
        session,
        actor,
        "purge",
        ENTITY,
        inquiry.id,
        reason=reason,
        changes={"inquiry_number": inquiry.inquiry_number},
    )
    return inquiry


def clear_match(match: InquiryMatch) -> None:
    """What a match keeps after either side's purge: the score and the decision, not why."""
    match.reasons = []
    if match.decision_reason is not None:
        match.decision_reason = PURGED
