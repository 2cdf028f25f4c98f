"""The rules of the work, enforced by the services whoever calls them."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied, RuleViolation, ValidationError
from rescuedesk.models import (
    Assistance,
    CaseBuyer,
    Consent,
    DisabilityAssessment,
    MedicalCare,
    Placement,
    TracingAction,
    Training,
)
from rescuedesk.models.enums import PlacementStatus
from rescuedesk.services.casefile import records
from tests.conftest import Staff
from tests.factories import child_birth, new_case, new_person

TODAY = dt.date(2026, 11, 25)


def _case_for(db: Database, staff: Staff, **person: object) -> int:
    return new_case(db, staff.caseworker, new_person(db, staff.caseworker, **person))


def _add(db: Database, actor, model, case_id: int, data: dict):  # type: ignore[no-untyped-def]
    with db.write_session() as s:
        return records.add_record(s, actor, model, case_id, data)


# ------------------------------------------------------------------ training (HLJ 63)


def test_training_needs_age_16_on_its_start_date(db: Database, staff: Staff) -> None:
    birth = dt.date(2010, 12, 1)  # 16 on 2026-12-01
    case_id = _case_for(db, staff, birth_date=birth)
    data = {"provider": "市职业技能培训中心", "course": "家政服务", "status": "planned"}
    with pytest.raises(RuleViolation, match="15岁") as err:
        _add(db, staff.caseworker, Training, case_id, {**data, "start_date": "2026-11-30"})
    assert err.value.field == "start_date"
    saved = _add(db, staff.caseworker, Training, case_id, {**data, "start_date": "2026-12-01"})
    assert saved.record.course == "家政服务"


def test_training_refused_when_age_is_unknown(db: Database, staff: Staff) -> None:
    case_id = _case_for(
        db, staff, real_name=None, alias="无名氏", birth_date=None, identity_known=False
    )
    with pytest.raises(RuleViolation, match="年龄不明"):
        _add(
            db,
            staff.caseworker,
            Training,
            case_id,
            {"provider": "中心", "course": "缝纫", "status": "planned", "start_date": TODAY},
        )


# ------------------------------------------------ buyers (HLJ 49; NH 二.5; LN 10)

CHILD_FAMILY = {"placement_type": "family_return", "start_date": "2026-11-20"}


@pytest.mark.parametrize("who", ["caseworker", "supervisor", "system"])
def test_child_is_never_placed_with_a_carer_marked_buyer(
    db: Database, staff: Staff, who: str
) -> None:
    case_id = _case_for(db, staff, birth_date=child_birth(9))
    with pytest.raises(RuleViolation, match="收买") as err:
        _add(
            db,
            getattr(staff, who),
            Placement,
            case_id,
            {**CHILD_FAMILY, "carers": [{"name": "王大山", "relation": "buyer"}]},
        )
    assert err.value.field == "carers"
    with db.read_session() as s:
        assert s.scalar(select(Placement.id)) is None


def test_child_is_never_placed_with_a_registered_buyer_under_any_relation(
    db: Database, staff: Staff
) -> None:
    case_id = _case_for(db, staff, birth_date=child_birth(6))
    _add(db, staff.caseworker, CaseBuyer, case_id, {"name": "王大山", "address": "某县某村3组"})
    with pytest.raises(RuleViolation, match="登记的收买人"):
        _add(
            db,
            staff.caseworker,
            Placement,
            case_id,
            {**CHILD_FAMILY, "carers": [{"name": " 王大山", "relation": "parent"}]},
        )
    with pytest.raises(RuleViolation, match="地址"):
        _add(
            db,
            staff.caseworker,
            Placement,
            case_id,
            {
                "placement_type": "foster_kinship",
                "address": "某县某村3组",
                "carers": [{"name": "李四", "relation": "foster_carer"}],
            },
        )


def test_buyer_rule_also_guards_edits_and_unknown_ages(db: Database, staff: Staff) -> None:
    case_id = _case_for(
        db, staff, real_name=None, alias="小明", birth_date=None, identity_known=False
    )  # age unknown: treated as a possible child
    placement = _add(
        db,
        staff.caseworker,
        Placement,
        case_id,
        {**CHILD_FAMILY, "carers": [{"name": "张三", "relation": "parent"}]},
    ).record
    with pytest.raises(RuleViolation, match="收买"), db.write_session() as s:
        records.update_record(
            s,
            staff.caseworker,
            Placement,
            placement.id,
            placement.version,
            {"carers": [{"name": "王大山", "relation": "buyer"}]},
        )


def test_an_adult_may_choose_to_stay_with_her_marriage_family(db: Database, staff: Staff) -> None:
    # HLJ 69: a foreign woman who chooses to stay in her marriage gets residence formalities.
    case_id = _case_for(
        db, staff, birth_date=dt.date(1995, 1, 1), nationality="VNM", ethnicity=None
    )
    saved = _add(
        db,
        staff.caseworker,
        Placement,
        case_id,
        {
            "placement_type": "residence_formalities",
            "carers": [{"name": "王大山", "relation": "buyer"}],
        },
    )
    assert saved.record.carers == [{"name": "王大山", "relation": "buyer"}]


def test_placement_plan_approval_by_a_supervisor(db: Database, staff: Staff) -> None:
    case_id = _case_for(
        db,
        staff,
        real_name=None,
        alias="无名氏",
        birth_date=None,
        birth_year_estimated=1970,
        identity_known=False,
    )
    placement = _add(
        db,
        staff.caseworker,
        Placement,
        case_id,
        {"placement_type": "household_registration", "plan": "长期滞留，拟落户本市"},
    ).record
    with pytest.raises(PermissionDenied), db.write_session() as s:
        records.approve_placement(s, staff.caseworker, placement.id)
    with pytest.raises(ValidationError) as err, db.write_session() as s:
        records.approve_placement(s, staff.supervisor, placement.id)
    assert err.value.field == "approval_authority"  # the government approves (HLJ 61)
    with db.write_session() as s:
        records.update_record(
            s,
            staff.caseworker,
            Placement,
            placement.id,
            None,
            {"approval_authority": "哈尔滨市人民政府"},
        )
        approved = records.approve_placement(s, staff.supervisor, placement.id)
        assert approved.status == PlacementStatus.APPROVED
        assert approved.approved_by_id == staff.supervisor.user_id


def test_child_welfare_placement_warns_without_admission_check(db: Database, staff: Staff) -> None:
    case_id = _case_for(db, staff, birth_date=child_birth(5))
    data = {"placement_type": "child_welfare", "institution_name": "市儿童福利院"}
    assert "传染病" in _add(db, staff.caseworker, Placement, case_id, data).warnings[0]
    _add(
        db,
        staff.caseworker,
        MedicalCare,
        case_id,
        {"kind": "admission_exam", "start_date": TODAY, "infectious_disease_checked": True},
    )
    assert _add(db, staff.caseworker, Placement, case_id, data).warnings == []


# ------------------------------------------------------------ consent, care, tracing


def test_consent_of_a_child_under_14_comes_from_a_guardian(db: Database, staff: Staff) -> None:
    case_id = _case_for(db, staff, birth_date=child_birth(12))
    with pytest.raises(RuleViolation, match="监护人") as err:
        _add(
            db,
            staff.caseworker,
            Consent,
            case_id,
            {"purpose": "care", "given_by": "person", "given_on": TODAY},
        )
    assert err.value.field == "given_by"
    with pytest.raises(ValidationError, match="监护人姓名"):
        _add(
            db,
            staff.caseworker,
            Consent,
            case_id,
            {"purpose": "care", "given_by": "guardian", "given_on": TODAY},
        )
    saved = _add(
        db,
        staff.caseworker,
        Consent,
        case_id,
        {
            "purpose": "data_sharing",
            "given_by": "guardian",
            "guardian_name": "民政局（临时监护）",
            "given_on": TODAY,
            "recipients": ["hospital", "school"],
        },
    )
    assert saved.record.recipients == ["hospital", "school"]


def test_temporary_cash_assistance_needs_an_amount(db: Database, staff: Staff) -> None:
    case_id = _case_for(db, staff)
    with pytest.raises(ValidationError, match="金额") as err:
        _add(
            db,
            staff.caseworker,
            Assistance,
            case_id,
            {"kind": "temporary_cash", "start_date": TODAY},
        )
    assert err.value.field == "amount"
    saved = _add(
        db,
        staff.caseworker,
        Assistance,
        case_id,
        {"kind": "temporary_cash", "start_date": TODAY, "amount": "800.50"},
    )
    assert saved.record.amount == Decimal("800.50")


def test_dna_sample_records_only_who_took_it(db: Database, staff: Staff) -> None:
    case_id = _case_for(
        db, staff, real_name=None, alias="无名氏", birth_date=None, identity_known=False
    )
    sample = {"kind": "dna_sample", "action_date": TODAY, "police_unit": "市公安局"}
    with pytest.raises(ValidationError) as err:
        _add(db, staff.caseworker, TracingAction, case_id, sample)
    assert err.value.field == "police_reference"
    sample["police_reference"] = "采样〔2026〕1号"
    with pytest.raises(ValidationError, match="不能填写"):
        _add(
            db,
            staff.caseworker,
            TracingAction,
            case_id,
            {**sample, "dna_profile": "D8S1179 13,14"},
        )
    saved = _add(db, staff.caseworker, TracingAction, case_id, sample)
    assert saved.record.police_reference == "采样〔2026〕1号"


def test_disability_grade_is_one_to_four(db: Database, staff: Staff) -> None:
    case_id = _case_for(db, staff)
    with pytest.raises(ValidationError, match="1-4"):
        _add(
            db,
            staff.caseworker,
            DisabilityAssessment,
            case_id,
            {"assessed_on": TODAY, "category": "hearing", "grade": 5},
        )
    assert (
        _add(
            db,
            staff.caseworker,
            DisabilityAssessment,
            case_id,
            {"assessed_on": TODAY, "category": "hearing", "grade": 2},
        ).record.grade
        == 2
    )


def test_end_before_start_and_future_dates_are_refused(db: Database, staff: Staff) -> None:
    case_id = _case_for(db, staff)
    with pytest.raises(ValidationError, match="结束日期") as err:
        _add(
            db,
            staff.caseworker,
            Assistance,
            case_id,
            {"kind": "lodging", "start_date": TODAY, "end_date": "2026-11-01"},
        )
    assert err.value.field == "end_date"
    with pytest.raises(ValidationError, match="晚于今天"):
        _add(
            db,
            staff.caseworker,
            Assistance,
            case_id,
            {"kind": "lodging", "start_date": "2026-12-24"},
        )
