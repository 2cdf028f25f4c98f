"""Dates as caseworkers type them, read by one parser for the forms and the ledger import.

Accepted: 2026-03-05, 2026.3.5, 2026/3/5, 2026年3月5日 (日 optional), 20260305, and, for
a date of this year, 3/5, 3.5, 3-5 or 3月5日. Full-width digits and punctuation are read as
their half-width selves (NFKC). "This year" is read from :mod:`rescuedesk.clock`, so tests can
fix today.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from rescuedesk import clock

_FULL = (
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
# No year: the caseworker means this year (a visit noted "3/5").
_MONTH_DAY = (
    re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{1,2})\s*[./\-]\s*(\d{1,2})$"),
)
HINT = "可写 2023年5月1日、2023.5.1、2023/05/01、20230501，或今年的 5/1"


class NoSuchDate(ValueError):
    """A well-written date that is not in the calendar (2023-02-30)."""


def _clean(text: str) -> str:
    # NFKC turns full-width digits and ．／－ into ASCII; 年月日 are left as they are.
    return "".join(unicodedata.normalize("NFKC", text).split())


def parse_date(text: str) -> dt.date | None:
    """The date written in ``text``; None for an empty text.

    Raises ValueError with a caseworker's message for text that is no date or a date that
    does not exist (2023-02-30), naming what was typed.
    """
    raw = _clean(text)
    if not raw:
        return None
    parts: tuple[int, int, int] | None = None
    for pattern in _FULL:
        match = pattern.match(raw)
        if match:
            year, month, day = (int(g) for g in match.groups())
            parts = (year, month, day)
            break
    else:
        for pattern in _MONTH_DAY:
            match = pattern.match(raw)
            if match:
                month, day = (int(g) for g in match.groups())
                parts = (clock.today().year, month, day)
                break
    if parts is None:
        raise ValueError(f"看不懂日期“{text.strip()}”（{HINT}）")
    try:
        return dt.date(*parts)
    except ValueError:
        raise NoSuchDate(f"日期“{text.strip()}”不存在") from None


def is_date_prefix(text: str) -> bool:
    """Whether ``text`` could still become a date as the user goes on typing (an editor's
    "intermediate" state): digits, separators and 年月日 only."""
    return re.fullmatch(r"[\d./\-年月日]*", _clean(text)) is not None


# How exactly a partial date is known (a family remembers "1998年" or "1998年5月").
DAY, MONTH, YEAR = "day", "month", "year"
_YEAR_MONTH = (
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月?$"),
    re.compile(r"^(\d{4})\s*[./\-]\s*(\d{1,2})$"),
)
_YEAR = re.compile(r"^(\d{4})\s*年?$")
PARTIAL_HINT = "可写 2015年6月3日、2015年6月、2015年，或 2015-06-03、2015-06、2015"


def parse_partial_date(text: str) -> tuple[dt.date, str] | None:
    """(date, precision) of a date that may name only a month or a year; None when empty.

    A month is stored as its first day and a year as 1 January, with the precision saying
    so: "1998-05" is (1998-05-01, "month"), never a claim about the first of May. A full
    date is read as :func:`parse_date` reads it. Raises ValueError in words otherwise."""
    raw = _clean(text)
    if not raw:
        return None
    match = _YEAR.match(raw)
    if match:
        return dt.date(int(match.group(1)), 1, 1), YEAR
    for pattern in _YEAR_MONTH:
        match = pattern.match(raw)
        if match:
            year, month = (int(g) for g in match.groups())
            if not 1 <= month <= 12:
                raise NoSuchDate(f"日期“{text.strip()}”不存在")
            return dt.date(year, month, 1), MONTH
    try:
        day = parse_date(raw)
    except NoSuchDate:
        raise
    except ValueError:
        raise ValueError(f"看不懂日期“{text.strip()}”（{PARTIAL_HINT}）") from None
    assert day is not None
    return day, DAY
