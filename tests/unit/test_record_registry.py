"""Each case record type is declared once (services/casefile/record_types.py), and every column that
may make a person identifiable says whether it does (models/personal.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

from rescuedesk.models import Base, Case, CaseRecord, Person
from rescuedesk.models.personal import is_marked, personal, purge_rule
from rescuedesk.models.sealed import Sealed, logical_type
from rescuedesk.services.casefile import record_types
from rescuedesk.services.casefile.record_types import PAGE_TITLES, REGISTRATION


def record_models() -> set[type]:
    """Every mapped CaseRecord subclass, however deep, so none can hide."""
    return {m.class_ for m in Base.registry.mappers if issubclass(m.class_, CaseRecord)}


def unregistered(models: set[type], registered: tuple[type, ...]) -> list[str]:
    return sorted(m.__name__ for m in models - set(registered))


def looks_personal(column: Column[Any]) -> bool:
    """Free text or a sealed value: may hold a name, an address or a story."""
    return isinstance(column.type, Sealed) or isinstance(logical_type(column.type), Text)


def unmarked(table: Table) -> list[str]:
    return [
        f"{table.name}.{c.key}" for c in table.columns if looks_personal(c) and not is_marked(c)
    ]


def test_every_case_record_type_is_registered() -> None:
    missing = unregistered(record_models(), record_types.models())
    assert not missing, f"CaseRecord subclasses without an entry in record_types.py: {missing}"


def test_the_registration_check_sees_a_missing_type() -> None:
    registered = record_types.models()
    assert unregistered(record_models(), registered[1:]) == [registered[0].__name__]


def test_every_personal_looking_column_is_marked() -> None:
    tables = [Person.__table__, Case.__table__, *(m.__table__ for m in record_models())]
    missing = [name for table in tables for name in unmarked(table)]  # type: ignore[arg-type]
    assert not missing, (
        "text or sealed columns marked neither info=personal() nor info=not_personal() "
        f"(models/personal.py): {missing}"
    )


def test_the_marking_check_sees_an_unmarked_column() -> None:
    table = Table(
        "t",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("note", Text),
        Column("name", Sealed(String(50))),
        Column("marked", Text, info=personal()),
        Column("code", String(6)),
    )
    assert unmarked(table) == ["t.note", "t.name"]


def test_each_record_type_has_one_entry_a_page_and_a_label() -> None:
    models = record_types.models()
    assert len(models) == len(set(models)) == len(record_types.RECORD_TYPES)
    for entry in record_types.RECORD_TYPES:
        assert entry.page in PAGE_TITLES or entry.page == REGISTRATION, entry
        assert entry.label and not entry.label.isascii(), entry
        assert entry.section.model is entry.model


def test_each_form_field_is_a_column_of_its_record() -> None:
    for entry in record_types.RECORD_TYPES:
        columns = set(entry.model.__table__.columns.keys())  # type: ignore[attr-defined]
        stray = [f.name for f in entry.section.fields if not f.table_only and f.name not in columns]
        assert not stray, (entry.model.__name__, stray)
        for name in entry.managed:
            assert name in columns, (entry.model.__name__, name)


def test_every_text_column_of_a_record_is_cleared_by_the_purge() -> None:
    # What the purge did before the marks: every Text column but the void reason.
    for model in record_models():
        for column in model.__table__.columns:  # type: ignore[attr-defined]
            if isinstance(logical_type(column.type), Text) and column.key != "void_reason":
                assert purge_rule(column) is not None, f"{model.__name__}.{column.key}"
