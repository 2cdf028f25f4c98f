"""A single record shown as an editable form: the person, or the case itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from rescuedesk.errors import ConflictError, DomainError
from rescuedesk.services.casefile import case_file
from rescuedesk.ui.dialogs.conflict_dialog import ConflictDialog
from rescuedesk.ui.forms.field_editors import tr
from rescuedesk.ui.forms.record_form import RecordForm
from rescuedesk.ui.forms.specs import SectionSpec
from rescuedesk.ui.ops import Workspace

# (session, actor, record_id, expected_version, changes) -> Saved
SaveFn = Callable[..., Any]


class DetailsSection(QGroupBox):
    saved = Signal()

    def __init__(
        self,
        workspace: Workspace,
        spec: SectionSpec,
        save_fn: SaveFn,
        agencies: Sequence[tuple[int, str]] = (),
        parent: QWidget | None = None,
        *,
        shown: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(tr(spec.title), parent)
        self.workspace = workspace
        self.spec = spec
        self.save_fn = save_fn
        # The stored values as the form shows them (an age range from the birth years).
        self.shown = shown
        self.stored: dict[str, Any] = {}
        self.form = RecordForm(spec, agencies)
        self.form.changed.connect(lambda: self.status.setText(tr("有未保存的修改。")))
        self.save_button = QPushButton(tr(spec.add_text))
        self.save_button.clicked.connect(self.save)
        undo = QPushButton(tr("撤销未保存的修改"))
        undo.clicked.connect(lambda: self.load(self.stored))
        self.status = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(undo)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(buttons)

    def set_read_only(self, read_only: bool) -> None:
        """A closed case's person and case details are shown, not changed."""
        if read_only:
            self.load(self.stored)  # unsaved edits go: the case closed under them
        self.form.setEnabled(not read_only)
        for button in self.findChildren(QPushButton):
            button.setEnabled(not read_only)

    def load(self, values: dict[str, Any]) -> None:
        self.stored = self.shown(values) if self.shown is not None else values
        self.form.set_values(self.stored)
        self.status.clear()

    def is_dirty(self) -> bool:
        return any(
            self.form.editors[f.name].get() != _comparable(self.stored.get(f.name))
            for f in self.spec.fields
            if f.kind not in ("choices", "carers", "money")
        )

    def save(self) -> bool:
        values = self.form.values()
        changes = {k: v for k, v in values.items() if v != _comparable(self.stored.get(k))}
        if not changes:
            self.status.setText(tr("没有需要保存的修改。"))
            return True
        try:
            saved = self.workspace.call(
                self.save_fn, self.stored["id"], self.stored["version"], changes
            )
        except ConflictError:
            return self._resolve_conflict(values)
        except DomainError as exc:
            self.form.show_domain_error(exc)
            return False
        self.load(case_file.values_of(saved.record))
        if saved.warnings:
            self.form.show_warnings(saved.warnings)
        self.status.setText(tr("已保存。"))
        self.saved.emit()
        return True

    def _resolve_conflict(self, mine: dict[str, Any]) -> bool:
        theirs = self.workspace.check(case_file.record_values, self.spec.model, self.stored["id"])
        dialog = ConflictDialog(self.spec.fields, self.stored, mine, theirs, parent=self)
        if not dialog.exec():
            return False
        merged = dialog.merged()
        self.stored = theirs
        self.form.set_values(merged)
        return self.save()


def _comparable(value: Any) -> Any:
    """A stored value as the editors give it back (enum members as their codes)."""
    return getattr(value, "value", value)
