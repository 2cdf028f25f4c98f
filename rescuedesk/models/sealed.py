"""Column types for sensitive fields: encrypted on PostgreSQL, unchanged on SQLite.

An embedded SQLite database is encrypted whole by SQLCipher, so there the column is exactly
the type it wraps (same DDL, same indexes, search by prefix ranges). On PostgreSQL the column
is ``bytea`` holding AES-256-GCM ciphertext (security/field_crypto.py); Python code reads
and writes plain values either way. The list of sealed columns is in docs/security.md.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, LargeBinary, MetaData, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine, to_instance

# The one import of security/ from models: field_crypto is a primitive at the models' level
# (it needs only errors; tests/unit/test_layering.py), not the security package above them.
from rescuedesk.security.field_crypto import state_of


class Public(str):
    """Text a caller vouches is no personal data (e.g. "account locked"): stored in clear,
    so it can be written before anyone has logged in (failed log-ins are audited)."""


def _is_pg(dialect: Dialect) -> bool:
    return dialect.name == "postgresql"


class Sealed(TypeDecorator[Any]):
    """A text column (``Sealed(String(100))``) encrypted on PostgreSQL."""

    impl = Text  # replaced by the wrapped type in __init__
    cache_ok = True

    def __init__(self, logical: TypeEngine[Any] | type[TypeEngine[Any]]) -> None:
        super().__init__()
        logical = to_instance(logical)
        self.logical = logical
        self.impl = logical  # what SQLite stores, and what validation reads (length)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if _is_pg(dialect):
            return dialect.type_descriptor(LargeBinary())
        return dialect.type_descriptor(self.logical)

    def _encode(self, value: Any) -> bytes:
        return str(value).encode("utf-8")

    def _decode(self, data: bytes) -> Any:
        return data.decode("utf-8")

    def _empty(self, value: Any) -> bool:
        return value == ""

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or not _is_pg(dialect):
            return value
        plain = self._encode(value)
        if isinstance(value, Public) or self._empty(value):
            return b"\x00" + plain  # nothing to hide; writable without a key
        return state_of(dialect).seal(plain)

    def process_bind_column(self, values: Sequence[Any], dialect: Dialect) -> list[Any]:
        """:meth:`process_bind_param` of each value of a column (a bulk write's), sealed
        in one go (FieldState.seal_many)."""
        if not _is_pg(dialect):
            return list(values)
        out = list(values)
        at, plains = [], []
        encode, empty = self._encode, self._empty
        for i, value in enumerate(values):
            if value is None:
                continue
            plain = encode(value)
            if isinstance(value, Public) or empty(value):
                out[i] = b"\x00" + plain
            else:
                at.append(i)
                plains.append(plain)
        for i, sealed in zip(at, state_of(dialect).seal_many(plains), strict=True):
            out[i] = sealed
        return out

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None or not _is_pg(dialect):
            return value
        return self._decode(state_of(dialect).open(bytes(value)))


class SealedJSON(Sealed):
    """A JSON column (lists of carers, audit changes) encrypted on PostgreSQL."""

    cache_ok = True

    def __init__(self, logical: TypeEngine[Any] | None = None) -> None:
        super().__init__(logical if logical is not None else JSON())

    def _encode(self, value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def _decode(self, data: bytes) -> Any:
        return json.loads(data.decode("utf-8"))

    def _empty(self, value: Any) -> bool:
        return value in ({}, [])


class SealedBytes(Sealed):
    """Bytes (a photo) encrypted on PostgreSQL; a BLOB inside the SQLCipher file on SQLite."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(LargeBinary())

    def _encode(self, value: Any) -> bytes:
        return bytes(value)

    def _decode(self, data: bytes) -> Any:
        return data

    def _empty(self, value: Any) -> bool:
        return value == b""


def logical_type(column_type: TypeEngine[Any]) -> TypeEngine[Any]:
    """The type a column means (String(100), Text, JSON), sealed or not."""
    return column_type.logical if isinstance(column_type, Sealed) else column_type


def sealed_columns(metadata: MetaData) -> dict[str, list[str]]:
    """{table: [sealed column, ...]} for every table that has any."""
    out: dict[str, list[str]] = {}
    for table in metadata.sorted_tables:
        names = [c.name for c in table.columns if isinstance(c.type, Sealed)]
        if names:
            out[table.name] = names
    return out
