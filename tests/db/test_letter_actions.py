"""The letter actions as the CLI and the dialogs run them (services/referrals/letter_actions.py): a
letter is registered and on disk, or neither; copies, replies and batches likewise."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rescuedesk.db import Database
from rescuedesk.errors import ValidationError
from rescuedesk.models import LetterRegister, Referral
from rescuedesk.services.referrals import letter_actions
from tests.conftest import Staff
from tests.db import test_letters
from tests.db.test_letters import pdf_text
from tests.factories import new_case

case_id = test_letters.case_id  # the fixture: a case with consent to write to a hospital


def _registered(db: Database) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count(LetterRegister.id))) or 0


def test_a_letter_is_registered_and_written_or_neither(
    db: Database, staff: Staff, case_id: int, tmp_path: Path
) -> None:
    out = tmp_path / "letter.pdf"
    issued = letter_actions.issue_letter(db, staff.caseworker, case_id, "hospital", out=out)
    assert issued.path == out and out.read_bytes() == issued.pdf
    assert "〔2026〕转字第0001号" in pdf_text(issued.pdf)
    # The command line never overwrites; the refusal comes before any number is used.
    with pytest.raises(ValidationError, match="已存在"):
        letter_actions.issue_letter(db, staff.caseworker, case_id, "hospital", out=out)
    with pytest.raises(ValidationError, match="不存在"):
        letter_actions.issue_letter(
            db, staff.caseworker, case_id, "hospital", out=tmp_path / "nowhere" / "x.pdf"
        )
    assert _registered(db) == 1
    # A save dialog that asked first may overwrite.
    again = letter_actions.issue_letter(
        db, staff.caseworker, case_id, "hospital", out=out, overwrite=True
    )
    assert "转字第0002号" in pdf_text(out.read_bytes()) and again.register_id


def test_a_copy_and_a_reply(db: Database, staff: Staff, case_id: int, tmp_path: Path) -> None:
    issued = letter_actions.issue_letter(db, staff.caseworker, case_id, "hospital")
    assert issued.path is None and issued.pdf[:5] == b"%PDF-"  # to print, after the commit
    copy = letter_actions.reprint(
        db, staff.caseworker, issued.register_id, out=tmp_path / "copy.pdf"
    )
    assert copy.letter_number == issued.letter_number and "副" in pdf_text(copy.pdf)
    referral = letter_actions.record_reply(
        db, staff.caseworker, "2026-1", "accepted", "已安排门诊", dt.date(2026, 11, 26)
    )
    assert referral.case_id == case_id
    with db.read_session() as s:
        assert s.get(Referral, referral.id).reply == "已安排门诊"  # type: ignore[union-attr]


def test_a_cancelled_batch_keeps_no_number_and_no_file(
    db: Database, staff: Staff, case_id: int, tmp_path: Path
) -> None:
    other = new_case(db, staff.caseworker)  # no consent
    batch = letter_actions.issue_batch(db, staff.caseworker, [case_id, other], "hospital", tmp_path)
    assert [p.name for p in batch.paths] == ["转介函_2026-转字第0001号.pdf"]
    assert [c for c, _ in batch.failures] == [other]
    cancelled = tmp_path / "cancelled"
    cancelled.mkdir()
    with pytest.raises(InterruptedError):
        letter_actions.issue_batch(
            db,
            staff.caseworker,
            [case_id, case_id],
            "hospital",
            cancelled,
            progress=lambda done, total: done < 3,  # stops while rendering
        )
    assert list(cancelled.iterdir()) == [] and _registered(db) == 1
