"""Importing a ledger of persons and cases (issue #5).

Every row is normalised, then written through the same services as the program, inside a
savepoint: a row is all-or-nothing, and every problem is reported with its row number,
column and message. The whole import is one transaction: a dry run, a refused import (any
bad row without ``valid_only``), a cancel or an error leaves the database exactly as it was.

Likely duplicates (:mod:`rescuedesk.services.people.duplicates`) of a person already registered, or
of an earlier row, are *rejected* until the user decides: such a row is never registered as a
new person silently. The command line and the program's wizard both call
(:mod:`rescuedesk.services.ledger.ledger_file`)::

    plan = import_file(session, actor, path, mapping=mapping, dry_run=True)
    plan.candidates                        # row, existing person or earlier row, score, why
    result = import_file(session, actor, path, mapping=mapping,
                         decisions={7: Decision.same_person(12), 9: Decision.skip()})

Rows that share a 受助人编号 (person key, as the ledger export writes it) are cases of one
person: the first registers the person, the others attach to it without a decision.

How rows are written, for speed (10,000 rows in seconds, not minutes): rows are read in
chunks of :data:`BATCH`, and the likely duplicates in the database of a whole chunk are looked
up in one query; the persons that earlier rows of the same chunk register are compared in
memory, so a row that repeats an earlier one is still found, in file order. Every row is
checked in full first, by the services' own :func:`persons.prepare_person` and
:func:`cases.prepare_case`, so a row that fails writes nothing. New persons (on PostgreSQL
with ids drawn from the sequence first, and their search tokens) are written in batches
through :mod:`rescuedesk.services.people.bulk`, persons before the next chunk is looked up;
cases, their numbers, flags and first stage through the one writer of new cases,
:mod:`rescuedesk.services.casefile.new_cases`. The audit event of the import lists every
person and case it created.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import DomainError
from rescuedesk.ledger.decisions import Action, Decision, Key, find
from rescuedesk.ledger.mapping import (
    COLUMN_OF,
    FIELDS,
    KEY_FIELDS,
    PERSON_FIELDS,
    RANGE_FIELDS,
    SYNONYMS,
)
from rescuedesk.ledger.normalize import normalise_row
from rescuedesk.models import Case, Person, Unit
from rescuedesk.models.enums import IntakeChannel
from rescuedesk.services.casefile import cases, new_cases
from rescuedesk.services.casefile.new_cases import NewCase
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import CASE_ROLES, allowed, case_scope, ensure_role
from rescuedesk.services.office.access import Action as Access
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import bulk, persons
from rescuedesk.services.people.duplicates import (
    Identity,
    Stored,
    best_first,
    stored_candidates,
    stored_candidates_many,
)
from rescuedesk.userfiles import file_sha256

PROGRESS_EVERY = 100

Rows = Iterator[tuple[int, dict[str, Any]]]
Place = tuple[str, int]  # (sheet, row) of the file: each sheet has its own row 5
Progress = Callable[[int], bool]  # rows read so far -> False to cancel


class ImportCancelled(DomainError):
    """The user cancelled; nothing was written."""


@dataclass
class Problem:
    row: int
    column: str
    message: str
    sheet: str = ""


@dataclass
class Candidate:
    """Row ``row`` may be a person we already have: ``person_id`` in the database, or the
    person an earlier row ``other_row`` of the same file (of sheet ``other_sheet``) registers."""

    row: int
    score: int
    reasons: list[str]
    name: str
    person_id: int | None = None
    other_row: int | None = None
    case_numbers: list[str] = field(default_factory=list)  # those the user may see
    row_name: str = ""  # the name (or alias) in the file's row
    sheet: str = ""  # the sheet of ``row`` (a decision is for a row of one sheet)
    other_sheet: str = ""  # the sheet of ``other_row`` (this one's or an earlier sheet)

    @property
    def certain(self) -> bool:
        return self.score >= 100


@dataclass
class ImportResult:
    rows_read: int = 0
    imported: int = 0  # case rows stored (or, in a dry run, that would be)
    rejected: int = 0
    duplicates: int = 0  # rejected rows that repeat a person or a visit
    attached: int = 0  # of the imported: cases attached to an existing person ("same")
    skipped: int = 0  # left out by the user's decision
    visits: int = 0  # visit rows stored
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    refused: bool = False
    case_ids: list[int] = field(default_factory=list)  # the cases kept, in file order
    case_sheets: list[str] = field(default_factory=list)  # persons-and-cases sheets read


@dataclass
class ImportContext:
    """What the sheets of one import share: keys of this file, and who came from which row.

    Persons and cases created are kept in typed arrays (8 bytes each, looked up by bisection:
    ids grow as rows are read, and so do row numbers within a sheet), so memory stays flat on
    long ledgers. Each sheet's persons are one stretch of the arrays, so that a row is found on
    its own sheet: row 5 of a later sheet never stands in for an earlier sheet's row 5.
    """

    case_keys: dict[str, int] = field(default_factory=dict)  # 个案编号 in the file -> case id
    person_keys: dict[str, int | None] = field(default_factory=dict)  # None: not imported
    sheet: str = ""
    progress: Progress | None = None
    case_ids: array[int] = field(default_factory=lambda: array("q"))
    person_ids: array[int] = field(default_factory=lambda: array("q"))  # in id order
    _rows: array[int] = field(default_factory=lambda: array("q"))  # row of each person_ids
    _sheets: list[str] = field(default_factory=list)  # the sheets with persons, in file order
    _starts: list[int] = field(default_factory=list)  # where each sheet's stretch begins
    _unordered: dict[int, Place] = field(default_factory=dict)  # person -> place (not in order)

    def person_created(self, person_id: int, row: int) -> None:
        """Row ``row`` of the sheet being read (``sheet``) registered the person."""
        new_sheet = not self._sheets or self._sheets[-1] != self.sheet
        in_order = not self.person_ids or person_id > self.person_ids[-1]
        if not in_order or (not new_sheet and row <= self._rows[-1]):
            self._unordered[person_id] = (self.sheet, row)  # not expected; kept all the same
            return
        if new_sheet:
            self._sheets.append(self.sheet)
            self._starts.append(len(self.person_ids))
        self.person_ids.append(person_id)
        self._rows.append(row)

    def created_persons(self) -> list[int]:
        return [*self.person_ids, *self._unordered]

    def row_of_person(self, person_id: int) -> Place | None:
        """The (sheet, row) of this file that registered the person, if one did."""
        i = bisect_left(self.person_ids, person_id)
        if i < len(self.person_ids) and self.person_ids[i] == person_id:
            return self._sheets[bisect_right(self._starts, i) - 1], self._rows[i]
        return self._unordered.get(person_id)

    def person_of_row(self, sheet: str, row: int | None) -> int | None:
        """The person row ``row`` of ``sheet`` registered, if it did."""
        if row is None:
            return None
        if sheet in self._sheets:
            s = self._sheets.index(sheet)
            lo = self._starts[s]
            hi = self._starts[s + 1] if s + 1 < len(self._starts) else len(self._rows)
            i = bisect_left(self._rows, row, lo, hi)
            if i < hi and self._rows[i] == row:
                return self.person_ids[i]
        return next((p for p, place in self._unordered.items() if place == (sheet, row)), None)


def id_ranges(ids: array[int]) -> list[list[int]]:
    """[[first, last], ...]: the ids an import created, short enough for its audit event."""
    out: list[list[int]] = []
    for i in sorted(ids):
        if out and i == out[-1][1] + 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


class _Rollback(Exception):
    """Raised at the end of a dry run or a refused import to undo everything."""


class _Held(Exception):
    """A row left out (rejected or skipped); already counted and reported."""


def count_row(result: ImportResult, ctx: ImportContext) -> None:
    # Asked before the row (0 first): a cancel pressed before any row keeps nothing either.
    due = ctx.progress is not None and result.rows_read % PROGRESS_EVERY == 0
    if due and not ctx.progress(result.rows_read):  # type: ignore[misc]
        raise ImportCancelled("导入已取消，未写入任何数据。")
    result.rows_read += 1


# Imports the sheets of a file into the result, with what they share.
Work = Callable[[ImportResult, "ImportContext"], None]


def run_import(
    session: Session,
    actor: Actor,
    source: Path,
    work: Work,
    *,
    dry_run: bool = False,
    valid_only: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Run ``work`` inside one savepoint; undo it all for a dry run or a refused import, and
    audit a real one (file name, SHA-256, counts, user)."""
    result = ImportResult()
    ctx = ImportContext(progress=progress)
    try:
        with session.begin_nested():
            work(result, ctx)
            if dry_run or (result.rejected and not valid_only):
                result.refused = bool(result.rejected and not valid_only and not dry_run)
                raise _Rollback
        result.case_ids = list(ctx.case_ids)
    except _Rollback:
        result.case_ids = []
        if not dry_run:
            result.imported = result.attached = result.visits = 0
    if not dry_run and not result.refused:
        audit.record(
            session,
            actor,
            "import",
            "ledger",
            None,
            reason=source.name,
            changes={
                "sha256": file_sha256(source),
                "rows_read": result.rows_read,
                "imported": result.imported,
                "attached": result.attached,
                "visits": result.visits,
                "rejected": result.rejected,
                "duplicates": result.duplicates,
                "skipped": result.skipped,
                "person_ids": id_ranges(ctx.created_persons()),
                "case_ids": id_ranges(ctx.case_ids),
            },
        )
    return result


@dataclass(eq=False)
class SheetRows:
    """What the importer of one sheet (persons and cases, or visits) works with, and how it
    reports a row's problems: by the column the user sees, on the sheet being read."""

    session: Session
    actor: Actor
    mapping: dict[str, str]
    result: ImportResult
    ctx: ImportContext

    def __post_init__(self) -> None:
        """What a kind of sheet sets up before its first row (declared here, so that the
        generated ``__init__`` calls a subclass's)."""

    def read(self, rows: Rows) -> None:
        """Import the rows of the sheet into ``result`` (no transaction here)."""
        raise NotImplementedError

    # field -> the headers of its column; a problem of a field the file has no column for
    # (移交单位 when only 案件编号 is given) is named by the usual header.
    headers: ClassVar[Mapping[str, tuple[str, ...]]] = SYNONYMS

    def column(self, field_name: str) -> str:
        field_name = COLUMN_OF.get(field_name, field_name)
        if field_name in self.mapping:
            return self.mapping[field_name]
        return self.headers.get(field_name, (field_name,))[0]

    def problem(self, row: int, field_name: str, message: str) -> None:
        self.result.problems.append(Problem(row, self.column(field_name), message, self.ctx.sheet))

    def reject(self, row: int, field_name: str, message: str, *, duplicate: bool = False) -> None:
        self.problem(row, field_name, message)
        self.result.rejected += 1
        self.result.duplicates += int(duplicate)

    def unreadable(self, row: int, problems: list[tuple[str, str]]) -> None:
        """Reject a row for its problems, each already given with its column."""
        self.result.problems += [Problem(row, c, m, self.ctx.sheet) for c, m in problems]
        self.result.rejected += 1


@dataclass(eq=False)
class CaseRows(SheetRows):
    """One persons-and-cases sheet: decides, for each row, which person its case belongs to."""

    unit_id: int | None = None
    decisions: Mapping[Key, Decision] = field(default_factory=dict)

    def __post_init__(self) -> None:
        session, actor = self.session, self.actor
        # A bare row number in the decisions is a row of the first such sheet.
        self.first_sheet = not self.result.case_sheets
        self.result.case_sheets.append(self.ctx.sheet)
        self.today = clock.today()
        ensure_role(actor, *CASE_ROLES, what="登记受助人")
        self.persons = _NewPersons(session)
        unit = cases.registering_unit(session, actor, self.unit_id)
        self.batch = _CaseBatch(session, actor, unit, self.ctx, self.persons)
        self._stored: dict[int, list[Stored]] = {}  # row -> its candidates in the database
        # Persons registered by earlier rows of the chunk, by ID number and by pinyin.
        self._recent: dict[str, list[tuple[int, str, Identity]]] = defaultdict(list)
        self._recent_rows: dict[int, int] = {}  # their id -> row
        self._left = 0  # rows of the chunk not yet handled

    def read(self, rows: Rows) -> None:
        chunk: list[tuple[int, dict[str, Any]]] = []
        for item in rows:
            chunk.append(item)
            if len(chunk) >= BATCH:
                self.rows(chunk)
                chunk = []
        self.rows(chunk)
        self.batch.flush()
        self.persons.flush()

    def rows(self, chunk: list[tuple[int, dict[str, Any]]]) -> None:
        """Handle a chunk of rows: their candidates in the database in one query (persons
        registered by earlier chunks written first, so they are among them)."""
        self.persons.flush()
        self._recent.clear()
        self._recent_rows.clear()
        normalised = [(number, *normalise_row(raw, self.mapping, FIELDS)) for number, raw in chunk]
        asking = [
            (number, _identity(values))
            for number, values, problems, _ in normalised
            if not problems and values.get("person_key") not in self.ctx.person_keys
        ]
        found = stored_candidates_many(self.session, [identity for _, identity in asking])
        self._stored = {number: f for (number, _), f in zip(asking, found, strict=True)}
        for i, (number, values, problems, warnings) in enumerate(normalised):
            count_row(self.result, self.ctx)
            self._left = len(normalised) - i
            self.row(number, values, problems, warnings)
        self._stored = {}

    def row(
        self,
        number: int,
        values: dict[str, Any],
        problems: list[tuple[str, str]],
        warnings: list[str],
    ) -> None:
        for w in warnings:
            self.result.warnings.append(Problem(number, "", w, self.ctx.sheet))
        ledger_case = values.pop("case_number", None)
        key = values.pop("person_key", None)
        if problems:
            # What could be read is still checked: the row's every problem, listed at once.
            problems += self._unread_row_problems(values, {c for c, _ in problems})
            self.unreadable(number, problems)
            self._settle_key(key, None)
            return
        rejected = self.result.rejected
        try:
            person_id = self._person_for(number, values, key)
        except _Held:  # rejected or skipped, and counted
            if self.result.rejected > rejected:  # and the row's own problems with it
                self._more_problems(number, values, person=key not in self.ctx.person_keys)
            self._settle_key(key, None)
            return
        try:
            person, new_values = self._person_values(number, person_id, values)
            case_values = self._case_values(values)
        except DomainError as exc:
            self.reject(number, exc.field or "", exc.message, duplicate="已登记" in exc.message)
            for other in exc.errors[1:]:  # the person's every problem, not only the first
                self.problem(number, other.field or "", other.message)
            # The person's problems stopped the row; the case's are listed with them.
            reported = {self.column(p.field or "") for p in exc.errors}
            for column, message in self._case_problems(values):
                if column not in reported:
                    self.result.problems.append(Problem(number, column, message, self.ctx.sheet))
            self._settle_key(key, None)
            return
        # Every check passed: nothing below refuses the row.
        if new_values is not None:
            new_row = bulk.person_row(new_values)
            person_id = self.persons.add(new_row, expected=self._left)
            self.ctx.person_created(person_id, number)
            self._remember(number, person_id, new_row)
        else:
            assert person_id is not None
            self.result.attached += 1
            self._compare(number, person, values)
        self._settle_key(key, person_id)
        self.batch.add(NewCase(self.batch.unit, person_id, person, case_values), ledger_case)
        self.result.imported += 1

    def _settle_key(self, key: str | None, person_id: int | None) -> None:
        if key is not None and key not in self.ctx.person_keys:
            self.ctx.person_keys[key] = person_id

    def _person_for(self, number: int, values: dict[str, Any], key: str | None) -> int | None:
        """The existing person the row's case joins, or None for a new person; raises _Held
        when the row is rejected or skipped."""
        if key is not None and key in self.ctx.person_keys:
            person_id = self.ctx.person_keys[key]
            if person_id is None:
                self.reject(
                    number, "person_key", f"受助人编号“{key}”的第一行未导入，本行也未导入。"
                )
                raise _Held
            return person_id
        found = self._candidates(number, values)
        decision = self.decision(number)
        if decision is None:
            if found:
                best = found[0]
                field_name = "id_number" if best.certain else "real_name"
                self.reject(number, field_name, _undecided_message(best), duplicate=True)
                raise _Held
            return None
        if decision.action == Action.SKIP:
            self.result.skipped += 1
            raise _Held
        if decision.action == Action.NEW:
            return None
        # "Same as row N": row N of the sheet the decision names, or of this sheet.
        other_sheet = decision.same_as_sheet or self.ctx.sheet
        target = (
            decision.person_id
            if decision.row is None
            else self.ctx.person_of_row(other_sheet, decision.row)
        )
        matches = {c.person_id for c in found} | {
            self.ctx.person_of_row(c.other_sheet, c.other_row) for c in found if c.other_row
        }
        if target is None or target not in matches:
            which = (
                _row_text(other_sheet, decision.row, self.ctx.sheet)
                if decision.row
                else f"编号 {decision.person_id}"
            )
            self.reject(
                number,
                "real_name",
                f"决定把本行并入{which}的受助人，但那不是本行的重复候选：请重新试导入后再决定。",
            )
            raise _Held
        return target

    def decision(self, number: int) -> Decision | None:
        """The user's decision for row ``number`` of this sheet."""
        return find(self.decisions, self.ctx.sheet, number, first=self.first_sheet)

    def _remember(self, number: int, person_id: int, new: dict[str, Any]) -> None:
        identity = _identity(new)
        entry = (person_id, _display_name(new, person_id), identity)
        if identity.id_number:
            self._recent["i" + identity.id_number].append(entry)
        if identity.pinyin:
            self._recent["p" + identity.pinyin].append(entry)
        self._recent_rows[person_id] = number

    def _candidates(self, number: int, values: dict[str, Any]) -> list[Candidate]:
        """The row's candidates: in the database as the chunk began, and among the persons
        earlier rows of this chunk registered since."""
        identity = _identity(values)
        in_db = self._stored.get(number)
        if in_db is None:  # not looked up with its chunk
            in_db = stored_candidates(self.session, identity)
        known = {c.person_id for c in in_db}
        near = self._recent.get("i" + (identity.id_number or ""), [])
        near = near + self._recent.get("p" + (identity.pinyin or ""), [])
        recent = best_first(identity, (e for e in near if e[0] not in known))
        found = []
        for stored in sorted([*in_db, *recent], key=lambda c: (-c.match.score, c.person_id)):
            recent_row = self._recent_rows.get(stored.person_id)
            place = (
                (self.ctx.sheet, recent_row)
                if recent_row
                else self.ctx.row_of_person(stored.person_id)
            )
            other_sheet, other_row = place if place else ("", None)
            found.append(
                Candidate(
                    row=number,
                    score=stored.match.score,
                    reasons=stored.match.reasons,
                    name=stored.name,
                    person_id=None if other_row else stored.person_id,
                    other_row=other_row,
                    case_numbers=[] if other_row else self._visible_cases(stored.person_id),
                    row_name=values.get("real_name") or values.get("alias") or "",
                    sheet=self.ctx.sheet,
                    other_sheet=other_sheet,
                )
            )
        self.result.candidates += found
        return found

    def _visible_cases(self, person_id: int) -> list[str]:
        numbers = []
        for case in self.session.scalars(select(Case).where(Case.person_id == person_id)):
            scope = case_scope(self.session, self.actor, case)
            if self.actor.is_system or allowed(self.actor.role, Access.READ_CASE, scope):
                numbers.append(case.case_number)
        return sorted(numbers)

    def _person_values(
        self, number: int, person_id: int | None, values: dict[str, Any]
    ) -> tuple[Person, dict[str, Any] | None]:
        """(the person the case is for, column values when it is a new one)."""
        if person_id is not None:
            self.persons.written(person_id)
            person = self.session.get(Person, person_id)
            assert person is not None
            return person, None
        data = {k: v for k, v in values.items() if k in PERSON_FIELDS and v is not None}
        data.setdefault("nationality", "CHN")
        new, warnings = persons.prepare_person(data, today=self.today)
        if self.decision(number) is not None:  # "new" though it may share an ID number
            self.persons.flush()  # those of this chunk too
            persons.check_unique_id_number(self.session, new.get("id_number"))
        self.result.warnings += [Problem(number, "", w, self.ctx.sheet) for w in warnings]
        return Person(**new), new  # a transient Person: read for the case's flags, not added

    def _columns_of(self, exc: DomainError) -> list[tuple[str, str]]:
        return [(self.column(p.field or ""), p.message) for p in exc.errors]

    def _case_problems(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        try:
            self._case_values(values)
        except DomainError as exc:
            return self._columns_of(exc)
        return []

    def _more_problems(self, number: int, values: dict[str, Any], *, person: bool) -> None:
        """A row held for who it is (a likely duplicate, a decision that does not fit) is
        still checked: its other problems are listed with that one, so that the user mends
        the row once. ``person``: the row would register its person (else only its case)."""
        said = set()
        for p in reversed(self.result.problems):  # this row's are the last ones
            if (p.row, p.sheet) != (number, self.ctx.sheet):
                break
            said.add(p.column)
        found = self._unread_row_problems(values, said) if person else self._case_problems(values)
        self.result.problems += [
            Problem(number, c, m, self.ctx.sheet) for c, m in found if c not in said
        ]

    def _unread_row_problems(
        self, values: dict[str, Any], unread: set[str]
    ) -> list[tuple[str, str]]:
        """The problems of the person and of the case in the values a row's unreadable
        cells left, except those about the columns that could not be read."""
        found: list[tuple[str, str]] = []
        data = {k: v for k, v in values.items() if k in PERSON_FIELDS and v is not None}
        data.setdefault("nationality", "CHN")
        try:
            persons.prepare_person(data, today=self.today)
        except DomainError as exc:
            found += self._columns_of(exc)
        found += self._case_problems(values)
        return [(c, m) for c, m in dict.fromkeys(found) if c not in unread]

    def _case_values(self, values: dict[str, Any]) -> dict[str, Any]:
        case = {
            k: v
            for k, v in values.items()
            if k not in PERSON_FIELDS and k not in KEY_FIELDS and v is not None
        }
        case["intake_channel"] = (
            IntakeChannel.POLICE_HANDOVER
            if case.get("referring_police_unit")
            else IntakeChannel.OTHER_AGENCY
        )
        case.setdefault("intake_date", case.get("rescue_date"))
        return cases.prepare_case(case, today=self.today)[0]

    def _compare(self, number: int, person: Person, values: dict[str, Any]) -> None:
        """Warn where the row says something else than the person record it joined; the
        record is not changed by an import."""
        for name in PERSON_FIELDS:
            if name in RANGE_FIELDS:  # compared as the one year of its column
                continue
            new, old = values.get(name), getattr(person, name)
            if new is None or old is None:
                continue
            if audit.jsonable(new) != audit.jsonable(old):
                self.result.warnings.append(
                    Problem(
                        number,
                        self.mapping.get(name, name),
                        f"与已登记的受助人不同（已登记为“{audit.jsonable(old)}”），"
                        "未修改已登记的信息",
                        self.ctx.sheet,
                    )
                )


def _identity(values: dict[str, Any]) -> Identity:
    """What the duplicate check compares, of a normalised row, or of the person a row
    registers (the columns :func:`duplicates.stored_candidates` reads once it is written)."""
    sex = values.get("sex")
    return Identity.of(
        name=values.get("real_name"),
        id_number=values.get("id_number"),
        birth_date=values.get("birth_date"),
        birth_year=values.get("birth_year_estimated"),
        origin=values.get("household_registration_code"),
        sex=getattr(sex, "value", sex),
        pinyin=values.get("name_pinyin"),
    )


def _display_name(new: dict[str, Any], person_id: int) -> str:
    return str(new.get("real_name") or new.get("alias") or f"无名氏#{person_id}")


BATCH = 500
_IDS_AT_ONCE = 100  # PostgreSQL: ids drawn together; at most this many unused at the end


class _NewPersons:
    """Persons the rows register. SQLite: inserted at once (a local INSERT is cheap).
    PostgreSQL: ids drawn from the sequence a few at a time, rows and search tokens written
    together (COPY) before anything reads them: the next chunk's look-up, a case referring
    to them, a row joining one."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.batched = session.get_bind().dialect.name == "postgresql"
        self.pending: list[dict[str, Any]] = []
        self.pending_ids: set[int] = set()
        self.ids: deque[int] = deque()

    def add(self, row: dict[str, Any], *, expected: int) -> int:
        """The new person's id (``row``: :func:`bulk.person_row`); ``expected``: how many
        more may follow soon (ids to draw)."""
        if not self.batched:
            return bulk.insert_rows_returning_ids(self.session, Person, [row])[0]
        row = dict(row)
        if not self.ids:
            self.ids.extend(bulk.draw_ids(self.session, Person, min(expected, _IDS_AT_ONCE)))
        row["id"] = person_id = self.ids.popleft()
        self.pending.append(row)
        self.pending_ids.add(person_id)
        return person_id

    def written(self, person_id: int) -> None:
        """Make sure the person is in the database (to be read back)."""
        if person_id in self.pending_ids:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            bulk.insert_rows(self.session, Person, self.pending)  # with their search tokens
            self.pending = []
            self.pending_ids.clear()


class _CaseBatch:
    """Cases checked and waiting to be written together (by the one writer of new cases,
    :mod:`rescuedesk.services.casefile.new_cases`), with their flags and first stage."""

    def __init__(
        self, session: Session, actor: Actor, unit: Unit, ctx: ImportContext, persons: _NewPersons
    ) -> None:
        self.session, self.actor, self.unit, self.ctx = session, actor, unit, ctx
        self.persons = persons
        self.pending: list[NewCase] = []
        self.ledger_cases: list[str | None] = []  # each pending case's 个案编号 in the file

    def add(self, new: NewCase, ledger_case: str | None) -> None:
        self.pending.append(new)
        self.ledger_cases.append(ledger_case)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        self.persons.flush()  # the persons the cases refer to first
        ids = new_cases.insert_cases(self.session, self.actor, self.pending)
        for case_id, ledger_case in zip(ids, self.ledger_cases, strict=True):
            if ledger_case:
                self.ctx.case_keys[ledger_case] = case_id
        self.ctx.case_ids.extend(ids)
        self.pending.clear()
        self.ledger_cases.clear()


def _row_text(sheet: str, row: int, here: str) -> str:
    """Row ``row`` of ``sheet`` as a message on sheet ``here`` names it."""
    return f"第{row}行" if sheet == here else f"工作表“{sheet}”第{row}行"


def _undecided_message(best: Candidate) -> str:
    who = (
        _row_text(best.other_sheet, best.other_row, best.sheet)
        if best.other_row
        else f"已登记的受助人“{best.name}”（编号 {best.person_id}）"
    )
    what = "身份证号相同" if best.certain else f"可能是同一人（{'、'.join(best.reasons)}）"
    return f"与{who}{what}，分数 {best.score}：请决定新建、并入已有档案或跳过。"


def write_problems(result: ImportResult, out: Path) -> None:
    """FILE.problems.xlsx: every problem and warning with its row and column, and every
    likely duplicate (可能重复) with its score and reasons."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, items in (("问题", result.problems), ("提示", result.warnings)):
        sheet = book.create_sheet(title)
        sheet.append(["行号", "列", title, "工作表"])
        for p in items:
            sheet.append([p.row, p.column, p.message, p.sheet])
    sheet = book.create_sheet("可能重复")
    sheet.append(
        [
            "行号",
            "分数",
            "可能是",
            "已登记编号",
            "文件中的行",
            "理由",
            "已有个案",
            "工作表",
            "文件中的行所在工作表",
        ]
    )
    for c in result.candidates:
        sheet.append(
            [
                c.row,
                c.score,
                c.name,
                c.person_id,
                c.other_row,
                "、".join(c.reasons),
                "、".join(c.case_numbers),
                c.sheet,
                c.other_sheet if c.other_row is not None else None,
            ]
        )
    book.save(out)
