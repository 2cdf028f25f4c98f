"""The vocabulary of a form as data: its fields, their labels and the kind of widget each needs.

Pure dataclasses with no Qt, so the core can declare each record type's form once
(services/casefile/record_types.py) and ui/forms renders it: a form, its table and its conflict view
are built from one description. Labels are Chinese source strings, translated by the UI
through the "fields" context.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

Kind = Literal[
    "text", "multiline", "date", "date?", "enum", "enum?", "int", "money", "bool", "agency",
    "carers", "choices", "lookup", "nationality", "languages", "place",
    "age_range", "names", "suggest",
]  # fmt: skip
# "age_range": [youngest, oldest] estimated age (the person service turns it into birth years).
# "names": several short names typed in one line (自称姓名/小名), kept as a list.
# "suggest": free text with the usual answers offered (``choices`` as (text, label) pairs).


# "place": a GB/T 2260 code, stored as the code and shown by its name (reference.places.display).


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: Kind = "text"
    enum: type[Enum] | None = None
    choices: tuple[tuple[str, str], ...] = ()
    in_table: bool = False
    placeholder: str = ""
    default: Any = None
    # Shown in the table only (a label the service derives, e.g. the visitor's name).
    table_only: bool = False


@dataclass(frozen=True)
class SectionSpec:
    model: type
    title: str
    fields: tuple[FieldSpec, ...]
    # The action a form's "add" button says, e.g. 新增救助.
    add_text: str = "新增"

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    sections: tuple[SectionSpec, ...]


def F(name: str, label: str, kind: Kind = "text", **kw: Any) -> FieldSpec:
    return FieldSpec(name, label, kind, **kw)


def E(name: str, label: str, enum: type[Enum], **kw: Any) -> FieldSpec:
    """A required choice among an enum's values."""
    return FieldSpec(name, label, "enum", enum=enum, **kw)


def EO(name: str, label: str, enum: type[Enum], **kw: Any) -> FieldSpec:
    """An optional choice among an enum's values."""
    return FieldSpec(name, label, "enum?", enum=enum, **kw)


TODAY: Any = dt.date  # marker: a date field that starts at today
