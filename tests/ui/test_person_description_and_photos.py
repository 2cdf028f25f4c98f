"""Issue #15 at the door: from the log-in dialog, the supervisor registers an unidentified
girl with Ctrl+N — an age range, an accent, the name she calls herself — adds a phone photo
on the 寻亲 page (its GPS position gone from what is stored), sees the thumbnail and the
description on the case; a wrong age range is refused beside its field. The follow-up
worker given the case sees neither the photos nor the description."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QPushButton, QSpinBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.models import Case, User
from rescuedesk.models.enums import Role
from rescuedesk.models.photo import PersonPhoto
from rescuedesk.services.casefile import assignments
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.dialogs.new_case_dialog import NewCaseDialog
from tests.conftest import Staff
from tests.db.test_photos import GPS_IFD, camera_jpeg
from tests.factories import new_account
from tests.ui.conftest import LogIn, in_modal, open_case

WORKER_PASSWORD = "妇联回访-长密码-2026"


def _register(qtbot: QtBot, window, seen: list[object]) -> None:  # type: ignore[no-untyped-def]
    new_case = next(a for a in window.findChildren(QAction) if a.shortcut().toString() == "Ctrl+N")

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NewCaseDialog)
        assert not dialog.description_box.isVisibleTo(dialog)  # identity known: not asked
        dialog.identity_known.setChecked(False)
        assert dialog.description_box.isVisibleTo(dialog)
        dialog.alias.setText("站字2026-15")
        dialog.sex.setCurrentIndex(dialog.sex.findData("female"))
        form = dialog.description
        youngest = form.findChild(QSpinBox, "field_estimated_age_youngest")
        oldest = form.findChild(QSpinBox, "field_estimated_age_oldest")
        assert youngest is not None and oldest is not None
        youngest.setValue(14)
        oldest.setValue(12)  # the wrong way round: refused beside the age
        ok = next(b for b in dialog.findChildren(QPushButton) if b.text() == "登记")
        ok.click()
        error = form.findChild(QLabel, "error_estimated_age")
        assert error is not None
        seen.append(error.text())
        youngest.setValue(12)
        oldest.setValue(14)
        form.editors["height_cm"].set(148)
        accent = form.editors["accent_code"].widget
        accent.setCurrentIndex(accent.findData("xinan.chuanyu"))  # type: ignore[attr-defined]
        form.editors["called_names"].set(["刘兰兰", "丫丫"])
        form.editors["distinguishing_features"].set("左臂有胎记")
        form.editors["found_place"].set("哈尔滨站候车室")
        ok.click()
        seen.append(dialog.case_id)

    in_modal(window, new_case.trigger, fill_in, seen=seen)


def test_an_unidentified_girl_is_described_and_photographed_and_the_visitor_sees_neither(
    qtbot: QtBot,
    ui_db: tuple[Database, Actor, dict[str, int]],
    staff: Staff,
    log_in: LogIn,
    tmp_path: Path,
) -> None:
    db, lead, _ids = ui_db
    window = log_in(db)
    seen: list[object] = []
    _register(qtbot, window, seen)
    assert "起始岁数不能大于截止岁数" in str(seen[0]), seen
    case_id = seen[1]
    assert isinstance(case_id, int), seen
    with db.read_session() as s:
        person = s.get(Case, case_id).person  # type: ignore[union-attr]
        assert (person.birth_year_earliest, person.birth_year_latest) == (2012, 2014)
        assert (person.accent_code, person.called_names) == ("xinan.chuanyu", ["刘兰兰", "丫丫"])
        assert person.height_cm == 148 and person.identity_known is False

    page = open_case(window, case_id)
    # The description, shown while her identity is unknown, as ages again.
    assert page.description.isVisibleTo(page)
    assert page.description.form.editors["estimated_age"].get() == [12, 14]
    assert page.description.form.editors["called_names"].get() == ["刘兰兰", "丫丫"]
    page.show_page("寻亲")
    assert page.photos is not None and page.photos.isVisibleTo(page)
    photo_file = tmp_path / "手机照片.jpg"
    photo_file.write_bytes(camera_jpeg())
    not_a_photo = tmp_path / "说明.jpg"
    not_a_photo.write_bytes(b"not an image at all")
    assert not page.photos.add_file(not_a_photo)
    assert "照片文件无法读取或过大" in page.photos.error.text()
    assert page.photos.add_file(photo_file)
    thumbs = page.photos.findChild(QListWidget, "photo_list")
    assert thumbs is not None and thumbs.count() == 1
    assert not thumbs.item(0).icon().isNull()  # the thumbnail is shown
    assert "发现时" in thumbs.item(0).text() or "近照" in thumbs.item(0).text()
    with db.read_session() as s:
        stored = s.scalars(select(PersonPhoto)).one()
        assert stored.content is not None
        exif = Image.open(io.BytesIO(stored.content)).getexif()
        assert not exif.get_ifd(GPS_IFD) and dict(exif) == {}  # the position is gone
    thumbs.setCurrentRow(0)
    viewer = page.photos.view_selected()
    assert viewer is not None
    large = viewer.findChild(QLabel, "photo_large")
    assert large is not None and not large.pixmap().isNull()
    viewer.close()
    # An edit of the description on the case, after the person's own form was loaded.
    page.show_page("登记与同意")
    page.description.form.editors["clothing_when_found"].set("红色棉袄")
    assert page.description.save()
    page.person.form.editors["alias"].set("小兰（化名）")
    assert page.person.save()  # no conflict: the description's save moved its version on

    # The follow-up worker given the case: no 寻亲 page, no photos, no description.
    with db.read_session() as s:
        root = Actor.for_user(s.scalar(select(User).where(User.username == "root")))  # type: ignore[arg-type]
    worker = new_account(db, root, "fu", "六安妇联周回访", Role.FOLLOW_UP_WORKER,
                         WORKER_PASSWORD, staff.other_unit_id)  # fmt: skip
    with db.write_session() as s:
        assert worker.user_id is not None
        assignments.assign(s, lead, case_id, worker.user_id, reason="返乡后由户籍地妇联回访")
    theirs = open_case(log_in(db, "fu", WORKER_PASSWORD), case_id)
    titles = [theirs.pages.tabText(i) for i in range(theirs.pages.count())]
    assert "寻亲" not in titles and theirs.photos is None
    assert theirs.findChild(QListWidget, "photo_list") is None
    assert not theirs.description.isVisibleTo(theirs)
    ages = [w for w in theirs.findChildren(QSpinBox) if "estimated_age" in w.objectName()]
    assert ages == []  # the form was built without the fields the role does not read
