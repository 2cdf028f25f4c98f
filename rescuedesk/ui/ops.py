"""The one door from the UI to the core: run a service call in its own transaction.

A Workspace holds the open database and the logged-in actor. ``call(fn, ...)`` runs
``fn(session, actor, ...)`` in one write transaction (reads of personal data are audited,
which is a write) and returns its result; a DomainError propagates for the caller to show
beside the field it names. Long work goes through ``run_in_background`` with progress and
cancel (a cancel raises inside the transaction, so nothing of it is kept).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from rescuedesk.db import Database
from rescuedesk.services.context import Actor

T = TypeVar("T")


@dataclass
class Workspace:
    db: Database
    actor: Actor

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        # Run again from the start if PostgreSQL aborts it for a lock conflict (db.run_write).
        return self.db.run_write(lambda session: fn(session, self.actor, *args, **kwargs))

    def check(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn`` in a transaction that writes nothing (checks as the user types)."""
        with self.db.read_session() as session:
            return fn(session, self.actor, *args, **kwargs)


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class BackgroundOp(QRunnable):
    """``fn(session, actor, progress)``; ``progress(done, total) -> keep_going``."""

    def __init__(self, workspace: Workspace, fn: Callable[..., Any]) -> None:
        super().__init__()
        self.workspace = workspace
        self.fn = fn
        self.signals = _Signals()
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def _progress(self, done: int, total: int) -> bool:
        self.signals.progress.emit(done, total)
        return not self.cancelled

    def run(self) -> None:
        try:
            result = self.workspace.call(self.fn, self._progress)
        except Exception as exc:  # shown to the user by the slot connected to failed
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


def run_in_background(op: BackgroundOp) -> None:
    QThreadPool.globalInstance().start(op)
