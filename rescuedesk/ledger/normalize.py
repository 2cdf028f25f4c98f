"""What people actually type in ledgers, turned into the values the services accept.

Each function returns the normalised value or raises ValueError with a caseworker's message.
:data:`NORMALISERS` says which one each field of a ledger sheet takes (persons and cases, or
follow-up visits: a field both kinds have is normalised alike), and :func:`normalise_row`
applies it to a row.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rescuedesk.ledger.mapping import CODE_HEADERS, SYNONYMS, WELLBEING_HEADERS
from rescuedesk.reference import divisions, ethnicities, languages, nationalities, places
from rescuedesk.reference.dates import parse_date

EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year bug)
SEX_WORDS = {
    "男": "male",
    "男性": "male",
    "m": "male",
    "male": "male",
    "1": "male",
    "女": "female",
    "女性": "female",
    "f": "female",
    "female": "female",
    "2": "female",
    "不详": "unknown",
    "未知": "unknown",
    "": "unknown",
}


def text(value: object) -> str:
    """NFKC (full-width digits and letters), trimmed, inner whitespace collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFKC", str(value)).split())


def date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and 1 <= value < 100_000:  # an Excel serial number
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    raw = text(value)
    if raw.isdigit() and len(raw) <= 5:
        return EXCEL_EPOCH + dt.timedelta(days=int(raw))
    # The forms' parser: the ledger accepts what a caseworker may type in a date field.
    return parse_date(raw)


def id_number(value: object) -> str | None:
    """As the services compare it: NFKC (full-width digits and Ｘ), upper case, no spaces or
    hyphens (services.people.identity.normalize_id_number of the cell's text)."""
    return "".join(text(value).upper().split()).replace("-", "") or None


_ABOUT = re.compile(r"^(?:约|大约|大概)?(.*?)(?:左右|上下)?$")
_YEAR = r"(\d{4})\s*年?"
_YEARS = re.compile(rf"^{_YEAR}(?:\s*(?:-|–|—|~|～|至|到)\s*{_YEAR})?$")
WIDEST_BIRTH_YEARS = 15  # a wider guess says nothing a family could recognise


def _about(raw: str) -> str:
    """The value without the words that say it is a guess (约2009年, 150左右)."""
    match = _ABOUT.match(raw)
    return match.group(1).strip() if match else raw


def birth_years(value: object) -> tuple[int, int] | None:
    """(earliest, latest) estimated birth year: 2009, 2009年, 约2009年, or a range as a
    caseworker guesses an age (2008-2010, 2008至2010年)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):  # a year typed into a cell formatted as a date
        return value.year, value.year
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value), int(value)
    raw = text(value)
    match = _YEARS.match(_about(raw))
    if not match:
        raise ValueError(f"估计出生年份“{raw}”应为年份（如 2009）或年份范围（如 2008-2010）")
    earliest = int(match.group(1))
    latest = int(match.group(2) or earliest)
    if earliest > latest:
        raise ValueError(f"估计出生年份“{raw}”的起始年份晚于结束年份")
    if latest - earliest > WIDEST_BIRTH_YEARS:
        raise ValueError(f"估计出生年份“{raw}”的范围超过{WIDEST_BIRTH_YEARS}年，请缩小范围")
    return earliest, latest


def birth_year(value: object) -> int | None:
    """The one estimated birth year a person keeps: the middle of a range (2008-2010 is
    2009), rounded down."""
    years = birth_years(value)
    return None if years is None else (years[0] + years[1]) // 2


_CM = re.compile(r"^(\d{1,3}(?:\.\d+)?)\s*(?:cm|厘米|公分)?$", re.IGNORECASE)
_M = re.compile(r"^(\d(?:\.\d+)?)\s*(?:m|米)$", re.IGNORECASE)
_M_CM = re.compile(r"^(\d)\s*米\s*(\d{1,2})$")  # 1米52


def height(value: object) -> int | None:
    """Centimetres: 152, 152cm, 152厘米, 约150, 1.52米, 1米52, or 1.52 typed as metres."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        number = float(value)
        return round(number * 100 if 0 < number < 3 else number)
    raw = text(value)
    shown = _about(raw).replace(" ", "")
    if match := _CM.match(shown):
        number = float(match.group(1))
        return round(number * 100 if number < 3 else number)
    if match := _M.match(shown):
        return round(float(match.group(1)) * 100)
    if match := _M_CM.match(shown):
        return int(match.group(1)) * 100 + int(match.group(2))
    raise ValueError(f"身高“{raw}”应为厘米数（如 152）")


def sex(value: object) -> str:
    key = text(value).lower()
    if key in SEX_WORDS:
        return SEX_WORDS[key]
    raise ValueError(f"性别“{text(value)}”应为男或女")


def ethnicity(value: object) -> str | None:
    raw = text(value)
    if not raw:
        return None
    code = ethnicities.code_for(raw)
    if code is None:
        raise ValueError(f"“{raw}”不是民族名称")
    return code


def nationality(value: object) -> str | None:
    """越南, Vietnam, VNM, VN: the alpha-3 code (reference.nationalities)."""
    raw = text(value)
    if not raw:
        return None
    # Any other three letters stay a code, as the services keep them (a ledger export of one).
    code = nationalities.code_for(raw) or raw.upper()
    if not nationalities.is_valid_code(code):
        raise ValueError(f"“{raw}”不是国家名称或代码（如 越南、VNM）")
    return code


def language_list(value: object) -> list[str] | None:
    """越南语、粤语 or "vi, yue": the codes; a dialect no table names (四川话) as written."""
    return languages.normalise(text(value)) or None


def place(value: object) -> tuple[str | None, str | None]:
    """(division code, warning). A code, or a place as the place picker resolves it
    (reference.places: 云南省文山州, 广西百色市, 宜宾县); several places is a warning, none an
    error proposing the nearest."""
    raw = text(value)
    if not raw:
        return None, None
    if divisions.is_well_formed(raw):
        return raw, None if divisions.is_known(raw) else f"代码 {raw} 不在行政区划表中"
    named = places.exact(raw)
    if len(named) == 1:
        match = named[0]
        if match.rank == places.FORMER_NAME:  # kept, but the caseworker should know
            return match.code, f"“{raw}”是旧地名，按今天的{match.path}（{match.code}）导入"
        return match.code, None
    if not named:  # what the import accepted before the resolver: a part of a full name
        matches = divisions.lookup_by_name(raw)
        named = [places.PlaceMatch(c, c, "", places.PREFIX) for c in matches]
        counties = [m for m in named if not m.code.endswith("00")] or named
        if len(counties) == 1:
            return counties[0].code, None
        if not counties:
            near = places.nearest(raw)
            hint = (
                f"，是否指“{near.path.replace(places.SEPARATOR, '')}”（{near.code}）"
                if near
                else ""
            )
            raise ValueError(f"找不到地名“{raw}”{hint}")
    return None, f"地名“{raw}”对应多个地区，请写到县级或填写代码"


VISIT_MODE_WORDS = {
    "入户": "home",
    "上门": "home",
    "家访": "home",
    "入户走访": "home",
    "实地": "home",
    "电话": "phone",
    "电话回访": "phone",
    "视频": "video",
    "微信视频": "video",
    "视频回访": "video",
    "来访": "office",
    "到站": "office",
    "面谈": "office",
    "约谈": "office",
}
WELLBEING_WORDS = {
    "好": "good",
    "良好": "good",
    "正常": "good",
    "稳定": "good",
    "较好": "good",
    "一般": "fair",
    "尚可": "fair",
    "差": "poor",
    "较差": "poor",
    "困难": "poor",
    "不详": "unknown",
    "未知": "unknown",
}


def visit_mode(value: object) -> str | None:
    raw = text(value)
    if not raw:
        return None
    key = raw.removesuffix("回访").removesuffix("走访") or raw
    for word in (raw, key):
        if word in VISIT_MODE_WORDS:
            return VISIT_MODE_WORDS[word]
        if word.lower() in ("home", "phone", "video", "office"):
            return word.lower()
    raise ValueError(f"回访方式“{raw}”应为入户、电话、视频或来访")


def wellbeing(value: object) -> str | None:
    raw = text(value)
    if not raw:
        return None
    if raw in WELLBEING_WORDS:
        return WELLBEING_WORDS[raw]
    if raw.lower() in ("good", "fair", "poor", "unknown"):
        return raw.lower()
    raise ValueError(f"“{raw}”应为好、一般、差或不详")


# A field's normaliser: the cell as typed -> (the value, a warning or None); raises ValueError.
Normaliser = Callable[[object], tuple[Any, str | None]]


def _plain(function: Callable[[object], Any]) -> Normaliser:
    return lambda value: (function(value), None)


def _text(value: object) -> str | None:
    return text(value) or None


_TEXT = _plain(_text)


def _prose(value: object) -> str | None:
    """A description as the caseworker wrote it: NFKC would turn its Chinese punctuation
    (，（）) into ASCII, and the ledger export would no longer give back what was stored."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) or None


# Field -> its normaliser, for both kinds of sheet; a field not named here is text.
NORMALISERS: dict[str, Normaliser] = {
    **dict.fromkeys(
        ("birth_date", "rescue_date", "intake_date", "planned_date", "done_date", "found_date"),
        _plain(date),
    ),
    # The middle of a range; normalise_row keeps its ends too (birth_year_earliest, _latest).
    "birth_year_estimated": _plain(birth_year),
    **dict.fromkeys(
        (
            "build",
            "distinguishing_features",
            "clothing_when_found",
            "accent_region",
            "found_place",
            "intellectual_state",
            "mental_state",
        ),
        _plain(_prose),
    ),
    "height_cm": _plain(height),
    "next_planned_date": _plain(date),
    "sex": _plain(sex),
    "ethnicity": _plain(ethnicity),
    "nationality": _plain(nationality),
    "languages": _plain(language_list),
    "household_registration_code": place,
    "id_number": _plain(id_number),
    "mode": _plain(visit_mode),
    **dict.fromkeys(WELLBEING_HEADERS, _plain(wellbeing)),
}


def _name_for_empty_code(name: str, header: str, raw: Mapping[str, object]) -> str:
    """The place's name column where its code column (which wins) is empty in this row."""
    if CODE_HEADERS.get(name) != header or text(raw.get(header)):
        return header
    named = SYNONYMS[name][0]
    return named if text(raw.get(named)) else header


def normalise_row(
    raw: Mapping[str, object], mapping: Mapping[str, str], fields: Iterable[str]
) -> tuple[dict[str, Any], list[tuple[str, str]], list[str]]:
    """(values by field, problems as (column, message), warnings) of the mapped ``fields``
    of a row; a cell that cannot be read is a problem of its column and has no value."""
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    warnings: list[str] = []
    for name in fields:
        header = mapping.get(name)
        if header is None:
            continue
        header = _name_for_empty_code(name, header, raw)
        try:
            values[name], warning = NORMALISERS.get(name, _TEXT)(raw.get(header))
        except ValueError as exc:
            problems.append((header, str(exc)))
            continue
        if warning:
            warnings.append(warning)
        if name == "birth_year_estimated" and values[name] is not None:
            # A range keeps its ends, the estimated age a family's inquiry is matched with.
            values["birth_year_earliest"], values["birth_year_latest"] = birth_years(
                raw.get(header)
            ) or (None, None)
    return values, problems, warnings
