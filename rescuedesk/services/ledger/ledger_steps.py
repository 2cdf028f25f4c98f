"""The steps of the program's import wizard before the import itself (issue #5): open the
file and propose a mapping, check the mapping, preview the first rows as they will be stored.

The dry run and the import are not here: the wizard runs them through
:func:`rescuedesk.services.ledger.ledger_file.import_file`, the command line's own operation,
so that both read every sheet of a workbook and write it alike. The preview's rows go through
``ledger_import``'s own normalisation and writes, so the preview, the dry run and the import
cannot disagree about a row.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from sqlalchemy.orm import Session

from rescuedesk.errors import ValidationError
from rescuedesk.ledger import mapping as ledger_mapping
from rescuedesk.ledger.mapping import PERSON_FIELDS
from rescuedesk.ledger.normalize import normalise_row, text
from rescuedesk.ledger.reader import csv_encoding, read_rows
from rescuedesk.models import Case
from rescuedesk.reference import divisions, languages, nationalities
from rescuedesk.reference.ethnicities import ETHNICITIES
from rescuedesk.services.ledger.ledger_file import import_sheet
from rescuedesk.services.ledger.ledger_import import (
    Problem,
)
from rescuedesk.services.office.access import CASE_ROLES, ensure_role
from rescuedesk.services.office.context import Actor

ENCODING_NAMES = {"utf-8-sig": "UTF-8", "gb18030": "GBK/GB18030", "big5": "Big5"}


@dataclass
class LedgerFile:
    path: Path
    headers: list[str]  # each column name once, in the order of the file
    proposed: dict[str, str]  # {field: header}, from the common headers
    encoding: str | None  # "UTF-8" or "GBK/GB18030" for a CSV file, None for XLSX
    samples: dict[str, str] = field(default_factory=dict)  # header -> a value from the rows


def open_ledger(path: Path, *, sample_rows: int = 5) -> LedgerFile:
    """The header row, a proposed mapping and a sample value of each column."""
    if not path.is_file():
        raise ValidationError(f"文件 {path} 不存在。", field="file")
    encoding = ENCODING_NAMES[csv_encoding(path)] if path.suffix.lower() == ".csv" else None
    raw_headers, rows = read_rows(path)
    headers = [h for h in dict.fromkeys(raw_headers) if h]
    if not headers:
        raise ValidationError("文件中没有表头行。", field="file")
    samples: dict[str, str] = {}
    for _number, row in islice(rows, sample_rows):
        for header in headers:
            value = text(row.get(header))
            if value and header not in samples:
                samples[header] = value
    return LedgerFile(path, headers, ledger_mapping.propose(headers), encoding, samples)


def load_mapping(path: Path, headers: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """(the saved mapping's entries whose column is in this file, the columns it lacks)."""
    saved = ledger_mapping.load(path)
    kept = {f: h for f, h in saved.items() if h in headers}
    return kept, [h for h in saved.values() if h not in headers]


def check_mapping(mapping: dict[str, str], headers: Sequence[str]) -> None:
    if not mapping.get("real_name") and not mapping.get("alias"):
        raise ValidationError(
            "没有对应“姓名”或“化名”的列：每行至少要有姓名或化名。", field="mapping"
        )
    missing = [h for h in mapping.values() if h not in headers]
    if missing:
        raise ValidationError(f"文件中没有这些列：{'、'.join(missing)}。", field="mapping")


@dataclass
class PreviewCell:
    value: str = ""  # as it will be stored: ISO date, code or text; as typed if it has a problem
    label: str = ""  # the name of a code (民族, 户籍地, 国籍)
    filled: bool = False  # completed when saved (birth date and sex from the ID number, ...)
    problem: str = ""


@dataclass
class PreviewRow:
    number: int  # as the user sees it in the file
    cells: dict[str, PreviewCell]  # by field
    problems: list[Problem] = field(default_factory=list)  # with the column, or "" for the row
    warnings: list[str] = field(default_factory=list)


class _Undo(Exception):
    """Raised inside a preview's savepoint: the rows are imported to learn how, then undone."""


def preview_fields(mapping: dict[str, str]) -> list[str]:
    """The fields a preview shows: the mapped ones, and what an ID number fills in."""
    wanted = set(mapping)
    if "id_number" in wanted:
        wanted |= {"birth_date", "sex"}
    return [f for f in ledger_mapping.FIELDS if f in wanted]


def preview_rows(
    session: Session, actor: Actor, path: Path, mapping: dict[str, str], *, limit: int = 20
) -> list[PreviewRow]:
    """The first ``limit`` rows as they will be stored, each problem beside its cell.

    The rows go through ``import_sheet`` itself (only the valid ones kept) in a savepoint that
    is always undone: what the preview shows is what the import stores and refuses (ID check
    digits, dates that contradict the ID number, a person already registered), and it stays
    so however the import grows. Nothing is kept, not even the audit of it.
    """
    ensure_role(actor, *CASE_ROLES, what="导入台账")
    headers, rows = read_rows(path)
    check_mapping(mapping, headers)
    first = list(islice(rows, limit))
    fields = preview_fields(mapping)
    field_of = {h: f for f, h in mapping.items()}
    out: dict[int, PreviewRow] = {}
    for number, raw in first:
        values, problems, _warnings = normalise_row(raw, mapping, ledger_mapping.FIELDS)
        row = PreviewRow(number, {f: PreviewCell(_shown(values.get(f))) for f in fields})
        for header, _message in problems:  # type: ignore[misc]  # (column, message) pairs
            row.cells[field_of[header]].value = text(raw.get(header))  # as typed
        out[number] = row
    try:
        with session.begin_nested():
            result = import_sheet(
                session, actor, iter(first), mapping, source=path, valid_only=True
            )
            for problem in result.problems:
                row = out[problem.row]
                row.problems.append(problem)
                name = field_of.get(problem.column)
                if name in row.cells:
                    row.cells[name].problem = problem.message
            for warning in result.warnings:
                out[warning.row].warnings.append(warning.message)
            # One case per stored row, in file order.
            stored = [row for row in out.values() if not row.problems]
            for row, case_id in zip(stored, result.case_ids, strict=True):
                _fill_stored(row, session.get(Case, case_id))
            raise _Undo
    except _Undo:
        pass
    for row in out.values():
        for name, cell in row.cells.items():
            cell.label = _label(name, cell.value) if not cell.problem else ""
    return list(out.values())


def _fill_stored(row: PreviewRow, case: Case | None) -> None:
    assert case is not None
    for name, cell in row.cells.items():
        stored = _shown(getattr(case.person if name in PERSON_FIELDS else case, name))
        cell.filled = stored != cell.value and stored not in ("", "unknown")
        cell.value = stored


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _label(name: str, value: str) -> str:
    if not value:
        return ""
    if name == "ethnicity":
        return ETHNICITIES.get(value, "")
    if name == "household_registration_code":
        return divisions.full_name(value) or ""
    if name == "nationality":
        return nationalities.name(value) if value != nationalities.name(value) else ""
    if name == "languages":
        named = languages.names(value.split("、"))
        return named if named != value else ""
    return ""
