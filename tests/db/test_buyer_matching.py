"""Which carers and addresses the buying-family rule matches (HLJ 49; NH 二.5; LN 10).

A registered buyer is recognised under spaces of any width in the name; a different carer,
or a placement or buyer without an address, is not a match: the rule must not refuse every
placement of a child once any buyer is on file. Written to kill mutants of _same_text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.errors import RuleViolation
from rescuedesk.models import CaseBuyer, Placement
from rescuedesk.models.enums import Sex
from rescuedesk.services.casefile import records
from tests.conftest import Staff
from tests.factories import child_birth, new_case, new_person, valid_id


def _child_case_with_buyer(db: Database, staff: Staff, **buyer: Any) -> int:
    case_id = new_case(
        db, staff.caseworker, new_person(db, staff.caseworker, birth_date=child_birth(9))
    )
    with db.write_session() as s:
        records.add_record(s, staff.caseworker, CaseBuyer, case_id, {"name": "王大山", **buyer})
    return case_id


def _place(db: Database, staff: Staff, case_id: int, **placement: Any) -> None:
    with db.write_session() as s:
        records.add_record(
            s,
            staff.caseworker,
            Placement,
            case_id,
            {"placement_type": "foster_kinship", "start_date": "2026-11-20", **placement},
        )


@pytest.mark.parametrize("written", ["王 大山", "王　大山", " 王大山 ", "王大山"])
def test_the_buyer_is_recognised_under_any_spacing(
    db: Database, staff: Staff, written: str
) -> None:
    case_id = _child_case_with_buyer(db, staff)
    with pytest.raises(RuleViolation):
        _place(db, staff, case_id, carers=[{"name": written, "relation": "foster_carer"}])


def test_other_carers_and_missing_addresses_are_no_match(db: Database, staff: Staff) -> None:
    li = [{"name": "李四", "relation": "foster_carer"}]
    no_address = _child_case_with_buyer(db, staff)
    _place(db, staff, no_address, carers=li)
    _place(db, staff, no_address, carers=li, address="某县某村5组")
    with_address = _child_case_with_buyer(db, staff, address="某县某村3组")
    _place(db, staff, with_address, carers=li)
    with pytest.raises(RuleViolation):
        _place(db, staff, with_address, carers=li, address="某县某村 3组")


def test_a_buyer_entered_by_mistake_and_voided_no_longer_blocks(db: Database, staff: Staff) -> None:
    case_id = _child_case_with_buyer(db, staff)
    carers = [{"name": "王大山", "relation": "foster_carer"}]
    with pytest.raises(RuleViolation):
        _place(db, staff, case_id, carers=carers)
    with db.write_session() as s:
        buyer = s.scalars(select(CaseBuyer).where(CaseBuyer.case_id == case_id)).one()
        records.void_record(s, staff.caseworker, CaseBuyer, buyer.id, "录入错误：系同名的舅舅")
    _place(db, staff, case_id, carers=carers)


def test_the_buyer_is_recognised_by_id_number_under_another_name(
    db: Database, staff: Staff
) -> None:
    buyer_id = valid_id(dt.date(1970, 5, 6), Sex.MALE)
    case_id = _child_case_with_buyer(db, staff, id_number=buyer_id)
    with pytest.raises(RuleViolation):
        _place(db, staff, case_id, carers=[{"name": "王山", "id_number": buyer_id.lower()}])
    other = valid_id(dt.date(1971, 5, 6), Sex.MALE)
    _place(db, staff, case_id, carers=[{"name": "李四", "id_number": other}])
    _place(db, staff, case_id, carers=[{"name": "赵五"}])  # a carer without an ID number
