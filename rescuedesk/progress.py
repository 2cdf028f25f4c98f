"""Progress of a long operation: the callback every long service function takes.

``progress(done, total)`` is called now and then; returning False cancels the operation,
which then raises :class:`Cancelled` (and its transaction, if any, rolls back). The CLI
prints it to stderr, the GUI shows it in a progress dialog.

An operation of several stages (a backup: its pages copied, then the copy checked) says when
the next one begins with :func:`stage`: a progress that names stages (the CLI's) shows the
stage's name, and every progress gets (0, 0), "nothing counted": a stage that cannot count
its steps is not shown as the previous one's 100 %."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?


class Cancelled(Exception):
    """The user cancelled the operation through its progress callback."""


def tick(progress: Progress | None, done: int, total: int) -> None:
    """Report (done, total); raise Cancelled when the callback says stop."""
    if progress is not None and not progress(done, total):
        raise Cancelled


class Staged(Protocol):
    """A progress that also shows which stage of the operation runs."""

    def __call__(self, done: int, total: int) -> bool: ...

    def stage(self, name: str) -> None:
        """The stage ``name`` (for the user, in Chinese, e.g. 校验备份) begins."""
        ...


def stage(progress: Progress | None, name: str) -> None:
    """The operation's next stage, ``name``, begins: told to a progress that shows stages,
    then (0, 0) to any progress (its count starts again; it may cancel here)."""
    if progress is None:
        return
    named = getattr(progress, "stage", None)
    if callable(named):
        named(name)
    tick(progress, 0, 0)
