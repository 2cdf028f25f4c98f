"""Background work (rescuedesk/ui/ops.py): results, progress and cancel reach the UI thread,
and every op — with the QObject of its signals — is let go of in the UI thread, never on the
thread that ran it (destroying a QObject on another thread than its own crashed the program
under load: issue #11)."""

from __future__ import annotations

import threading
import weakref
from typing import Any

from pytestqt.qtbot import QtBot

from rescuedesk.ui import ops
from rescuedesk.ui.ops import BackgroundOp, run_in_background


class _NoDatabase:
    """The workspace's door without a database: the ops here touch none."""

    def call(self, fn: Any, *args: Any) -> Any:
        return fn(None, None, *args)


def _count_to(n: int, hold: threading.Event | None = None) -> Any:
    def work(_session: Any, _actor: Any, progress: Any) -> int:
        for done in range(n):
            if hold is not None:
                hold.wait(10)
            if not progress(done + 1, n):
                raise InterruptedError("取消")
        return n

    return work


def test_results_and_progress_arrive_in_the_ui_thread(qtbot: QtBot) -> None:
    ui = threading.get_ident()
    seen: list[tuple[int, int, int]] = []
    results: list[Any] = []
    op = BackgroundOp(_NoDatabase(), _count_to(5))  # type: ignore[arg-type]
    op.signals.progress.connect(lambda d, t: seen.append((d, t, threading.get_ident())))
    op.signals.finished.connect(results.append)
    with qtbot.waitSignal(op.signals.finished, timeout=10_000):
        run_in_background(op)
    assert results == [5]
    qtbot.waitUntil(lambda: len(seen) == 5)
    assert [(d, t) for d, t, _ in seen] == [(i, 5) for i in range(1, 6)]
    assert {thread for _d, _t, thread in seen} == {ui}


def test_cancel_stops_the_work_and_says_so(qtbot: QtBot) -> None:
    hold = threading.Event()
    failures: list[Exception] = []
    op = BackgroundOp(_NoDatabase(), _count_to(100, hold))  # type: ignore[arg-type]
    op.signals.failed.connect(failures.append)
    run_in_background(op)
    op.cancel()
    with qtbot.waitSignal(op.signals.failed, timeout=10_000):
        hold.set()
    assert len(failures) == 1 and isinstance(failures[0], InterruptedError)


def test_an_op_nobody_holds_is_let_go_of_in_the_ui_thread(qtbot: QtBot) -> None:
    """A caller that drops its op at once (or sets it to None in its finished slot, as the
    import wizard's pages do) must not leave its last reference on the op's thread."""
    ui = threading.get_ident()
    released: list[tuple[str, int]] = []
    for _ in range(20):
        op = BackgroundOp(_NoDatabase(), _count_to(3))  # type: ignore[arg-type]
        weakref.finalize(op, lambda: released.append(("op", threading.get_ident())))
        weakref.finalize(op.signals, lambda: released.append(("signals", threading.get_ident())))
        run_in_background(op)
        del op
    qtbot.waitUntil(lambda: len(released) == 40, timeout=20_000)
    assert {thread for _what, thread in released} == {ui}
    qtbot.waitUntil(lambda: ops.running_in_background() == 0)


def test_stop_background_cancels_and_waits(qtbot: QtBot) -> None:
    hold = threading.Event()
    op = BackgroundOp(_NoDatabase(), _count_to(100, hold))  # type: ignore[arg-type]
    run_in_background(op)
    assert ops.running_in_background() >= 1
    hold.set()
    assert ops.stop_background(10_000)
    assert op.cancelled and ops.running_in_background() == 0


def test_a_bar_follows_the_op_and_a_dialogs_cancel_cancels_it(qtbot: QtBot) -> None:
    """follow_progress: the wiring each long-op page used to copy."""
    from PySide6.QtWidgets import QProgressBar, QPushButton

    bar = QProgressBar()
    qtbot.addWidget(bar)
    op = BackgroundOp(_NoDatabase(), _count_to(4))  # type: ignore[arg-type]
    ops.follow_progress(op, bar)
    with qtbot.waitSignal(op.signals.finished, timeout=10_000):
        run_in_background(op)
    qtbot.waitUntil(lambda: bar.value() == 4)
    assert bar.maximum() == 4
    op = BackgroundOp(_NoDatabase(), lambda _s, _a, progress: progress(0, 0))  # type: ignore[arg-type]
    ops.follow_progress(op, bar)
    with qtbot.waitSignal(op.signals.finished, timeout=10_000):
        run_in_background(op)
    qtbot.waitUntil(lambda: bar.maximum() == 0)  # a stage that counts nothing: busy, not 4/4

    hold = threading.Event()
    failures: list[Exception] = []
    op = BackgroundOp(_NoDatabase(), _count_to(100, hold))  # type: ignore[arg-type]
    dialog = ops.progress_dialog(None, "正在检查…")
    ops.follow_progress(op, dialog)
    op.signals.failed.connect(failures.append)
    run_in_background(op)
    dialog.findChild(QPushButton).click()  # 取消
    with qtbot.waitSignal(op.signals.failed, timeout=10_000):
        hold.set()
    ops.close_progress(dialog)
    assert op.cancelled and isinstance(failures[0], InterruptedError)
    assert ops.error_text(failures[0], "已取消。") == "已取消。"
