"""A case tab: the header, a page for each part of the work, and the timeline.

Built from one audited read (``case_file.open_case_file``); after a save only the part that
changed, the header and the timeline are read again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rescuedesk import clock
from rescuedesk.models.enums import ConsentPurpose, Role, Stage
from rescuedesk.models.photo import PersonPhoto
from rescuedesk.reference.labels import enum_label
from rescuedesk.services.casefile import case_file, cases, role_views
from rescuedesk.services.casefile.case_file import CaseFileView, CaseHeader, TimelineEntry
from rescuedesk.services.casefile.form_layout import SectionSpec
from rescuedesk.services.office.access import CASE_ROLES
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import persons
from rescuedesk.ui.forms import draft_values
from rescuedesk.ui.forms.field_editors import tr
from rescuedesk.ui.forms.record_form import RecordForm
from rescuedesk.ui.forms.specs import (
    CASE,
    DESCRIPTION,
    PAGES,
    PERSON,
    REGISTRATION_SECTIONS,
    all_sections,
)
from rescuedesk.ui.ops import Change, Workspace
from rescuedesk.ui.widgets.details_section import DetailsSection
from rescuedesk.ui.widgets.merge_history_widget import MergeHistoryWidget
from rescuedesk.ui.widgets.person_matches_widget import PersonMatchesWidget
from rescuedesk.ui.widgets.photo_widget import PhotoWidget
from rescuedesk.ui.widgets.record_section import RecordSection
from rescuedesk.ui.widgets.timeline_labels import describe

CONSENT_SHORT = {
    ConsentPurpose.CARE: "救助",
    ConsentPurpose.TRACING: "寻亲",
    ConsentPurpose.DATA_SHARING: "共享",
    ConsentPurpose.RESEARCH: "研究",
}


def load_case_file(session, actor, case_id: int) -> tuple[CaseFileView, list[tuple[int, str]]]:  # type: ignore[no-untyped-def]
    """Everything a case tab needs, in one transaction (the read is audited first)."""
    from rescuedesk.services.office.directory import list_agencies

    models = tuple(s.model for s in all_sections())
    view = case_file.open_case_file(session, actor, case_id, models)
    agencies = [(a.id, a.name) for a in list_agencies(session) if a.active]
    return view, agencies


def header_text(h: CaseHeader) -> str:
    name = h.name or tr("（姓名不详）")
    if h.alias:
        name += tr("（化名：{0}）").format(h.alias)
    age = ""
    if h.age is not None:
        age = tr("约{0}岁") if h.age_estimated else tr("{0}岁")
        age = age.format(h.age)
    consent = "  ".join(
        f"{tr(CONSENT_SHORT[p])}{'✓' if h.consents.get(p) else '✗'}" for p in CONSENT_SHORT
    )
    parts = [
        f"<b style='font-size:15pt'>{name}</b>",
        h.case_number,
        tr(enum_label(h.sex)),
        age,
        tr("户籍地：{0}").format(h.origin) if h.origin else "",
        tr("阶段：{0}").format(tr(enum_label(h.stage)))
        + (tr("（已申请结案）") if h.closure_requested else ""),
        tr("社工：{0}").format(h.caseworker or tr("未指定")),
        tr("同意：{0}").format(consent),
    ]
    flags = "、".join(tr(enum_label(f)) for f in h.flags)
    line2 = tr("标记：{0}").format(f"<span style='color:#b00020'>{flags}</span>") if flags else ""
    return " · ".join(p for p in parts if p) + (f"<br>{line2}" if line2 else "")


def closed_note_text() -> str:
    return tr(
        "本个案已结案，档案只读。如需补充或修改，请点“阶段与结案…”，选择“重新开启个案”并填写理由。"
    )


def sent_note_text() -> str:
    return tr("本个案已转移到其他单位，档案只读；这里只显示转出前本单位记录的内容。")


class CaseFileWidget(QWidget):
    stage_requested = Signal(int)
    letter_requested = Signal(int)
    assignment_requested = Signal(int)
    transfer_requested = Signal(int)
    changed = Signal(int)

    def __init__(
        self,
        workspace: Workspace,
        case_id: int,
        view: CaseFileView,
        agencies: list[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.case_id = case_id
        self.save_problem = ""  # why the last Ctrl+S did not save
        self.setProperty("case_id", case_id)
        self.header = QLabel()
        self.header.setObjectName("case_header")
        self.header.setWordWrap(True)
        stage = QPushButton(tr("阶段与结案…"))
        stage.clicked.connect(lambda: self.stage_requested.emit(case_id))
        letter = QPushButton(tr("打印转介函…"))
        letter.clicked.connect(lambda: self.letter_requested.emit(case_id))
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        self.flags_button: QPushButton | None = None
        if role_views.writes_details(workspace.actor):  # not a follow-up worker's to do
            self.flags_button = QPushButton(tr("标记…"))
            self.flags_button.setObjectName("flags_button")
            self.flags_button.setToolTip(
                tr("设置或取消个案标记（强迫劳动、强迫乞讨、安全风险……），须填写理由")
            )
            self.flags_button.clicked.connect(self.edit_flags)
            top.addWidget(self.flags_button)
            top.addWidget(stage)
            top.addWidget(letter)
        else:
            stage.hide()
            letter.hide()
        if workspace.actor.has_role(Role.SUPERVISOR):  # who may assign (access.MATRIX)
            people = QPushButton(tr("人员与分派…"))
            people.setObjectName("assignments_button")
            people.clicked.connect(lambda: self.assignment_requested.emit(case_id))
            top.addWidget(people)
            transfer = QPushButton(tr("转移个案…"))
            transfer.setObjectName("transfer_button")
            transfer.clicked.connect(lambda: self.transfer_requested.emit(case_id))
            top.addWidget(transfer)

        # A closed case is read-only, and says so and how to change it again.
        self.closed_note = QLabel(closed_note_text())
        self.closed_note.setObjectName("closed_note")
        self.closed_note.setWordWrap(True)
        self.closed_note.setStyleSheet("background: #fff4e5; color: #8a5a00; padding: 6px")
        self.closed_note.hide()
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.sections: dict[type, RecordSection] = {}
        actor = workspace.actor
        self.person = DetailsSection(
            workspace, _readable_fields(actor, PERSON, "person"), persons.update_person
        )
        self.description = DetailsSection(
            workspace,
            _readable_fields(actor, DESCRIPTION, "person"),
            persons.update_person,
            shown=_with_estimated_age,
        )
        self.description.setObjectName("description")
        # Two forms of one person record: a save of either moves the other's version on.
        self.person.saved.connect(lambda: self._saved_person(self.person, self.description))
        self.description.saved.connect(lambda: self._saved_person(self.description, self.person))
        self.case = DetailsSection(
            workspace, _readable_fields(actor, CASE, "case"), cases.update_case
        )
        self.merges = MergeHistoryWidget(workspace, case_id)  # hidden when there are none
        self.photos: PhotoWidget | None = None
        self.matches: PersonMatchesWidget | None = None
        registration: list[QWidget] = [self.person, self.description, self.merges, self.case]
        # Only the parts the role reads are built (a follow-up worker's tab: role_views).
        for spec in REGISTRATION_SECTIONS:
            if spec.model in view.parts:
                registration.append(self._section(spec, agencies, view))
        self.pages.addTab(_scrolling(registration), tr("登记与同意"))
        for page in PAGES:
            widgets = [
                self._photos(view)
                if spec.model is PersonPhoto
                else self._section(spec, agencies, view)
                for spec in page.sections
                if spec.model in view.parts
            ]
            if widgets and page.title == "寻亲" and actor.role in CASE_ROLES:
                widgets.append(self._matches(view))
            if widgets:
                self.pages.addTab(_scrolling(widgets), tr(page.title))
        self.timeline = QTableWidget(0, 3)
        self.timeline.setObjectName("timeline")
        self.timeline.setHorizontalHeaderLabels([tr("时间"), tr("人员"), tr("事件")])
        self.timeline.horizontalHeader().setStretchLastSection(True)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.verticalHeader().hide()
        self.pages.addTab(self.timeline, tr("经过"))
        for section in (self.person, self.case):
            section.saved.connect(self.refresh_header)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.closed_note)
        layout.addWidget(self.pages)
        self._load_person(view.person)
        self.case.load(view.case)
        self.show_header(view.header, view.timeline)
        # Writes to this case by an op elsewhere (a letter, a reply on a slip) show here;
        # a bound method: the connection goes with the page.
        workspace.changes.changed.connect(self._changed)

    def _changed(self, changes: tuple[Change, ...]) -> None:
        """Show what an op wrote to this case; input in its forms stays where it is."""
        if any(c.what == "person" and c.person_id == self.person_id for c in changes):
            self.reload_person()  # a merge or its undoing: all of it, the header too
            return
        mine = [c for c in changes if c.what == "case" and c.case_id == self.case_id]
        if not mine:
            return
        for part in dict.fromkeys(c.part for c in mine):
            if part in self.sections:
                self.sections[part].reload()
        self.refresh_header()

    def _load_person(self, values: dict[str, Any]) -> None:
        self.person.load(values)
        self.description.load(values)
        self._show_description(values)

    def _show_description(self, values: dict[str, Any]) -> None:
        """The description for tracing while her identity is unknown (and the role reads it)."""
        unknown = values.get("identity_known") is False
        self.description.setVisible(bool(self.description.spec.fields) and unknown)

    def _saved_person(self, source: DetailsSection, other: DetailsSection) -> None:
        names = {f.name for f in other.spec.fields}
        kept = {k: v for k, v in source.stored.items() if k not in names}
        other.stored = {**other.stored, **kept}
        self._show_description(source.stored)

    def _photos(self, view: CaseFileView) -> PhotoWidget:
        self.photos = PhotoWidget(self.workspace, self.case_id, view.parts.get(PersonPhoto, []))
        self.photos.saved.connect(self.refresh_header)
        return self.photos

    def _matches(self, view: CaseFileView) -> PersonMatchesWidget:
        self.matches = PersonMatchesWidget(self.workspace, self.case_id, view.header.person_id)
        self.matches.announcement_requested.connect(self.open_announcement)
        return self.matches

    def open_announcement(self) -> object:
        from rescuedesk.ui.dialogs.announcement_dialog import AnnouncementDialog

        photos = [(r["id"], _photo_caption(r)) for r in self.photos.records] if self.photos else []
        dialog = AnnouncementDialog(self.workspace, self.case_id, self, photos)
        self.announcement = dialog
        dialog.exec()
        return dialog

    def _section(self, spec, agencies, view: CaseFileView) -> RecordSection:  # type: ignore[no-untyped-def]
        section = RecordSection(self.workspace, self.case_id, spec, agencies)
        section.set_records(view.parts.get(spec.model, []))
        section.saved.connect(self.refresh_header)
        self.sections[spec.model] = section
        return section

    @property
    def title(self) -> str:
        return self._title

    def show_header(self, h: CaseHeader, entries: list[TimelineEntry]) -> None:
        self.header.setText(header_text(h))
        self.closed_note.setText(sent_note_text() if h.sent else closed_note_text())
        self.set_closed(h.stage == Stage.CLOSED or h.sent)
        self.person_id = h.person_id
        self._title = f"{h.case_number} {h.name or h.alias or ''}".strip()
        self.timeline.setRowCount(len(entries))
        for row, entry in enumerate(reversed(entries)):  # newest first
            cells = (entry.at.strftime(tr("%Y年%m月%d日 %H:%M")), entry.who, describe(entry))
            for column, text in enumerate(cells):
                self.timeline.setItem(row, column, QTableWidgetItem(text))
        self.timeline.resizeColumnsToContents()

    def set_closed(self, closed: bool) -> None:
        self.closed_note.setVisible(closed)
        if self.flags_button is not None:
            self.flags_button.setEnabled(not closed)
        actor = self.workspace.actor
        for model, section in self.sections.items():
            section.set_read_only(closed or not role_views.writes_part(actor, model))
        for details in (self.person, self.description, self.case):
            details.set_read_only(closed or not role_views.writes_details(actor))
        if self.photos is not None:
            self.photos.set_read_only(closed or not role_views.writes_part(actor, PersonPhoto))
        if self.matches is not None:
            self.matches.set_read_only(closed)

    @property
    def is_closed(self) -> bool:
        return not self.closed_note.isHidden()

    def edit_flags(self) -> None:
        from rescuedesk.ui.dialogs.flag_dialog import FlagDialog

        # A save tells the workspace, and this page (``_changed``) shows the new header.
        FlagDialog(self.workspace, self.case_id, self).exec()

    def refresh_header(self) -> None:
        h, entries = self.workspace.check(case_file.reload_header, self.case_id)
        self.show_header(h, entries)
        self.changed.emit(self.case_id)

    def reload_person(self) -> None:
        """The case changed person (a merge or its undoing): show the record it has now."""
        view = self.workspace.call(case_file.open_case_file, self.case_id, ())  # audited
        self._load_person(view.person)
        self.case.load(view.case)
        self.merges.refresh()
        self.show_header(view.header, view.timeline)
        self.changed.emit(self.case_id)

    def section(self, model: type) -> RecordSection:
        return self.sections[model]

    def open_record(
        self,
        model: type,
        record_id: int | None,
        *,
        edit: bool = True,
        prefill: Mapping[str, Any] | None = None,
    ) -> bool:
        """Show ``model``'s part and open its form: the record ``record_id`` to correct (only
        selected when not ``edit``), or a new one (None) with ``prefill`` filled in. False
        when the role does not see that part or the record is gone."""
        section = self.sections.get(model)
        if section is None:
            return False
        for i in range(self.pages.count()):
            if self.pages.widget(i).isAncestorOf(section):
                self.pages.setCurrentIndex(i)
                break
        if record_id is None:
            section.start_add(prefill)
        else:
            rows = [r for r, v in enumerate(section.records) if v.get("id") == record_id]
            if not rows:
                return False
            section.table.selectRow(rows[0])
            if edit:
                section.start_edit(rows[0])
        scroller = self.pages.currentWidget()
        if isinstance(scroller, QScrollArea):
            scroller.ensureWidgetVisible(section.form_box if section.is_editing else section)
        return True

    def show_page(self, title: str) -> None:
        for i in range(self.pages.count()):
            if self.pages.tabText(i) == tr(title):
                self.pages.setCurrentIndex(i)
                return

    def save_current(self) -> bool | None:
        """Ctrl+S: save the form open on the page shown (the person or the case, otherwise).

        True when saved, False when refused (``save_problem`` says why, as the form shows
        it), None when no form on the page has anything to save.
        """
        page = self.pages.currentWidget()
        for section in self.sections.values():
            if page.isAncestorOf(section) and not section.form_box.isHidden():
                return self._saved(section.save(), section.form)
        for details in (self.person, self.description, self.case):
            if page.isAncestorOf(details) and details.is_dirty():
                return self._saved(details.save(), details.form)
        return None

    def _saved(self, saved: bool, form: RecordForm) -> bool:
        self.save_problem = "" if saved else form.problems_text()
        return saved

    # -- drafts (issue #7: unsaved input survives a lock) --------------------------------
    def draft(self) -> dict[str, Any] | None:
        """What the user typed and has not saved, as JSON; None when nothing is unsaved."""
        sections = [
            {
                "model": model.__tablename__,
                "record_id": section.editing["id"] if section.editing else None,
                "version": section.editing["version"] if section.editing else None,
                "values": draft_values.to_json(section.form.values()),
            }
            for model, section in self.sections.items()
            if not section.form_box.isHidden()
        ]
        details = {
            key: draft_values.to_json(part.form.values())
            for key, part in (("person", self.person), ("case", self.case))
            if part.is_dirty()
        }
        if not sections and not details:
            return None
        return {"sections": sections, **details, "page": self.pages.currentIndex()}

    def restore(self, draft: dict[str, Any]) -> None:
        """Put a draft back into the forms it came from (saving stays the user's decision)."""
        by_table = {model.__tablename__: section for model, section in self.sections.items()}
        for entry in draft.get("sections", []):
            section = by_table.get(entry["model"])
            if section is None or section.read_only:  # the case was closed meanwhile
                continue
            rows = [r["id"] for r in section.records]
            if entry["record_id"] in rows:
                section.start_edit(rows.index(entry["record_id"]))
                # Saved against the version it was typed on: a change meanwhile is a conflict.
                section.editing = {**section.editing, "version": entry["version"]}  # type: ignore[dict-item]
            else:
                section.start_add()
            section.form.set_values(draft_values.from_json(section.spec, entry["values"]))
        for key, part in (("person", self.person), ("case", self.case)):
            if key in draft:
                part.form.set_values(draft_values.from_json(part.spec, draft[key]))
                part.status.setText(tr("已恢复未保存的输入，请检查后保存。"))
        self.pages.setCurrentIndex(int(draft.get("page", 0)))


def _with_estimated_age(values: dict[str, Any]) -> dict[str, Any]:
    return {
        **values,
        persons.AGE_FIELD: persons.estimated_age(values, clock.today()),
        "called_names": values.get("called_names") or None,  # as the editor gives none back
    }


def _readable_fields(actor: Actor, spec: SectionSpec, model_name: str) -> SectionSpec:
    fields = tuple(f for f in spec.fields if role_views.field_readable(actor, model_name, f.name))
    return replace(spec, fields=fields)


def _photo_caption(record: dict[str, Any]) -> str:
    from rescuedesk.ui.widgets.photo_widget import KIND_LABELS

    kind = getattr(record.get("kind"), "value", record.get("kind"))
    day = record.get("taken_on")
    return tr(KIND_LABELS.get(kind or "", "照片")) + (f" {day:%Y-%m-%d}" if day else "")


def _scrolling(widgets: list[QWidget]) -> QScrollArea:
    inner = QWidget()
    layout = QVBoxLayout(inner)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(inner)
    return area
