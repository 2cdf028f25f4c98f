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

A workbook may hold several persons-and-cases sheets, each with its own row 5. A row number
alone means the row of the first such sheet (the only one of most files: the format above is
unchanged for them). A row of another sheet is named by the optional ``"sheet"`` of its
entry, and, so that the same row number can be listed for two sheets, its key may be written
``"SHEET!ROW"`` (as a spreadsheet names a place on a sheet)::

        "二组!5": {"action": "skip", "sheet": "二组"}

The template of a file with several persons-and-cases sheets names the sheet of every row so.
"The same person as row 2" then means row 2 of the entry's own sheet; a row of another sheet is
named by the optional ``"same_as_sheet"``::

        "二组!5": {"action": "same", "row": 2, "sheet": "二组", "same_as_sheet": "一组"}

In Python a decision's key is the row number (the first sheet) or a (sheet, row) pair
(:data:`Key`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
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
    # SAME as ``row``: the sheet of that row; None for the sheet of the row decided for.
    same_as_sheet: str | None = None

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
    def same_as_row(cls, row: int, sheet: str | None = None) -> Decision:
        """The person of row ``row`` of ``sheet`` (None: the sheet of the row decided for)."""
        return cls(Action.SAME, row=row, same_as_sheet=sheet)


# A row of the first persons-and-cases sheet, or (sheet name, row) of any sheet.
Key = int | tuple[str, int]


def key_text(key: Key) -> str:
    """The key as the user reads it in messages and files: "5", or "二组!5"."""
    return str(key) if isinstance(key, int) else f"{key[0]}!{key[1]}"


def find(
    decisions: Mapping[Key, Decision], sheet: str, row: int, *, first: bool
) -> Decision | None:
    """The decision for row ``row`` of ``sheet``; a bare row number counts for the ``first``
    persons-and-cases sheet only (a decision for row 5 of one sheet is not one for another's)."""
    found = decisions.get((sheet, row))
    if found is None and first:
        found = decisions.get(row)
    return found


def _key(text: str, item: Any) -> Key:
    sheet, _, row = str(text).rpartition("!")
    named = item.get("sheet") if isinstance(item, dict) else None
    if not row.isdigit() or (named is not None and not isinstance(named, str)):
        raise ValidationError(f"决定文件中的“{text}”不是行号。", field="decisions")
    if sheet and named is not None and named != sheet:
        raise ValidationError(
            f"决定文件中“{text}”的工作表与其 sheet “{named}” 不一致。", field="decisions"
        )
    sheet = sheet or named or ""
    return (sheet, int(row)) if sheet else int(row)


def _parse(row: str, item: Any, sheet: str | None) -> Decision:
    """The decision of entry ``row`` (its text) of ``sheet`` (None: the first cases sheet)."""
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
    other_sheet = item.get("same_as_sheet")
    if other_sheet is not None and (not isinstance(other_sheet, str) or other_row is None):
        raise ValidationError(
            f"第{row}行的 same_as_sheet 应为工作表名，并与 row 一起写。", field="decisions"
        )
    if other_sheet == sheet:
        other_sheet = None  # the entry's own sheet, however it is written
    return Decision(action, person_id, other_row, other_sheet)


def load(path: Path, *, sha256: str | None = None) -> dict[Key, Decision]:
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
    out: dict[Key, Decision] = {}
    for row, item in data["rows"].items():
        key = _key(row, item)
        out[key] = _parse(key_text(key), item, None if isinstance(key, int) else key[0])
    return out


def save_template(candidates: list[Any], path: Path, *, sha256: str, sheets: bool = False) -> None:
    """A decisions file to fill in: one entry per row with candidates, action still null;
    ``sheets``: the file has several persons-and-cases sheets, each row's sheet is named."""
    rows: dict[str, Any] = {}
    for c in candidates:
        key = key_text((c.sheet, c.row)) if sheets else str(c.row)
        first = {"action": None, "sheet": c.sheet} if sheets else {"action": None}
        entry = rows.setdefault(key, {**first, "candidates": []})
        found = {
            "person_id": c.person_id,
            "row": c.other_row,
            "name": c.name,
            "score": c.score,
            "reasons": c.reasons,
        }
        if sheets and c.other_row is not None:
            found["same_as_sheet"] = c.other_sheet  # the sheet of "row"
        entry["candidates"].append(found)
    data = {"sha256": sha256, "rows": rows}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def dump(decisions: Mapping[Key, Decision], path: Path, *, sha256: str | None = None) -> None:
    rows = {
        key_text(key): {
            k: v
            for k, v in (
                ("action", d.action.value),
                ("person_id", d.person_id),
                ("row", d.row),
                ("sheet", None if isinstance(key, int) else key[0]),
                ("same_as_sheet", d.same_as_sheet),
            )
            if v is not None
        }
        for key, d in sorted(decisions.items(), key=lambda kd: _order(kd[0]))
    }
    data: dict[str, Any] = {"rows": rows}
    if sha256:
        data["sha256"] = sha256
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _order(key: Key) -> tuple[str, int]:
    return ("", key) if isinstance(key, int) else key
