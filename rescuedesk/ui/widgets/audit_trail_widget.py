"""The audit trail for auditors: filter by person, user, action and date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rescuedesk import clock
from rescuedesk.errors import DomainError
from rescuedesk.services.office.audit import AuditEntry
from rescuedesk.services.office.audit_queries import AuditFilter
from rescuedesk.ui.forms.date_edit import TypedDateEdit
from rescuedesk.ui.forms.field_editors import qdate

Fetch = Callable[[AuditFilter], list[AuditEntry]]


def _int_or_none(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


class AuditTrailWidget(QWidget):
    HEADERS = ("编号", "时间", "操作者", "动作", "对象", "个案", "受助人", "理由")

    def __init__(self, fetch: Fetch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fetch = fetch
        self.person = QLineEdit()
        self.person.setPlaceholderText(self.tr("受助人编号"))
        self.user = QLineEdit()
        self.user.setPlaceholderText(self.tr("用户编号"))
        self.action = QLineEdit()
        self.action.setPlaceholderText(self.tr("动作，如 read、update、login_failed"))
        self.use_dates = QCheckBox(self.tr("日期"))
        # Dates as people type them (2026.3.5, 20260305, 3/5 …).
        today = qdate(clock.today())
        self.date_from = TypedDateEdit(today.addDays(-30))
        self.date_to = TypedDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(self.tr("yyyy年M月d日"))
        self.search = QPushButton(self.tr("查询"))
        self.search.clicked.connect(self.refresh)
        self.status = QLabel()
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in self.HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        row = QHBoxLayout()
        for w in (
            self.person,
            self.user,
            self.action,
            self.use_dates,
            self.date_from,
            QLabel("—"),
            self.date_to,
            self.search,
        ):
            row.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.table)

    def current_filter(self) -> AuditFilter:
        dates: dict[str, dt.date | None] = {"date_from": None, "date_to": None}
        if self.use_dates.isChecked():
            dates = {
                "date_from": self.date_from.typed_date(),
                "date_to": self.date_to.typed_date(),
            }
        return AuditFilter(
            person_id=_int_or_none(self.person.text()),
            user_id=_int_or_none(self.user.text()),
            action=self.action.text().strip() or None,
            **dates,
        )

    def refresh(self) -> None:
        try:
            wanted = self.current_filter()
        except DomainError as exc:  # a day typed that does not exist: said, not searched
            self.status.setText(exc.message)
            return
        events = self.fetch(wanted)
        self.table.setRowCount(len(events))
        for r, e in enumerate(events):
            values = (
                e.id,
                e.at.strftime("%Y-%m-%d %H:%M:%S"),
                e.actor_label,
                e.action,
                f"{e.entity}#{e.entity_id}" if e.entity_id else e.entity,
                e.case_id or "",
                e.person_id or "",
                e.reason or "",
            )
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))
        self.status.setText(self.tr("{0} 条记录（最新在前）").format(len(events)))

    def clear_personal_data(self) -> None:
        self.table.setRowCount(0)
        self.person.clear()
        self.status.clear()
