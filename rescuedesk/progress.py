"""Progress of a long operation: the callback every long service function takes.

``progress(done, total)`` is called now and then; returning False cancels the operation,
which then raises :class:`Cancelled` (and its transaction, if any, rolls back). The CLI
prints it to stderr, the GUI shows it in a progress dialog."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?


class Cancelled(Exception):
    """The user cancelled the operation through its progress callback."""


def tick(progress: Progress | None, done: int, total: int) -> None:
    """Report (done, total); raise Cancelled when the callback says stop."""
    if progress is not None and not progress(done, total):
        raise Cancelled
