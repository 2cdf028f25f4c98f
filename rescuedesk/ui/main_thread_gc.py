"""Python's cyclic garbage collector, run on the UI thread only.

Automatic collection runs on whichever thread crosses the allocation threshold. With reads
and writes off the UI thread (ui/ops.py) that is often a worker, and a cycle that holds a Qt
object (a closed window, a dialog's slot closure) then has it destroyed there: Qt objects
must die on the thread they live in, or the program crashes later, in the UI thread's event
loop. So automatic collection is off, and a timer on the UI thread collects instead, with
the thresholds the interpreter would have used. Anki does the same (aqt's GarbageCollector).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class MainThreadCollector(QObject):
    """Collects on the UI thread, generation by generation, as the interpreter would."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        young, middle, old = gc.get_count()
        if young > self.threshold[0]:
            gc.collect(0)
            if middle > self.threshold[1]:
                gc.collect(1)
                if old > self.threshold[2]:
                    gc.collect(2)

    def resume(self) -> None:
        """Automatic collection off again and the timer running (after a stop, or after
        code that turned collection back on)."""
        gc.disable()
        if not self.timer.isActive():
            self.timer.start()

    def stop(self) -> None:
        """Back to automatic collection (the UI has gone: no worker can free a Qt object)."""
        self.timer.stop()
        gc.enable()


_collector: MainThreadCollector | None = None


def install(app: QObject) -> MainThreadCollector:
    """From the UI thread; a second call returns the first collector, resumed."""
    global _collector
    if _collector is None:
        _collector = MainThreadCollector(app)
    else:
        _collector.resume()
    return _collector
