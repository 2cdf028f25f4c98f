"""An inquiry's values as a family gives them, read into what is stored (no database).

One reader per field, for the form and the import alike: a cell of a CSV or XLSX file or a
value a form typed. Each returns the stored value or raises ValueError in a caseworker's
words; :func:`read_values` reads a whole row and names every problem at once, by field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from rescuedesk.ledger import normalize
from rescuedesk.models.enums import Sex
from rescuedesk.models.inquiry import TracingInquiry
from rescuedesk.models.sealed import logical_type
from rescuedesk.reference import dialects, places
from rescuedesk.reference.dates import DAY, YEAR, parse_partial_date
from rescuedesk.services.casefile.dna_text import REFUSAL, dna_content

# field -> the headers of its column in a file, the first as the contract names it
# (issue #15, "Command line"); the others are what families' and platforms' sheets say.
HEADERS: dict[str, tuple[str, ...]] = {
    "inquiry_number": ("查询编号", "寻亲编号", "登记编号"),
    "inquirer_name": ("查询人", "寻亲人", "查询人姓名", "联系人"),
    "inquirer_relation": ("与走失者关系", "与走失人关系", "关系"),
    "inquirer_phone": ("联系电话", "电话", "联系方式"),
    "missing_name": ("走失者姓名", "走失人姓名", "被寻人姓名"),
    "missing_nicknames": ("小名", "乳名", "曾用名"),
    "sex": ("性别",),
    "birth_year": ("出生年份", "出生年"),
    "missing_date": ("走失日期", "走失时间", "失踪日期"),
    "missing_place": ("走失地点", "走失地", "失踪地点"),
    "home_dialect": ("家乡方言", "方言", "口音"),
    "height_cm": ("身高", "身高（厘米）", "走失时身高"),
    "features": ("体貌特征", "特征"),
    "police_unit": ("公安机关", "报案公安机关"),
    "police_reference": ("公安编号", "公安案件编号", "报案编号"),
    "age_then": ("走失时年龄", "走失年龄"),
}
FIELDS = tuple(HEADERS)
# Nicknames are written one after another in a cell: 兰兰、小兰 / 兰兰，小兰 / 兰兰; 小兰.
_NICKNAME_SEPARATORS = re.compile(r"[、，,;；/\s]+")
_PHONE = re.compile(r"^[0-9+\-() 转#*]{5,40}$")
_HEIGHT = re.compile(r"^(\d+(?:\.\d+)?)\s*(cm|厘米|公分|m|米)?$", re.IGNORECASE)
_YEARS_OLD = re.compile(r"^(\d{1,3})\s*(岁|周岁)?$")
_YEAR = re.compile(r"^(\d{4})\s*年?$")
OLDEST = 1900  # no one sought was born before
MAX_NICKNAMES = 10
# Free text a family may fill with a police sample number: refused, never stored.
_GUARDED = ("features", "police_reference", "inquirer_relation", "missing_place", "home_dialect")


def _limit(field: str) -> int | None:
    column = TracingInquiry.__table__.columns[field]
    return getattr(logical_type(column.type), "length", None)


def _text(field: str) -> Callable[[object], str | None]:
    limit = _limit(field)

    def read(value: object) -> str | None:
        text = normalize.text(value)
        if not text:
            return None
        if limit and len(text) > limit:
            raise ValueError(f"太长了：最多{limit}个字，这里有{len(text)}个")
        if field in _GUARDED and (what := dna_content(text)):
            raise ValueError(REFUSAL.format(what=what))
        return text

    return read


def _nicknames(value: object) -> list[str]:
    if isinstance(value, list | tuple):
        parts = [normalize.text(v) for v in value]
    else:
        parts = _NICKNAME_SEPARATORS.split(normalize.text(value))
    names = list(dict.fromkeys(p for p in parts if p))
    if len(names) > MAX_NICKNAMES:
        raise ValueError(f"小名太多：最多{MAX_NICKNAMES}个")
    for name in names:
        if len(name) > 20:
            raise ValueError(f"小名“{name[:20]}…”太长：每个最多20个字")
    return names


def _phone(value: object) -> str | None:
    text = normalize.text(value)
    if not text:
        return None
    if not _PHONE.match(text) or sum(c.isdigit() for c in text) < 5:
        raise ValueError(f"联系电话“{text[:40]}”应为电话号码，如 13812345678 或 0831-1234567")
    return text


def _sex(value: object) -> str:
    if isinstance(value, Sex):
        return value.value
    return normalize.sex(value)


def _whole(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize.text(value)


def _birth_year(value: object, today: dt.date) -> int | None:
    text = _whole(value)
    if not text:
        return None
    match = _YEAR.match(text)
    if not match:
        raise ValueError(f"出生年份“{text}”应为四位年份，如 2009")
    year = int(match.group(1))
    if not OLDEST <= year <= today.year:
        raise ValueError(f"出生年份 {year} 不合理：应在 {OLDEST} 年和今年之间")
    return year


def _age(value: object) -> int | None:
    text = _whole(value)
    if not text:
        return None
    match = _YEARS_OLD.match(text)
    if not match or int(match.group(1)) > 120:
        raise ValueError(f"走失时年龄“{text}”应为 0 到 120 之间的整数（岁）")
    return int(match.group(1))


def _height(value: object) -> int | None:
    text = _whole(value)
    if not text:
        return None
    match = _HEIGHT.match(text)
    if not match:
        raise ValueError(f"身高“{text}”应为厘米数，如 152 或 152cm")
    number = float(match.group(1))
    unit = (match.group(2) or "").lower()
    cm = round(number * 100) if unit in ("m", "米") or (not unit and number < 3) else round(number)
    if not 30 <= cm <= 250:
        raise ValueError(f"身高“{text}”不合理：应在 30 到 250 厘米之间")
    return cm


def _missing_date(value: object, today: dt.date) -> tuple[dt.date, str] | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        found: tuple[dt.date, str] | None = (value.date(), DAY)
    elif isinstance(value, dt.date):
        found = (value, DAY)
    elif isinstance(value, int | float) and OLDEST <= value <= today.year:
        found = (dt.date(int(value), 1, 1), YEAR)  # a year typed into a number cell
    elif isinstance(value, int | float):
        found = (normalize.date(value), DAY)  # type: ignore[assignment]  # Excel's serial
    else:
        found = parse_partial_date(normalize.text(value))
    if found is None:
        return None
    day, precision = found
    if day > today:
        raise ValueError(f"走失日期 {day:%Y-%m-%d} 在今天之后")
    if day.year < OLDEST:
        raise ValueError(f"走失日期 {day.year} 年不合理")
    return day, precision


def place_code(text: str) -> str | None:
    """The GB/T 2260 code of the place ``text`` begins with (四川省宜宾市叙州区柏溪镇 -> the
    county), or None when no beginning names one place: the text is kept either way."""
    written_out = places.code_of_full_name(text)
    if written_out is not None:
        return written_out
    for end in range(len(text), 1, -1):
        named = places.exact(text[:end])
        if len(named) == 1:
            return named[0].code
        if named:  # 朝阳区: several places, and a shorter beginning cannot say which
            return None
    return None


Problems = list[tuple[str, str]]  # (field, message)


def read_values(raw: Mapping[str, object], today: dt.date) -> tuple[dict[str, Any], Problems]:
    """(stored values by field, problems) of the fields present in ``raw``.

    Derived values are set too: ``missing_place_code`` from the place, ``home_dialect_code``
    from the dialect (reference/dialects.py), and the missing date's precision."""
    values: dict[str, Any] = {}
    problems: Problems = []
    readers: dict[str, Callable[[object], Any]] = {
        "missing_nicknames": _nicknames,
        "inquirer_phone": _phone,
        "sex": _sex,
        "birth_year": lambda v: _birth_year(v, today),
        "age_then": _age,
        "height_cm": _height,
        "missing_date": lambda v: _missing_date(v, today),
    }
    for field in FIELDS:
        if field not in raw:
            continue
        reader = readers.get(field) or _text(field)
        try:
            values[field] = reader(raw[field])
        except ValueError as exc:
            problems.append((field, str(exc)))
    if "missing_date" in values:
        found = values.pop("missing_date")
        values["missing_date"], values["missing_date_precision"] = found or (None, None)
    if "missing_place" in values:
        place = values["missing_place"]
        values["missing_place_code"] = place_code(place) if place else None
    if "home_dialect" in values:  # the text stays as the family said it
        values["home_dialect_code"] = dialects.accent_of(values["home_dialect"])
    problems += _rules(values)
    return values, problems


def _rules(values: Mapping[str, Any]) -> Problems:
    problems: Problems = []
    if "inquiry_number" in values and not values["inquiry_number"]:
        problems.append(("inquiry_number", "查询编号不能为空"))
    if not values.get("missing_name") and not values.get("missing_nicknames"):
        problems.append(("missing_name", "须填写走失者姓名或小名"))
    born, missing = values.get("birth_year"), values.get("missing_date")
    if born and missing and missing.year < born:
        problems.append(("missing_date", f"走失日期在出生年份 {born} 之前"))
    return problems
