"""Locks the window after a period without input (issue #7: idle lock).

Watches keyboard and mouse input application-wide; a timer compares the time of the last
input with the clock (injectable, for tests). On lock the window removes personal data from
every widget and clears the clipboard when it holds text copied from the program.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(
        self,
        minutes: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        check_ms: int = 5000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.limit_s = minutes * 60
        self.clock = clock
        self.last_input = clock()
        self.enabled = True
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.last_input = self.clock()
        return False

    def check(self) -> None:
        if self.enabled and self.clock() - self.last_input >= self.limit_s:
            self.enabled = False
            self.idle.emit()

    def rearm(self) -> None:
        self.last_input = self.clock()
        self.enabled = True


class ClipboardGuard:
    """Remembers what the program put on the clipboard, to clear only that."""

    def __init__(self) -> None:
        self.copied: str | None = None

    def copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.copied = text

    def clear_if_ours(self) -> None:
        board = QGuiApplication.clipboard()
        if self.copied is not None and board.text() == self.copied:
            board.clear()
        self.copied = None
