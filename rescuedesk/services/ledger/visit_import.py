"""Importing a ledger of follow-up visits (回访台账), issue #5.

Each row is matched to a case the user may see, then stored through the records service
(the same rules as a visit entered in the program):

* by 个案编号: a case of the same import (the ledger export's own numbers) or of the database;
  a name on the row must then be the case's person's;
* else by 身份证号, else by 姓名: the one case of that person within the user's reach (several
  cases, or several people of that name: the row asks for the case number).

A row with a 回访日期 is a visit done; one with only a 计划回访日期 is a visit planned. A done
visit fulfils the case's open planned visit when there is one from before this import (as
recording it in the program would); otherwise it is added. A done visit without 下次回访日期 gets
one proposed from how the person is doing, with a warning (overdue visits must stand out).
After the sheet, every case it touched that has no open planned visit gets one on its latest
visit's next date, as :func:`records.record_visit` does. The same visit twice (same case and
date, in the file or already stored) is rejected as a duplicate.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, or_, select

from rescuedesk.errors import DomainError
from rescuedesk.ledger.mapping import VISIT_FIELDS, VISIT_SYNONYMS, WELLBEING_HEADERS
from rescuedesk.ledger.normalize import normalise_row
from rescuedesk.models import Case, FollowUpVisit, Person, User
from rescuedesk.models.enums import Wellbeing
from rescuedesk.services.casefile import records
from rescuedesk.services.casefile.case_queries import scope_condition, scope_params
from rescuedesk.services.casefile.followups import propose_next_visit
from rescuedesk.services.ledger.ledger_import import (
    Problem,
    Rows,
    SheetRows,
    count_row,
)

TEXTS = {"situation": "notes", "problems": "problems", "actions": "actions"}
# A service's field name -> the mapping field whose column the user sees.
COLUMN_OF = {"visitor_id": "visitor", "visitor_name": "visitor", "notes": "situation"}


class _Rejected(Exception):
    def __init__(self, field_name: str, message: str, *, duplicate: bool = False) -> None:
        super().__init__(message)
        self.field_name, self.message, self.duplicate = field_name, message, duplicate


class VisitRows(SheetRows):
    """One follow-up visits sheet: each row matched to a case and stored as a visit."""

    headers = VISIT_SYNONYMS

    def __post_init__(self) -> None:
        self.scope, self.params = scope_params(self.session, self.actor)
        # Planned visits from before this import may be fulfilled; the import's own may not.
        self.last_visit_before = self.session.scalar(select(func.max(FollowUpVisit.id))) or 0
        self.touched: set[int] = set()
        self.visitors: dict[str, int | None] = {}

    def read(self, rows: Rows) -> None:
        for number, raw in rows:
            count_row(self.result, self.ctx)
            self.row(number, raw)
        self.plan_next_visits()

    def column(self, field_name: str) -> str:
        return super().column(COLUMN_OF.get(field_name, field_name))

    def row(self, number: int, raw: dict[str, Any]) -> None:
        values, problems, _warnings = normalise_row(raw, self.mapping, VISIT_FIELDS)
        # Every check runs on what could be read, so the row's problems are named at once.
        case = None
        try:
            case = self._case_for(values)
        except _Rejected as exc:
            problems.append((self.column(exc.field_name), exc.message))
        unread = {c for c, _ in problems}
        dates = {self.column("done_date"), self.column("planned_date")}
        if unread & dates:  # the planned date is the done one when not given: not "missing"
            unread |= dates
        elif not (values.get("done_date") or values.get("planned_date")):
            problems.append((self.column("done_date"), "请填写回访日期（或计划回访日期）。"))
        if problems:
            if case is not None:  # the visit's rules too, except about the unread columns
                found = self._rule_problems(case, self._data(number, values, warn=False))
                problems += [(c, m) for c, m in found if c not in unread]
            self.unreadable(number, problems)
            return
        assert case is not None
        data = self._data(number, values)
        try:
            with self.session.begin_nested():  # this row, all or nothing
                self._store(case, data)
        except _Rejected as exc:
            self.reject(number, exc.field_name, exc.message, duplicate=exc.duplicate)
            return
        except DomainError as exc:
            # The store stops at its first problem; the rules' own check names them all.
            found = self._rule_problems(case, data) or [
                (self.column(p.field or ""), p.message) for p in exc.errors
            ]
            self.unreadable(number, found)
            return
        self.touched.add(case.id)
        self.result.visits += 1

    def _rule_problems(self, case: Case, data: dict[str, Any]) -> list[tuple[str, str]]:
        """(column, message) of every rule the visit breaks, as the program's form checks it."""
        try:
            records.check_record(self.session, self.actor, FollowUpVisit, case.id, data)
        except DomainError as exc:
            return list(dict.fromkeys((self.column(p.field or ""), p.message) for p in exc.errors))
        return []

    def _in_reach(self, query):  # type: ignore[no-untyped-def]
        return query if self.scope == "all" else query.where(scope_condition(self.scope))

    def _case_for(self, v: dict[str, Any]) -> Case:
        number, id_number, name = v.get("case_number"), v.get("id_number"), v.get("real_name")
        if number:
            case_id = self.ctx.case_keys.get(number)
            case = (
                self.session.get(Case, case_id)
                if case_id is not None
                else self.session.scalar(select(Case).where(Case.case_number == number))
            )
            if case is None:
                raise _Rejected("case_number", f"找不到个案编号“{number}”。")
            person = self.session.get(Person, case.person_id)
            assert person is not None
            if name and name not in (person.real_name, person.alias):
                raise _Rejected(
                    "real_name",
                    f"个案 {case.case_number} 的受助人是“{person.display_name}”，与本行姓名"
                    f"“{name}”不符。",
                )
            return case
        if id_number:
            where, field_name, said = Person.id_number == id_number, "id_number", "身份证号"
        elif name:
            where = or_(Person.real_name == name, Person.alias == name)
            field_name, said = "real_name", "姓名"
        else:
            raise _Rejected("case_number", "请填写个案编号、身份证号或姓名，才能找到个案。")
        query = select(Case).join(Person, Person.id == Case.person_id).where(where)
        found = list(self.session.scalars(self._in_reach(query), self.params))
        if not found:
            raise _Rejected(
                field_name, f"找不到{said}为“{id_number or name}”的个案（或不在您的权限范围内）。"
            )
        if len(found) > 1:
            raise _Rejected(
                field_name,
                f"{said}“{id_number or name}”对应{len(found)}个个案"
                f"（{'、'.join(sorted(c.case_number for c in found))}），请填写个案编号。",
            )
        return found[0]

    def _visit(self, v: dict[str, Any]) -> dict[str, Any]:
        """The visit's values as the records service takes them (nothing proposed)."""
        done, planned = v.get("done_date"), v.get("planned_date")
        data: dict[str, Any] = {
            "planned_date": planned or done,
            "done_date": done,
            "mode": v.get("mode"),
            "next_planned_date": v.get("next_planned_date"),
            **{name: v.get(name) for name in WELLBEING_HEADERS},
            **{stored: v.get(name) for name, stored in TEXTS.items()},
        }
        visitor = v.get("visitor")
        if visitor:
            user_id = self._visitor(visitor)
            data["visitor_id" if user_id else "visitor_name"] = user_id or visitor
        return {k: val for k, val in data.items() if val is not None}

    def _data(self, number: int, v: dict[str, Any], *, warn: bool = True) -> dict[str, Any]:
        """The visit to store: a done visit without a next date gets one proposed (and,
        with ``warn``, the user is told)."""
        data = self._visit(v)
        done = data.get("done_date")
        if done is not None and data.get("next_planned_date") is None:
            proposed = propose_next_visit(
                done, {name: _wellbeing(v.get(name)) for name in WELLBEING_HEADERS}
            )
            data["next_planned_date"] = proposed
            if warn:
                self.result.warnings.append(
                    Problem(
                        number,
                        self.column("next_planned_date"),
                        f"未填下次回访日期，已按回访情况定为 {proposed:%Y年%m月%d日}。",
                        self.ctx.sheet,
                    )
                )
        return {k: val for k, val in data.items() if val is not None}

    def _visitor(self, name: str) -> int | None:
        """A staff member of the user's unit of that full name, when exactly one."""
        if name not in self.visitors:
            ids = self.session.scalars(
                select(User.id).where(
                    User.full_name == name, User.unit_id == self.actor.unit_id, User.active
                )
            ).all()
            self.visitors[name] = ids[0] if len(ids) == 1 else None
        return self.visitors[name]

    def _store(self, case: Case, data: dict[str, Any]) -> None:
        done = data.get("done_date")
        same = select(FollowUpVisit.id).where(
            FollowUpVisit.case_id == case.id, FollowUpVisit.voided_at.is_(None)
        )
        if done is not None:
            same = same.where(FollowUpVisit.done_date == done)
        else:
            same = same.where(
                FollowUpVisit.done_date.is_(None),
                FollowUpVisit.planned_date == data["planned_date"],
            )
        if self.session.scalar(same.limit(1)) is not None:
            day: dt.date = done or data["planned_date"]
            raise _Rejected(
                "done_date" if done else "planned_date",
                f"个案 {case.case_number} 已有 {day:%Y年%m月%d日} 的回访记录。",
                duplicate=True,
            )
        waiting = self._open_visit(case.id) if done is not None else None
        if waiting is not None:
            changes = {k: v for k, v in data.items() if k != "planned_date"}
            records.update_record(
                self.session, self.actor, FollowUpVisit, waiting.id, waiting.version, changes
            )
        else:
            records.add_record(self.session, self.actor, FollowUpVisit, case.id, data)

    def _open_visit(self, case_id: int) -> FollowUpVisit | None:
        return self.session.scalar(
            select(FollowUpVisit)
            .where(
                FollowUpVisit.case_id == case_id,
                FollowUpVisit.done_date.is_(None),
                FollowUpVisit.voided_at.is_(None),
                FollowUpVisit.id <= self.last_visit_before,
            )
            .order_by(FollowUpVisit.planned_date, FollowUpVisit.id)
            .limit(1)
        )

    def plan_next_visits(self) -> None:
        """Every touched case without an open planned visit gets one on the latest visit's
        next date, so that an overdue visit shows on the caseworker's list."""
        for case_id in sorted(self.touched):
            open_visit = self.session.scalar(
                select(FollowUpVisit.id).where(
                    FollowUpVisit.case_id == case_id,
                    FollowUpVisit.done_date.is_(None),
                    FollowUpVisit.voided_at.is_(None),
                )
            )
            if open_visit is not None:
                continue
            latest = self.session.scalar(
                select(FollowUpVisit)
                .where(
                    FollowUpVisit.case_id == case_id,
                    FollowUpVisit.voided_at.is_(None),
                    FollowUpVisit.done_date.is_not(None),
                )
                .order_by(FollowUpVisit.done_date.desc(), FollowUpVisit.id.desc())
                .limit(1)
            )
            if latest is None or latest.next_planned_date is None:
                continue
            follow: dict[str, Any] = {"planned_date": latest.next_planned_date}
            if latest.visitor_id:
                follow["visitor_id"] = latest.visitor_id
            if latest.visitor_name:
                follow["visitor_name"] = latest.visitor_name
            records.add_record(self.session, self.actor, FollowUpVisit, case_id, follow)


def _wellbeing(value: str | None) -> Wellbeing | None:
    return Wellbeing(value) if value else None
