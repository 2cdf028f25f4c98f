"""Matching families' inquiries with unidentified persons in care (issue #15), on both
engines: who is compared (only persons with a tracing consent in force), what is written
(proposals; decisions kept), who decides, and on PostgreSQL that no name ever reaches the
server in clear."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select

from rescuedesk.db import Database
from rescuedesk.errors import NotFound, PermissionDenied, RuleViolation, ValidationError
from rescuedesk.matching.scorer import LISTED_FROM
from rescuedesk.models import AuditEvent, Consent
from rescuedesk.models.enums import ConsentPurpose, Role, Sex
from rescuedesk.models.inquiry import InquiryMatch, TracingInquiry
from rescuedesk.services.casefile import assignments, case_file, consents, records
from rescuedesk.services.office import accounts, directory, vault
from rescuedesk.services.office.access import get_case
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import persons
from rescuedesk.services.tracing import candidates, decisions, inquiries, matching
from tests.conftest import Staff
from tests.factories import new_case

GIRL: dict[str, Any] = {
    "alias": "站字2026-15",
    "identity_known": False,
    "sex": Sex.FEMALE,
    "estimated_age": [12, 14],
    "height_cm": 148,
    "accent_code": "xinan.chuanyu",
    "accent_region": "四川口音",
    "called_names": ["刘兰兰"],
    "found_date": dt.date(2026, 11, 1),
    "found_place": "哈尔滨站候车室",
}
# A family from 宜宾 (where n and l are one sound) spells her 牛兰兰, and remembers her
# birth year three years off the estimate.
FAMILY = {
    "inquiry_number": "Q-2026-014",
    "inquirer_name": "牛大山",
    "inquirer_phone": "13812345678",
    "missing_name": "牛兰兰",
    "sex": "女",
    "birth_year": "2009",
    "missing_date": "2019年5月",
    "missing_place": "四川省宜宾市叙州区",
    "home_dialect": "四川话",
}
ROOT_PW = "救助站-春天-2026"
PLAIN = ("刘兰兰", "牛兰兰", "兰兰", "liulanlan", "niulanlan", "lan'lan", "lanlan", "刘", "牛")


def _unidentified(
    db: Database,
    staff: Staff,
    consent: str | None = "guardian",
    later_age: list[int] | None = None,
    **kw: Any,
) -> int:
    """A case of an unidentified girl; with a tracing consent given by ``consent``; her age
    estimated again as ``later_age`` after it (a child's own consent then no longer holds)."""
    with db.write_session() as s:
        person_id = persons.create_person(s, staff.caseworker, {**GIRL, **kw}).record.id
    case_id = new_case(db, staff.caseworker, person_id)
    if consent:
        with db.write_session() as s:
            data = {"purpose": "tracing", "given_by": consent, "given_on": dt.date(2026, 11, 2)}
            if consent == "guardian":
                data["guardian_name"] = "民政局（临时监护）"
            records.add_record(s, staff.caseworker, Consent, case_id, data)
    if later_age:
        with db.write_session() as s:
            person_id = get_case(s, case_id).person_id
            persons.update_person(
                s, staff.caseworker, person_id, None, {"estimated_age": later_age}
            )
    return case_id


def _inquiry(db: Database, staff: Staff, **changes: str) -> int:
    with db.write_session() as s:
        return inquiries.add_inquiry(s, staff.caseworker, {**FAMILY, **changes}).id


def test_a_dialect_homophone_finds_her_first_and_persons_without_consent_are_never_scored(
    db: Database, staff: Staff
) -> None:
    her = _unidentified(db, staff)
    _unidentified(db, staff, consent=None, called_names=["刘兰兰"])  # same name, no consent
    # Her own consent, given when she was thought to be 20: a child's does not count.
    _unidentified(db, staff, consent="person", estimated_age=[20, 25], later_age=[12, 14])
    _unidentified(db, staff, called_names=["王小红"], estimated_age=[30, 35])
    _inquiry(db, staff)
    with db.write_session() as s:
        run = matching.match_all(s, staff.caseworker, 10)
    assert (run.inquiries, run.persons, run.left_out) == (1, 2, 2)
    best = run.candidates[0]
    assert (best.rank, best.case_id, best.inquiry_number) == (1, her, "Q-2026-014")
    assert best.readable and best.score >= LISTED_FROM, best
    assert any("n/l" in r or "方音" in r for r in best.reasons), best.reasons
    assert any("年龄" in r for r in best.reasons), best.reasons
    assert [c.case_id for c in run.candidates] == [her]
    with db.read_session() as s:
        stored = s.scalars(select(InquiryMatch)).all()
        assert [(m.case_id, m.status, tuple(m.reasons)) for m in stored] == [
            (her, "proposed", best.reasons)
        ]


def test_the_sql_consent_filter_agrees_with_the_consent_gate(db: Database, staff: Staff) -> None:
    ids = [
        _unidentified(db, staff),
        _unidentified(db, staff, consent=None),
        _unidentified(db, staff, consent="person", estimated_age=[20, 25], later_age=[12, 14]),
        _unidentified(db, staff, consent="person", estimated_age=[20, 25]),
        _unidentified(db, staff, consent="guardian", estimated_age=[20, 25]),
    ]
    with db.write_session() as s:
        loaded = {d.case_id for d in candidates.load(s, staff.caseworker).described}
        gate = {c for c in ids if consents.valid_consent(s, get_case(s, c), ConsentPurpose.TRACING)}
    assert loaded == gate == {ids[0], ids[3], ids[4]}


def test_a_dismissed_person_is_not_proposed_again_until_she_changes(
    db: Database, staff: Staff
) -> None:
    her = _unidentified(db, staff)
    inquiry_id = _inquiry(db, staff)
    with db.write_session() as s:
        first = matching.match_inquiry(s, staff.caseworker, inquiry_id).candidates[0]
    with pytest.raises(ValidationError), db.write_session() as s:
        decisions.dismiss(s, staff.caseworker, first.match_id, " ")
    with db.write_session() as s:
        decisions.dismiss(s, staff.caseworker, first.match_id, "家属看过照片，不是她")
    with db.write_session() as s:
        assert matching.match_inquiry(s, staff.caseworker, inquiry_id).candidates == []
        assert matching.match_all(s, staff.caseworker).candidates == []
    with db.write_session() as s:  # her description changed: asked again
        person_id = get_case(s, her).person_id
        persons.update_person(s, staff.caseworker, person_id, None, {"height_cm": 150})
    with db.write_session() as s:
        again = matching.match_inquiry(s, staff.caseworker, inquiry_id).candidates
        assert [(c.case_id, c.status) for c in again] == [(her, "proposed")]


def test_a_confirmation_is_the_cases_audited_and_marks_the_inquiry(
    db: Database, staff: Staff
) -> None:
    her = _unidentified(db, staff)
    inquiry_id = _inquiry(db, staff)
    with db.write_session() as s:
        worker = directory.create_user(
            s,
            staff.system,
            {
                "username": "fw",
                "full_name": "回访",
                "role": Role.FOLLOW_UP_WORKER,
                "unit_id": staff.other_unit_id,
            },
        ).record
        assignments.assign(s, staff.supervisor, her, worker.id, "follow_up", reason="回访")
        match_id = matching.match_all(s, staff.caseworker).candidates[0].match_id
    follow_up = Actor.for_user(worker)
    for actor in (follow_up, staff.caseworker2, staff.other_unit_caseworker):
        with pytest.raises(PermissionDenied), db.write_session() as s:
            decisions.confirm(s, actor, match_id, "照片相符")
    with pytest.raises(PermissionDenied), db.write_session() as s:
        matching.match_all(s, follow_up)
    with db.write_session() as s:  # another caseworker of the unit: the score, not the why
        shown = matching.match_all(s, staff.caseworker2).candidates[0]
        assert (shown.readable, shown.reasons, shown.caseworker) == (False, (), "测试cw1")
    with db.write_session() as s:
        decisions.confirm(s, staff.caseworker, match_id, "家属辨认照片，相符")
    with pytest.raises(RuleViolation), db.write_session() as s:
        decisions.confirm(s, staff.supervisor, match_id, "再次")
    with db.write_session() as s:
        assert s.get(TracingInquiry, inquiry_id).status == "matched"  # type: ignore[union-attr]
        entries = case_file.timeline(s, her)
        said = [e for e in entries if e.action == "match_confirmed"]
        assert [e.reason for e in said] == ["家属辨认照片，相符"]
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "match_confirmed")).one()
        assert event.person_key_id is not None  # the reason is sealed under her key
        assert "家属" not in (event.reason or "")
    with db.write_session() as s:
        decisions.dismiss(s, staff.supervisor, match_id, "公安比对不符")
        assert s.get(TracingInquiry, inquiry_id).status == "open"  # type: ignore[union-attr]


def test_the_stored_proposals_are_read_back_ranked_without_ranking_again(
    db: Database, staff: Staff
) -> None:
    her = _unidentified(db, staff)
    other = _unidentified(db, staff, called_names=["兰兰"], height_cm=None)  # given name only
    inquiry_id = _inquiry(db, staff)
    with db.write_session() as s:
        ranked = matching.match_inquiry(s, staff.caseworker, inquiry_id).candidates
    assert [c.case_id for c in ranked][:1] == [her] and other in [c.case_id for c in ranked]
    with db.write_session() as s:
        decisions.dismiss(s, staff.caseworker, ranked[1].match_id, "不是她")
    with db.write_session() as s:
        read = matching.list_proposals(s, staff.caseworker, inquiry_id)
    assert [(c.rank, c.case_id, c.score, c.reasons) for c in read] == [
        (1, her, ranked[0].score, ranked[0].reasons)
    ]  # the dismissed one is gone; nothing ranked again
    with db.write_session() as s:  # another caseworker of the unit: the score, not the why
        shown = matching.list_proposals(s, staff.caseworker2, inquiry_id)
        assert [(c.case_id, c.readable, c.reasons) for c in shown] == [(her, False, ())]
    with pytest.raises(NotFound), db.write_session() as s:
        matching.list_proposals(s, staff.other_unit_caseworker, inquiry_id)
    with db.read_session() as s:
        read_events = s.scalars(select(AuditEvent).where(AuditEvent.action == "match_read"))
        assert [e.changes["with_reasons"] for e in read_events] == [[her], []]


def _texts(value: Any) -> Iterator[str]:
    """A statement's parameters as text, bytes decoded whole (the driver's wrapper of a
    bytea value shows only its first bytes)."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, bytes | bytearray | memoryview):
        yield bytes(value).decode("utf-8", "ignore")
    elif hasattr(value, "obj"):  # psycopg's Binary
        yield from _texts(value.obj)
    else:
        yield str(value)


@pytest.fixture
def statements(db: Database) -> Iterator[list[str]]:
    """Every statement sent to the server, with its parameters, as text."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append(" ".join([statement, *_texts(parameters)]))

    event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_no_name_reaches_postgresql_in_clear(
    db: Database, staff: Staff, statements: list[str]
) -> None:
    from rescuedesk.security.field_crypto import state_of

    with db.write_session() as s:  # the first administrator's log-in seals the database
        accounts.create_account(
            s, None, {"username": "root", "full_name": "管理员", "role": Role.ADMIN}, ROOT_PW
        )
    vault.log_in(db, "root", ROOT_PW)
    assert state_of(db.engine.dialect).protected
    her = _unidentified(db, staff)
    inquiry_id = _inquiry(db, staff)
    statements.clear()
    with db.write_session() as s:
        run = matching.match_all(s, staff.caseworker)
        one = matching.match_inquiry(s, staff.caseworker, inquiry_id)
        person_id = get_case(s, her).person_id
        matching.match_person(s, staff.caseworker, person_id)
    assert run.candidates[0].case_id == her and one.candidates[0].case_id == her
    assert statements
    for text in statements:
        for plain in PLAIN:
            assert plain not in text, (plain, text[:300])
