"""One editor widget per kind of field, each with the same small interface.

``get()`` returns what the service takes (None for an empty optional field, dates as
``datetime.date``, enum codes as strings), ``set(value)`` shows a stored value, and
``changed`` fires on every edit so the form can check itself as the user types.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDoubleValidator, QIntValidator, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rescuedesk import clock
from rescuedesk.models.enums import CarerRelation
from rescuedesk.reference import languages, nationalities, places
from rescuedesk.reference.labels import ENUM_LABELS, enum_label
from rescuedesk.ui.forms.date_edit import TypedDateEdit
from rescuedesk.ui.forms.place_picker import PlacePicker
from rescuedesk.ui.forms.reference_choosers import LanguagesChooser, nationality_chooser
from rescuedesk.ui.forms.specs import TODAY, FieldSpec

# A QDateEdit cannot be empty; its minimum date stands for "not filled in".
NO_DATE = QDate(1900, 1, 1)
DATE_FORMAT = "yyyy年M月d日"


def tr(text: str) -> str:
    return QCoreApplication.translate("fields", text)


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class _WheelGuard(QObject):
    """Turning the wheel over a drop-down, a spin box or a date while scrolling a form
    changed its value unnoticed (a consent's purpose): only a focused editor takes the
    wheel; otherwise the wheel goes on to the page, which scrolls."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QWidget)
            and not watched.hasFocus()
        ):
            event.ignore()  # ignored, Qt hands the wheel to the parent: the page scrolls
            return True
        return False


_wheel_guard: _WheelGuard | None = None


def ignore_wheel_unless_focused(widget: QWidget) -> None:
    """For every editor a form shows whose value the wheel changes."""
    global _wheel_guard
    if _wheel_guard is None:
        _wheel_guard = _WheelGuard()
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel must not give it focus
    widget.installEventFilter(_wheel_guard)


class FieldEditor(QObject):
    changed = Signal()

    def __init__(self, spec: FieldSpec, widget: QWidget) -> None:
        super().__init__(widget)
        self.spec = spec
        self.widget = widget
        widget.setObjectName(f"field_{spec.name}")
        if isinstance(widget, QComboBox | QAbstractSpinBox):
            ignore_wheel_unless_focused(widget)

    def get(self) -> Any:
        raise NotImplementedError

    def set(self, value: Any) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        default = self.spec.default
        self.set(clock.today() if default is TODAY else default)


class TextEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        self.edit = QLineEdit()
        super().__init__(spec, self.edit)
        if spec.placeholder:
            self.edit.setPlaceholderText(tr(spec.placeholder))
        self.edit.textEdited.connect(self.changed)

    def get(self) -> Any:
        return self.edit.text().strip() or None

    def set(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))


class NumberEditor(TextEditor):
    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        if spec.kind == "int":
            self.edit.setValidator(QIntValidator(0, 1_000_000, self.edit))
        else:
            validator = QDoubleValidator(0, 1e9, 2, self.edit)
            validator.setNotation(QDoubleValidator.Notation.StandardNotation)
            self.edit.setValidator(validator)

    def get(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return None
        try:
            return int(text) if self.spec.kind == "int" else Decimal(text)
        except (ValueError, ArithmeticError):
            return text  # the service names what is wrong with it

    def set(self, value: Any) -> None:
        if isinstance(value, Decimal):
            value = format(value.normalize(), "f")
        super().set(value)


class MultilineEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        self.edit = QPlainTextEdit()
        super().__init__(spec, self.edit)
        self.edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.edit.setMaximumHeight(80)
        self.edit.textChanged.connect(self.changed)

    def get(self) -> Any:
        return self.edit.toPlainText().strip() or None

    def set(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))


class DateEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        # Takes 2026.3.5, 20260305, 3/5 … typed whole, not only one section at a time.
        self.edit = TypedDateEdit()
        super().__init__(spec, self.edit)
        self.optional = spec.kind == "date?"
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(tr(DATE_FORMAT))
        if self.optional:
            self.edit.setMinimumDate(NO_DATE)
            self.edit.setSpecialValueText(tr("（未填）"))
            # An empty date's calendar opened in January 1900: open it at today's month.
            self.edit.calendarWidget().installEventFilter(self)
        self.edit.dateChanged.connect(self.changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.edit.date() == NO_DATE:
            today = clock.today()
            self.edit.calendarWidget().setCurrentPage(today.year, today.month)
        return False

    def get(self) -> Any:
        self.edit.interpretText()  # saved with Ctrl+S while still typing in the box
        if self.edit.typed_problem is not None:
            return self.edit.typed_problem[0]  # the service names what is wrong with it
        value = self.edit.date()
        if self.optional and value == NO_DATE:
            return None
        return value.toPython()

    def set(self, value: Any) -> None:
        self.edit.typed_problem = None
        if value is None:
            self.edit.setDate(NO_DATE if self.optional else qdate(clock.today()))
        else:
            self.edit.setDate(qdate(value))


class EnumEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        self.combo = QComboBox()
        super().__init__(spec, self.combo)
        assert spec.enum is not None
        if spec.kind == "enum?":
            self.combo.addItem(tr("（未填）"), None)
        labels = ENUM_LABELS.get(spec.enum.__name__, {})
        for member in spec.enum:
            self.combo.addItem(tr(labels.get(member.value, member.value)), member.value)
        self.combo.currentIndexChanged.connect(self.changed)

    def get(self) -> Any:
        return self.combo.currentData()

    def set(self, value: Any) -> None:
        code = getattr(value, "value", value)
        index = self.combo.findData(code)
        self.combo.setCurrentIndex(max(index, 0))

    def limit_to(self, codes: Iterable[str] | None, why: str = "") -> None:
        """Offer only ``codes`` (all when None); the others stay visible but cannot be picked."""
        allowed = None if codes is None else {getattr(c, "value", c) for c in codes}
        model = self.combo.model()
        for row in range(self.combo.count()):
            item = model.item(row) if isinstance(model, QStandardItemModel) else None
            if item is not None:
                item.setEnabled(allowed is None or self.combo.itemData(row) in allowed)
        self.combo.setEnabled(allowed is None or len(allowed) > 1)
        self.combo.setToolTip(why if allowed is not None else "")


class BoolEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        self.box = QCheckBox()
        super().__init__(spec, self.box)
        self.box.toggled.connect(self.changed)

    def get(self) -> Any:
        return self.box.isChecked()

    def set(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class AgencyEditor(FieldEditor):
    """A partner agency from the directory (or none)."""

    def __init__(self, spec: FieldSpec, agencies: Sequence[tuple[int, str]]) -> None:
        self.combo = QComboBox()
        super().__init__(spec, self.combo)
        self.combo.addItem(tr("（不选）"), None)
        for agency_id, name in agencies:
            self.combo.addItem(name, agency_id)
        self.combo.currentIndexChanged.connect(self.changed)

    def get(self) -> Any:
        return self.combo.currentData()

    def set(self, value: Any) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(value), 0))


class LookupEditor(FieldEditor):
    """One code out of a fixed list (e.g. the 56 ethnic groups), or none."""

    def __init__(self, spec: FieldSpec) -> None:
        self.combo = QComboBox()
        super().__init__(spec, self.combo)
        self.combo.addItem(tr("（未填）"), None)
        for code, label in spec.choices:
            self.combo.addItem(tr(label), code)
        self.combo.currentIndexChanged.connect(self.changed)

    def get(self) -> Any:
        return self.combo.currentData()

    def set(self, value: Any) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(value), 0))


class SuggestEditor(FieldEditor):
    """Free text, with the usual answers in the drop-down (体型: 偏瘦, 中等...)."""

    def __init__(self, spec: FieldSpec) -> None:
        self.combo = QComboBox()
        super().__init__(spec, self.combo)
        self.combo.setEditable(True)
        self.combo.addItem("")
        for text, label in spec.choices:
            self.combo.addItem(tr(label), text)
        self.combo.currentTextChanged.connect(lambda _text: self.changed.emit())

    def get(self) -> Any:
        index = self.combo.findText(self.combo.currentText())
        data = self.combo.itemData(index) if index > 0 else None
        return data or self.combo.currentText().strip() or None

    def set(self, value: Any) -> None:
        index = self.combo.findData(value) if value else 0
        if index >= 0:
            self.combo.setCurrentIndex(index)
        else:
            self.combo.setEditText(str(value))


NAME_SEPARATORS = re.compile(r"[、，,;；\s]+")


class NamesEditor(TextEditor):
    """Several names in one line, separated by 、 (刘兰兰、丫丫)."""

    def get(self) -> Any:
        return [n for n in NAME_SEPARATORS.split(self.edit.text()) if n] or None

    def set(self, value: Any) -> None:
        self.edit.setText("、".join(value or []))


class AgeRangeEditor(FieldEditor):
    """An estimated age, from – to (岁); empty when neither is given."""

    def __init__(self, spec: FieldSpec) -> None:
        box = QWidget()
        super().__init__(spec, box)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.youngest, self.oldest = QSpinBox(), QSpinBox()
        for spin, name in ((self.youngest, "youngest"), (self.oldest, "oldest")):
            spin.setObjectName(f"field_{spec.name}_{name}")
            spin.setRange(-1, 120)
            spin.setSpecialValueText(tr("不详"))
            spin.setSuffix(tr(" 岁"))
            spin.setValue(-1)
            ignore_wheel_unless_focused(spin)
            spin.valueChanged.connect(lambda _v: self.changed.emit())
        layout.addWidget(self.youngest)
        layout.addWidget(QLabel(tr("至")))
        layout.addWidget(self.oldest)
        layout.addStretch(1)

    def get(self) -> Any:
        ages = [s.value() if s.value() >= 0 else None for s in (self.youngest, self.oldest)]
        if ages == [None, None]:
            return None
        return [ages[0] if ages[0] is not None else ages[1],
                ages[1] if ages[1] is not None else ages[0]]  # fmt: skip

    def set(self, value: Any) -> None:
        youngest, oldest = value if value else (-1, -1)
        self.youngest.setValue(youngest)
        self.oldest.setValue(oldest)


class ChoicesEditor(FieldEditor):
    """Several codes out of a fixed list, ticked."""

    def __init__(self, spec: FieldSpec) -> None:
        self.list = QListWidget()
        super().__init__(spec, self.list)
        self.list.setMaximumHeight(110)
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(True)
        for code, label in spec.choices:
            item = QListWidgetItem(tr(label))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())

    def get(self) -> Any:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set(self, value: Any) -> None:
        wanted = set(value or [])
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self.changed.emit()


class NationalityEditor(FieldEditor):
    """A country by name, pinyin or code (越南, yuenan, VNM), stored as its alpha-3 code."""

    def __init__(self, spec: FieldSpec) -> None:
        self.chooser = nationality_chooser()
        super().__init__(spec, self.chooser)
        self.chooser.currentIndexChanged.connect(self.changed)
        self.chooser.editTextChanged.connect(self.changed)

    def get(self) -> Any:
        return self.chooser.code()

    def set(self, value: Any) -> None:
        self.chooser.set_code(value)


class LanguagesEditor(FieldEditor):
    """Several languages from the ranked list, or a dialect typed (四川话)."""

    def __init__(self, spec: FieldSpec) -> None:
        self.chooser = LanguagesChooser()
        super().__init__(spec, self.chooser)
        ignore_wheel_unless_focused(self.chooser.chooser)
        self.chooser.changed.connect(self.changed)

    def get(self) -> Any:
        return self.chooser.codes()

    def set(self, value: Any) -> None:
        self.chooser.set_codes(value)


class PlaceEditor(FieldEditor):
    """A place typed as people say it or browsed; the service gets its 6-digit code."""

    def __init__(self, spec: FieldSpec) -> None:
        self.picker = PlacePicker()
        super().__init__(spec, self.picker)
        self.picker.changed.connect(self.changed)

    def get(self) -> Any:
        return self.picker.value()  # text naming no single place goes on to be refused

    def set(self, value: Any) -> None:
        self.picker.set_code(None if value is None else str(value))


CARER_COLUMNS = (
    ("name", "姓名"),
    ("relation", "关系"),
    ("id_number", "身份证号"),
    ("phone", "电话"),
)


class CarersEditor(FieldEditor):
    """The people a person is placed with: a small table, one row per carer."""

    def __init__(self, spec: FieldSpec) -> None:
        box = QWidget()
        super().__init__(spec, box)
        self.table = QTableWidget(0, len(CARER_COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(label) for _n, label in CARER_COLUMNS])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(120)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        add = QPushButton(tr("添加照护人"))
        add.clicked.connect(lambda: self.add_carer({}))
        remove = QPushButton(tr("删除所选照护人"))
        remove.clicked.connect(self._remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_carer(self, carer: dict[str, Any]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, (name, _label) in enumerate(CARER_COLUMNS):
            if name == "relation":
                combo = QComboBox()
                for member in CarerRelation:
                    combo.addItem(tr(enum_label(member)), member.value)
                combo.setCurrentIndex(max(combo.findData(carer.get("relation", "parent")), 0))
                ignore_wheel_unless_focused(combo)
                combo.currentIndexChanged.connect(self.changed)
                self.table.setCellWidget(row, column, combo)
            else:
                self.table.setItem(row, column, QTableWidgetItem(str(carer.get(name) or "")))
        self.changed.emit()

    def _remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        self.changed.emit()

    def get(self) -> Any:
        carers = []
        for row in range(self.table.rowCount()):
            carer: dict[str, Any] = {}
            for column, (name, _label) in enumerate(CARER_COLUMNS):
                if name == "relation":
                    combo = self.table.cellWidget(row, column)
                    carer[name] = combo.currentData() if isinstance(combo, QComboBox) else "other"
                else:
                    item = self.table.item(row, column)
                    text = item.text().strip() if item else ""
                    if text:
                        carer[name] = text
            if len(carer) > 1:  # a row with only a relation is an untouched new row
                carers.append(carer)
        return carers

    def set(self, value: Any) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for carer in value or []:
            self.add_carer(carer)
        self.table.blockSignals(False)
        self.changed.emit()


def make_editor(spec: FieldSpec, agencies: Sequence[tuple[int, str]]) -> FieldEditor:
    factories: dict[str, Callable[[], FieldEditor]] = {
        "text": lambda: TextEditor(spec),
        "int": lambda: NumberEditor(spec),
        "money": lambda: NumberEditor(spec),
        "multiline": lambda: MultilineEditor(spec),
        "date": lambda: DateEditor(spec),
        "date?": lambda: DateEditor(spec),
        "enum": lambda: EnumEditor(spec),
        "enum?": lambda: EnumEditor(spec),
        "bool": lambda: BoolEditor(spec),
        "agency": lambda: AgencyEditor(spec, agencies),
        "choices": lambda: ChoicesEditor(spec),
        "lookup": lambda: LookupEditor(spec),
        "carers": lambda: CarersEditor(spec),
        "nationality": lambda: NationalityEditor(spec),
        "languages": lambda: LanguagesEditor(spec),
        "place": lambda: PlaceEditor(spec),
        "age_range": lambda: AgeRangeEditor(spec),
        "names": lambda: NamesEditor(spec),
        "suggest": lambda: SuggestEditor(spec),
    }
    return factories[spec.kind]()


def display(spec: FieldSpec, value: Any, agencies: dict[int, str] | None = None) -> str:
    """A stored value as a cell of a table or a side of the conflict dialog shows it."""
    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, dt.date):
        return tr("{0}年{1}月{2}日").format(value.year, value.month, value.day)
    if spec.kind in ("enum", "enum?") and spec.enum is not None:
        try:
            return tr(enum_label(spec.enum(getattr(value, "value", value))))
        except ValueError:
            return str(value)
    if spec.kind == "bool":
        return tr("是") if value else tr("否")
    if spec.kind == "agency":
        return (agencies or {}).get(value, f"#{value}")
    if spec.kind == "lookup":
        return tr(dict(spec.choices).get(value, str(value)))
    if spec.kind == "nationality":
        return nationalities.name(value)
    if spec.kind == "languages":
        return languages.names(value)
    if spec.kind == "place":
        return places.display(str(value))
    if spec.kind == "age_range":
        youngest, oldest = value
        return (
            tr("{0}岁").format(youngest)
            if youngest == oldest
            else tr("{0}–{1}岁").format(youngest, oldest)
        )
    if spec.kind == "names":
        return "、".join(value)
    if spec.kind == "choices":
        labels = dict(spec.choices)
        return "、".join(tr(labels.get(v, v)) for v in value)
    if spec.kind == "carers":
        return "、".join(
            f"{c.get('name', '')}（{tr(enum_label(CarerRelation(c.get('relation', 'other'))))}）"
            for c in value
        )
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)
