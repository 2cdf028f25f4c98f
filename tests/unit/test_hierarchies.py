"""Generalisation hierarchies: every level's label, the bands' edges, and that each level is
a coarsening of the one below it (two values that share a label keep sharing it above)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rescuedesk.privacy import hierarchies as hz


def _labels(h: hz.Hierarchy, value: object) -> list[str]:
    return [h.label(value, level) for level in range(h.height)]


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "0-5"),
        (5, "0-5"),
        (6, "6-13"),
        (13, "6-13"),
        (14, "14-17"),
        (17, "14-17"),
        (18, "18-24"),
        (24, "18-24"),
        (25, "25-34"),
        (34, "25-34"),
        (35, "35-44"),
        (44, "35-44"),
        (45, "45-59"),
        (59, "45-59"),
        (60, "60+"),
        (95, "60+"),
    ],
)
def test_age_bands_at_their_edges(age: int, band: str) -> None:
    assert hz.AGE.label(age, 1) == band


def test_age_levels() -> None:
    assert _labels(hz.AGE, 17) == ["17", "14-17", "child", "*"]
    assert _labels(hz.AGE, 18) == ["18", "18-24", "adult", "*"]


@pytest.mark.parametrize(
    ("day", "labels"),
    [
        (dt.date(2021, 1, 1), ["2021-01-01", "2021-01", "2021-Q1", "2021", "2020-2024", "*"]),
        (dt.date(2021, 3, 31), ["2021-03-31", "2021-03", "2021-Q1", "2021", "2020-2024", "*"]),
        (dt.date(2024, 4, 1), ["2024-04-01", "2024-04", "2024-Q2", "2024", "2020-2024", "*"]),
        (dt.date(2025, 6, 30), ["2025-06-30", "2025-06", "2025-Q2", "2025", "2025-2029", "*"]),
        (dt.date(2019, 7, 1), ["2019-07-01", "2019-07", "2019-Q3", "2019", "2015-2019", "*"]),
        (dt.date(2020, 12, 31), ["2020-12-31", "2020-12", "2020-Q4", "2020", "2020-2024", "*"]),
    ],
)
def test_rescue_date_levels(day: dt.date, labels: list[str]) -> None:
    assert _labels(hz.RESCUE_DATE, day) == labels


def test_other_levels() -> None:
    assert _labels(hz.SEX, "female") == ["female", "*"]
    assert _labels(hz.NATIONALITY, "CHN") == ["CHN", "CHN", "*"]
    assert _labels(hz.NATIONALITY, "VNM") == ["VNM", "foreign", "*"]
    assert _labels(hz.ETHNICITY, "01") == ["01", "han", "*"]
    assert _labels(hz.ETHNICITY, "05") == ["05", "minority", "*"]
    assert _labels(hz.ETHNICITY, "FOREIGN") == ["FOREIGN", "foreign", "*"]
    assert _labels(hz.ORIGIN, "230102") == ["230102", "2301", "23", "northeast", "*"]
    # A code outside the division table has no region.
    assert _labels(hz.ORIGIN, "990102") == ["990102", "9901", "99", hz.UNKNOWN, "*"]


@pytest.mark.parametrize("h", hz.QUASI_IDENTIFIERS, ids=lambda h: h.column)
def test_unknown_stays_unknown_until_the_top(h: hz.Hierarchy) -> None:
    assert _labels(h, None) == [hz.UNKNOWN] * (h.height - 1) + [hz.STAR]


def test_the_export_columns_and_level_names() -> None:
    # The column names are the export's header and the level names its report: a contract
    # with whoever reads the files, so a change must be deliberate.
    assert {h.column: h.level_names for h in hz.QUASI_IDENTIFIERS} == {
        "sex": ("sex", "*"),
        "age_band": ("age", "band", "child/adult", "*"),
        "nationality": ("country", "China/foreign", "*"),
        "ethnicity": ("group", "han/minority/foreign", "*"),
        "origin_region": ("county", "prefecture", "province", "region", "*"),
        "rescue_period": ("day", "month", "quarter", "year", "5 years", "*"),
    }
    for h in hz.QUASI_IDENTIFIERS:
        assert len(h.levels) == len(h.level_names) == h.height


def _coarsens(h: hz.Hierarchy, a: object, b: object) -> None:
    for level in range(h.height - 1):
        if h.label(a, level) == h.label(b, level):
            assert h.label(a, level + 1) == h.label(b, level + 1)


@given(st.integers(0, 110), st.integers(0, 110))
def test_age_generalises_monotonically(a: int, b: int) -> None:
    _coarsens(hz.AGE, a, b)


@given(st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)), st.integers(0, 400))
def test_rescue_date_generalises_monotonically(a: dt.date, days: int) -> None:
    _coarsens(hz.RESCUE_DATE, a, a + dt.timedelta(days=days))


@given(
    st.sampled_from(["230102", "230103", "230202", "620102", "110105", "340102"]),
    st.sampled_from(["230102", "230199", "239901", "620102", "110105", "990102"]),
)
def test_origin_generalises_monotonically(a: str, b: str) -> None:
    _coarsens(hz.ORIGIN, a, b)


def test_the_origin_is_named_at_its_level() -> None:
    """The de-identified export names the origin beside its generalised code (issue #13)."""
    labels = [hz.ORIGIN.label("511504", level) for level in range(hz.ORIGIN.height)]
    assert labels == ["511504", "5115", "51", "southwest", "*"]
    names = [hz.origin_name(label) for label in labels]
    assert names == ["四川省宜宾市叙州区", "四川省宜宾市", "四川省", "西南", "*"]
    assert hz.origin_name(hz.UNKNOWN) == hz.UNKNOWN
