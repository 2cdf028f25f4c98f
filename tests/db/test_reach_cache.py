"""The case list keeps a supervisor's reach between keystrokes (services/office/access.py
cached_units_in_reach): a unit added or moved in this process shows at the next list."""

from __future__ import annotations

from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.models import Case, Unit
from rescuedesk.models.enums import Role, UnitKind
from rescuedesk.services.casefile import case_queries
from rescuedesk.services.casefile.case_queries import CaseFilter
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office import directory
from rescuedesk.services.office.context import Actor

SYSTEM = Actor.system("t")


def _listed(db: Database, actor: Actor) -> set[int]:
    with db.read_session() as s:
        rows = case_queries.list_cases(s, actor, CaseFilter(), limit=-1, audit_read=False).rows
        return {r.case_id for r in rows}


def test_a_new_unit_in_reach_shows_at_the_next_list(db: Database) -> None:
    with db.write_session() as s:
        demo_data.generate(s, SYSTEM, 60, seed=16)
        province = directory.create_unit(
            s,
            SYSTEM,
            {"code": "HLJ", "name": "黑龙江省民政厅", "kind": UnitKind.CIVIL_AFFAIRS_BUREAU,
             "division_code": "230000"},
        ).record  # fmt: skip
        user = directory.create_user(
            s,
            SYSTEM,
            {"username": "hlj_sup", "full_name": "省厅主管", "unit_id": province.id,
             "role": Role.SUPERVISOR, "phone": "0451-12345678"},
        ).record  # fmt: skip
        actor = Actor.for_user(user)
        elsewhere = s.scalars(
            select(Case.id)
            .join(Unit, Unit.id == Case.unit_id)
            .where(~Unit.division_code.startswith("23"))
            .order_by(Case.id)
            .limit(1)
        ).one()
    before = _listed(db, actor)
    assert elsewhere not in before
    with db.write_session() as s:
        station = directory.create_unit(
            s,
            SYSTEM,
            {"code": "HLJ-QQHR", "name": "齐齐哈尔市救助管理站",
             "kind": UnitKind.ASSISTANCE_STATION, "division_code": "230202"},
        ).record  # fmt: skip
        s.get_one(Case, elsewhere).unit_id = station.id
    assert _listed(db, actor) == before | {elsewhere}
