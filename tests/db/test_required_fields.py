"""Every record type: each field its rule requires is refused when missing, on that field,
and an end date before its start date is refused on the end date. Written because mutation
testing showed the required-field lists could lose any name without a test noticing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rescuedesk.db import Database
from rescuedesk.errors import ValidationError
from rescuedesk.services.casefile import record_types, records
from tests.conftest import Staff
from tests.factories import new_case

D = dt.date(2026, 11, 1)
EARLIER = dt.date(2026, 10, 1)
# The record types by name, from their one registry (services/casefile/record_types.py).
MODEL = {model.__name__: model for model in record_types.models()}
# model's name: (a valid record, the fields its rule requires, the (start, end) pair it orders)
KINDS: dict[str, tuple[dict[str, Any], tuple[str, ...], tuple[str, str] | None]] = {
    "Consent": (
        {"purpose": "care", "given_by": "person", "given_on": D},
        ("purpose", "given_by", "given_on"),
        None,
    ),
    "NeedsAssessment": (
        {"assessed_on": D, "risk_level": "low"},
        ("assessed_on", "risk_level"),
        None,
    ),
    "Assistance": (
        {"kind": "food", "start_date": D},
        ("kind", "start_date"),
        ("start_date", "end_date"),
    ),
    "TracingAction": ({"kind": "interview", "action_date": D}, ("kind", "action_date"), None),
    "Placement": (
        {"placement_type": "shelter", "institution_name": "市救助站"},
        ("placement_type",),
        ("start_date", "end_date"),
    ),
    "MedicalCare": (
        {"kind": "basic_medical", "start_date": D},
        ("kind", "start_date"),
        ("start_date", "end_date"),
    ),
    "DisabilityAssessment": (
        {"assessed_on": D, "category": "physical", "grade": 2},
        ("assessed_on", "category", "grade"),
        None,
    ),
    "Schooling": (
        {"kind": "enrol", "school_name": "第一小学", "start_date": D, "status": "ongoing"},
        ("kind", "school_name", "start_date", "status"),
        ("start_date", "end_date"),
    ),
    "Training": (
        {"provider": "市职业技能培训中心", "course": "缝纫", "start_date": D, "status": "planned"},
        ("provider", "course", "start_date", "status"),
        ("start_date", "end_date"),
    ),
    "Employment": (
        {"kind": "domestic_service", "start_date": D, "status": "ongoing"},
        ("kind", "start_date", "status"),
        ("start_date", "end_date"),
    ),
    "LegalAid": (
        {"kind": "legal_aid", "applied_on": D, "status": "ongoing"},
        ("kind", "applied_on", "status"),
        ("applied_on", "accepted_on"),
    ),
    "FollowUpVisit": ({"planned_date": D}, ("planned_date",), None),
    "Referral": (
        {
            "recipient_type": "hospital",
            "recipient_name": "市第一人民医院",
            "service_requested": "体检",
            "referred_on": D,
            "status": "draft",
        },
        ("recipient_type", "recipient_name", "service_requested", "referred_on", "status"),
        ("referred_on", "reply_on"),
    ),
    "CaseBuyer": ({"name": "王大山"}, ("name",), None),
}
REQUIRED = [
    pytest.param(model, name, id=f"{model}-{name}")
    for model, (_, names, _) in KINDS.items()
    for name in names
]
ORDERED = [pytest.param(model, pair, id=model) for model, (_, _, pair) in KINDS.items() if pair]


def _add(db: Database, staff: Staff, model: str, data: dict[str, Any]) -> None:
    case_id = new_case(db, staff.caseworker)  # an adult: no age rule in the way
    with db.write_session() as s:
        records.add_record(s, staff.caseworker, MODEL[model], case_id, data)


@pytest.mark.parametrize(("model", "name"), REQUIRED)
def test_a_missing_required_field_is_named(
    db: Database, staff: Staff, model: str, name: str
) -> None:
    data = {k: v for k, v in KINDS[model][0].items() if k != name}
    with pytest.raises(ValidationError) as err:
        _add(db, staff, model, data)
    assert err.value.field == name


@pytest.mark.parametrize(("model", "pair"), ORDERED)
def test_an_end_before_the_start_is_refused_on_the_end(
    db: Database, staff: Staff, model: str, pair: tuple[str, str]
) -> None:
    start, end = pair
    data = {**KINDS[model][0], start: D, end: EARLIER}
    with pytest.raises(ValidationError) as err:
        _add(db, staff, model, data)
    assert err.value.field == end
    _add(db, staff, model, {**data, end: D})  # the same day is fine


@pytest.mark.parametrize("model", list(KINDS))
def test_the_valid_record_is_saved(db: Database, staff: Staff, model: str) -> None:
    _add(db, staff, model, dict(KINDS[model][0]))


BOUNDS = [
    pytest.param("Training", "subsidy_amount", -1, 0, id="training-subsidy"),
    pytest.param("Assistance", "amount", -1, 0, id="assistance-amount"),
    pytest.param("MedicalCare", "sessions", -1, 0, id="medical-sessions"),
    pytest.param("DisabilityAssessment", "grade", 0, 1, id="disability-grade-low"),
    pytest.param("DisabilityAssessment", "grade", 5, 4, id="disability-grade-high"),
]


@pytest.mark.parametrize(("model", "name", "bad", "good"), BOUNDS)
def test_numbers_out_of_range_are_refused_on_their_field(
    db: Database, staff: Staff, model: str, name: str, bad: int, good: int
) -> None:
    with pytest.raises(ValidationError) as err:
        _add(db, staff, model, {**KINDS[model][0], name: bad})
    assert err.value.field == name
    _add(db, staff, model, {**KINDS[model][0], name: good})


@pytest.mark.parametrize("amount", [None, 0, -5])
def test_temporary_cash_needs_a_positive_amount(
    db: Database, staff: Staff, amount: int | None
) -> None:
    with pytest.raises(ValidationError) as err:
        _add(
            db,
            staff,
            "Assistance",
            {"kind": "temporary_cash", "start_date": D, "amount": amount},
        )
    assert err.value.field == "amount"
    _add(db, staff, "Assistance", {"kind": "temporary_cash", "start_date": D, "amount": 1})


TOMORROW = dt.date(2026, 11, 26)  # the injected clock says 2026-11-25
FUTURE = [
    pytest.param("Consent", "given_on", {}, id="consent-given"),
    pytest.param("Consent", "withdrawn_on", {"withdrawal_reason": "撤回"}, id="consent-withdrawn"),
    pytest.param("NeedsAssessment", "assessed_on", {}, id="needs"),
    pytest.param("Assistance", "start_date", {}, id="assistance"),
    pytest.param("TracingAction", "action_date", {}, id="tracing"),
    pytest.param("MedicalCare", "start_date", {}, id="medical"),
    pytest.param("DisabilityAssessment", "assessed_on", {}, id="disability"),
    pytest.param("LegalAid", "applied_on", {}, id="legal-aid-applied"),
    pytest.param("LegalAid", "accepted_on", {}, id="legal-aid-accepted"),
]


@pytest.mark.parametrize(("model", "name", "extra"), FUTURE)
def test_a_date_after_today_is_refused_on_its_field(
    db: Database, staff: Staff, model: str, name: str, extra: dict[str, Any]
) -> None:
    data = {**KINDS[model][0], **extra}
    with pytest.raises(ValidationError) as err:
        _add(db, staff, model, {**data, name: TOMORROW})
    assert err.value.field == name
    _add(db, staff, model, {**data, name: dt.date(2026, 11, 25)})  # today is fine


def test_a_withdrawal_needs_a_reason_and_a_date_after_the_consent(
    db: Database, staff: Staff
) -> None:
    consent = KINDS["Consent"][0]
    with pytest.raises(ValidationError) as err:
        _add(db, staff, "Consent", {**consent, "withdrawn_on": D})
    assert err.value.field == "withdrawal_reason"
    early = {**consent, "withdrawn_on": EARLIER, "withdrawal_reason": "本人撤回"}
    with pytest.raises(ValidationError) as err:
        _add(db, staff, "Consent", early)
    assert err.value.field == "withdrawn_on"
    _add(db, staff, "Consent", {**early, "withdrawn_on": D})
