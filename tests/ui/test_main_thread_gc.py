"""Cycles are collected on the UI thread, never on a background op's thread."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from pytestqt.qtbot import QtBot

from rescuedesk.ui import main_thread_gc


class _Cycle:
    freed_on: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.current_thread().name)


def test_a_cycle_left_while_a_worker_allocates_is_freed_on_the_ui_thread(
    qtbot: QtBot, qapp
) -> None:  # type: ignore[no-untyped-def]
    collector = main_thread_gc.install(qapp)
    assert not gc.isenabled()
    gc.collect()
    _Cycle.freed_on.clear()
    _Cycle()  # unreachable now, kept alive by its own cycle

    kept: list[list[int]] = []

    def allocate() -> None:
        # Far past every generation's threshold: automatic collection would run here.
        kept.extend([i] for i in range(50 * sum(collector.threshold)))

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    assert _Cycle.freed_on == []
    qtbot.waitUntil(lambda: _Cycle.freed_on != [], timeout=5000)
    assert _Cycle.freed_on == [threading.main_thread().name]
