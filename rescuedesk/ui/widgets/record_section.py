"""One part of a case file: its records in a table, and a form to add or correct one.

The form checks itself through the service as the user types (nothing is written), saving
is one step (Ctrl+S from the case tab), a mistaken record is voided with a reason, and a
save that meets another workstation's newer version opens the conflict dialog.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rescuedesk import clock
from rescuedesk.errors import ConflictError, DomainError
from rescuedesk.models import FollowUpVisit, Placement, Referral
from rescuedesk.models.enums import PlacementStatus, Role, Wellbeing
from rescuedesk.services.casefile import case_file, records
from rescuedesk.services.casefile.consents import ConsentRequired
from rescuedesk.services.casefile.followups import WELLBEING_DIMENSIONS, propose_next_visit
from rescuedesk.services.casefile.rules import (
    PLACEMENT_STATUS_NEXT,
    Acknowledge,
    AcknowledgementRequired,
)
from rescuedesk.services.referrals import replies
from rescuedesk.ui.dialogs.conflict_dialog import ConflictDialog
from rescuedesk.ui.forms.field_editors import EnumEditor, display, tr
from rescuedesk.ui.forms.record_form import RecordForm
from rescuedesk.ui.forms.specs import SectionSpec
from rescuedesk.ui.ops import Workspace, show_error

CHECK_DELAY_MS = 300
# A referral's row in the colour of where it stands (the 转介 page at a glance).
REPLY_COLOURS = {
    replies.OVERDUE: QColor("#b00020"),
    replies.WAITING: QColor("#8a5a00"),
    replies.ANSWERED: QColor("#1b5e20"),
    replies.DRAFT: QColor("#666666"),
}


class RecordSection(QGroupBox):
    saved = Signal()

    def __init__(
        self,
        workspace: Workspace,
        case_id: int,
        spec: SectionSpec,
        agencies: Sequence[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr(spec.title), parent)
        self.workspace = workspace
        self.case_id = case_id
        self.spec = spec
        self.agency_names = dict(agencies)
        self.records: list[dict[str, Any]] = []
        self.read_only = False  # a closed case: nothing is added, changed or voided
        self.editing: dict[str, Any] | None = None  # the stored values being corrected
        self._proposed: Any = None  # the next visit date this form proposed itself
        self.columns = [f for f in spec.fields if f.in_table]
        # Referrals: how many wait for a reply, how many are overdue, above their table.
        self.summary = QLabel()
        self.summary.setObjectName("record_summary")
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels([tr(f.label) for f in self.columns])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda index: self.start_edit(index.row()))
        self.add_button = QPushButton(tr(spec.add_text))
        self.add_button.clicked.connect(lambda: self.start_add())
        self.edit_button = QPushButton(tr("修改所选"))
        self.edit_button.clicked.connect(lambda: self.start_edit(self.table.currentRow()))
        self.void_button = QPushButton(tr("作废所选…"))
        self.void_button.clicked.connect(self.void_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.void_button):
            buttons.addWidget(button)
        self.approve_button: QPushButton | None = None
        if spec.model is Placement and workspace.actor.role == Role.SUPERVISOR:
            self.approve_button = QPushButton(tr("批准所选方案…"))
            self.approve_button.clicked.connect(self.approve_selected)
            buttons.addWidget(self.approve_button)
        buttons.addStretch(1)

        self.form = RecordForm(spec, agencies)
        self.form.changed.connect(self._schedule_check)
        # Warnings that need the user's word before the save (e.g. near the buyer's family).
        self.acknowledge = QCheckBox(tr("我已核实以上提示，仍要保存（确认将记入个案经过）"))
        self.acknowledge.setObjectName("acknowledge")
        self.acknowledge.hide()
        self._to_acknowledge: list[str] = []
        self.save_button = QPushButton(tr("保存 (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(tr("取消"))
        cancel.clicked.connect(self.cancel)
        form_buttons = QHBoxLayout()
        form_buttons.addStretch(1)
        form_buttons.addWidget(cancel)
        form_buttons.addWidget(self.save_button)
        self.form_box = QGroupBox()
        box_layout = QVBoxLayout(self.form_box)
        box_layout.addWidget(self.form)
        box_layout.addWidget(self.acknowledge)
        box_layout.addLayout(form_buttons)
        self.form_box.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        self.summary.setHidden(spec.model is not Referral)  # in the layout first: not a window
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.form_box)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check_now)

    # -- records ----------------------------------------------------------------
    def set_records(self, rows: list[dict[str, Any]]) -> None:
        self.records = rows
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, spec in enumerate(self.columns):
                item = QTableWidgetItem(display(spec, values.get(spec.name), self.agency_names))
                self.table.setItem(r, c, item)
        if self.spec.model is Referral:
            self._show_reply_states(rows)
        self.table.resizeColumnsToContents()
        # As tall as its rows (two at least, eight at most): short parts stay short.
        shown = min(max(len(rows), 2), 8)
        self.table.setFixedHeight(
            self.table.horizontalHeader().height()
            + shown * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth()
        )
        self._enable_buttons()

    def _show_reply_states(self, rows: list[dict[str, Any]]) -> None:
        today = clock.today()
        counts = dict.fromkeys(REPLY_COLOURS, 0)
        for r, values in enumerate(rows):
            state = replies.reply_state(values, today)
            counts[state] += 1
            brush = QBrush(REPLY_COLOURS[state])
            for c in range(self.table.columnCount()):
                self.table.item(r, c).setForeground(brush)
        self.summary.setText(
            tr("等待回复 {0}　逾期未复 {1}　已回复 {2}　未发出 {3}").format(
                counts[replies.WAITING],
                counts[replies.OVERDUE],
                counts[replies.ANSWERED],
                counts[replies.DRAFT],
            )
        )

    def _enable_buttons(self) -> None:
        writable, rows = not self.read_only, bool(self.records)
        self.add_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and rows)
        self.void_button.setEnabled(writable and rows)
        if self.approve_button is not None:
            self.approve_button.setEnabled(writable and rows)

    def set_read_only(self, read_only: bool) -> None:
        """A closed case's records are shown, not changed (until the case is reopened)."""
        self.read_only = read_only
        if read_only and not self.form_box.isHidden():
            self.cancel()
        self._enable_buttons()

    def reload(self) -> None:
        self.set_records(self.workspace.check(case_file.list_part, self.spec.model, self.case_id))

    @property
    def is_editing(self) -> bool:
        return self.form_box.isVisible() or not self.form_box.isHidden()

    # -- the form -----------------------------------------------------------------
    def _limit_status(self) -> None:
        """A placement's status moves only as its approval allows: the form offers no
        “已批准” (a supervisor approves with the button, never the one who drafted it)."""
        if self.spec.model is not Placement:
            return
        editor = self.form.editors["status"]
        assert isinstance(editor, EnumEditor)
        before = self.editing.get("status") if self.editing else None
        editor.limit_to(
            PLACEMENT_STATUS_NEXT[PlacementStatus(before) if before else None],
            tr("安置方案由主管用“批准所选方案”批准，不在表单中设为“已批准”。"),
        )

    def _ask_acknowledgement(self, warnings: list[str]) -> None:
        """Show the warnings that need confirming with a box to tick (unticked when new)."""
        wanted = [w for w in warnings if isinstance(w, Acknowledge)]
        if wanted != self._to_acknowledge:
            self.acknowledge.setChecked(False)
        self._to_acknowledge = wanted
        self.acknowledge.setVisible(bool(wanted))

    def _acknowledged(self) -> list[str]:
        return list(self._to_acknowledge) if self.acknowledge.isChecked() else []

    def start_add(self, prefill: Mapping[str, Any] | None = None) -> None:
        """A new record's form, with ``prefill`` (what a task already knows) filled in."""
        if self.read_only:
            return
        self.editing = None
        self._ask_acknowledgement([])
        self.form.reset()
        self.form.prefill(prefill or {})
        self._limit_status()
        self.form_box.setTitle(tr(self.spec.add_text))
        self.form_box.show()
        self.form.focus_first()

    def start_edit(self, row: int) -> None:
        if self.read_only or not 0 <= row < len(self.records):
            return
        self.editing = self.records[row]
        self._ask_acknowledgement([])
        self.form.set_values(self.editing)
        self._limit_status()
        self.form_box.setTitle(tr("修改记录"))
        self.form_box.show()
        self.form.focus_first()

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._check_timer.stop()
        super().hideEvent(event)

    def cancel(self) -> None:
        self._check_timer.stop()
        self._ask_acknowledgement([])
        self.editing = None
        self.form.clear_messages()
        self.form_box.hide()

    def _schedule_check(self) -> None:
        if self.form_box.isHidden():
            return
        self._propose_next_visit()
        self._check_timer.start()

    def _propose_next_visit(self) -> None:
        """A visit's next date follows from how the person is doing, until the user sets one."""
        if self.spec.model is not FollowUpVisit:
            return
        values = self.form.values()
        current = values.get("next_planned_date")
        if values.get("done_date") is None or current not in (None, self._proposed):
            return
        wellbeing = {
            d: Wellbeing(values[d]) if values.get(d) else None for d in WELLBEING_DIMENSIONS
        }
        self._proposed = propose_next_visit(values["done_date"], wellbeing)
        editor = self.form.editors["next_planned_date"]
        editor.blockSignals(True)
        editor.set(self._proposed)
        editor.blockSignals(False)

    def check_now(self) -> bool:
        """Run the save's rules on the form without saving; show every problem."""
        record_id = self.editing["id"] if self.editing else None
        try:
            warnings = self.workspace.check(
                records.check_record, self.spec.model, self.case_id, self.form.values(), record_id
            )
        except ConsentRequired:
            self.form.clear_messages()  # decided at save time, where a supervisor may override
            return True
        except DomainError as exc:
            self.form.show_domain_error(exc)
            return False
        except Exception:  # a check while typing must not break the form;
            return True  # the save reports whatever went wrong
        self.form.clear_messages()
        self.form.show_warnings(warnings)
        self._ask_acknowledgement(warnings)
        return True

    def save(self) -> bool:
        self._check_timer.stop()
        values = self.form.values()
        try:
            saved = self._write(values, self.editing["version"] if self.editing else None)
        except ConflictError:
            return self._resolve_conflict(values)
        except AcknowledgementRequired as exc:
            self.form.show_error(exc.field, exc.message)
            self._ask_acknowledgement(list(exc.warnings))
            return False
        except DomainError as exc:
            # The check names every problem of the form; a refusal it cannot foresee (the
            # consent, a number already used) is the save's own.
            if self.check_now():
                self.form.show_domain_error(exc)
            return False
        if saved is None:
            return False
        self._after_save(saved.warnings)
        return True

    def _write(
        self, values: dict[str, Any], version: int | None, override: str | None = None
    ) -> records.Saved | None:
        model = self.spec.model
        try:
            if self.editing is None:
                return self.workspace.call(
                    records.add_record,
                    model,
                    self.case_id,
                    values,
                    override_reason=override,
                    acknowledged=self._acknowledged(),
                )
            if (
                model is FollowUpVisit
                and self.editing.get("done_date") is None
                and values.get("done_date") is not None
            ):
                # Recording a planned visit as done also plans the next one.
                return self.workspace.call(
                    records.record_visit, self.editing["id"], version, values
                )
            return self.workspace.call(
                records.update_record,
                model,
                self.editing["id"],
                version,
                values,
                override_reason=override,
                acknowledged=self._acknowledged(),
            )
        except ConsentRequired as exc:
            reason = self._override_reason(exc.message) if override is None else None
            if reason is None:
                raise
            return self._write(values, version, reason)

    def _override_reason(self, message: str) -> str | None:
        """A supervisor may share without consent, with a reason kept in the timeline."""
        if self.workspace.actor.role != Role.SUPERVISOR:
            return None
        reason, ok = QInputDialog.getText(
            self,
            tr("没有有效的同意"),
            tr("{0}\n\n作为主管，您可以说明理由后越权批准（理由将记入个案经过）：").format(message),
        )
        return reason.strip() if ok and reason.strip() else None

    def _resolve_conflict(self, mine: dict[str, Any]) -> bool:
        assert self.editing is not None
        theirs = self.workspace.check(case_file.record_values, self.spec.model, self.editing["id"])
        dialog = ConflictDialog(
            self.spec.fields, self.editing, mine, theirs, agencies=self.agency_names, parent=self
        )
        if not dialog.exec():
            return False
        self.editing = theirs  # the merge is saved over the version now stored
        self.form.set_values(dialog.merged())
        return self.save()

    def _after_save(self, warnings: list[str]) -> None:
        self._ask_acknowledgement([])
        self.editing = None
        self.form_box.hide()
        self.reload()
        text = tr("已保存。")
        if warnings:
            text += " " + "；".join(warnings)
        self.status.setText(text)
        self.saved.emit()

    # -- actions on a saved record ---------------------------------------------------
    def _selected(self) -> dict[str, Any] | None:
        row = self.table.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None

    def void_selected(self) -> None:
        record = self._selected()
        if record is None:
            return
        reason, ok = QInputDialog.getText(
            self, tr("作废记录"), tr("作废原因（记录不会删除，仍留在个案经过中）：")
        )
        if not ok:
            return
        try:
            self.workspace.call(
                records.void_record,
                self.spec.model,
                record["id"],
                reason,
                expected_version=record["version"],
            )
        except DomainError as exc:
            show_error(self, exc, title=tr("无法作废"))
            return
        self._after_save([])

    def approve_selected(self) -> None:
        record = self._selected()
        if record is None:
            return
        if record.get("status") != PlacementStatus.PLANNED:
            QMessageBox.information(self, tr("批准安置方案"), tr("只有拟定中的方案可以批准。"))
            return
        # The plan as its author wrote it is what is approved: shown above the comment.
        plan = record.get("plan") or tr("（未写方案）")
        comment, ok = QInputDialog.getText(
            self, tr("批准安置方案"), tr("安置方案：{0}\n\n批准意见（可不填）：").format(plan)
        )
        if not ok:
            return
        try:
            self.workspace.call(
                records.approve_placement,
                record["id"],
                expected_version=record["version"],
                comment=comment.strip() or None,
            )
        except DomainError as exc:
            show_error(self, exc, title=tr("无法批准"))
            return
        self._after_save([])

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Escape and not self.form_box.isHidden():
            self.cancel()
            return
        super().keyPressEvent(event)
