"""The one door from the UI to the core: run a user action, show its error the one way,
and tell the open views what it changed.

A Workspace holds the open database, the logged-in actor and its ``changes`` notifier.

- ``call(fn, ...)`` runs ``fn(session, actor, ...)`` in one write transaction (reads of
  personal data are audited, which is a write) and returns its result; a DomainError
  propagates for the caller to show beside the field it names.
- ``perform(action, ..., errors=..., changes=...)`` runs a user action like Anki's
  CollectionOp: ``action(db, actor, ...)`` owns its transaction (see ``in_transaction`` for
  a service function that takes a session); a refusal is shown by ``show_error`` (in the
  dialog's error line, or a message box) and None returned; on success the notifier says
  what changed, and every open view that shows it refreshes itself — no caller wires a
  refresh by hand.
- Long work goes through ``BackgroundOp`` and ``run_in_background``; ``follow_progress`` ties
  its progress and cancel to a bar or a progress dialog (a cancel raises inside the
  transaction, so nothing of it is kept).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar, QProgressDialog, QWidget

from rescuedesk.db import Database
from rescuedesk.errors import DomainError
from rescuedesk.services.office.context import Actor

T = TypeVar("T")


# -- what changed ---------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """What a successful write changed: ``"case"`` (one case's file: ``case_id``, and
    ``part``, the record model whose list changed, if one did), ``"cases"`` (which cases
    there are, or how they list: the case list, the home page, the planner), ``"person"``
    (which cases a person's record holds, and what it says: ``person_id``; a merge or its
    undoing) or ``"directory"`` (units, agencies, accounts)."""

    what: str
    case_id: int | None = None
    part: type | None = None
    person_id: int | None = None

    @property
    def touches_cases(self) -> bool:
        """Whether lists of cases may show it (a case's stage, name or records do)."""
        return self.what in ("case", "cases", "person")


CASES = Change("cases")
DIRECTORY = Change("directory")


def case_changed(case_id: int, part: type | None = None) -> Change:
    return Change("case", case_id, part)


def person_changed(person_id: int) -> Change:
    """A person record gained or lost cases (a merge, an un-merge): every open case of it
    shows the record it has now."""
    return Change("person", person_id=person_id)


class ChangeNotifier(QObject):
    """One per workspace: an op tells it what it wrote, the open views listen.

    Told once per op with everything the op changed (a tuple of Change), so a batch of
    letters for 200 cases refreshes each view once, not 200 times."""

    changed = Signal(object)  # tuple[Change, ...]

    def tell(self, changes: Iterable[Change]) -> None:
        told = tuple(dict.fromkeys(changes))  # each once, in order
        if told:
            self.changed.emit(told)


Changes = Iterable[Change] | Callable[[Any], Iterable[Change]]


def _changes_of(changes: Changes, result: Any) -> Iterable[Change]:
    return changes(result) if callable(changes) else changes


# -- how an error is shown --------------------------------------------------------------


def error_text(exc: BaseException, cancelled: str | None = None) -> str:
    """The words for a failed op: a domain error's own message (in Chinese), a file the
    system refused (worded as the command line words it), or ``cancelled`` for a cancel
    (a progress callback that said stop raises InterruptedError)."""
    if cancelled is not None and isinstance(exc, InterruptedError):
        return cancelled
    if isinstance(exc, DomainError):
        return exc.message
    if isinstance(exc, OSError):
        what = exc.strerror or str(exc)
        return QCoreApplication.translate("ops", "无法读写文件 {0}：{1}。").format(
            exc.filename or "", what
        )
    return str(exc)


ErrorTarget = QLabel | QWidget | None


def show_error(
    where: ErrorTarget, exc: BaseException, *, title: str = "", cancelled: str | None = None
) -> str:
    """Show a refused or failed op the one way: in the dialog's error line if it has one,
    else in a message box over ``where``. Returns the text shown."""
    text = error_text(exc, cancelled)
    if isinstance(where, QLabel):
        where.setText(text)
    else:
        QMessageBox.warning(where, title or "RescueDesk", text)
    return text


# -- the workspace ----------------------------------------------------------------------


def in_transaction(fn: Callable[..., T]) -> Callable[..., T]:
    """A service function ``fn(session, actor, ...)`` as an action ``(db, actor, ...)``."""

    def action(db: Database, actor: Actor, *args: Any, **kwargs: Any) -> T:
        return db.run_write(lambda session: fn(session, actor, *args, **kwargs))

    return action


@dataclass
class Workspace:
    db: Database
    actor: Actor
    changes: ChangeNotifier = field(default_factory=ChangeNotifier, compare=False, repr=False)

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        # Run again from the start if PostgreSQL aborts it for a lock conflict (db.run_write).
        return self.db.run_write(lambda session: fn(session, self.actor, *args, **kwargs))

    def check(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn`` in a transaction that writes nothing (checks as the user types)."""
        with self.db.read_session() as session:
            return fn(session, self.actor, *args, **kwargs)

    def perform(
        self,
        action: Callable[..., T],
        *args: Any,
        errors: ErrorTarget,
        changes: Changes = (),
        title: str = "",
        **kwargs: Any,
    ) -> T | None:
        """Run a user action ``action(db, actor, *args, **kwargs)``; None if it was refused
        or failed on a file (shown in ``errors``); on success tell the views ``changes``
        (a list, or a function of the result)."""
        try:
            result = action(self.db, self.actor, *args, **kwargs)
        except (DomainError, OSError) as exc:
            show_error(errors, exc, title=title)
            return None
        self.changes.tell(_changes_of(changes, result))
        return result


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

    def __init__(
        self,
        workspace: Workspace,
        fn: Callable[..., Any],
        *,
        owns_transaction: bool = False,
        changes: Changes = (),
    ) -> None:
        """``owns_transaction``: ``fn(db, actor, progress)`` is a user action that runs its
        own transaction (services/referrals/letter_actions.py). ``changes``: told to the open views
        when it succeeds (a list, or a function of the result)."""
        self.workspace = workspace
        self.fn = fn
        self.owns_transaction = owns_transaction
        self.signals = _Signals()
        self.cancelled = False
        notifier = getattr(workspace, "changes", None)
        if notifier is not None and changes != ():
            # Connected here, in the UI thread: the views hear of it in the UI thread.
            self.signals.finished.connect(
                lambda result: notifier.tell(_changes_of(changes, result))
            )

    def cancel(self) -> None:
        self.cancelled = True

    def _progress(self, done: int, total: int) -> bool:
        self.signals.progress.emit(done, total)
        return not self.cancelled

    def run(self) -> None:
        try:
            if self.owns_transaction:
                result = self.fn(self.workspace.db, self.workspace.actor, self._progress)
            else:
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


# -- progress and cancel ------------------------------------------------------------------


class _ProgressFollower(QObject):
    """Moves a bar (or a progress dialog's bar) with an op, and lets the dialog's Cancel
    cancel it. A child of the bar: when the bar goes, Qt drops the connections with it."""

    def __init__(self, op: BackgroundOp, bar: QProgressBar | QProgressDialog) -> None:
        super().__init__(bar)
        self.op = weakref.ref(op)  # the op is let go of by its keeper, not held here
        self.bar = bar

    @Slot(int, int)
    def progress(self, done: int, total: int) -> None:
        op = self.op()
        if op is None or op.cancelled:
            return  # a cancelled op's last steps do not move the bar of the next one
        if not total:
            # A stage that counts nothing (progress.stage, e.g. a backup's check after its
            # copy): a busy bar, not the previous stage's 100 % standing still.
            if isinstance(self.bar, QProgressDialog):
                self.bar.setMaximum(0)
            else:
                self.bar.setRange(0, 0)
            return
        if isinstance(self.bar, QProgressDialog):
            self.bar.setMaximum(total)
        else:
            self.bar.setRange(0, total)
        self.bar.setValue(done)

    @Slot()
    def cancel(self) -> None:
        op = self.op()
        if op is not None:
            op.cancel()


def follow_progress(op: BackgroundOp, bar: QProgressBar | QProgressDialog) -> None:
    """The wiring every page with a long op had its own copy of: the bar follows ``op``'s
    progress (its range from the op's total), and a progress dialog's Cancel cancels it."""
    follower = _ProgressFollower(op, bar)
    op.signals.progress.connect(follower.progress)
    if isinstance(bar, QProgressDialog):
        bar.canceled.connect(follower.cancel)


def progress_dialog(parent: QWidget | None, label: str, title: str = "") -> QProgressDialog:
    """The progress dialog of a long op: window-modal, shown at once, with 取消; it stays
    until the op ends (``close_progress``), not when the bar is full."""
    dialog = QProgressDialog(label, QCoreApplication.translate("ops", "取消"), 0, 0, parent)
    if title:
        dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def close_progress(dialog: QProgressDialog | None) -> None:
    if dialog is not None:
        dialog.close()
        dialog.deleteLater()
