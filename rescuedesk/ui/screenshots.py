"""Render the main screens into PNG files for the README (``make screenshots``).

Runs on Qt's offscreen platform, which draws widgets exactly as on screen without an X
server; the CJK font comes from the system (fonts-wqy-microhei in set-up).

    QT_QPA_PLATFORM=offscreen python -m rescuedesk.ui.screenshots docs/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main(out_dir: str = "docs/screenshots") -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from sqlalchemy import select

    from rescuedesk.db import Database, upgrade_to_head
    from rescuedesk.models import Case
    from rescuedesk.models.enums import Stage
    from rescuedesk.services import demo_data
    from rescuedesk.services.context import Actor, actor_by_username
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
            widget.grab().save(str(out / f"{name}.png"))

        login = LoginDialog(db.url, db=db)
        login.username.setText("hljhrb_sup")
        shot(login, "login")
        window = MainWindow(Workspace(db, actor))
        window.resize(1200, 720)
        window.load_case_list()
        shot(window, "home")
        window.tabs.setCurrentWidget(window.case_list)
        shot(window, "case_list")
        window.case_list.search.setText("zh")
        window.case_list.apply_filter()
        shot(window, "search_pinyin")
        window.open_case(case_id)
        shot(window, "case_file")
        assert window.planner is not None
        window.tabs.setCurrentWidget(window.planner)
        shot(window, "planner")
        from rescuedesk.ui.dialogs.new_case_dialog import NewCaseDialog

        form = NewCaseDialog(window.workspace)
        form.identity_known.setChecked(False)
        form.save()  # shows the message beside the name
        shot(form, "new_case")
        letter = LetterDialog(window.workspace, case_id)
        letter.kind.setCurrentIndex(letter.kind.findData("school"))
        letter.preview()
        shot(letter, "letter_preview")
        window.lock()
        shot(window, "locked")
        window.close()
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
