"""Form values to and from JSON, so unsaved input can be kept as a draft (#7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from rescuedesk.ui.forms.specs import SectionSpec


def to_json(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, dt.date):
            out[name] = value.isoformat()
        elif isinstance(value, Decimal):
            out[name] = str(value)
        else:
            out[name] = getattr(value, "value", value)
    return out


def from_json(spec: SectionSpec, values: dict[str, Any]) -> dict[str, Any]:
    kinds = {f.name: f.kind for f in spec.fields}
    out: dict[str, Any] = {}
    for name, value in values.items():
        kind = kinds.get(name)
        if value is None or kind is None:
            out[name] = value
        elif kind in ("date", "date?"):
            out[name] = dt.date.fromisoformat(value)
        elif kind == "money":
            try:
                out[name] = Decimal(value)
            except InvalidOperation:
                out[name] = value
        else:
            out[name] = value
    return out
