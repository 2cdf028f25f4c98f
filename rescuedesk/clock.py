"""The one place services read the date and time, so tests can move the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

_now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None)  # noqa: E731


def now() -> dt.datetime:
    """Current time, UTC, naive (stored as such on both engines)."""
    return _now()


def today() -> dt.date:
    # Local calendar date: "overdue" means overdue where the caseworker sits.
    return dt.date.today() if _now is _system_now else _now().date()


_system_now = _now


def set_clock(fn: Callable[[], dt.datetime] | None) -> None:
    """Replace the clock (tests); ``None`` restores the system clock."""
    global _now
    _now = fn if fn is not None else _system_now
