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

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

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


class BackgroundOp:
    """``fn(session, actor, progress)``; ``progress(done, total) -> keep_going``.

    Made in the UI thread, so its signals object lives there; ``run_in_background`` runs it
    on a thread of its own and keeps it alive until that thread has ended, so every Qt
    object of the op is destroyed in the UI thread. (It used to be a self-deleting
    QRunnable: the pool destroyed it, and with it the signals object, on the pool thread
    while the UI thread could still be delivering its signals — a segmentation fault under
    load.)
    """

    def __init__(self, workspace: Workspace, fn: Callable[..., Any]) -> None:
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


class _OpThread(QThread):
    def __init__(self, op: BackgroundOp) -> None:
        super().__init__()
        self.op = op

    def run(self) -> None:
        self.op.run()


class _Keeper(QObject):
    """Holds every running op in the UI thread until its thread has ended."""

    def __init__(self) -> None:
        super().__init__()
        self.running: set[_OpThread] = set()

    def start(self, op: BackgroundOp) -> None:
        thread = _OpThread(op)
        self.running.add(thread)
        # finished is emitted on the op's thread after run() returned; queued, the slot runs
        # here, in the UI thread, once the op's thread holds nothing of it any more.
        thread.finished.connect(self._ended, Qt.ConnectionType.QueuedConnection)
        thread.start()

    @Slot()
    def _ended(self) -> None:
        thread = self.sender()
        if isinstance(thread, _OpThread):
            thread.wait()
            # Let go after this slot returns: Qt is still delivering the thread's signal.
            QTimer.singleShot(0, lambda: self.running.discard(thread))

    def stop_all(self, timeout_ms: int) -> bool:
        """Cancel every op and wait for its thread; True if all ended in time."""
        for thread in self.running:
            thread.op.cancel()
        ended = all(thread.wait(timeout_ms) for thread in list(self.running))
        if ended:
            self.running.clear()
        return ended


_keeper: _Keeper | None = None


def run_in_background(op: BackgroundOp) -> None:
    """Run ``op`` off the UI thread; call from the UI thread."""
    global _keeper
    if _keeper is None:
        _keeper = _Keeper()
    _keeper.start(op)


def running_in_background() -> int:
    """How many ops have not yet ended (and been let go of)."""
    return len(_keeper.running) if _keeper is not None else 0


def stop_background(timeout_ms: int = 10_000) -> bool:
    """At exit: cancel what still runs and wait, so no thread is destroyed while running."""
    return _keeper.stop_all(timeout_ms) if _keeper is not None else True
