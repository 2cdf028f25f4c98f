"""The case list's count stops at COUNT_CAP (issue #16): a search that matches more cases says
"1000+" in the window's count label and in `rescuedesk case list --count`, instead of
counting every match at each keystroke; scrolled to the end, the window counts on and shows
the rest. Below the cap, the count is exact, at both doors.

1,100 demo cases on an embedded file without accounts (made once for the module): the
command acts as the operating-system user, whose scope is every case, as the window's
system actor here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from rescuedesk.db import Database, upgrade_to_head
from rescuedesk.errors import DatabaseUnavailable
from rescuedesk.services.casefile import case_queries
from rescuedesk.services.casefile.case_queries import COUNT_CAP, CaseFilter, count_cases
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from tests.entry.conftest import run_cli

PERSONS = COUNT_CAP + 100
SYSTEM = Actor.system("t")


@pytest.fixture(scope="module")
def many_cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("count-cap") / "office.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade_to_head(db)
    with db.write_session() as s:
        demo_data.generate(s, SYSTEM, PERSONS, seed=16)
    db.dispose()
    return path


@pytest.fixture
def db(many_cases: Path, tmp_path: Path) -> Database:
    path = tmp_path / "office.sqlite3"
    shutil.copyfile(many_cases, path)
    database = Database(f"sqlite:///{path}")
    yield database  # type: ignore[misc]
    database.dispose()


def _exact(db: Database, text: str) -> int:
    with db.read_session() as s:
        return count_cases(s, SYSTEM, CaseFilter(search=text))


def _window(qtbot: QtBot, db: Database) -> MainWindow:
    window = MainWindow(Workspace(db, SYSTEM))
    qtbot.addWidget(window, before_close_func=lambda w: w.hide())
    window.show()
    window.load_case_list()
    window.tabs.setCurrentWidget(window.case_list)
    return window


def _typed(window: MainWindow, qtbot: QtBot, text: str) -> str:
    window.case_list.search.setText(text)
    qtbot.waitUntil(lambda: not window.case_list._timer.isActive(), timeout=3000)
    return window.case_list.count_label.text()


def test_the_window_says_1000_plus_then_counts_on_when_scrolled(qtbot: QtBot, db: Database) -> None:
    total = _exact(db, "")
    assert total > COUNT_CAP  # the test's premise: more cases than the cap
    window = _window(qtbot, db)
    assert _typed(window, qtbot, "") == f"共 {COUNT_CAP}+ 个个案"
    assert window.model.rowCount() == COUNT_CAP
    view = window.case_list.table
    view.scrollToBottom()  # the view asks the model for more at the end (fetchMore)
    qtbot.waitUntil(lambda: window.model.rowCount() == total, timeout=5000)
    assert window.case_list.count_label.text() == f"共 {total} 个个案"
    # The last row is a real case: the pages past the first cap are fetched too.
    assert window.model.data(window.model.index(total - 1, 0))

    # A search below the cap: its exact count, as counting every match gives it.
    heilongjiang = _exact(db, "HLJ")
    assert 0 < heilongjiang <= COUNT_CAP
    assert _typed(window, qtbot, "HLJ") == f"共 {heilongjiang} 个个案"
    assert window.model.rowCount() == heilongjiang and not window.model.canFetchMore()
    assert _typed(window, qtbot, "没有这个人") == "共 0 个个案"
    assert _typed(window, qtbot, "") == f"共 {COUNT_CAP}+ 个个案"  # capped again


def test_the_command_prints_the_capped_count(db: Database) -> None:
    url = db.url
    db.dispose()

    def counted(*args: str) -> str:
        done = run_cli(["--db", url, "case", "list", "--count", *args])
        assert done.code == 0, done.err
        return done.out.strip()

    assert counted() == f"{COUNT_CAP}+"
    heilongjiang = _exact(db, "HLJ")
    assert counted("--search", "HLJ") == str(heilongjiang)
    assert counted("--search", "没有这个人") == "0"


@pytest.mark.parametrize("text", ["l", "li", "wang", "王", "HLJ", "哈尔滨", "z"])
def test_a_capped_count_agrees_with_the_full_count_on_every_plan(
    db: Database, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Capped counts stop early, walked group by group for a common text (made common here
    by a lower threshold), gathered otherwise: below the cap the same number as counting
    every match, above it cap + 1."""
    for threshold in (case_queries.MIN_DENSE, 20):
        monkeypatch.setattr(case_queries, "MIN_DENSE", threshold)
        full = _exact(db, text)
        for cap in (5, full, COUNT_CAP):
            with db.read_session() as s:
                capped = count_cases(s, SYSTEM, CaseFilter(search=text), cap=cap)
            assert capped == min(full, cap + 1), (text, threshold, cap)


def test_a_server_that_went_away_is_said_where_the_count_goes(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A keystroke while the database does not answer: the sentence in the count label, an
    empty list (not a half-reset model), and the next keystroke after it is back works."""
    window = _window(qtbot, db)
    real = window.model._fetch_count

    def gone(f: CaseFilter, cap: int) -> int:
        raise DatabaseUnavailable("server closed the connection unexpectedly")

    monkeypatch.setattr(window.model, "_fetch_count", gone)
    said = _typed(window, qtbot, "li")
    assert "连接中断" in said and "再试一次" in said
    assert window.model.rowCount() == 0
    monkeypatch.setattr(window.model, "_fetch_count", real)
    assert _typed(window, qtbot, "HLJ") == f"共 {_exact(db, 'HLJ')} 个个案"
