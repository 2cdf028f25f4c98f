"""The user actions on referral letters, each composed once: the CLI and every dialog call
these, so a letter issued from either is numbered, registered, audited, rendered and written
the same way.

Each action takes the Database (not a Session) because it owns its transaction: the PDF is
rendered, and written whole, *inside* it. A letter that cannot be rendered or written takes
its number, referral, register entry and audit with it (rolled back), so the register never
holds a number nobody has a letter for; a file written before a failed commit is removed.
Printing, which cannot be taken back, comes after the commit, from the returned bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from rescuedesk.db import Database
from rescuedesk.documents import letter_pdf
from rescuedesk.errors import ValidationError
from rescuedesk.models import Referral
from rescuedesk.services.office.access import case_by_number
from rescuedesk.services.office.context import Actor
from rescuedesk.services.referrals import letters
from rescuedesk.userfiles import new_file, removed_on_failure, writable_dir, write_whole

Progress = Callable[[int, int], bool]


@dataclass(frozen=True)
class IssuedLetter:
    case_id: int
    register_id: int
    letter_number: str
    pdf: bytes
    path: Path | None  # where it was written, if anywhere
    warnings: tuple[str, ...] = ()


@dataclass
class IssuedBatch:
    letters: list[IssuedLetter] = field(default_factory=list)
    failures: list[tuple[int, str]] = field(default_factory=list)  # (case id, why not)

    @property
    def paths(self) -> list[Path]:
        return [letter.path for letter in self.letters if letter.path is not None]


def _target(out: Path | None, overwrite: bool) -> Path | None:
    """Check the file before any number is used. ``overwrite``: a save dialog has already
    asked the user (the CLI never overwrites)."""
    if out is None:
        return None
    out = Path(out).expanduser()
    if overwrite:
        writable_dir(out.absolute().parent, out)
        return out
    return new_file(out)


def issue_letter(
    db: Database,
    actor: Actor,
    case: int | str,
    letter_type: str,
    *,
    out: Path | None = None,
    overwrite: bool = False,
    recipient_name: str | None = None,
    agency_id: int | None = None,
    service: str | None = None,
    include_id_number: bool = False,
    override_reason: str | None = None,
    reply_due_on: dt.date | None = None,
    photo_id: int | None = None,
) -> IssuedLetter:
    """Issue a letter and render it, written to ``out`` if given, all or nothing.

    ``case``: the case's id, or its number as a user typed it (the command line).
    ``photo_id``: the person's photo, for a letter to the police only (letters refuses it
    for any other).
    """
    target = _target(out, overwrite)

    def work(session: Session) -> IssuedLetter:
        case_id = case if isinstance(case, int) else case_by_number(session, case).id
        content, row = letters.issue_letter(
            session,
            actor,
            case_id,
            letter_type,
            recipient_name=recipient_name,
            agency_id=agency_id,
            service=service,
            include_id_number=include_id_number,
            override_reason=override_reason,
            reply_due_on=reply_due_on,
            photo_id=photo_id,
        )
        pdf = letter_pdf.render_letter(content)
        if target is not None:
            write_whole(target, pdf)
        return IssuedLetter(
            case_id, row.id, content.letter_number, pdf, target, tuple(content.warnings)
        )

    with removed_on_failure(*filter(None, [target])):
        return db.run_write(work)


def reprint(
    db: Database, actor: Actor, register_id: int, *, out: Path, overwrite: bool = False
) -> IssuedLetter:
    """A copy (副本) of an issued letter, registered and written whole, or neither."""
    target = _target(out, overwrite)
    assert target is not None

    def work(session: Session) -> IssuedLetter:
        content, row = letters.reprint(session, actor, register_id)
        pdf = letter_pdf.render_letter(content)
        write_whole(target, pdf)
        return IssuedLetter(
            row.case_id, row.id, content.letter_number, pdf, target, tuple(content.warnings)
        )

    with removed_on_failure(target):
        return db.run_write(work)


def record_reply(
    db: Database, actor: Actor, slip: str, status: str, reply: str, reply_on: dt.date
) -> Referral:
    """The reply on a returned slip (its QR code or the letter's number), on its referral."""
    return db.run_write(
        lambda session: letters.record_reply(session, actor, slip, status, reply, reply_on)
    )


def batch_file_name(letter_number: str) -> str:
    name = letter_number.replace("〔", "").replace("〕", "-")
    return f"转介函_{name}.pdf"


def issue_batch(
    db: Database,
    actor: Actor,
    case_ids: list[int],
    letter_type: str,
    folder: Path,
    *,
    service: str | None = None,
    progress: Progress | None = None,
) -> IssuedBatch:
    """One letter type for several cases in one transaction, each written to ``folder``.

    A case that cannot have one is reported and skipped; a cancel (``progress`` returning
    False raises InterruptedError) or a failed render or write keeps no number and no file.
    Progress: issuing is the first half of the bar, rendering the second.
    """
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise ValidationError(f"文件夹 {folder} 不存在，请选择保存转介函的文件夹。", field="folder")
    writable_dir(folder, folder, field="folder")
    total = len(case_ids)
    written: list[Path] = []  # files this action created: removed if it fails

    def step(done: int) -> bool:
        return progress is None or progress(done, total * 2)

    def work(session: Session) -> IssuedBatch:
        issued, failures = letters.issue_each(
            session,
            actor,
            case_ids,
            letter_type,
            service=service,
            progress=lambda done, _total: step(done),
        )
        pdfs = letter_pdf.render_batch(
            [content for _, content, _ in issued],
            progress=lambda done, _total: step(total + done),
        )
        result = IssuedBatch(failures=failures)
        for (case_id, content, row), pdf in zip(issued, pdfs, strict=True):
            path = folder / batch_file_name(content.letter_number)
            if not path.exists():
                written.append(path)
            write_whole(path, pdf)
            result.letters.append(
                IssuedLetter(
                    case_id, row.id, content.letter_number, pdf, path, tuple(content.warnings)
                )
            )
        return result

    try:
        return db.run_write(work)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
