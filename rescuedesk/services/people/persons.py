"""Registering and editing a person: ID number rules, pinyin keys, audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import DomainError, ValidationError, first_of
from rescuedesk.models import Person
from rescuedesk.models.enums import Sex
from rescuedesk.reference import divisions, ethnicities, languages, nationalities
from rescuedesk.services.casefile import writes
from rescuedesk.services.casefile.fields import coerce_fields, snapshot
from rescuedesk.services.office.access import (
    CASE_ROLES,
    ensure_can_edit_person,
    ensure_role,
    load_for_update,
)
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import bulk, search_tokens
from rescuedesk.services.people.identity import parse_id_number

DERIVED = ("name_pinyin", "name_initials", "alias_pinyin", "alias_initials", "merged_into_id")


@dataclass
class Saved:
    """A saved record and the warnings worth showing (nothing that blocks the save)."""

    record: Any
    warnings: list[str] = field(default_factory=list)


def validate_person(values: dict[str, Any], *, today: dt.date) -> list[str]:
    """Check and complete a person's values in place; return warnings.

    Every check runs: all the problems found are raised at once (the first, carrying the
    others in ``errors``: errors.first_of), so a form or an import row shows each of them.
    """
    problems: list[DomainError] = []
    warnings = _check_person(values, today, problems.append)
    if problems:
        raise first_of(problems)
    return warnings


def _check_person(
    values: dict[str, Any], today: dt.date, report: Callable[[DomainError], None]
) -> list[str]:
    warnings: list[str] = []
    if not values.get("real_name") and not values.get("alias"):
        report(ValidationError("请填写姓名；身份不明时填写化名。", field="real_name"))
    number = values.get("id_number")
    info = None
    if number:
        try:
            info = parse_id_number(number, today=today)
        except DomainError as exc:
            report(exc)
    if info is not None:
        values["id_number"] = info.number
        if values.get("birth_date") is None:
            values["birth_date"] = info.birth_date
        elif values["birth_date"] != info.birth_date:
            report(
                ValidationError(
                    f"出生日期与身份证号不一致：身份证号显示 {info.birth_date:%Y年%m月%d日}。",
                    field="birth_date",
                )
            )
        if values.get("sex") in (None, Sex.UNKNOWN):
            values["sex"] = info.sex
        elif values["sex"] != info.sex:
            shown = "男" if info.sex == Sex.MALE else "女"
            report(ValidationError(f"性别与身份证号不一致：身份证号显示为{shown}。", field="sex"))
        if not info.place_known:
            warnings.append(f"身份证号前6位 {info.place_code} 不是已知的行政区划代码，请核对。")
    birth = values.get("birth_date")
    if birth is not None and (birth > today or birth.year < 1900):
        report(ValidationError("出生日期不合理。", field="birth_date"))
    year = values.get("birth_year_estimated")
    if year is not None and not (1900 <= year <= today.year):
        report(ValidationError("估计出生年份不合理。", field="birth_year_estimated"))
    code = values.get("household_registration_code")
    if code:
        if not divisions.is_well_formed(code):
            report(
                ValidationError("户籍地应为6位行政区划代码。", field="household_registration_code")
            )
        elif not divisions.is_known(code):
            warnings.append(f"户籍地代码 {code} 不在行政区划表中，请核对。")
    height = values.get("height_cm")
    if height is not None and not (30 <= height <= 250):
        report(ValidationError("身高应在30到250厘米之间。", field="height_cm"))
    langs = values.get("languages")
    if langs is not None and not all(isinstance(x, str) and x for x in langs):
        report(ValidationError("语言应为文字列表。", field="languages"))
    _check_description(values, today, report)
    return warnings


# The form asks the estimated age (估计年龄 15–18 岁); the person keeps birth years.
AGE_FIELD = "estimated_age"
MAX_AGE_SPAN = 15


def birth_years_for(ages: Any, on: dt.date) -> tuple[int | None, int | None]:
    """(earliest, latest) birth year of someone estimated ``ages`` = [youngest, oldest] on
    ``on``: year minus age, so the form shows the same ages again."""
    if not ages:
        return None, None
    if not isinstance(ages, list | tuple) or len(ages) != 2:
        raise ValidationError("估计年龄应为“起–止”两个岁数。", field=AGE_FIELD)
    youngest, oldest = ages
    if youngest is None and oldest is None:
        return None, None
    youngest = oldest if youngest is None else youngest
    oldest = youngest if oldest is None else oldest
    if not all(isinstance(a, int) and 0 <= a <= 120 for a in (youngest, oldest)):
        raise ValidationError("估计年龄应在0到120岁之间。", field=AGE_FIELD)
    return on.year - oldest, on.year - youngest


def estimated_age(values: Mapping[str, Any], today: dt.date) -> list[int] | None:
    """The estimated age range as the form shows it, on the day the person was registered."""
    earliest, latest = values.get("birth_year_earliest"), values.get("birth_year_latest")
    if earliest is None or latest is None:
        return None
    created = values.get("created_at")
    year = created.year if created is not None else today.year
    return [year - latest, year - earliest]


def _check_description(
    values: dict[str, Any], today: dt.date, report: Callable[[DomainError], None]
) -> None:
    """An unidentified person's description: an age range a family can match, a found
    date that can be true. Each message names the field."""
    earliest, latest = values.get("birth_year_earliest"), values.get("birth_year_latest")
    if (earliest is None) != (latest is None):
        earliest = latest = earliest if earliest is not None else latest
        values["birth_year_earliest"] = values["birth_year_latest"] = earliest
    if earliest is not None and latest is not None:
        if earliest > latest:
            report(ValidationError("估计年龄：起始岁数不能大于截止岁数。", field=AGE_FIELD))
        elif latest - earliest > MAX_AGE_SPAN:
            report(
                ValidationError(
                    f"估计年龄：范围不能超过{MAX_AGE_SPAN}岁，请缩小估计范围。", field=AGE_FIELD
                )
            )
        elif earliest < 1900 or latest > today.year:
            report(ValidationError("估计年龄不合理。", field=AGE_FIELD))
        elif values.get("birth_date") is None:
            values["birth_year_estimated"] = (earliest + latest) // 2
    found = values.get("found_date")
    if found is not None:
        birth = values.get("birth_date")
        # Found before the earliest year she can have been born in: certainly wrong.
        earliest_birth = values.get("birth_year_earliest") or values.get("birth_year_estimated")
        if found > today:
            report(ValidationError("发现日期不能晚于今天。", field="found_date"))
        elif (birth is not None and found < birth) or (
            birth is None and earliest_birth is not None and found.year < earliest_birth
        ):
            report(ValidationError("发现日期早于出生日期，请核对。", field="found_date"))
    names = values.get("called_names")
    if names is not None:
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            report(ValidationError("自称姓名/小名应为文字列表。", field="called_names"))
        else:
            values["called_names"] = list(dict.fromkeys(n.strip() for n in names if n.strip()))


def _codes_from_names(data: Mapping[str, Any], problems: list[DomainError]) -> dict[str, Any]:
    """Accept what people type ("汉族", "vnm") for coded fields, before length checks; a
    name that is no code is added to ``problems`` and left out."""
    out = dict(data)
    eth = out.get("ethnicity")
    if isinstance(eth, str) and eth.strip():
        code = ethnicities.code_for(eth)
        if code is None:
            problems.append(ValidationError(f"“{eth}”不是民族名称或代码。", field="ethnicity"))
            del out["ethnicity"]
        else:
            out["ethnicity"] = code
    nat = out.get("nationality")
    if isinstance(nat, str):
        # 越南, Vietnam, VN, VNM: by name or code; any other three letters stay a code as before.
        code = nationalities.code_for(nat) or nat.strip().upper()
        if not nationalities.is_valid_code(code):
            problems.append(
                ValidationError(
                    f"“{nat.strip()}”不是国家名称或代码（如 越南、VNM）。", field="nationality"
                )
            )
            del out["nationality"]
        else:
            out["nationality"] = code
    langs = out.get("languages")
    if isinstance(langs, list) and all(isinstance(x, str) for x in langs):
        out["languages"] = languages.normalise(langs)  # 越南语 -> vi; a dialect as typed
    return out


def _coerced(
    data: Mapping[str, Any], problems: list[DomainError], *, registered_on: dt.date
) -> dict[str, Any]:
    """The values that can be stored as given, field by field; each value that cannot is
    added to ``problems`` (in the order the checks always ran) and left out. An estimated
    age (``AGE_FIELD``) becomes birth years counted from ``registered_on``."""
    values: dict[str, Any] = {}
    data = dict(data)
    if AGE_FIELD in data:
        try:
            earliest, latest = birth_years_for(data.pop(AGE_FIELD), registered_on)
            data |= {"birth_year_earliest": earliest, "birth_year_latest": latest}
        except DomainError as exc:
            problems += exc.errors
    for name, value in _codes_from_names(data, problems).items():
        try:
            values.update(coerce_fields(Person, {name: value}, exclude=DERIVED))
        except DomainError as exc:
            problems += exc.errors
    return values


# Refuses an ID number already registered for another person (needs the database).
UniqueCheck = Callable[[str | None], None]


def _validated(
    values: dict[str, Any],
    problems: list[DomainError],
    *,
    today: dt.date,
    unique: UniqueCheck | None = None,
) -> list[str]:
    """Run validate_person on what could be read, then ``unique`` on a well-formed ID
    number, then raise every problem found (the first as before, carrying the rest),
    leaving out the person's problems about a value already named as unusable (a name too
    long to store is not also "missing")."""
    warnings: list[str] = []
    try:
        warnings = validate_person(values, today=today)
    except DomainError as exc:
        unusable = {p.field for p in problems}
        problems += [p for p in exc.errors if p.field not in unusable]
    if unique is not None and "id_number" not in {p.field for p in problems}:
        try:
            unique(values.get("id_number"))
        except DomainError as exc:
            problems += exc.errors
    if problems:
        raise first_of(problems)
    return warnings


def _check_unique_id_number(session: Session, number: str | None, person_id: int | None) -> None:
    if not number:
        return
    same = search_tokens.id_number_condition(session, number)  # a blind index on PostgreSQL
    query = select(Person.id).where(same, Person.merged_into_id.is_(None))
    if person_id is not None:
        query = query.where(Person.id != person_id)
    other = session.scalar(query.limit(1))
    if other is not None:
        raise ValidationError(
            f"该身份证号已登记在另一位受助人（编号 {other}）名下，请查找已有档案。",
            field="id_number",
        )


def prepare_person(
    data: Mapping[str, Any], *, today: dt.date, unique: UniqueCheck | None = None
) -> tuple[dict[str, Any], list[str]]:
    """The values of a new person, checked and completed (no database needed unless
    ``unique`` looks the ID number up): what :func:`create_person` stores, and what a ledger
    import writes in bulk, both through :func:`bulk.person_row` (which adds the search
    keys)."""
    problems: list[DomainError] = []
    values = _coerced(data, problems, registered_on=today)
    values.setdefault("identity_known", bool(values.get("real_name") or values.get("id_number")))
    warnings = _validated(values, problems, today=today, unique=unique)
    return values, warnings


def check_unique_id_number(session: Session, number: str | None) -> None:
    """Refuse an ID number already registered for a person (not merged away)."""
    _check_unique_id_number(session, number, None)


def create_person(session: Session, actor: Actor, data: Mapping[str, Any]) -> Saved:
    ensure_role(actor, *CASE_ROLES, what="登记受助人")
    values, warnings = prepare_person(
        data,
        today=clock.today(),
        unique=lambda number: _check_unique_id_number(session, number, None),
    )
    return Saved(bulk.insert_person(session, actor, values), warnings)


def update_person(
    session: Session,
    actor: Actor,
    person_id: int,
    expected_version: int | None,
    changes: Mapping[str, Any],
) -> Saved:
    ensure_can_edit_person(session, actor, person_id)
    person = load_for_update(session, Person, person_id, expected_version)
    problems: list[DomainError] = []
    new = _coerced(changes, problems, registered_on=person.created_at.date())
    columns = [c.key for c in Person.__table__.columns]
    current = snapshot(person, columns)
    merged = {**current, **new}
    warnings = _validated(
        merged,
        problems,
        today=clock.today(),
        unique=lambda number: _check_unique_id_number(session, number, person.id),
    )
    bulk.derive_search_keys(merged)
    writes.apply_changes(session, actor, person, current, merged, person_id=person.id)
    return Saved(person, warnings)
