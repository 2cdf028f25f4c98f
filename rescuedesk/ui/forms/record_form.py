"""A form for one kind of record, built from its spec, with each error beside its field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from rescuedesk.errors import DomainError
from rescuedesk.ui.dialogs.form_parts import error_label
from rescuedesk.ui.forms.field_editors import FieldEditor, make_editor, tr
from rescuedesk.ui.forms.specs import SectionSpec


def warning_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #8a5a00")
    label.setWordWrap(True)
    return label


class RecordForm(QWidget):
    """Editors for the fields of ``spec``; ``values()`` is what the service gets."""

    changed = Signal()

    def __init__(
        self,
        spec: SectionSpec,
        agencies: Sequence[tuple[int, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.editors: dict[str, FieldEditor] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in spec.fields:
            if field.table_only:
                continue
            editor = make_editor(field, agencies)
            editor.changed.connect(self.changed)
            self.editors[field.name] = editor
            form.addRow(tr(field.label), editor.widget)
            label = error_label()
            label.setObjectName(f"error_{field.name}")
            label.hide()
            self.errors[field.name] = label
            form.addRow("", label)
        self.general_error = error_label()
        self.general_error.setObjectName("error_general")
        self.warnings = warning_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.warnings)

    def values(self) -> dict[str, Any]:
        return {name: editor.get() for name, editor in self.editors.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        for name, editor in self.editors.items():
            editor.blockSignals(True)
            editor.set(values.get(name))
            editor.blockSignals(False)
        self.clear_messages()

    def prefill(self, values: Mapping[str, Any]) -> None:
        """Set these fields of a new record, leaving the others as reset made them."""
        for name, value in values.items():
            editor = self.editors.get(name)
            if editor is not None:
                editor.blockSignals(True)
                editor.set(value)
                editor.blockSignals(False)

    def reset(self) -> None:
        for editor in self.editors.values():
            editor.blockSignals(True)
            editor.reset()
            editor.blockSignals(False)
        self.clear_messages()

    def clear_messages(self) -> None:
        for label in self.errors.values():
            label.hide()
            label.clear()
        self.general_error.clear()
        self.warnings.clear()

    def show_error(self, field: str | None, message: str) -> None:
        """The service's message beside the field it names (or under the form)."""
        self.show_problems([(field, message)])

    def show_domain_error(self, exc: DomainError) -> None:
        """Every problem the service found (``exc.errors``), each beside its field."""
        self.show_problems([(p.field, p.message) for p in exc.errors])

    def show_problems(self, problems: Sequence[tuple[str | None, str]]) -> None:
        self.clear_messages()
        general: list[str] = []
        first: QLabel | None = None
        for field, message in problems:
            label = self.errors.get(field or "")
            if label is None:
                general.append(message)
                continue
            if message not in label.text().split("\n"):
                label.setText(f"{label.text()}\n{message}" if label.text() else message)
            label.show()
            first = first or label
        self.general_error.setText("\n".join(dict.fromkeys(general)))
        if first is not None:
            self._bring_into_view(first)

    def problems_text(self) -> str:
        """What the form shows as wrong, each with its field's name (for the status bar)."""
        labels = {f.name: tr(f.label) for f in self.spec.fields}
        parts = [
            tr("{0}：{1}").format(labels.get(name, name), label.text().replace("\n", "；"))
            for name, label in self.errors.items()
            if label.text()
        ]
        if self.general_error.text():
            parts.append(self.general_error.text().replace("\n", "；"))
        return "；".join(parts)

    def _bring_into_view(self, label: QLabel) -> None:
        """Long pages scroll: the message must be where the user looks."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if isinstance(parent, QScrollArea):
            area = parent
            # After the layout has placed the label, not before.
            QTimer.singleShot(0, lambda: area.ensureWidgetVisible(label, 50, 80))

    def show_warnings(self, warnings: Sequence[str]) -> None:
        self.warnings.setText("\n".join(f"注意：{w}" for w in warnings))

    def error_text(self) -> str:
        """Every message the form shows now (for tests and the status bar)."""
        texts = [label.text() for label in self.errors.values() if label.text()]
        return "\n".join([*texts, self.general_error.text()]).strip()

    def focus_first(self) -> None:
        first = next(iter(self.editors.values()), None)
        if first is not None:
            first.widget.setFocus()
