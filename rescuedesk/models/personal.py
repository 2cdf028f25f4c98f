"""Which columns make a person identifiable, marked where each column is declared.

A column of a person, a case or a case record that holds personal data says so with
``info=personal()``; one that looks personal (any Text or sealed column) but is not says so
with ``info=not_personal()`` and a comment giving the reason. The retention purge clears the
marked columns, and the audit trail seals their values under the person's key, both reading
the marks here instead of keeping lists of their own (tests/unit/test_record_registry.py
fails on a column left unmarked).
"""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import Column, Table

PERSONAL = "personal"


class Purge(enum.StrEnum):
    """What the retention purge does with a personal column."""

    CLEAR = "clear"  # emptied: None, [] or 已清除 (services/casefile/retention.py)
    OWN_RULE = "own_rule"  # coarsened or replaced by a rule of its own (the birth date, ...)


def personal(purge: Purge = Purge.CLEAR) -> dict[str, Any]:
    """``info`` of a column that makes a person identifiable."""
    return {PERSONAL: purge}


def not_personal() -> dict[str, Any]:
    """``info`` of a text column that holds nothing personal (say why in a comment)."""
    return {PERSONAL: None}


def is_marked(column: Column[Any]) -> bool:
    return PERSONAL in column.info


def purge_rule(column: Column[Any]) -> Purge | None:
    """How the purge treats the column, or None when it is not personal (or not marked)."""
    value = column.info.get(PERSONAL)
    return Purge(value) if value is not None else None


def personal_columns(table: Table, purge: Purge | None = None) -> list[Column[Any]]:
    """The table's personal columns, in declaration order; only those purged by ``purge``."""
    return [
        c
        for c in table.columns
        if (rule := purge_rule(c)) is not None and (purge is None or rule is purge)
    ]
