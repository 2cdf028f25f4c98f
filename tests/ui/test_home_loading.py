"""Issue #16: the window shows at once and the home page's tasks arrive after it, read off
the UI thread; a placeholder says so until then, a refresh after an edit shows fresh tasks
(a read that started before the edit is dropped), a refusal reaches the user, and closing the
window while the read runs is harmless; while the page reads, the program's writes go on
(on SQLite a read inside a write transaction held the file's one write lock)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget
from pytestqt.qtbot import QtBot

from rescuedesk.db import Database
from rescuedesk.errors import DomainError
from rescuedesk.services.casefile import cases, workbench
from rescuedesk.services.office import audit
from rescuedesk.services.office.context import Actor
from rescuedesk.ui import ops
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import CASES, Workspace
from tests.conftest import Staff
from tests.ui.conftest import LogIn


def _whats(table: QTableWidget) -> list[str]:
    return [table.item(r, 0).text() for r in range(table.rowCount())]


@pytest.fixture
def held_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, list[int]]]:
    """The home page's read, held until ``release`` is set: a slow read on a large
    database, made certain. Held before it touches the database.
    ``reads`` counts the reads that returned."""
    release = threading.Event()
    reads: list[int] = []
    real: Callable[..., Any] = workbench.read_home

    def held(session: Any, actor: Actor, **kwargs: Any) -> Any:
        assert release.wait(20)
        data = real(session, actor, **kwargs)
        reads.append(1)
        return data

    monkeypatch.setattr(workbench, "read_home", held)
    yield release, reads
    release.set()  # a failed test must not leave a thread waiting


def test_the_window_shows_at_once_and_the_tasks_arrive(
    qtbot: QtBot,
    ui_db: tuple[Database, Actor, dict[str, int]],
    staff: Staff,
    log_in: LogIn,
    held_reads: tuple[threading.Event, list[int]],
) -> None:
    db, _lead, ids = ui_db
    with db.write_session() as s:
        cases.request_closure(s, staff.caseworker, ids["王秀英"], "已回归家庭")
    release, _reads = held_reads
    window = log_in(db)
    home = window.home
    assert home is not None and home.loading
    placeholder = home.findChild(QLabel, "home_tasks_loading")
    table = home.findChild(QTableWidget, "home_tasks")
    qtbot.waitUntil(placeholder.isVisible)
    assert placeholder.text() == "正在加载待办事项…" and table.rowCount() == 0
    # The window is usable meanwhile: Ctrl+F finds a case in the list's first page.
    qtbot.waitUntil(window.isActiveWindow)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.case_list
    assert window.case_list.search.hasFocus()
    assert window.model.rowCount() == 3 and home.loading
    release.set()
    qtbot.waitUntil(lambda: not home.loading)
    assert not placeholder.isVisible()
    assert any("审批结案申请" in w for w in _whats(table))


def test_a_refresh_after_an_edit_drops_the_read_that_started_before_it(
    qtbot: QtBot,
    ui_db: tuple[Database, Actor, dict[str, int]],
    staff: Staff,
    log_in: LogIn,
    held_reads: tuple[threading.Event, list[int]],
) -> None:
    db, _lead, ids = ui_db
    release, reads = held_reads
    window = log_in(db)
    home = window.home
    assert home is not None and home.loading
    shown: list[list[str]] = []
    home.loaded.connect(lambda: shown.append(_whats(home.tasks)))
    # While the first read is under way, and the user looks at the case list, a closure is
    # requested and an op says the cases changed: the window reads the home page again,
    # once the first read has ended.
    window.tabs.setCurrentWidget(window.case_list)
    with db.write_session() as s:
        cases.request_closure(s, staff.caseworker, ids["王秀英"], "已回归家庭")
    window.workspace.changes.tell([CASES])
    release.set()
    qtbot.waitUntil(lambda: len(reads) == 2 and not home.loading)
    # The read that started before the edit was never shown: the page was filled once, by
    # the read after it, with the request in it.
    assert len(shown) == 1 and any("审批结案申请" in w for w in shown[0])


def test_a_refused_read_is_shown_to_the_user(
    qtbot: QtBot,
    ui_db: tuple[Database, Actor, dict[str, int]],
    log_in: LogIn,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, _lead, _ids = ui_db

    def refused(*_args: Any, **_kwargs: Any) -> Any:
        raise DomainError("本单位暂停使用，请联系管理员。")

    monkeypatch.setattr(workbench, "read_home", refused)
    window = log_in(db)
    home = window.home
    assert home is not None
    qtbot.waitUntil(lambda: not home.loading)
    placeholder = home.findChild(QLabel, "home_tasks_loading")
    assert placeholder.isVisible() and placeholder.text() == "本单位暂停使用，请联系管理员。"
    assert window.case_list.count_label.text() == "本单位暂停使用，请联系管理员。"


def test_closing_the_window_while_the_tasks_load(
    qtbot: QtBot,
    ui_db: tuple[Database, Actor, dict[str, int]],
    held_reads: tuple[threading.Event, list[int]],
) -> None:
    """As after another user took over: the window closed and deleted, its read still
    running; the read's result goes nowhere and nothing crashes."""
    db, lead, _ids = ui_db
    release, reads = held_reads
    window = MainWindow(Workspace(db, lead))  # not the fixture's: this one is deleted here
    window.show()
    window.load_case_list()
    assert window.home is not None and window.home.loading
    # The read ends while the window closes (the close waits for its session).
    timer = threading.Timer(0.2, release.set)
    timer.start()
    window.close()
    window.deleteLater()
    qtbot.waitUntil(lambda: ops.running_in_background() == 0)
    timer.join()
    assert reads == [1]
    qtbot.wait(50)  # the read's result, if it were delivered, would arrive here


def test_the_program_writes_while_the_home_page_reads(
    qtbot: QtBot,
    ui_db: tuple[Database, Actor, dict[str, int]],
    log_in: LogIn,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, lead, _ids = ui_db
    inside, release = threading.Event(), threading.Event()
    real: Callable[..., Any] = workbench.read_home

    def held(session: Any, actor: Actor, **kwargs: Any) -> Any:
        data = real(session, actor, **kwargs)  # the page has read the database
        inside.set()
        assert release.wait(20)
        return data

    monkeypatch.setattr(workbench, "read_home", held)
    window = log_in(db)
    home = window.home
    assert home is not None and inside.wait(10)
    try:  # a save made while the page reads: on SQLite it waited for the page, or gave up
        db.run_write(
            lambda s: audit.record(s, lead, "test_write", "database", None, changes={"n": 1})
        )
    finally:
        release.set()
    qtbot.waitUntil(lambda: not home.loading)
    assert home.findChild(QLabel, "home_tasks_loading").isHidden()
