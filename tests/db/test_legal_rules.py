"""Issue #11 item 5: the legal rules hold whoever calls the service, on both engines.

DNA data only with the police (HLJ 47; NH 二.2; GS 19); a child never placed with the family
that bought them (HLJ 49; NH 二.5; LN 10); a supervisor other than the requester approves a
placement plan and a closure; no closure while an approval is pending.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied, RuleViolation
from rescuedesk.models import Case, CaseBuyer, Placement, TracingAction
from rescuedesk.models.enums import PlacementStatus, Stage
from rescuedesk.services.casefile import cases, records, workbench
from rescuedesk.services.casefile.rules import AcknowledgementRequired
from rescuedesk.services.office import audit
from tests.conftest import Staff
from tests.factories import new_case, new_person

TODAY = dt.date(2026, 11, 25)
PROFILE = "D8S1179:13,14 D21S11:30,31 TH01:6,9"


def _case_for(db: Database, staff: Staff, **person: object) -> int:
    return new_case(db, staff.caseworker, new_person(db, staff.caseworker, **person))


def _add(db: Database, actor, model, case_id: int, data: dict):  # type: ignore[no-untyped-def]
    with db.write_session() as s:
        return records.add_record(s, actor, model, case_id, data)


# ------------------------------------------------------------------ DNA (HLJ 47)

DNA_SAMPLE = {"kind": "dna_sample", "action_date": TODAY, "police_unit": "哈尔滨市公安局"}


@pytest.mark.parametrize(
    "field", ["police_reference", "description", "police_unit", "family_contact"]
)
@pytest.mark.parametrize("who", ["caseworker", "supervisor", "system"])
def test_a_dna_profile_is_refused_in_every_text_field_of_tracing(
    db: Database, staff: Staff, field: str, who: str
) -> None:
    case_id = _case_for(db, staff)
    data = {**DNA_SAMPLE, "police_reference": "哈公刑〔2026〕118号", field: PROFILE}
    with pytest.raises(RuleViolation, match="DNA 数据只由公安机关采集和保存") as err:
        _add(db, getattr(staff, who), TracingAction, case_id, data)
    assert err.value.field == field
    assert "13,14" not in err.value.message  # the message does not repeat the data
    with db.read_session() as s:
        assert s.scalar(select(TracingAction.id)) is None


def test_a_sample_number_is_refused_and_a_police_number_kept(db: Database, staff: Staff) -> None:
    case_id = _case_for(db, staff)
    for code in ("DNA样本编号 230102-0042", "HRB-DNA-2026-0042", "基因型见附件"):
        with pytest.raises(RuleViolation, match="不记录 DNA 分型或样本编号"):
            _add(
                db,
                staff.caseworker,
                TracingAction,
                case_id,
                {**DNA_SAMPLE, "police_reference": code},
            )
    for number in ("哈公刑〔2026〕118号", "A2301020000002026110001"):
        saved = _add(
            db, staff.caseworker, TracingAction, case_id, {**DNA_SAMPLE, "police_reference": number}
        )
        assert saved.record.police_reference == number


def test_a_dna_profile_cannot_be_edited_into_a_saved_action(db: Database, staff: Staff) -> None:
    case_id = _case_for(db, staff)
    action = _add(
        db, staff.caseworker, TracingAction, case_id,
        {**DNA_SAMPLE, "police_reference": "哈公刑〔2026〕118号"},
    ).record  # fmt: skip
    with pytest.raises(RuleViolation, match="DNA") as err, db.write_session() as s:
        records.update_record(
            s, staff.caseworker, TracingAction, action.id, action.version,
            {"description": "公安反馈：" + PROFILE},
        )  # fmt: skip
    assert err.value.field == "description"


def test_the_police_reference_of_the_case_refuses_dna_too(db: Database, staff: Staff) -> None:
    case_id = _case_for(db, staff)
    with db.read_session() as s:
        version = s.get(Case, case_id).version  # type: ignore[union-attr]
    with pytest.raises(RuleViolation, match="DNA") as err, db.write_session() as s:
        cases.update_case(s, staff.caseworker, case_id, version, {"police_reference": PROFILE})
    assert err.value.field == "police_reference"


# ------------------------------------- placement approval: a supervisor, four eyes (HLJ 61)

INSTITUTION = {"placement_type": "child_welfare", "institution_name": "哈尔滨市儿童福利院"}


@pytest.mark.parametrize("who", ["caseworker", "supervisor", "system"])
@pytest.mark.parametrize("status", ["approved", "active"])
def test_no_save_sets_a_plan_approved_whoever_saves(
    db: Database, staff: Staff, who: str, status: str
) -> None:
    case_id = _case_for(db, staff)
    data = {**INSTITUTION, "status": status, "start_date": TODAY}
    with pytest.raises(RuleViolation, match="批准") as err:
        _add(db, getattr(staff, who), Placement, case_id, data)
    assert err.value.field == "status"
    with db.read_session() as s:
        assert s.scalar(select(Placement.id)) is None


@pytest.mark.parametrize("who", ["caseworker", "supervisor"])
def test_an_edit_cannot_approve_a_plan(db: Database, staff: Staff, who: str) -> None:
    case_id = _case_for(db, staff)
    plan = _add(db, staff.caseworker, Placement, case_id, INSTITUTION).record
    with pytest.raises(RuleViolation, match="已批准") as err, db.write_session() as s:
        records.update_record(
            s, getattr(staff, who), Placement, plan.id, plan.version, {"status": "approved"}
        )
    assert err.value.field == "status"
    with db.read_session() as s:
        assert s.get(Placement, plan.id).status == PlacementStatus.PLANNED  # type: ignore[union-attr]


def test_a_plan_is_approved_by_a_supervisor_who_did_not_write_it(
    db: Database, staff: Staff
) -> None:
    case_id = _case_for(db, staff)
    own = _add(db, staff.supervisor, Placement, case_id, INSTITUTION).record
    with pytest.raises(PermissionDenied, match="另一位主管"), db.write_session() as s:
        records.approve_placement(s, staff.supervisor, own.id)
    # Nor one who changed a colleague's plan before approving it.
    plan = _add(db, staff.caseworker, Placement, case_id, INSTITUTION).record
    with db.write_session() as s:
        records.update_record(
            s, staff.supervisor2, Placement, plan.id, None, {"plan": "改为福利院长期安置"}
        )
    with pytest.raises(PermissionDenied, match="另一位主管"), db.write_session() as s:
        records.approve_placement(s, staff.supervisor2, plan.id)
    with db.write_session() as s:
        approved = records.approve_placement(s, staff.supervisor, plan.id)
        assert approved.approved_by_id == staff.supervisor.user_id
    # Once approved, the caseworker carries it out.
    with db.write_session() as s:
        records.update_record(
            s, staff.caseworker, Placement, plan.id, None, {"status": "active", "start_date": TODAY}
        )
        assert s.get(Placement, plan.id).status == PlacementStatus.ACTIVE  # type: ignore[union-attr]


# ------------------------------------------ closure waits for what is pending approval


def test_closure_is_refused_while_a_placement_plan_waits(db: Database, staff: Staff) -> None:
    case_id = _case_for(db, staff)
    plan = _add(db, staff.caseworker, Placement, case_id, INSTITUTION).record
    with pytest.raises(RuleViolation, match="待批准") as err, db.write_session() as s:
        cases.request_closure(s, staff.caseworker, case_id, "已稳定安置")
    assert "安置方案（儿童福利机构，2026年11月25日拟定）" in err.value.message
    with db.write_session() as s:
        records.approve_placement(s, staff.supervisor, plan.id)
        cases.request_closure(s, staff.caseworker, case_id, "已稳定安置")
    # A plan drafted after the request holds the approval back too.
    _add(db, staff.caseworker, Placement, case_id, {**INSTITUTION, "institution_name": "二院"})
    with pytest.raises(RuleViolation, match="安置方案") as err, db.write_session() as s:
        cases.approve_closure(s, staff.supervisor2, case_id)
    with db.write_session() as s:  # the home page's read is audited
        assert s.get(Case, case_id).stage != Stage.CLOSED  # type: ignore[union-attr]
        home = workbench.home(s, staff.supervisor2)
    assert [a.kind for a in home.approvals if a.case_id == case_id] == ["closure", "placement"]


def test_a_supervisor_is_not_asked_to_approve_her_own_plan(db: Database, staff: Staff) -> None:
    case_id = _case_for(db, staff)
    _add(db, staff.supervisor, Placement, case_id, INSTITUTION)
    with db.write_session() as s:
        mine = [a.kind for a in workbench.home(s, staff.supervisor).approvals]
        theirs = [a.kind for a in workbench.home(s, staff.supervisor2).approvals]
    assert mine == [] and theirs == ["placement"]


# ------------------------------- the buying family, written differently (HLJ 49; LN 10)

BUYER = {"name": "赵大山", "address": "黑龙江省哈尔滨市呼兰区石人镇某村三组"}
START = dt.date(2026, 11, 20)
AGES = {  # the person's birth date for an age on START
    "17": {"birth_date": dt.date(2008, 11, 21)},  # 18 the next day
    "18": {"birth_date": dt.date(2008, 11, 20)},  # 18 that day
    "unknown": {"real_name": None, "alias": "小花", "birth_date": None, "identity_known": False},
}


def _placement(address: str, carer: str = "赵某") -> dict:  # type: ignore[type-arg]
    return {
        "placement_type": "family_return",
        "start_date": START,
        "address": address,
        "carers": [{"name": carer, "relation": "parent"}],  # no ID number
    }


def _buyer_case(db: Database, staff: Staff, age: str) -> int:
    case_id = _case_for(db, staff, **AGES[age])
    _add(db, staff.caseworker, CaseBuyer, case_id, BUYER)
    return case_id


@pytest.mark.parametrize("age", ["17", "unknown"])
@pytest.mark.parametrize(
    "address",
    [
        "哈尔滨市呼兰区石人镇某村3组",  # the address of issue #11
        "哈尔滨市 呼兰区 石人镇 某村 第三村民小组",
        "呼兰县石人镇某村3社",
        "石人镇某村三队15号",
    ],
)
def test_a_child_is_not_placed_in_the_buyers_household_written_differently(
    db: Database, staff: Staff, age: str, address: str
) -> None:
    case_id = _buyer_case(db, staff, age)
    with pytest.raises(RuleViolation, match="收买人家庭的地址") as err:
        _add(db, staff.caseworker, Placement, case_id, _placement(address))
    assert err.value.field == "address"
    with db.read_session() as s:
        assert s.scalar(select(Placement.id)) is None


@pytest.mark.parametrize(
    "address",
    [
        pytest.param("哈尔滨市呼兰区石人镇某村3组", id="the-buyers-address"),
        pytest.param("呼兰区石人镇某村5组", id="the-buyers-village"),
    ],
)
def test_an_adult_may_go_back_there_unwarned(db: Database, staff: Staff, address: str) -> None:
    """An adult may go back to the buyer's address, or to the buyer's village, unwarned."""
    case_id = _buyer_case(db, staff, "18")
    saved = _add(db, staff.caseworker, Placement, case_id, _placement(address))
    assert saved.warnings == []


@pytest.mark.parametrize("age", ["17", "unknown"])
def test_the_same_village_is_saved_only_once_the_warning_is_confirmed(
    db: Database, staff: Staff, age: str
) -> None:
    case_id = _buyer_case(db, staff, age)
    data = _placement("哈尔滨市呼兰区石人镇某村5组")
    with pytest.raises(AcknowledgementRequired, match="同一个村") as err:
        _add(db, staff.caseworker, Placement, case_id, data)
    assert err.value.field == "address"
    with db.write_session() as s:
        saved = records.add_record(
            s, staff.caseworker, Placement, case_id, data, acknowledged=err.value.warnings
        )
        plan_id = saved.record.id
    with db.read_session() as s:
        events = [e for e in audit.history(s, case_id=case_id) if e.action == "acknowledge"]
    assert [(e.entity, e.entity_id) for e in events] == [("placement", plan_id)]
    assert "同一个村" in (events[0].reason or "")
    assert "赵大山" not in (events[0].reason or "")  # the timeline names no buyer
    assert events[0].actor_label == staff.caseworker.label
    # Editing what the warning is not about needs no new confirmation.
    with db.write_session() as s:
        records.update_record(s, staff.caseworker, Placement, plan_id, None, {"plan": "每周家访"})


@pytest.mark.parametrize("carer", ["赵大善", "Zhao Dashan"])
def test_a_carer_whose_name_sounds_like_the_buyers_needs_confirming(
    db: Database, staff: Staff, carer: str
) -> None:
    case_id = _buyer_case(db, staff, "17")
    data = _placement("哈尔滨市道里区某街道某社区", carer=carer)
    with pytest.raises(AcknowledgementRequired, match="读音相同") as err:
        _add(db, staff.caseworker, Placement, case_id, data)
    assert err.value.field == "carers"
    with db.write_session() as s:
        records.add_record(
            s, staff.caseworker, Placement, case_id, data, acknowledged=err.value.warnings
        )


def test_another_village_needs_nothing(db: Database, staff: Staff) -> None:
    case_id = _buyer_case(db, staff, "17")
    for address in ("哈尔滨市呼兰区康金镇某村3组", "哈尔滨市道里区石人镇某村3组"):
        assert _add(db, staff.caseworker, Placement, case_id, _placement(address)).warnings == []
