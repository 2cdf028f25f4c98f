"""生成寻亲公告… on the case's 寻亲 page (issue #15): without 公告中使用照片 in her tracing
consent the announcement goes out without her photo, and says why; without a tracing
consent there is no announcement to save, copy or publish."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.models import TracingAction
from rescuedesk.services.casefile import photos
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.dialogs.announcement_dialog import AnnouncementDialog
from tests.conftest import Staff
from tests.db.test_photos import camera_jpeg
from tests.db.test_tracing_matching import _unidentified
from tests.ui.conftest import LogIn, in_modal, open_case


def _in_dialog(window, page) -> list[object]:  # type: ignore[no-untyped-def]
    seen: list[object] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AnnouncementDialog)
        seen.extend(
            [
                dialog.photo.count(),
                dialog.photo.currentData(),
                dialog.note.text(),
                dialog.error.text(),
                dialog.save_button.isEnabled(),
                dialog.publish_button.isEnabled(),
            ]
        )
        dialog.publish()  # refused when there is nothing to publish
        dialog.reject()

    in_modal(window, page.matches.announce_button.click, look, seen=seen)
    return seen


def test_without_a_public_photo_consent_the_announcement_has_no_photo_and_says_why(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], staff: Staff, log_in: LogIn
) -> None:
    db, _lead, _ids = ui_db
    case_id = _unidentified(db, staff)  # a guardian's tracing consent, no public photo
    with db.write_session() as s:
        photos.add_photo(s, staff.caseworker, case_id, camera_jpeg())
    window = log_in(db)
    page = open_case(window, case_id, "寻亲")
    count, photo_id, note, error, can_save, _can_publish = _in_dialog(window, page)[:6]
    assert count == 2 and photo_id is None  # her photo offered, not used
    assert "公告中使用照片" in str(note) and error == "" and can_save is True


def test_without_a_tracing_consent_there_is_no_announcement(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], staff: Staff, log_in: LogIn
) -> None:
    db, _lead, _ids = ui_db
    case_id = _unidentified(db, staff, consent=None)
    window = log_in(db)
    page = open_case(window, case_id, "寻亲")
    seen = _in_dialog(window, page)
    error, can_save, can_publish = seen[3:6]
    assert "同意" in str(error) and can_save is False and can_publish is False, seen
    with db.read_session() as s:
        assert s.scalars(select(TracingAction)).all() == []
