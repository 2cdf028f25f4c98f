"""A supervisor's reach follows the division code of their unit: a province (230000) covers
every prefecture of it, a prefecture (230100) every county of it, a county only itself.
Written to kill mutants of region_prefix that the one provincial test let through."""

from __future__ import annotations

import pytest

from rescuedesk.db import Database
from rescuedesk.models.enums import Role, UnitKind
from rescuedesk.services.office import directory
from rescuedesk.services.office.access import units_in_reach
from rescuedesk.services.office.context import Actor
from tests.conftest import Staff

UNITS = {  # code: division
    "HLJ": "230000",  # 黑龙江省
    "HRB-CITY": "230100",  # 哈尔滨市
    "ACHENG": "230112",  # 哈尔滨市阿城区
    "MDJ": "231002",  # 牡丹江市东安区
    "JL": "220102",  # 吉林省长春市南关区
}


@pytest.mark.parametrize(
    ("unit", "reaches"),
    [
        ("HLJ", {"HLJ", "HRB-CITY", "ACHENG", "MDJ", "HRB"}),
        ("HRB-CITY", {"HRB-CITY", "ACHENG", "HRB"}),
        ("ACHENG", {"ACHENG"}),
    ],
)
def test_reach_by_division(db: Database, staff: Staff, unit: str, reaches: set[str]) -> None:
    # The staff fixture's own units: HRB (230102) and LZ (620102).
    with db.write_session() as s:
        ids = {"HRB": staff.unit_id, "LZ": staff.other_unit_id}
        for code, division in UNITS.items():
            ids[code] = directory.create_unit(
                s,
                staff.system,
                {
                    "code": code,
                    "name": f"{code}民政局",
                    "kind": UnitKind.CIVIL_AFFAIRS_BUREAU,
                    "division_code": division,
                },
            ).record.id
        boss = Actor.for_user(
            directory.create_user(
                s,
                staff.system,
                {
                    "username": f"sup_{unit.lower()}",
                    "full_name": "主管",
                    "role": Role.SUPERVISOR,
                    "unit_id": ids[unit],
                },
            ).record
        )
        names = {v: k for k, v in ids.items()}
        assert {names[i] for i in units_in_reach(s, boss)} == reaches
        # Anyone else reaches only their own unit, whatever its level.
        assert units_in_reach(s, staff.statistician) == [staff.unit_id]
