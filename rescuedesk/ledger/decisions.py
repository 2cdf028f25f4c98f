"""What the user decided for each likely duplicate of an import, and its JSON file.

The file maps the row number (as the user sees it in the ledger) to a decision::

    {
      "sha256": "…",                              (optional: refuses another file)
      "rows": {
        "7":  {"action": "new"},                  a different person: register anew
        "9":  {"action": "same", "person_id": 12}, the person already registered as no. 12
        "11": {"action": "same", "row": 2},       the person of row 2 of this file
        "14": {"action": "skip"}                  leave the row out
      }
    }

A dry run writes a template (FILE.decisions.json) listing every candidate with
``"action": null``; every null must be replaced before the file is used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from rescuedesk.errors import ValidationError


class Action(StrEnum):
    NEW = "new"  # a different person: register the row as a new person
    SAME = "same"  # the same person: the row's case goes to the existing person record
    SKIP = "skip"  # leave the row out of this import


@dataclass(frozen=True)
class Decision:
    action: Action
    person_id: int | None = None  # SAME: a person already in the database
    row: int | None = None  # SAME: the person registered by an earlier row of this file

    def __post_init__(self) -> None:
        if self.action == Action.SAME and (self.person_id is None) == (self.row is None):
            raise ValidationError("“同一人”的决定应指明已登记受助人的编号或文件中的行号。")

    @classmethod
    def new(cls) -> Decision:
        return cls(Action.NEW)

    @classmethod
    def skip(cls) -> Decision:
        return cls(Action.SKIP)

    @classmethod
    def same_person(cls, person_id: int) -> Decision:
        return cls(Action.SAME, person_id=person_id)

    @classmethod
    def same_as_row(cls, row: int) -> Decision:
        return cls(Action.SAME, row=row)


def _parse(row: str, item: Any) -> Decision:
    if not isinstance(item, dict) or item.get("action") is None:
        raise ValidationError(f"第{row}行还没有决定：请填写 new、same 或 skip。", field="decisions")
    try:
        action = Action(item["action"])
    except ValueError:
        raise ValidationError(
            f"第{row}行的决定“{item['action']}”应为 new、same 或 skip。", field="decisions"
        ) from None
    person_id, other_row = item.get("person_id"), item.get("row")
    for value in (person_id, other_row):
        if value is not None and not isinstance(value, int):
            raise ValidationError(f"第{row}行的编号或行号应为整数。", field="decisions")
    return Decision(action, person_id, other_row)


def load(path: Path, *, sha256: str | None = None) -> dict[int, Decision]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError(f"决定文件 {path} 无法读取：{exc}", field="decisions") from None
    if not isinstance(data, dict) or not isinstance(data.get("rows"), dict):
        raise ValidationError(f"决定文件 {path} 缺少 rows。", field="decisions")
    if sha256 and data.get("sha256") and data["sha256"] != sha256:
        raise ValidationError(
            "决定文件是为另一个版本的台账写的（文件内容已改变），行号可能对不上：请重新试导入。",
            field="decisions",
        )
    out: dict[int, Decision] = {}
    for row, item in data["rows"].items():
        if not str(row).isdigit():
            raise ValidationError(f"决定文件中的“{row}”不是行号。", field="decisions")
        out[int(row)] = _parse(str(row), item)
    return out


def save_template(candidates: list[Any], path: Path, *, sha256: str) -> None:
    """A decisions file to fill in: one entry per row with candidates, action still null."""
    rows: dict[str, Any] = {}
    for c in candidates:
        entry = rows.setdefault(str(c.row), {"action": None, "candidates": []})
        entry["candidates"].append(
            {
                "person_id": c.person_id,
                "row": c.other_row,
                "name": c.name,
                "score": c.score,
                "reasons": c.reasons,
            }
        )
    data = {"sha256": sha256, "rows": rows}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def dump(decisions: dict[int, Decision], path: Path, *, sha256: str | None = None) -> None:
    rows = {
        str(row): {
            k: v
            for k, v in (("action", d.action.value), ("person_id", d.person_id), ("row", d.row))
            if v is not None
        }
        for row, d in sorted(decisions.items())
    }
    data: dict[str, Any] = {"rows": rows}
    if sha256:
        data["sha256"] = sha256
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
