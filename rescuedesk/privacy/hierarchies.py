"""Generalisation hierarchies of the quasi-identifiers (issue #4).

Each hierarchy maps a raw value to its label at every level, from the value itself (level 0)
to "*" (the top). Labels are strings; None (unknown) stays "未知" until the top level.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from rescuedesk.reference import divisions, places

STAR = "*"
UNKNOWN = "未知"


@dataclass(frozen=True)
class Hierarchy:
    column: str  # the stable English column name in the export
    levels: tuple[Callable[[object], str], ...]
    level_names: tuple[str, ...]

    @property
    def height(self) -> int:
        return len(self.levels)

    def label(self, value: object, level: int) -> str:
        if level == self.height - 1:
            return STAR
        if value is None:
            return UNKNOWN
        return self.levels[level](value)


def _age_band(age: object) -> str:
    a = int(age)  # type: ignore[call-overload]
    for low, high in ((0, 5), (6, 13), (14, 17), (18, 24), (25, 34), (35, 44), (45, 59)):
        if low <= a <= high:
            return f"{low}-{high}"
    return "60+"


def _child_adult(age: object) -> str:
    return "child" if int(age) < 18 else "adult"  # type: ignore[call-overload]


def _quarter(day: object) -> str:
    d: dt.date = day  # type: ignore[assignment]
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def _five_years(day: object) -> str:
    y = day.year  # type: ignore[attr-defined]
    start = y - (y % 5)
    return f"{start}-{start + 4}"


def _ethnic_group(code: object) -> str:
    if code == "FOREIGN":
        return "foreign"
    return "han" if code == "01" else "minority"


def _region(code: object) -> str:
    return divisions.region_of(str(code)) or UNKNOWN


def origin_name(label: str) -> str:
    """The name of an ``origin_region`` label at whatever level it was generalised to:
    511504 四川省宜宾市叙州区, 5115 四川省宜宾市, 51 四川省, southwest 西南; 未知 and * as
    they are. A function of the label, so it adds nothing a recipient could not look up."""
    if label in divisions.REGION_NAMES:
        return divisions.REGION_NAMES[label]
    if label.isdigit() and len(label) in (2, 4, 6):
        return places.display(label.ljust(6, "0"))
    return label


AGE = Hierarchy(
    "age_band", (str, _age_band, _child_adult, lambda v: STAR), ("age", "band", "child/adult", "*")
)
SEX = Hierarchy("sex", (str, lambda v: STAR), ("sex", "*"))
NATIONALITY = Hierarchy(
    "nationality",
    (str, lambda v: "CHN" if v == "CHN" else "foreign", lambda v: STAR),
    ("country", "China/foreign", "*"),
)
ETHNICITY = Hierarchy(
    "ethnicity", (str, _ethnic_group, lambda v: STAR), ("group", "han/minority/foreign", "*")
)
ORIGIN = Hierarchy(
    "origin_region",
    (str, lambda v: str(v)[:4], lambda v: str(v)[:2], _region, lambda v: STAR),
    ("county", "prefecture", "province", "region", "*"),
)
RESCUE_DATE = Hierarchy(
    "rescue_period",
    (
        lambda d: d.isoformat(),  # type: ignore[attr-defined]
        lambda d: f"{d:%Y-%m}",
        _quarter,
        lambda d: str(d.year),  # type: ignore[attr-defined]
        _five_years,
        lambda v: STAR,
    ),
    ("day", "month", "quarter", "year", "5 years", "*"),
)

QUASI_IDENTIFIERS: tuple[Hierarchy, ...] = (SEX, AGE, NATIONALITY, ETHNICITY, ORIGIN, RESCUE_DATE)
