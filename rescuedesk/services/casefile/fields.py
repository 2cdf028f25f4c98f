"""Turning the values a form or an import supplies into column values, with clear errors."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, Numeric, String, Text
from sqlalchemy import Enum as SAEnum
from sqlalchemy import inspect as sa_inspect

from rescuedesk.errors import ValidationError
from rescuedesk.models.sealed import logical_type
from rescuedesk.reference.dates import HINT as DATE_HINT
from rescuedesk.reference.dates import NoSuchDate, parse_date

# Columns no caller may set: identity, bookkeeping and voiding have their own services.
SYSTEM_FIELDS = frozenset(
    {
        "id",
        "version",
        "created_at",
        "updated_at",
        "created_by_id",
        "voided_at",
        "voided_by_id",
        "void_reason",
        "case_id",
    }
)


def coerce_fields(
    model: type, data: Mapping[str, Any], *, exclude: Iterable[str] = ()
) -> dict[str, Any]:
    """Check names against the model's columns and convert each value to the column's type."""
    columns = sa_inspect(model).columns
    blocked = SYSTEM_FIELDS | set(exclude)
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name not in columns or name in blocked:
            raise ValidationError(f"不能填写字段“{name}”。", field=name)
        out[name] = coerce_value(name, columns[name], value)
    return out


def coerce_value(name: str, column: Any, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if value == "" and not isinstance(logical_type(column.type), JSON):
            value = None
    if value is None:
        if not column.nullable:
            raise ValidationError("此项必填。", field=name)
        return None
    ctype = logical_type(column.type)  # a sealed column validates as what it holds
    if isinstance(ctype, SAEnum) and ctype.enum_class is not None:
        return to_enum(name, ctype.enum_class, value)
    if isinstance(ctype, DateTime):
        return to_datetime(name, value)
    if isinstance(ctype, Date):
        return to_date(name, value)
    if isinstance(ctype, Boolean):
        if isinstance(value, bool):
            return value
        raise ValidationError("应为是或否。", field=name)
    if isinstance(ctype, Numeric):
        try:
            return decimal.Decimal(str(value))
        except decimal.InvalidOperation:
            raise ValidationError(f"“{value}”不是数字。", field=name) from None
    if isinstance(ctype, Integer):
        if isinstance(value, bool):
            raise ValidationError("应为整数。", field=name)
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValidationError(f"“{value}”不是整数。", field=name) from None
    if isinstance(ctype, String | Text):
        if not isinstance(value, str):
            value = str(value)
        length = getattr(ctype, "length", None)
        if length and len(value) > length:
            raise ValidationError(f"太长了：最多{length}个字，这里有{len(value)}个。", field=name)
        return value
    if isinstance(ctype, JSON):
        if not isinstance(value, list | dict):
            raise ValidationError("格式不正确。", field=name)
        return value
    return value


def to_enum(name: str, enum_cls: type[enum.Enum], value: Any) -> enum.Enum:
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(value)
    except ValueError:
        allowed = "、".join(str(m.value) for m in enum_cls)
        raise ValidationError(f"“{value}”不是可选值（可选：{allowed}）。", field=name) from None


T = TypeVar("T")


def _from_iso(name: str, value: Any, parse: Callable[[str], T], problem: str) -> T:
    """A text in ISO form read by ``parse``; anything else refused with ``problem``."""
    if isinstance(value, str):
        try:
            return parse(value)
        except ValueError:
            pass
    raise ValidationError(problem, field=name)


def to_date(name: str, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        # As a caseworker types it (2026.3.5, 20260305, 3/5 …): the forms' and the import's parser.
        try:
            day = parse_date(value)
        except NoSuchDate:
            raise ValidationError(f"“{value}”不是有效日期：这一天不存在。", field=name) from None
        except ValueError:
            pass
        else:
            if day is not None:
                return day
    raise ValidationError(f"“{value}”不是有效日期（{DATE_HINT}）。", field=name)


def to_datetime(name: str, value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return _from_iso(name, value, dt.datetime.fromisoformat, f"“{value}”不是有效时间。")


def snapshot(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    return {n: getattr(obj, n) for n in names}


def require(data: Mapping[str, Any], *names: str) -> None:
    for n in names:
        if data.get(n) in (None, ""):
            raise ValidationError("此项必填。", field=n)
