"""`rescuedesk letter` refuses a school letter whose service says 解救 (rescued): exit 2, a
message, no PDF and no number used; the same letter with a plain service name prints."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pypdf import PdfReader

from rescuedesk.db import Database
from rescuedesk.models import Consent
from rescuedesk.services.casefile import cases, records
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import persons
from tests.entry.conftest import CliRunner, office_with_accounts
from tests.factories import CASE, new_unit

PASSWORD = "主管-春天-长密码-2026"


def _case_with_school_consent(url: str) -> str:
    system = Actor.system("test")
    db = Database(url)
    try:
        with db.write_session() as s:
            unit = new_unit(s, system)
            person = persons.create_person(
                s,
                system,
                {"real_name": "周小燕", "sex": "female", "birth_date": dt.date(2012, 3, 3)},
            ).record
            case = cases.open_case(s, system, person.id, dict(CASE), unit_id=unit.id).record
            records.add_record(
                s,
                system,
                Consent,
                case.id,
                {
                    "purpose": "data_sharing",
                    "given_by": "guardian",
                    "guardian_name": "民政局（临时监护）",
                    "given_on": dt.date(2026, 10, 2),
                    "recipients": ["school"],
                },
            )
            return case.case_number
    finally:
        db.dispose()


def test_school_letter_naming_the_rescue_is_refused(
    db_url: str, cli: CliRunner, tmp_path: Path
) -> None:
    case_number = _case_with_school_consent(db_url)
    office_with_accounts(db_url, {"sup": ("supervisor", "HRB", PASSWORD)})

    def letter(service: str, out: Path):  # type: ignore[no-untyped-def]
        args = ["--db", db_url, "--user", "sup", "letter", "--case", case_number]
        return cli(
            [*args, "--to", "school", "--service", service, "--out", str(out)], password=PASSWORD
        )

    refused = tmp_path / "refused.pdf"
    result = letter("解救后心理辅导", refused)
    assert result.code == 2, (result.code, result.err)
    assert result.err.strip() and "Traceback" not in result.err
    assert not refused.exists()

    printed = tmp_path / "printed.pdf"
    result = letter("心理辅导", printed)
    assert result.code == 0, result.err
    assert "第0001号" in result.out  # the refused letter used no number
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(printed.read_bytes())).pages)
    assert "心理辅导" in text and "解救" not in text
