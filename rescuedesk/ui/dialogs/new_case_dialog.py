"""Register a person and open their case (Ctrl+N), in one transaction.

The form checks the ID number as it is typed, and shows any error of the services beside
the field it names; nothing is saved until everything is right.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rescuedesk import clock
from rescuedesk.errors import DomainError
from rescuedesk.models.enums import IntakeChannel, Sex
from rescuedesk.reference.ethnicities import ETHNICITIES
from rescuedesk.reference.labels import ENUM_LABELS
from rescuedesk.services.casefile import cases
from rescuedesk.services.people import persons
from rescuedesk.services.people.identity import parse_id_number
from rescuedesk.ui.dialogs.form_parts import error_label, ok_cancel
from rescuedesk.ui.forms.date_edit import TypedDateEdit
from rescuedesk.ui.forms.field_editors import ignore_wheel_unless_focused, qdate
from rescuedesk.ui.forms.place_picker import PlacePicker
from rescuedesk.ui.forms.record_form import RecordForm
from rescuedesk.ui.forms.reference_choosers import LanguagesChooser, nationality_chooser
from rescuedesk.ui.forms.specs import DESCRIPTION
from rescuedesk.ui.ops import CASES, Workspace

CHANNELS = tuple(ENUM_LABELS["IntakeChannel"].items())


class NewCaseDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.case_id: int | None = None
        self.setWindowTitle(self.tr("登记新个案"))
        self.setMinimumWidth(560)
        today = clock.today()
        self.real_name = QLineEdit()
        self.alias = QLineEdit()
        self.alias.setPlaceholderText(self.tr("身份不明时填写化名"))
        self.identity_known = QCheckBox(self.tr("身份已知"))
        self.identity_known.setChecked(True)
        self.sex = QComboBox()
        for code, text in ENUM_LABELS["Sex"].items():
            self.sex.addItem(self.tr(text), code)
        self.birth_known = QCheckBox(self.tr("知道出生日期"))
        self.birth_date = TypedDateEdit(qdate(today.replace(year=today.year - 20)))
        self.birth_date.setCalendarPopup(True)
        self.birth_date.setDisplayFormat(self.tr("yyyy年M月d日"))
        self.birth_date.setEnabled(False)
        self.birth_known.toggled.connect(self.birth_date.setEnabled)
        self.birth_year = QSpinBox()
        self.birth_year.setRange(0, today.year)
        self.birth_year.setSpecialValueText(self.tr("不详"))
        self.id_number = QLineEdit()
        self.ethnicity = QComboBox()
        self.ethnicity.addItem(self.tr("（不填）"), None)
        for code, name in ETHNICITIES.items():
            self.ethnicity.addItem(name, code)
        self.ethnicity.setCurrentIndex(1)
        self.nationality = nationality_chooser()  # by name: 越南, yuenan or VNM
        self.nationality.set_code("CHN")
        self.languages = LanguagesChooser()
        self.origin = PlacePicker()  # typed as people say it (文山州, 百色); the code is kept
        self.channel = QComboBox()
        for code, text in CHANNELS:
            self.channel.addItem(self.tr(text), code)
        self.police_unit = QLineEdit()
        self.police_reference = QLineEdit()
        self.rescue_date = TypedDateEdit(qdate(today))
        self.rescue_date.setCalendarPopup(True)
        self.rescue_date.setDisplayFormat(self.tr("yyyy年M月d日"))
        self.intake_date = TypedDateEdit(qdate(today))
        self.intake_date.setCalendarPopup(True)
        self.intake_date.setDisplayFormat(self.tr("yyyy年M月d日"))
        self.rescue_place = QLineEdit()
        self.rescue_region = PlacePicker()
        # The same description as the case file's (ui/forms/specs.py), while identity is
        # unknown: what a family would recognise, asked once at intake (HLJ 48).
        self.description = RecordForm(DESCRIPTION)
        self.description.setObjectName("description")
        self.description.reset()  # empty, as a new record's form starts
        self.description_box = QGroupBox(self.tr("体貌特征（供寻亲比对）"))
        QVBoxLayout(self.description_box).addWidget(self.description)
        self.description_box.setVisible(False)
        self.identity_known.toggled.connect(
            lambda known: self.description_box.setVisible(not known)
        )
        for editor in (self.sex, self.birth_date, self.birth_year, self.ethnicity, self.channel):
            ignore_wheel_unless_focused(editor)
        for editor in (self.nationality, self.languages.chooser):
            ignore_wheel_unless_focused(editor)
        for editor in (self.rescue_date, self.intake_date):
            ignore_wheel_unless_focused(editor)
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for field, label, widget in (
            ("real_name", "姓名", self.real_name),
            ("alias", "化名", self.alias),
            ("identity_known", "", self.identity_known),
            ("sex", "性别", self.sex),
            ("birth_date", "出生日期", self.birth_date),
            ("", "", self.birth_known),
            ("birth_year_estimated", "估计出生年份", self.birth_year),
            ("id_number", "身份证号", self.id_number),
            ("ethnicity", "民族", self.ethnicity),
            ("nationality", "国籍", self.nationality),
            ("languages", "语言", self.languages),
            ("household_registration_code", "户籍地", self.origin),
            ("intake_channel", "来源", self.channel),
            ("referring_police_unit", "移交公安机关", self.police_unit),
            ("police_reference", "公安案件编号", self.police_reference),
            ("rescue_date", "解救日期", self.rescue_date),
            ("intake_date", "接收日期", self.intake_date),
            ("rescue_place", "解救地点", self.rescue_place),
            ("rescue_place_code", "解救地区", self.rescue_region),
        ):
            form.addRow(self.tr(label), widget)
            if field:
                self.errors[field] = error_label()
                form.addRow("", self.errors[field])
                self.errors[field].hide()
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.description_box)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self, self.tr("登记"), self.save))
        self.id_number.textChanged.connect(self._check_id)

    def _show(self, exc: DomainError) -> None:
        """Every problem the service found (``exc.errors``), each beside its field."""
        for label in self.errors.values():
            label.hide()
            label.clear()
        general: list[str] = []
        described = [
            (p.field, p.message) for p in exc.errors if p.field in self.description.editors
        ]
        self.description.show_problems(described)
        for problem in exc.errors:
            if problem.field in self.description.editors:
                continue
            target = self.errors.get(problem.field or "")
            if target is None:
                general.append(problem.message)
                continue
            if problem.message not in target.text().split("\n"):
                text = target.text()
                target.setText(f"{text}\n{problem.message}" if text else problem.message)
            target.show()
        self.error.setText("\n".join(dict.fromkeys(general)))

    def _check_id(self, text: str) -> None:
        label = self.errors["id_number"]
        if len(text.strip()) < 18:
            label.hide()
            return
        try:
            info = parse_id_number(text, today=clock.today())
        except DomainError as exc:
            label.setText(exc.message)
            label.show()
            return
        label.hide()
        self.sex.setCurrentIndex(self.sex.findData(info.sex.value))
        self.birth_known.setChecked(True)
        self.birth_date.setDate(qdate(info.birth_date))

    def values(self) -> tuple[dict[str, Any], dict[str, Any]]:
        for picker in (self.origin, self.rescue_region):
            picker.commit()  # saved from inside the box: its text judged as on leaving it
        person: dict[str, Any] = {
            "real_name": self.real_name.text(),
            "alias": self.alias.text(),
            "identity_known": self.identity_known.isChecked(),
            "sex": Sex(self.sex.currentData()),
            "id_number": self.id_number.text(),
            "ethnicity": self.ethnicity.currentData(),
            "nationality": self.nationality.code(),
            "languages": self.languages.codes(),
            "household_registration_code": self.origin.value(),
        }
        if not self.identity_known.isChecked():
            given = self.description.values()
            person.update({k: v for k, v in given.items() if v not in (None, "", [])})
        if self.birth_known.isChecked():
            person["birth_date"] = self.birth_date.date().toPython()
        elif self.birth_year.value():
            person["birth_year_estimated"] = self.birth_year.value()
        case = {
            "intake_channel": IntakeChannel(self.channel.currentData()),
            "referring_police_unit": self.police_unit.text(),
            "police_reference": self.police_reference.text(),
            "rescue_date": self.rescue_date.date().toPython(),
            "intake_date": self.intake_date.date().toPython(),
            "rescue_place": self.rescue_place.text(),
            "rescue_place_code": self.rescue_region.value(),
        }
        return person, case

    def save(self) -> None:
        person_data, case_data = self.values()

        def register(session, actor):  # type: ignore[no-untyped-def]
            person = persons.create_person(session, actor, person_data).record
            return cases.open_case(session, actor, person.id, case_data).record.id

        try:
            self.case_id = self.workspace.call(register)  # one transaction: both or neither
        except DomainError as exc:
            self._show(exc)  # beside the fields it names, not the one error line
            return
        self.workspace.changes.tell([CASES])  # the case list and home page show it
        self.accept()
