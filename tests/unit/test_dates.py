"""The one date parser: every written form a caseworker uses, and impossible dates refused."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rescuedesk import clock
from rescuedesk.reference.dates import NoSuchDate, is_date_prefix, parse_date, parse_partial_date

FULL_WIDTH = str.maketrans("0123456789./-", "０１２３４５６７８９．／－")
days = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))

WRITTEN_FORMS = (
    lambda d: d.isoformat(),
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}/{d.month:02}/{d.day:02}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year}年{d.month}月{d.day}",
    lambda d: f"{d.year}年{d.month:02}月{d.day:02}日",
    lambda d: d.strftime("%Y%m%d"),
)


@given(day=days, form=st.sampled_from(WRITTEN_FORMS), full_width=st.booleans())
def test_a_date_reads_back_in_every_written_form(
    day: dt.date, form: object, full_width: bool
) -> None:
    written = form(day)  # type: ignore[operator]
    if full_width:
        written = written.translate(FULL_WIDTH)
    assert parse_date(written) == day


MONTH_DAY_FORMS = (
    lambda d: f"{d.month}/{d.day}",
    lambda d: f"{d.month}.{d.day}",
    lambda d: f"{d.month}月{d.day}日",
    lambda d: f"{d.month:02}月{d.day:02}",
)


@given(
    day=st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31)),
    form=st.sampled_from(MONTH_DAY_FORMS),
)
def test_a_date_without_a_year_is_this_year(day: dt.date, form: object) -> None:
    assert clock.today().year == 2026  # the tests' fixed clock
    assert parse_date(form(day)) == day  # type: ignore[operator]


def test_this_year_follows_the_clock() -> None:
    clock.set_clock(lambda: dt.datetime(2031, 6, 1, 12, 0))
    assert parse_date("3/5") == dt.date(2031, 3, 5)


@pytest.mark.parametrize("typed", ["2023-02-30", "2023年2月29日", "20231301", "2/30", "2023.4.31"])
def test_an_impossible_date_is_refused_naming_what_was_typed(typed: str) -> None:
    with pytest.raises(ValueError, match=f"日期“{typed}”不存在"):
        parse_date(typed)


@pytest.mark.parametrize("typed", ["明天", "2023-5", "12345678901", "5"])
def test_text_that_is_no_date_is_refused_with_the_forms_it_may_take(typed: str) -> None:
    with pytest.raises(ValueError, match=f"看不懂日期“{typed}”.*2023年5月1日"):
        parse_date(typed)


def test_an_empty_text_is_no_date() -> None:
    assert parse_date("") is None and parse_date("  ") is None


def test_a_date_being_typed_is_a_prefix() -> None:
    assert all(is_date_prefix(t) for t in ("", "2026", "2026.", "2026年3", "３/"))
    assert not is_date_prefix("2026a")


# --- partial dates (an inquiry's 走失日期: a family may remember only a month or a year) ---

months = st.tuples(st.integers(1000, 9999), st.integers(1, 12))
MONTH_FORMS = (
    lambda y, m: f"{y}年{m}月",
    lambda y, m: f"{y}年{m:02}月",
    lambda y, m: f"{y}-{m:02}",
    lambda y, m: f"{y}.{m}",
    lambda y, m: f"{y}/{m}",
    lambda y, m: f"{y}年{m}",
)


@given(ym=months, form=st.sampled_from(MONTH_FORMS), full_width=st.booleans())
def test_a_month_keeps_its_precision(ym: tuple[int, int], form: object, full_width: bool) -> None:
    written = form(*ym)  # type: ignore[operator]
    if full_width:
        written = written.translate(FULL_WIDTH)
    assert parse_partial_date(written) == (dt.date(ym[0], ym[1], 1), "month")


@given(year=st.integers(1000, 9999), suffix=st.sampled_from(["", "年", " 年"]))
def test_a_year_keeps_its_precision(year: int, suffix: str) -> None:
    assert parse_partial_date(f"{year}{suffix}") == (dt.date(year, 1, 1), "year")


@given(day=days, form=st.sampled_from(WRITTEN_FORMS))
def test_a_full_date_is_a_day(day: dt.date, form: object) -> None:
    assert parse_partial_date(form(day)) == (day, "day")  # type: ignore[operator]


def test_partial_dates_refused_in_words() -> None:
    assert parse_partial_date("  ") is None
    with pytest.raises(NoSuchDate):
        parse_partial_date("2015年13月")
    with pytest.raises(NoSuchDate):
        parse_partial_date("2015-02-30")
    with pytest.raises(ValueError, match="2015年6月"):
        parse_partial_date("去年夏天")
