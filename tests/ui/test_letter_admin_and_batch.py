"""Templates edited by an administrator; replies from slips; batch printing with progress."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from rescuedesk.models import LetterRegister, Referral
from rescuedesk.models.enums import Role
from rescuedesk.services.office.context import Actor
from rescuedesk.services.referrals import letters
from rescuedesk.ui.dialogs.batch_letter_dialog import BatchLetterDialog
from rescuedesk.ui.dialogs.letter_dialog import LetterDialog
from rescuedesk.ui.dialogs.reply_dialog import ReplyDialog
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.widgets.template_editor_widget import TemplateEditorWidget
from tests.factories import consent_to_share, new_user


def test_admin_edits_a_template_and_restores_it(qtbot: QtBot, ui_db, staff) -> None:  # type: ignore[no-untyped-def]
    db, _, _ = ui_db
    admin = new_user(db, "adm2", "管理员", Role.ADMIN, staff.unit_id, by=Actor.system("t"))
    editor = TemplateEditorWidget(Workspace(db, admin), staff.unit_id)
    qtbot.addWidget(editor)
    editor.kind.setCurrentIndex(editor.kind.findData("school"))
    assert editor.version.text() == "原始模板"
    assert not editor.fields["case_background"].isEnabled()  # not for a school
    editor.paragraphs.setPlainText("{recipient}：\n请为{name}（{birth_date}）办理入学。")
    editor.save()
    assert "未在“披露字段”中声明的字段：birth_date" in editor.error.text()
    editor.fields["birth_date"].setChecked(True)
    editor.save()
    assert editor.version.text() == "1" and editor.error.text() == ""
    editor.restore()
    assert editor.version.text() == "2"
    assert editor.paragraphs.toPlainText() == "\n".join(
        letters.shipped_templates()["school"]["paragraphs"]
    )


def test_the_administrator_sets_the_days_a_reply_is_due_in(qtbot: QtBot, ui_db, staff) -> None:  # type: ignore[no-untyped-def]
    """Per type and editable: the unit's hospitals answer within a week, its letters say so."""
    db, lead, ids = ui_db
    admin = new_user(db, "adm2", "管理员", Role.ADMIN, staff.unit_id, by=Actor.system("t"))
    editor = TemplateEditorWidget(Workspace(db, admin), staff.unit_id)
    qtbot.addWidget(editor)
    editor.kind.setCurrentIndex(editor.kind.findData("hospital"))
    assert editor.reply_days.value() == 14
    editor.reply_days.setValue(7)
    editor.save()
    assert editor.version.text() == "1" and editor.reply_days.value() == 7
    dialog = LetterDialog(Workspace(db, lead), ids["李娜"])
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("hospital"))
    assert dialog.reply_due.date().toPython() == dt.date(2026, 11, 25) + dt.timedelta(days=7)


def test_reply_from_a_typed_number(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, lead, ids = ui_db
    consent_to_share(db, lead, ids["李娜"], ["hospital"])
    with db.write_session() as s:
        letters.issue_letter(s, lead, ids["李娜"], "hospital")
    dialog = ReplyDialog(Workspace(db, lead))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.slip, "2026-0001")
    dialog.find()
    assert "〔2026〕转字第0001号" in dialog.found.text() and dialog.save.isEnabled()
    dialog.status.setCurrentIndex(dialog.status.findData("accepted"))
    dialog.reply.setText("已安排门诊")
    dialog.save_reply()
    with db.read_session() as s:
        referral = s.scalars(select(Referral)).one()
        assert (referral.status.value, referral.reply) == ("accepted", "已安排门诊")


def test_batch_letters_with_progress(qtbot: QtBot, ui_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, lead, ids = ui_db
    for name in ("张晓梅", "李娜"):
        consent_to_share(db, lead, ids[name], ["hospital"])
    dialog = BatchLetterDialog(Workspace(db, lead), list(ids.values()))
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("hospital"))
    dialog.folder.setText(str(tmp_path))
    dialog.run()
    qtbot.waitUntil(lambda: dialog.start.isEnabled(), timeout=30_000)
    assert len(dialog.written) == 2 and all(p.exists() for p in dialog.written)
    assert [case_id for case_id, _ in dialog.failures] == [ids["王秀英"]]  # no consent
    with db.read_session() as s:
        assert s.scalar(select(func.count(LetterRegister.id))) == 2
