"""The annual report as a file (PDF or XLSX): one function for `rescuedesk report annual`
and the statistician's 另存为…, so both write the same file, under the unit's name, all of
it or nothing, and audit it the same way (the build's ``report`` event, committed with the
file or not at all)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from rescuedesk.db import Database
from rescuedesk.documents.report_files import to_pdf, to_xlsx
from rescuedesk.errors import ValidationError
from rescuedesk.models import Unit
from rescuedesk.progress import Progress
from rescuedesk.services.office.context import Actor
from rescuedesk.services.reports.annual_report import AnnualReport, audit_report, build, count
from rescuedesk.userfiles import removed_on_failure, write_whole

SUFFIXES = (".pdf", ".xlsx")


def check_suffix(out: Path) -> str:
    """The file's kind from its name; refused before any work when it is neither."""
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError("输出文件应为 .pdf 或 .xlsx。", field="out")
    return suffix


def title(session: Session, actor: Actor) -> str:
    """Whose report it is, as its PDF's heading says: the user's unit, else the program."""
    unit = session.get(Unit, actor.unit_id) if actor.unit_id else None
    return unit.name if unit else "RescueDesk"


def render(session: Session, actor: Actor, report: AnnualReport, suffix: str) -> bytes:
    """The file's bytes (also the page's preview, so it shows what will be saved)."""
    return to_pdf(report, title(session, actor)) if suffix == ".pdf" else to_xlsx(report)


def preview(session: Session, actor: Actor, year: int) -> tuple[AnnualReport, bytes]:
    """The page's preview: the report (audited) and the PDF it would save."""
    report = build(session, actor, year)
    return report, render(session, actor, report, ".pdf")


def save_annual_report(session: Session, actor: Actor, year: int, out: Path) -> AnnualReport:
    """Build the report for ``year`` (audited) and write it to ``out``, whole or not at
    all; the caller's transaction commits the audit event once the file is there."""
    suffix = check_suffix(out)
    report = build(session, actor, year)
    write_whole(out, render(session, actor, report, suffix))
    return report


def report_to_file(
    db: Database, actor: Actor, year: int, out: Path, *, progress: Progress | None = None
) -> AnnualReport:
    """`rescuedesk report annual`: counted and rendered in a read session (on the hot
    standby when ``db`` reads from one), then the file written and the ``report`` event
    committed in a write session (on the primary); the file goes if that commit fails, so
    no report exists that the trail does not record."""
    suffix = check_suffix(out)
    with db.read_session() as session:
        report = count(session, actor, year, progress)
        data = render(session, actor, report, suffix)
    with removed_on_failure(out), db.write_session() as session:
        write_whole(out, data)
        audit_report(session, actor, report)
    return report
