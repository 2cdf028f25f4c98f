"""Units, users and partner agencies (administrators keep the directory)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk.errors import ValidationError
from rescuedesk.models import PartnerAgency, Unit, User
from rescuedesk.models.enums import UNIT_ROLES, Role
from rescuedesk.reference import divisions
from rescuedesk.services.casefile import writes
from rescuedesk.services.casefile.fields import coerce_fields, require, snapshot
from rescuedesk.services.office.access import ensure_role, load_for_update
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people.persons import Saved

UNIT_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,15}$")
USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")


def _division(values: dict[str, Any], name: str, warnings: list[str]) -> None:
    code = values.get(name)
    if code is None:
        return
    if not divisions.is_well_formed(code):
        raise ValidationError("行政区划代码应为6位数字。", field=name)
    if not divisions.is_known(code):
        warnings.append(f"行政区划代码 {code} 不在行政区划表中，请核对。")


def create_unit(session: Session, actor: Actor, data: Mapping[str, Any]) -> Saved:
    ensure_role(actor, Role.ADMIN, what="管理单位")
    values = coerce_fields(Unit, data)
    require(values, "code", "name", "kind", "division_code")
    values["code"] = values["code"].upper()
    if not UNIT_CODE.match(values["code"]):
        raise ValidationError(
            "单位代码用2-16位大写字母、数字或连字符（用于个案编号）。", field="code"
        )
    if session.scalar(select(Unit.id).where(Unit.code == values["code"])) is not None:
        raise ValidationError(f"单位代码 {values['code']} 已被使用。", field="code")
    warnings: list[str] = []
    _division(values, "division_code", warnings)
    unit = Unit(**values)
    writes.insert(session, actor, unit, values)
    return Saved(unit, warnings)


def create_user(session: Session, actor: Actor, data: Mapping[str, Any]) -> Saved:
    ensure_role(actor, Role.ADMIN, what="管理用户")
    values = coerce_fields(User, data)
    require(values, "username", "full_name", "role")
    if values["role"] in UNIT_ROLES and values.get("unit_id") is None:
        raise ValidationError("个案工作者、回访工作者和主管必须属于一个单位。", field="unit_id")
    if not USERNAME.match(values["username"]):
        raise ValidationError("用户名用2-64位字母、数字、点、下划线或连字符。", field="username")
    if session.scalar(select(User.id).where(User.username == values["username"])) is not None:
        raise ValidationError(f"用户名 {values['username']} 已被使用。", field="username")
    if values.get("unit_id") is not None and session.get(Unit, values["unit_id"]) is None:
        raise ValidationError("单位不存在。", field="unit_id")
    user = User(**values)
    writes.insert(session, actor, user, values)
    return Saved(user, [])


def create_agency(session: Session, actor: Actor, data: Mapping[str, Any]) -> Saved:
    ensure_role(actor, Role.ADMIN, what="管理合作机构")
    values = coerce_fields(PartnerAgency, data)
    require(values, "name", "agency_type")
    warnings: list[str] = []
    _division(values, "division_code", warnings)
    agency = PartnerAgency(**values)
    writes.insert(session, actor, agency, values)
    return Saved(agency, warnings)


def _update(
    session: Session,
    actor: Actor,
    model: type,
    record_id: int,
    expected_version: int | None,
    changes: Mapping[str, Any],
    what: str,
    exclude: tuple[str, ...] = (),
) -> Saved:
    ensure_role(actor, Role.ADMIN, what=what)
    record = load_for_update(session, model, record_id, expected_version)
    new = coerce_fields(model, changes, exclude=exclude)
    current = snapshot(record, list(new))
    warnings: list[str] = []
    _division(new, "division_code", warnings)
    writes.apply_changes(session, actor, record, current, new)
    return Saved(record, warnings)


def update_agency(
    session: Session,
    actor: Actor,
    agency_id: int,
    expected_version: int | None,
    changes: Mapping[str, Any],
) -> Saved:
    return _update(
        session, actor, PartnerAgency, agency_id, expected_version, changes, "管理合作机构"
    )


def update_unit(
    session: Session,
    actor: Actor,
    unit_id: int,
    expected_version: int | None,
    changes: Mapping[str, Any],
) -> Saved:
    """Name, address, phone and division of a unit; its code is in every case number and
    never changes."""
    return _update(
        session, actor, Unit, unit_id, expected_version, changes, "管理单位", exclude=("code",)
    )


def list_units(session: Session) -> list[Unit]:
    return list(session.scalars(select(Unit).order_by(Unit.code)))


def list_agencies(session: Session) -> list[PartnerAgency]:
    return list(session.scalars(select(PartnerAgency).order_by(PartnerAgency.name)))
