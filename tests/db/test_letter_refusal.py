"""A school letter asking for "解救后心理辅导" is refused whole, on both engines: no number
drawn, no referral, no register row; the same letter with a plain service name prints."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from rescuedesk.db import Database
from rescuedesk.errors import RuleViolation
from rescuedesk.models import AuditEvent, LetterRegister, Referral
from rescuedesk.services.referrals import letters
from tests.conftest import Staff
from tests.db.test_letters import case_id  # noqa: F401  (fixture: a case with consent)


def _count(db: Database, column) -> int:  # type: ignore[no-untyped-def]
    with db.read_session() as s:
        return s.scalar(select(func.count(column))) or 0


@pytest.mark.parametrize("service", ["解救后心理辅导", "被拐卖儿童返校", "受害人心理辅导"])
def test_school_letter_naming_the_rescue_is_refused_whole(
    db: Database,
    staff: Staff,
    case_id: int,  # noqa: F811
    service: str,
) -> None:
    prints = _count(db, AuditEvent.id)
    with pytest.raises(RuleViolation), db.write_session() as s:
        letters.preview_letter(s, staff.caseworker, case_id, "school", service=service)
    with pytest.raises(RuleViolation), db.write_session() as s:
        letters.issue_letter(s, staff.caseworker, case_id, "school", service=service)
    assert _count(db, LetterRegister.id) == 0
    assert _count(db, Referral.id) == 0
    assert _count(db, AuditEvent.id) == prints  # nothing of either attempt was kept

    with db.write_session() as s:
        content, row = letters.issue_letter(
            s, staff.caseworker, case_id, "school", service="心理辅导"
        )
        assert row.serial == 1  # the refused letter drew no number
        assert "心理辅导" in content.all_text()
        assert "解救" not in content.all_text()
