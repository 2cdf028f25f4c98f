"""Every age rule at its boundary: the day before a birthday and the birthday itself.

The legal ages (DOMAIN.md): 14 for one's own consent (PIPL art. 31) and the under-14 flag,
16 for vocational training and work (HLJ 63), 18 for the buying-family rule (HLJ 49; NH 二.5;
LN 10), the child-welfare admission check and the minor flag. A person known only by an
estimated birth year, or of unknown age, counts as possibly the younger side of each line.
Dates come from the injected clock (tests/conftest.py: 2026-11-25), and where a rule reads
"today" the clock is moved to the eve and to the day of the birthday.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.errors import RuleViolation
from rescuedesk.models import Case, Consent, Employment, Placement, Referral, Training
from rescuedesk.models.enums import CaseFlag
from rescuedesk.services.casefile import records
from rescuedesk.services.casefile.consents import ConsentRequired
from rescuedesk.services.people import persons
from rescuedesk.services.reports import annual_report
from tests.conftest import FIXED_NOW, Staff
from tests.factories import new_case, new_person

TODAY = FIXED_NOW.date()  # 2026-11-25
BIRTHDAY = dt.date(2026, 11, 20)  # the birthday that crosses each line, a few days ago
EVE = BIRTHDAY - dt.timedelta(days=1)


def turning(age: int, on: dt.date = BIRTHDAY) -> dict[str, Any]:
    """A person who turns ``age`` on ``on`` (so is ``age - 1`` the day before)."""
    return {"birth_date": on.replace(year=on.year - age)}


def estimated(year: int) -> dict[str, Any]:
    return {
        "real_name": None,
        "alias": "无名氏",
        "birth_date": None,
        "birth_year_estimated": year,
        "identity_known": False,
    }


UNKNOWN = {"real_name": None, "alias": "无名氏", "birth_date": None, "identity_known": False}


def _case(db: Database, staff: Staff, person: dict[str, Any], **case: Any) -> int:
    return new_case(db, staff.caseworker, new_person(db, staff.caseworker, **person), **case)


def _add(db: Database, staff: Staff, model: type, case_id: int, data: dict[str, Any]) -> Any:
    with db.write_session() as s:
        return records.add_record(s, staff.caseworker, model, case_id, data)


# The field each age rule names when it refuses (the form shows the message there).
FIELD = {Consent: "given_by", Placement: "carers", Training: "start_date", Employment: "start_date"}


def _outcome(db: Database, staff: Staff, model: type, case_id: int, data: dict[str, Any]) -> bool:
    """True when the record was saved, False when an age rule refused it (nothing saved)."""
    try:
        _add(db, staff, model, case_id, data)
    except RuleViolation as err:
        assert err.field == FIELD[model]
        with db.read_session() as s:
            assert s.scalar(select(model.id).where(model.case_id == case_id)) is None
        return False
    return True


def _at(day: dt.date) -> None:
    """Move the injected clock to 10:00 on ``day`` (the fixture puts it back)."""
    moment = dt.datetime.combine(day, FIXED_NOW.time())
    clock.set_clock(lambda: moment)


# ------------------------------------------------------ 14: one's own consent (PIPL 31)

OWN_CONSENT = [
    pytest.param(turning(14), EVE, False, id="13-on-the-eve-of-14"),
    pytest.param(turning(14), BIRTHDAY, True, id="14-on-the-birthday"),
    pytest.param(turning(15), EVE, True, id="14-on-the-eve-of-15"),
    pytest.param(estimated(2012), TODAY, False, id="estimated-13-or-14"),
    pytest.param(estimated(2011), TODAY, True, id="estimated-14-or-15"),
    pytest.param(UNKNOWN, TODAY, False, id="unknown-age"),
]


@pytest.mark.parametrize(("person", "given_on", "allowed"), OWN_CONSENT)
def test_own_consent_from_14_on_the_day_it_is_given(
    db: Database, staff: Staff, person: dict[str, Any], given_on: dt.date, allowed: bool
) -> None:
    case_id = _case(db, staff, person)
    consent = {"purpose": "care", "given_by": "person", "given_on": given_on}
    assert _outcome(db, staff, Consent, case_id, consent) is allowed
    # A guardian may always consent for the person, whatever their age.
    guardian = {**consent, "given_by": "guardian", "guardian_name": "民政局（临时监护）"}
    assert _outcome(db, staff, Consent, case_id, guardian)


REFERRAL = {
    "recipient_type": "hospital",
    "recipient_name": "市第一人民医院",
    "service_requested": "体检",
    "status": "sent",
}


def test_consent_gate_counts_the_persons_age_on_the_day_of_use(db: Database, staff: Staff) -> None:
    """A person's own consent covers a disclosure only while they are 14 or older that day.

    The birth date is corrected after the consent (a common thing: the ID number turns up):
    the consent no longer counts the day before the 14th birthday, and counts again on it.
    """
    birthday = TODAY + dt.timedelta(days=1)
    person_id = new_person(db, staff.caseworker, **turning(14, TODAY - dt.timedelta(days=1)))
    case_id = new_case(db, staff.caseworker, person_id)
    consent = {
        "purpose": "data_sharing",
        "given_by": "person",
        "given_on": TODAY,
        "recipients": ["hospital"],
    }
    _add(db, staff, Consent, case_id, consent)
    assert _add(db, staff, Referral, case_id, {**REFERRAL, "referred_on": TODAY})

    with db.write_session() as s:
        persons.update_person(s, staff.caseworker, person_id, None, turning(14, birthday))
    with pytest.raises(ConsentRequired):
        _add(db, staff, Referral, case_id, {**REFERRAL, "referred_on": TODAY})
    _at(birthday)
    assert _add(db, staff, Referral, case_id, {**REFERRAL, "referred_on": birthday})

    with db.write_session() as s:  # of unknown age: a guardian's consent is needed
        persons.update_person(s, staff.caseworker, person_id, None, UNKNOWN)
    with pytest.raises(ConsentRequired):
        _add(db, staff, Referral, case_id, {**REFERRAL, "referred_on": birthday})
    for year, counts in ((2012, False), (2011, True)):  # estimated: 13 or 14; 14 or 15
        with db.write_session() as s:
            persons.update_person(s, staff.caseworker, person_id, None, estimated(year))
        referral = {**REFERRAL, "referred_on": birthday}
        if counts:
            assert _add(db, staff, Referral, case_id, referral)
        else:
            with pytest.raises(ConsentRequired):
                _add(db, staff, Referral, case_id, referral)


# ------------------------------------------- 18: the buying family (HLJ 49; NH 二.5; LN 10)

BUYER_CARER = {
    "placement_type": "family_return",
    "carers": [{"name": "王大山", "relation": "buyer"}],
}

ADULT_ON_START = [
    pytest.param(turning(18), EVE, False, id="17-on-the-eve-of-18"),
    pytest.param(turning(18), BIRTHDAY, True, id="18-on-the-birthday"),
    pytest.param(turning(16), BIRTHDAY, False, id="16"),
    pytest.param(turning(14), EVE, False, id="13"),
    pytest.param(estimated(2008), TODAY, False, id="estimated-17-or-18"),
    pytest.param(estimated(2007), TODAY, True, id="estimated-18-or-19"),
    pytest.param(UNKNOWN, TODAY, False, id="unknown-age"),
]


@pytest.mark.parametrize(("person", "start", "allowed"), ADULT_ON_START)
def test_buying_family_only_for_who_is_surely_18_on_the_start_date(
    db: Database, staff: Staff, person: dict[str, Any], start: dt.date, allowed: bool
) -> None:
    case_id = _case(db, staff, person)
    placement = {**BUYER_CARER, "start_date": start}
    assert _outcome(db, staff, Placement, case_id, placement) is allowed


@pytest.mark.parametrize(("today", "allowed"), [(EVE, False), (BIRTHDAY, True)])
def test_buying_family_without_start_date_uses_today(
    db: Database, staff: Staff, today: dt.date, allowed: bool
) -> None:
    case_id = _case(db, staff, turning(18), rescue_date=dt.date(2026, 10, 1))
    _at(today)
    assert _outcome(db, staff, Placement, case_id, BUYER_CARER) is allowed


@pytest.mark.parametrize(
    ("person", "start", "warned"),
    [
        pytest.param(turning(18), EVE, True, id="17-on-the-eve-of-18"),
        pytest.param(turning(18), BIRTHDAY, False, id="18-on-the-birthday"),
        pytest.param(estimated(2008), TODAY, True, id="estimated-17-or-18"),
        pytest.param(UNKNOWN, TODAY, True, id="unknown-age"),
    ],
)
def test_child_welfare_admission_check_up_to_18(
    db: Database, staff: Staff, person: dict[str, Any], start: dt.date, warned: bool
) -> None:
    case_id = _case(db, staff, person)
    data = {
        "placement_type": "child_welfare",
        "institution_name": "市儿童福利院",
        "start_date": start,
    }
    warnings = _add(db, staff, Placement, case_id, data).warnings
    assert any("传染病" in w for w in warnings) is warned


# ------------------------------------------------- 16: training and work (HLJ 63)

TRAINING = {"provider": "市职业技能培训中心", "course": "家政服务", "status": "planned"}
WORK = {"kind": "domestic_service", "status": "ongoing"}


@pytest.mark.parametrize(
    ("person", "start", "allowed"),
    [
        pytest.param(turning(16), EVE, False, id="15-on-the-eve-of-16"),
        pytest.param(turning(16), BIRTHDAY, True, id="16-on-the-birthday"),
        pytest.param(turning(14), BIRTHDAY, False, id="14"),
        pytest.param(turning(18), BIRTHDAY, True, id="18"),
        pytest.param(estimated(2010), TODAY, False, id="estimated-15-or-16"),
        pytest.param(estimated(2009), TODAY, True, id="estimated-16-or-17"),
        pytest.param(UNKNOWN, TODAY, False, id="unknown-age"),
    ],
)
def test_training_from_16_on_its_start_date(
    db: Database, staff: Staff, person: dict[str, Any], start: dt.date, allowed: bool
) -> None:
    case_id = _case(db, staff, person)
    assert _outcome(db, staff, Training, case_id, {**TRAINING, "start_date": start}) is allowed


@pytest.mark.parametrize(
    ("person", "start", "allowed"),
    [
        pytest.param(turning(16), EVE, False, id="15-on-the-eve-of-16"),
        pytest.param(turning(16), BIRTHDAY, True, id="16-on-the-birthday"),
        pytest.param(turning(14), BIRTHDAY, False, id="14"),
        pytest.param(turning(18), EVE, True, id="17"),
        pytest.param(estimated(2010), TODAY, False, id="estimated-15-or-16"),
        pytest.param(estimated(2009), TODAY, True, id="estimated-16-or-17"),
    ],
)
def test_work_from_16_on_its_start_date(
    db: Database, staff: Staff, person: dict[str, Any], start: dt.date, allowed: bool
) -> None:
    case_id = _case(db, staff, person)
    assert _outcome(db, staff, Employment, case_id, {**WORK, "start_date": start}) is allowed


# --------------------------------------------- the minor and under-14 flags at intake

MINOR, UNDER_14 = CaseFlag.MINOR, CaseFlag.UNDER_14


@pytest.mark.parametrize(
    ("person", "rescued", "expected"),
    [
        pytest.param(turning(14), EVE, {MINOR, UNDER_14}, id="13-on-the-eve-of-14"),
        pytest.param(turning(14), BIRTHDAY, {MINOR}, id="14-on-the-birthday"),
        pytest.param(turning(18), EVE, {MINOR}, id="17-on-the-eve-of-18"),
        pytest.param(turning(18), BIRTHDAY, set(), id="18-on-the-birthday"),
        pytest.param(estimated(2012), TODAY, {MINOR, UNDER_14}, id="estimated-13-or-14"),
        pytest.param(estimated(2008), TODAY, {MINOR}, id="estimated-17-or-18"),
        pytest.param(estimated(2007), TODAY, set(), id="estimated-18-or-19"),
        pytest.param(UNKNOWN, TODAY, {MINOR}, id="unknown-age"),
    ],
)
def test_age_flags_on_the_rescue_date(
    db: Database, staff: Staff, person: dict[str, Any], rescued: dt.date, expected: set[CaseFlag]
) -> None:
    case_id = _case(db, staff, person, rescue_date=rescued, intake_date=TODAY)
    with db.read_session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        assert case.flags & {MINOR, UNDER_14} == expected


# ---------------------------------------- the annual report's age groups (0-13, 14-17, 18+)


def test_annual_report_age_groups_on_the_rescue_date(db: Database, staff: Staff) -> None:
    for person, rescued in (
        (turning(14), EVE),  # 13
        (turning(14), BIRTHDAY),  # 14
        (turning(18), EVE),  # 17
        (turning(18), BIRTHDAY),  # 18
        (turning(40), BIRTHDAY),  # 40
    ):
        _case(db, staff, person, rescue_date=rescued, intake_date=TODAY)
    with db.write_session() as s:
        report = annual_report.build(s, staff.statistician, TODAY.year)
    table = report.tables[0]  # sex x age group x nationality, counted before suppression
    female = dict(zip(table.col_labels, table.counts[0], strict=True))
    assert (female["中国籍0-13岁"], female["中国籍14-17岁"], female["中国籍18+岁"]) == (1, 2, 2)
    assert dict(report.indicators)["其中未成年人比例"] == "60.0%"
