"""A case transfer between two databases (two embedded SQLite files, issue #14): the sending
supervisor exports a requested transfer as an encrypted package; the receiving supervisor
imports it into the other database, where it waits, like any transfer, to be accepted (the
case, its person, records and stage history are written then, with a new caseworker) or
rejected.

The package is JSON sealed with the project's primitive (security/encryption.wrap_key:
AES-256-GCM under a key Argon2id derives from the password), so it is never readable without
its password and a changed byte is refused. On the receiving side the person is looked up
first (services/people/duplicates.py): someone with the same ID number is the same person,
and no second record of her is made. The sender's timeline travels in the package and is
shown with the case's own (case_file.timeline). On export the case leaves the sending unit
in its database; the sending side keeps reading what it recorded (Scope.SENT).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import enum
import json
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import NotFound, PermissionDenied, ValidationError
from rescuedesk.models import (
    Base,
    Case,
    CaseRecord,
    FollowUpVisit,
    Person,
    StageChange,
    Unit,
    User,
)
from rescuedesk.models.enums import CaseFlag, Role
from rescuedesk.models.sealed import logical_type
from rescuedesk.models.transfer import CaseTransfer
from rescuedesk.security import encryption, passwords
from rescuedesk.services.casefile import case_file, new_cases
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import (
    Action,
    ensure_can_write,
    ensure_role,
    get_case,
    units_in_reach,
)
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import bulk
from rescuedesk.services.people.duplicates import Identity, stored_candidates
from rescuedesk.userfiles import new_file, readable_file, write_whole

FORMAT = "rescuedesk-transfer-1"
_AAD = FORMAT.encode()
# Of every row: what the other database numbers, stamps or links itself.
_LOCAL = frozenset({"id", "case_id", "person_id", "version"})


def person_name(transfer: CaseTransfer) -> str:
    """The person's name as the package gives it (before acceptance there is no person row)."""
    if not transfer.payload:
        return ""
    person = json.loads(transfer.payload).get("person", {})
    return str(person.get("real_name") or person.get("alias") or "")


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):  # a photo: base64 inside the encrypted package
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _row(obj: Any) -> dict[str, Any]:
    """A row's own values: no ids or links to this database's users, units or agencies."""
    table = type(obj).__table__
    return {
        c.key: _plain(getattr(obj, c.key))
        for c in table.columns
        if c.key not in _LOCAL and not c.foreign_keys
    }


def _back(model: type, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values of a row as the model's columns take them."""
    table = model.__table__  # type: ignore[attr-defined]
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in table.columns or value is None:
            out[key] = value
            continue
        try:
            # The logical type: a sealed column's own python_type is not the value's.
            kind = logical_type(table.columns[key].type).python_type
        except NotImplementedError:
            kind = object
        if kind is dt.datetime:
            value = dt.datetime.fromisoformat(value)
        elif kind is dt.date:
            value = dt.date.fromisoformat(value)
        elif kind is decimal.Decimal:
            value = decimal.Decimal(value)
        elif kind is bytes:
            value = base64.b64decode(value)
        elif isinstance(kind, type) and issubclass(kind, enum.Enum):
            value = kind(value)
        out[key] = value
    return {k: v for k, v in out.items() if k in table.columns}


def _record_row(session: Session, record: Any) -> dict[str, Any]:
    row = _row(record)
    # A visit's visitor is a user of this database: the other keeps her name.
    if isinstance(record, FollowUpVisit) and record.visitor_id and not record.visitor_name:
        user = session.get(User, record.visitor_id)
        row["visitor_name"] = user.full_name if user else None
    return row


def _record_models() -> list[type]:
    return sorted(
        (m.class_ for m in Base.registry.mappers if issubclass(m.class_, CaseRecord)),
        key=lambda m: m.__tablename__,
    )


def _seal(data: bytes, password: str) -> bytes:
    salt, nonce, sealed = encryption.wrap_key(password, data, _AAD)
    b64 = base64.b64encode
    envelope = {"format": FORMAT, "kdf": encryption.KDF, "salt": b64(salt).decode(),
                "nonce": b64(nonce).decode(), "data": b64(sealed).decode()}  # fmt: skip
    return json.dumps(envelope).encode("ascii")


def _open(raw: bytes, password: str) -> dict[str, Any]:
    try:
        envelope = json.loads(raw)
        if envelope.get("format") != FORMAT:
            raise ValueError
        b64 = base64.b64decode
        plain = encryption.unwrap_key(
            password, b64(envelope["salt"]), b64(envelope["nonce"]), b64(envelope["data"]),
            _AAD, envelope["kdf"],
        )  # fmt: skip
    except (ValueError, KeyError, TypeError):
        raise ValidationError("这不是 RescueDesk 的转移包，或文件已损坏。", field="file") from None
    if plain is None:
        raise ValidationError("转移包的密码不对，或文件已被改动。", field="password")
    return json.loads(plain)  # type: ignore[no-any-return]


def export_package(
    session: Session, actor: Actor, transfer_id: int, path: Path, password: str
) -> str:
    """Write a requested transfer as a package for the receiving unit's own database; the
    case leaves the sending unit here as if accepted (the sending side reads it, read-only).
    Returns the case number. The file is written inside the caller's transaction: if the
    commit fails the caller removes it (``write_package``)."""
    ensure_role(actor, Role.SUPERVISOR, what="导出转移包")
    passwords.check_policy(password)
    transfer = session.get(CaseTransfer, transfer_id, with_for_update=True)
    if transfer is None or transfer.case_id is None:
        raise NotFound(f"没有编号为 {transfer_id} 的转出转移。", field="transfer")
    if transfer.status != "requested":
        raise ValidationError("只有待接收的转移可以导出为转移包。", field="transfer")
    case = get_case(session, transfer.case_id, lock=True)
    ensure_can_write(actor, case, Action.TRANSFER_CASE)
    to_unit = session.get(Unit, transfer.to_unit_id)
    from_unit = session.get(Unit, case.unit_id)
    assert to_unit is not None and from_unit is not None
    records = {
        model.__tablename__: [
            _record_row(session, r)
            for r in session.scalars(
                select(model).where(model.case_id == case.id).order_by(model.id)  # type: ignore[attr-defined]
            )
        ]
        for model in _record_models()
    }
    stages = [
        _row(s)
        for s in session.scalars(
            select(StageChange).where(StageChange.case_id == case.id).order_by(StageChange.id)
        )
    ]
    history = [
        {"at": e.at.isoformat(), "who": f"{e.who}（{from_unit.name}）", "action": e.action,
         "entity": e.entity, "stage": _plain(e.stage), "reason": e.reason}
        for e in case_file.timeline(session, case.id)
        if e.stage is None  # the stage history travels as rows of its own
    ]  # fmt: skip
    package = {
        "package_id": str(uuid.uuid4()),
        "case_number": case.case_number,
        "from_unit": {"code": from_unit.code, "name": from_unit.name},
        "to_unit": {"code": to_unit.code, "name": to_unit.name},
        "requested_at": transfer.requested_at.isoformat(),
        "requested_by": transfer.requested_by_name,
        "reason": transfer.reason,
        "consent_overridden": transfer.consent_overridden,
        "person": _row(case.person),
        "case": _row(case),
        "flags": sorted(f.value for f in case.flags),
        "records": records,
        "stages": stages,
        "history": history,
    }
    data = json.dumps(package, ensure_ascii=False).encode("utf-8")
    now = clock.now()
    transfer.status = "exported"
    transfer.decided_at = now
    transfer.decided_by_id = actor.user_id
    transfer.package_id = package["package_id"]
    case.unit_id = to_unit.id
    case.caseworker_id = None
    session.flush()
    audit.record(
        session, actor, "transfer_exported", "case_transfer", transfer.id,
        case_id=case.id, person_id=case.person_id,
        changes={"unit_id": [from_unit.id, to_unit.id]},
        reason=f"导出转移包交{to_unit.name}（{len(data)} 字节，已加密）",
    )  # fmt: skip
    write_whole(path, _seal(data, password))
    return case.case_number


def import_package(session: Session, actor: Actor, path: Path, password: str) -> CaseTransfer:
    """Read a package into this database as a transfer waiting for the receiving unit's
    supervisor; nothing of the case is written until it is accepted."""
    ensure_role(actor, Role.SUPERVISOR, what="导入转移包")
    package = _open(readable_file(path, "转移包").read_bytes(), password)
    to_unit = session.scalar(select(Unit).where(Unit.code == package["to_unit"]["code"]))
    if to_unit is None:
        raise ValidationError(
            f"转移包是交给{package['to_unit']['name']}（{package['to_unit']['code']}）的，"
            "这个数据库里没有这个单位。",
            field="file",
        )
    if not actor.is_system and to_unit.id not in units_in_reach(session, actor):
        raise PermissionDenied(f"只有{to_unit.name}的主管可以导入交给它的转移包。")
    if session.scalar(
        select(CaseTransfer.id).where(CaseTransfer.package_id == package["package_id"])
    ):
        raise ValidationError("这个转移包已经导入过了。", field="file")
    if session.scalar(select(Case.id).where(Case.case_number == package["case_number"])):
        raise ValidationError(f"个案 {package['case_number']} 已在这个数据库中。", field="file")
    sender = session.scalar(select(Unit).where(Unit.code == package["from_unit"]["code"]))
    transfer = CaseTransfer(
        case_id=None,
        case_number=package["case_number"],
        from_unit_id=sender.id if sender else None,
        from_unit_name=package["from_unit"]["name"],
        to_unit_id=to_unit.id,
        status="requested",
        requested_at=dt.datetime.fromisoformat(package["requested_at"]),
        requested_by_id=None,
        requested_by_name=package["requested_by"],
        reason=package["reason"],
        consent_overridden=bool(package["consent_overridden"]),
        package_id=package["package_id"],
        payload=json.dumps(package, ensure_ascii=False),
    )
    session.add(transfer)
    session.flush()
    audit.record(
        session, actor, "transfer_imported", "case_transfer", transfer.id,
        reason=f"导入转移包：个案 {transfer.case_number}，来自{transfer.from_unit_name}",
    )  # fmt: skip
    return transfer


def materialise(session: Session, actor: Actor, transfer: CaseTransfer, caseworker: User) -> Case:
    """The accepted package's case written into this database: its person (the one already
    here when the ID number matches), the case with its number, records and stage history."""
    assert transfer.payload is not None
    package = json.loads(transfer.payload)
    if session.scalar(select(Case.id).where(Case.case_number == package["case_number"])):
        raise ValidationError(f"个案 {package['case_number']} 已在这个数据库中。")
    person = _same_person(session, package["person"])
    if person is None:
        values = _back(Person, package["person"])
        for derived in ("name_pinyin", "name_initials", "alias_pinyin", "alias_initials"):
            values.pop(derived, None)
        person = bulk.insert_person(session, actor, values)
    case_values = _back(Case, package["case"])
    case = new_cases.insert_received_case(
        session,
        {
            **case_values,
            "person_id": person.id,
            "unit_id": transfer.from_unit_id or transfer.to_unit_id,
            "caseworker_id": caseworker.id,
        },
        [CaseFlag(flag) for flag in package.get("flags", [])],
    )
    by_table = {m.__tablename__: m for m in _record_models()}
    for table, rows in package["records"].items():
        model = by_table.get(table)
        if model is None or not rows:
            continue
        bulk.insert_rows(session, model, [{**_back(model, r), "case_id": case.id} for r in rows])
    for stage in package["stages"]:
        session.add(StageChange(**_back(StageChange, stage), case_id=case.id))
    transfer.case_id = case.id
    session.flush()
    return case


def _same_person(session: Session, values: dict[str, Any]) -> Person | None:
    """The person already in this database with the package person's ID number (no second
    record of her); a mere likeness of name is left to the merge of persons."""
    if not values.get("id_number"):
        return None
    birth = values.get("birth_date")
    row = Identity.of(
        name=values.get("real_name"),
        id_number=values.get("id_number"),
        birth_date=dt.date.fromisoformat(birth) if birth else None,
        birth_year=values.get("birth_year_estimated"),
        origin=values.get("household_registration_code"),
        sex=values.get("sex"),
    )
    for candidate in stored_candidates(session, row):
        if candidate.match.certain:
            return session.get(Person, candidate.person_id)
    return None


def write_package(db: Any, actor: Actor, transfer_id: int, path: Path, password: str) -> str:
    """``export_package`` in one transaction; the file goes if the transaction does not."""
    new_file(path, field="file")  # an existing file is never touched, nor removed below
    try:
        with db.write_session() as session:
            return export_package(session, actor, transfer_id, path, password)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
