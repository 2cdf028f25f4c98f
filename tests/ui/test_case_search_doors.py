"""`rescuedesk case list --search TEXT` finds what the case list's search box finds (issue #13,
a contract): an office set up through the command (demo cases, then accounts, which encrypt
an embedded file), the same texts typed into the real window after its log-in dialog and
given to the command run as another process, on both engines: the same cases."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from rescuedesk.db import Database
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.dialogs.login_dialog import LoginDialog
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from tests.entry.conftest import office_with_accounts, run_cli

UNIT = "HLJ-HRB"
PASSWORD = "主管-搜索-长密码-2026"
SEARCHES = ["zh", "l", "wang", "王", "李", "HLJ-HRB", "nobody"]


def _shown(window: MainWindow, qtbot: QtBot, text: str) -> list[str]:
    window.case_list.search.setText(text)  # Chinese comes from an input method, not keys
    qtbot.waitUntil(lambda: not window.case_list._timer.isActive(), timeout=3000)
    model = window.model
    return sorted(model.data(model.index(r, 0)) for r in range(model.rowCount()))


def _listed(url: str, text: str) -> list[str]:
    done = run_cli(["--db", url, "--user", "sup", "case", "list", "--search", text],
                   password=PASSWORD)  # fmt: skip
    assert done.code == 0, done.err
    return sorted(line.split("\t")[0] for line in done.out.splitlines() if line)


def test_the_command_finds_what_the_search_box_finds(qtbot: QtBot, db_url: str) -> None:
    db = Database(db_url)
    with db.write_session() as s:
        demo_data.generate(s, Actor.system("t"), 120, seed=13)
    db.dispose()
    office_with_accounts(db_url, {"sup": ("supervisor", UNIT, PASSWORD)})

    dialog = LoginDialog(db_url)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "sup")
    dialog.password.setText(PASSWORD)
    dialog.try_login()
    assert dialog.result_value is not None, dialog.error.text()
    window = MainWindow(Workspace(*dialog.result_value))
    qtbot.addWidget(window, before_close_func=lambda w: w.hide())
    window.show()
    window.load_case_list()
    window.tabs.setCurrentWidget(window.case_list)
    shown = {text: _shown(window, qtbot, text) for text in SEARCHES}
    everything = _shown(window, qtbot, "")

    for text in SEARCHES:
        assert _listed(db_url, text) == shown[text], text
    # Not a comparison of empty lists: the searches narrow, and one finds nothing.
    assert shown["nobody"] == [] and shown["HLJ-HRB"] == everything
    assert any(0 < len(shown[t]) < len(everything) for t in ("zh", "l", "wang", "王", "李"))
