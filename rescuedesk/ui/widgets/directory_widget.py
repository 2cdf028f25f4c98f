"""Directory for administrators: units and partner agencies, added and edited in place."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.errors import DomainError
from rescuedesk.models.enums import AgencyType, UnitKind
from rescuedesk.reference import places
from rescuedesk.reference.labels import AGENCY_TYPE_LABELS, UNIT_KIND_LABELS
from rescuedesk.services.office import directory
from rescuedesk.ui.dialogs.form_parts import error_label, ok_cancel
from rescuedesk.ui.forms.place_picker import PlacePicker
from rescuedesk.ui.ops import DIRECTORY, Change, Workspace, show_error

UNIT_KINDS = UNIT_KIND_LABELS
# Fields chosen with the place picker (typed as people say places, kept as codes).
PLACE_FIELDS = frozenset({"division_code"})
AGENCY_TYPES = AGENCY_TYPE_LABELS


class RecordDialog(QDialog):
    """A small form: text fields and one choice; the service's message shows below."""

    def __init__(
        self,
        title: str,
        fields: list[tuple[str, str]],
        choice: tuple[str, str, dict],  # type: ignore[type-arg]
        values: dict[str, Any],
        save,
        parent: QWidget | None = None,
    ) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self._save = save
        self.edits: dict[str, QLineEdit] = {}
        self.places: dict[str, PlacePicker] = {}
        form = QFormLayout()
        key, label, options = choice
        self.choice_key = key
        self.choice = QComboBox()
        for code, text in options.items():
            self.choice.addItem(text, code)
        if values.get(key):
            self.choice.setCurrentIndex(self.choice.findData(values[key]))
        form.addRow(label, self.choice)
        for name, text in fields:
            if name in PLACE_FIELDS:
                picker = PlacePicker()
                picker.set_code(values.get(name))
                self.places[name] = picker
                form.addRow(text, picker)
                continue
            edit = QLineEdit(str(values.get(name) or ""))
            self.edits[name] = edit
            form.addRow(text, edit)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self, self.tr("保存"), self.accept_form))

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {n: e.text() for n, e in self.edits.items()}
        for name, picker in self.places.items():
            picker.commit()  # saved from inside the box: its text judged as on leaving it
            data[name] = picker.value()
        data[self.choice_key] = self.choice.currentData()
        return data

    def accept_form(self) -> None:
        try:
            self._save(self.values())
        except DomainError as exc:
            show_error(self.error, exc)
            return
        self.accept()


class DirectoryWidget(QWidget):
    UNIT_FIELDS: ClassVar[list[tuple[str, str]]] = [
        ("code", "代码（用于个案编号）"),
        ("name", "名称"),
        ("division_code", "所在地区"),
        ("address", "地址"),
        ("phone", "电话"),
    ]
    AGENCY_FIELDS: ClassVar[list[tuple[str, str]]] = [
        ("name", "名称"),
        ("division_code", "所在地区"),
        ("address", "地址"),
        ("contact_person", "联系人"),
        ("phone", "电话"),
    ]

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.units = QTableWidget(0, 4)
        self.units.setHorizontalHeaderLabels(
            [self.tr(h) for h in ("代码", "名称", "类型", "行政区划")]
        )
        self.agencies = QTableWidget(0, 4)
        self.agencies.setHorizontalHeaderLabels(
            [self.tr(h) for h in ("名称", "类型", "联系人", "电话")]
        )
        for table in (self.units, self.agencies):
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
            table.horizontalHeader().setStretchLastSection(True)
            table.verticalHeader().setVisible(False)
        self.unit_rows: list[Any] = []
        self.agency_rows: list[Any] = []
        buttons = QHBoxLayout()
        for text, slot in (
            ("新增单位…", self.add_unit),
            ("编辑单位…", self.edit_unit),
            ("新增合作机构…", self.add_agency),
            ("编辑合作机构…", self.edit_agency),
        ):
            button = QPushButton(self.tr(text))
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.units)
        layout.addWidget(self.agencies)
        self.refresh()
        # A unit or agency saved anywhere (here, or by another view) shows here.
        workspace.changes.changed.connect(self._changed)

    def _changed(self, changes: tuple[Change, ...]) -> None:
        if DIRECTORY in changes:
            self.refresh()

    def refresh(self) -> None:
        # Each row as (id, version, the values its edit form starts from).
        def load(session, actor):  # type: ignore[no-untyped-def]
            units = [
                (
                    u.id,
                    u.version,
                    {
                        "code": u.code,
                        "name": u.name,
                        "kind": u.kind.value,
                        "division_code": u.division_code,
                        "address": u.address,
                        "phone": u.phone,
                    },
                )
                for u in directory.list_units(session)
            ]
            agencies = [
                (
                    a.id,
                    a.version,
                    {
                        "name": a.name,
                        "agency_type": a.agency_type.value,
                        "contact_person": a.contact_person,
                        "phone": a.phone,
                        "division_code": a.division_code,
                        "address": a.address,
                    },
                )
                for a in directory.list_agencies(session)
            ]
            return units, agencies

        self.unit_rows, self.agency_rows = self.workspace.call(load)
        self._fill(
            self.units,
            [
                (
                    v["code"],
                    v["name"],
                    UNIT_KINDS.get(v["kind"], v["kind"]),
                    places.display(v["division_code"]),
                )
                for _, _, v in self.unit_rows
            ],
        )
        self._fill(
            self.agencies,
            [
                (
                    v["name"],
                    AGENCY_TYPES.get(v["agency_type"], v["agency_type"]),
                    v["contact_person"] or "",
                    v["phone"] or "",
                )
                for _, _, v in self.agency_rows
            ],
        )

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple]) -> None:  # type: ignore[type-arg]
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(str(value)))

    def _dialog(self, title: str, fields, kinds, values, save) -> bool:  # type: ignore[no-untyped-def]
        """A unit's or an agency's form; ``kinds`` is the (field, labels) of its kind."""

        def save_and_tell(data: dict[str, Any]) -> None:
            save(data)
            self.workspace.changes.tell([DIRECTORY])  # the open directory views refresh

        key, options = kinds
        choice = (key, self.tr("类型"), options)
        dialog = RecordDialog(self.tr(title), fields, choice, values, save_and_tell, self)
        return bool(dialog.exec())

    def _edit(
        self, table: QTableWidget, rows: list[Any], title: str, fields, kinds, update
    ) -> None:  # type: ignore[no-untyped-def]
        """The form of the row chosen in ``table``, saved by ``update`` (id, version, values)."""
        row = table.currentRow()
        if not 0 <= row < len(rows):
            return
        ident, version, values = rows[row]
        self._dialog(
            title, fields, kinds, values, lambda v: self.workspace.call(update, ident, version, v)
        )

    def add_unit(self) -> None:
        self._dialog(
            "新增单位",
            self.UNIT_FIELDS,
            ("kind", UNIT_KINDS),
            {},
            lambda v: self.workspace.call(directory.create_unit, v),
        )

    def edit_unit(self) -> None:
        fields = [f for f in self.UNIT_FIELDS if f[0] != "code"]  # the code never changes
        self._edit(
            self.units,
            self.unit_rows,
            "编辑单位",
            fields,
            ("kind", UNIT_KINDS),
            directory.update_unit,
        )

    def add_agency(self) -> None:
        self._dialog(
            "新增合作机构",
            self.AGENCY_FIELDS,
            ("agency_type", AGENCY_TYPES),
            {},
            lambda v: self.workspace.call(directory.create_agency, v),
        )

    def edit_agency(self) -> None:
        self._edit(
            self.agencies,
            self.agency_rows,
            "编辑合作机构",
            self.AGENCY_FIELDS,
            ("agency_type", AGENCY_TYPES),
            directory.update_agency,
        )


assert set(UNIT_KINDS) == {k.value for k in UnitKind}
assert set(AGENCY_TYPES) == {t.value for t in AgencyType}
