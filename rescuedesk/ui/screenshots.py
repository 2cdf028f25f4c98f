"""Render the main screens into PNG files for the README (``make screenshots``).

Runs on Qt's offscreen platform, which draws widgets exactly as on screen without an X
server; the CJK font comes from the system (fonts-wqy-microhei in set-up).

    QT_QPA_PLATFORM=offscreen python -m rescuedesk.ui.screenshots docs/screenshots
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path


def main(out_dir: str = "docs/screenshots", language: str = "zh_CN") -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from rescuedesk.ui import i18n, main_thread_gc

    main_thread_gc.install(app)  # the windows shot read their home pages off the UI thread

    i18n.install(language)
    from sqlalchemy import select

    from rescuedesk.db import Database, upgrade_to_head
    from rescuedesk.models import Case
    from rescuedesk.models.enums import Stage
    from rescuedesk.services.demo import demo_data
    from rescuedesk.services.office.context import Actor, actor_by_username
    from rescuedesk.ui.dialogs.letter_dialog import LetterDialog
    from rescuedesk.ui.dialogs.login_dialog import LoginDialog
    from rescuedesk.ui.main_window import MainWindow
    from rescuedesk.ui.ops import Workspace

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'shots.sqlite3'}")
        upgrade_to_head(db)
        with db.write_session() as s:
            demo_data.generate(s, Actor.system("screenshots"), 800, seed=2026)
            # The demo accounts of the first-start wizard (a follow-up worker among them).
            demo_data.enable_demo_accounts(s, Actor.system("screenshots"), "演示-截图-密码-2026")
        with db.write_session() as s:
            actor = actor_by_username(s, "hljhrb_sup")
            case_id = s.scalar(
                select(Case.id)
                .where(Case.unit_id == actor.unit_id, Case.stage == Stage.FOLLOW_UP)
                .limit(1)
            )

        def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
            widget.show()
            app.processEvents()
            _home_read(widget)
            widget.grab().save(str(out / f"{name}.png"))

        login = LoginDialog(db.url, db=db)
        login.username.setText("hljhrb_sup")
        shot(login, "login")
        window = MainWindow(Workspace(db, actor))
        window.resize(1200, 720)
        window.load_case_list()
        shot(window, "home")
        _home_tasks(db, actor, case_id, window, shot)
        window.tabs.setCurrentWidget(window.case_list)
        shot(window, "case_list")
        window.case_list.search.setText("zh")
        window.case_list.apply_filter()
        shot(window, "search_pinyin")
        window.open_case(case_id)
        shot(window, "case_file")
        page = window.current_case_file()
        from rescuedesk.models import FollowUpVisit, Placement

        page.show_page("回访")
        visits = page.section(FollowUpVisit)
        if visits.records:
            visits.start_edit(len(visits.records) - 1)
        shot(window, "case_file_visits")
        visits.cancel()
        page.show_page("安置")
        placement = page.section(Placement)
        placement.start_add()
        kind = placement.form.editors["placement_type"].widget
        kind.setCurrentIndex(kind.findData("family_return"))
        placement.check_now()  # a family return needs its carers: the message shows beside them
        shot(window, "case_file_placement")
        placement.cancel()
        page.pages.setCurrentWidget(page.timeline)
        shot(window, "case_file_timeline")
        _follow_up(app, db, window, actor, case_id, shot)
        import datetime as dt

        from rescuedesk.models import Assistance
        from rescuedesk.ui.dialogs.conflict_dialog import ConflictDialog
        from rescuedesk.ui.forms.specs import section_of

        base = {"kind": "food", "start_date": dt.date(2026, 11, 20), "provider": "救助站食堂"}
        conflict = ConflictDialog(
            section_of(Assistance).fields,
            base,
            {**base, "provider": "区救助站", "amount": 120},
            {**base, "provider": "市第一医院营养科", "description": "每日三餐，另加牛奶"},
        )
        shot(conflict, "conflict")
        assert window.planner is not None
        window.tabs.setCurrentWidget(window.planner)
        shot(window, "planner")
        from rescuedesk.ui.dialogs.new_case_dialog import NewCaseDialog

        form = NewCaseDialog(window.workspace)
        form.identity_known.setChecked(False)
        form.save()  # shows the message beside the name
        shot(form, "new_case")
        _place_picker(app, form, out)
        from rescuedesk.ui.forms.place_picker import PlaceBrowser

        shot(PlaceBrowser("511504", form), "place_browser")  # 四川省 › 宜宾市 › 叙州区
        letter = LetterDialog(window.workspace, case_id)
        letter.kind.setCurrentIndex(letter.kind.findData("school"))
        letter.preview()
        shot(letter, "letter_preview")
        _transfer(db, window.workspace, case_id, shot)
        _import_wizard(app, window.workspace, Path(tmp), shot)
        _tracing(db, window, shot)
        window.lock()
        shot(window, "locked")
        window.close()
        db.dispose()
    return 0


def _follow_up(app, db, window, supervisor, case_id: int, shot) -> None:  # type: ignore[no-untyped-def]
    """The supervisor's 人员与分派 dialog giving the case to the Lu'an women's federation's
    follow-up worker, then that worker's own home page and their view of the case."""
    from sqlalchemy import select

    from rescuedesk.models import User
    from rescuedesk.services.office.context import Actor
    from rescuedesk.ui.dialogs.assignment_dialog import AssignmentDialog
    from rescuedesk.ui.main_window import MainWindow
    from rescuedesk.ui.ops import Workspace

    with db.read_session() as s:
        fw1 = s.scalar(select(User).where(User.username == "ahla_fw1"))
        worker, name = Actor.for_user(fw1), fw1.full_name
    dialog = AssignmentDialog(window.workspace, case_id, window)
    dialog.resize(720, 560)
    index = next(i for i in range(dialog.user.count()) if dialog.user.itemData(i) == fw1.id)
    assert name in dialog.user.itemText(index)
    dialog.user.setCurrentIndex(index)
    dialog.until_on.setChecked(True)
    dialog.reason.setText("已返回安徽六安，由户籍地妇联定期回访")
    dialog.assign()
    shot(dialog, "assignment")
    dialog.close()
    home = MainWindow(Workspace(db, worker))
    home.resize(1200, 720)
    home.load_case_list()
    shot(home, "follow_up_home")
    home.open_case(case_id)
    shot(home, "follow_up_case_file")
    home.close()


def _transfer(db, workspace, case_id: int, shot) -> None:  # type: ignore[no-untyped-def]
    """The transfer dialog (Harbin asks Lanzhou to take a case) and the list Lanzhou's
    supervisor accepts it from."""
    from PySide6.QtCore import Qt

    from rescuedesk.services.office.context import actor_by_username
    from rescuedesk.ui.dialogs.transfer_dialog import TransferDialog, TransfersDialog
    from rescuedesk.ui.ops import Workspace

    dialog = TransferDialog(workspace, case_id)
    dialog.unit.setCurrentIndex(dialog.unit.findText("兰州市民政局", Qt.MatchFlag.MatchContains))
    dialog.reason.setText("返回户籍地甘肃兰州生活，由当地民政局继续救助")
    dialog.override.setText("本人口头同意，书面同意随后补签")
    shot(dialog, "transfer")
    dialog.request()
    with db.write_session() as s:
        lanzhou = actor_by_username(s, "gslz_sup")
    incoming = TransfersDialog(Workspace(db, lanzhou))
    if incoming.rows:
        incoming.select(incoming.rows[0].id)
    shot(incoming, "transfer_accept")


def _home_read(widget) -> None:  # type: ignore[no-untyped-def]
    """Wait for a main window's home page to show what it read (it reads off the UI
    thread): a shot taken before shows 正在加载待办事项… over an empty page."""
    import time

    from PySide6.QtWidgets import QApplication

    home = getattr(widget, "home", None)
    deadline = time.monotonic() + 60
    while home is not None and home.loading and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    QApplication.processEvents()


def _home_tasks(db, actor, case_id: int, window, shot) -> None:  # type: ignore[no-untyped-def]
    """The tasks of the home page with an overdue referral reply (issue #14), and the form
    its double-click opens, on the 转介 page that shows where each referral stands."""
    import datetime as dt

    from rescuedesk import clock
    from rescuedesk.models import Referral
    from rescuedesk.services.casefile import records
    from rescuedesk.services.casefile.tasks import Kind

    with db.write_session() as s:
        records.add_record(s, actor, Referral, case_id, {
            "recipient_type": "hospital", "recipient_name": "哈尔滨市第一人民医院",
            "service_requested": "复查与心理评估", "status": "sent",
            "referred_on": clock.today() - dt.timedelta(days=40),
        }, override_reason="截图演示")  # fmt: skip
    home = window.home
    home.refresh()
    _home_read(window)
    rows = [i for i, t in enumerate(home.task_data) if t.kind == Kind.REFERRAL_REPLY]
    if rows:
        home.tasks.selectRow(rows[0])
        home.tasks.scrollToItem(home.tasks.item(rows[0], 0))
    shot(window, "home_tasks")
    if rows:
        home.open_task(rows[0])
        shot(window, "referral_reply")
        page = window.current_case_file()
        if page is not None:
            page.section(Referral).cancel()
    window.tabs.setCurrentWidget(home)


def _portrait() -> bytes:
    """A drawn stand-in for a photo (no real face in the documentation)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 400), (214, 226, 236))
    draw = ImageDraw.Draw(image)
    draw.ellipse((95, 60, 205, 185), fill=(236, 205, 180))  # the head
    draw.rectangle((95, 40, 205, 95), fill=(40, 32, 30))  # the hair
    draw.pieslice((45, 200, 255, 480), 180, 360, fill=(176, 40, 48))  # a red jacket
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def _tracing(db, window, shot) -> None:  # type: ignore[no-untyped-def]
    """Issue #15: the description of an unidentified girl, a family's inquiry ranked against
    the persons in care, and her tracing announcement."""
    import datetime as dt

    from rescuedesk.models import Consent
    from rescuedesk.models.enums import Sex
    from rescuedesk.services.casefile import cases, photos, records
    from rescuedesk.services.people import persons
    from rescuedesk.services.tracing import inquiries, matching
    from rescuedesk.ui.dialogs.announcement_dialog import AnnouncementDialog
    from rescuedesk.ui.dialogs.new_case_dialog import NewCaseDialog

    actor = window.workspace.actor
    girl = {
        "alias": "站字2026-15",
        "identity_known": False,
        "sex": Sex.FEMALE,
        "estimated_age": [12, 14],
        "height_cm": 148,
        "build": "偏瘦",
        "accent_code": "xinan.chuanyu",
        "accent_region": "四川口音",
        "called_names": ["刘兰兰", "丫丫"],
        "distinguishing_features": "左臂有一块硬币大小的胎记，右耳垂有痣",
        "clothing_when_found": "红色棉袄，蓝色牛仔裤，白色运动鞋",
        "intellectual_state": "正常",
        "mental_state": "胆小，少言",
        "found_date": dt.date(2026, 11, 1),
        "found_place": "哈尔滨站候车室",
    }
    with db.write_session() as s:
        person_id = persons.create_person(s, actor, girl).record.id
        case_id = cases.open_case(
            s,
            actor,
            person_id,
            {
                "intake_channel": "street_outreach",
                "rescue_date": dt.date(2026, 11, 1),
                "intake_date": dt.date(2026, 11, 2),
            },
        ).record.id
        records.add_record(
            s,
            actor,
            Consent,
            case_id,
            {
                "purpose": "tracing",
                "given_by": "guardian",
                "guardian_name": "哈尔滨市民政局（临时监护）",
                "recipients": ["public_photo"],  # her photo in the announcement
                "given_on": dt.date(2026, 11, 3),
            },
        )
        photos.add_photo(s, actor, case_id, _portrait(), {"kind": "when_found"})
        inquiry_id = inquiries.add_inquiry(
            s,
            actor,
            {
                "inquiry_number": "XQ-2026-015",
                "inquirer_name": "牛建国",
                "inquirer_relation": "父亲",
                "inquirer_phone": "13812345678",
                "missing_name": "牛兰兰",
                "missing_nicknames": "丫丫",
                "sex": "女",
                "birth_year": "2010",
                "missing_date": "2019年7月",
                "missing_place": "四川省宜宾市叙州区",
                "home_dialect": "四川话",
            },
        ).id

    form = NewCaseDialog(window.workspace)
    form.identity_known.setChecked(False)
    form.alias.setText(girl["alias"])
    form.sex.setCurrentIndex(form.sex.findData("female"))
    editors = form.description.editors
    for name in ("height_cm", "called_names", "distinguishing_features", "found_place"):
        editors[name].set(girl[name])
    for name in ("clothing_when_found", "found_date", "intellectual_state", "mental_state"):
        editors[name].set(girl[name])
    editors["estimated_age"].set([12, 14])
    accent = editors["accent_code"].widget
    accent.setCurrentIndex(accent.findData("xinan.chuanyu"))
    form.resize(form.width(), max(form.height(), 760))
    shot(form, "tracing_description")
    form.reject()

    page = window.open_inquiries()
    page.select(inquiry_id)
    run = window.workspace.call(matching.match_inquiry, inquiry_id)
    page.candidates._ranked(inquiry_id, run)  # as the background run hands it over
    shot(window, "tracing_candidates")

    from rescuedesk.models.photo import PersonPhoto
    from rescuedesk.services.casefile import case_file

    shown = window.workspace.check(case_file.list_part, PersonPhoto, case_id)
    dialog = AnnouncementDialog(
        window.workspace, case_id, photos=[(r["id"], "发现时") for r in shown]
    )
    dialog.resize(1100, 760)
    shot(dialog, "tracing_announcement")
    dialog.reject()


def _place_picker(app, form, out: Path) -> None:  # type: ignore[no-untyped-def]
    """The new-case dialog's 户籍地 typed in pinyin, its ranked list open. The list is a
    window of its own: drawn onto the dialog where it stands."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter, QPixmap

    picker = form.origin
    form.show()
    picker.edit.setFocus()
    picker.edit.setText("wenshan")
    picker.edit.textEdited.emit("wenshan")  # as typed
    app.processEvents()
    popup = picker.list
    dialog = form.grab()
    at = popup.mapToGlobal(QPoint(0, 0)) - form.mapToGlobal(QPoint(0, 0))
    width = max(dialog.width(), at.x() + popup.width())
    height = max(dialog.height(), at.y() + popup.height())
    canvas = QPixmap(width, height)
    canvas.fill(form.palette().window().color())
    painter = QPainter(canvas)
    painter.drawPixmap(0, 0, dialog)
    painter.drawPixmap(at, popup.grab())
    painter.end()
    canvas.save(str(out / "place_picker.png"))
    popup.hide()


def _import_wizard(app, workspace, tmp: Path, shot) -> None:  # type: ignore[no-untyped-def]
    """The import wizard on a small messy ledger: mapping, preview, dry run."""
    import time

    from rescuedesk.ui.dialogs.import_wizard import ImportWizard

    ledger = _write_sample_ledger(tmp)
    wizard = ImportWizard(workspace)
    wizard.file_page.file.setText(str(ledger))
    wizard.show()
    wizard.next()
    shot(wizard, "import_mapping")
    wizard.next()
    wizard.preview_page.table.setCurrentIndex(wizard.preview_page.model.index(2, 0))
    shot(wizard, "import_preview")
    wizard.next()
    deadline = time.monotonic() + 60
    while not wizard.dry_run_page.isComplete() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    shot(wizard, "import_dry_run")
    wizard.close()


# A small messy ledger, as units really keep them, for the import wizard's screens: GBK-encoded
# CSV with full-width digits, a place name, a bad check digit, an impossible date, an unknown
# ethnicity and an unknown place. A file, not code, so its data is not taken for UI text.
SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def _write_sample_ledger(folder: Path) -> Path:
    sample = next(SAMPLES.glob("*.csv"))  # 道里区2023年台账.csv
    path = folder / sample.name
    shutil.copyfile(sample, path)
    return path


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
