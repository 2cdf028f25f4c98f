"""The ranked candidates of one inquiry (issue #15): 重新比对 ranks the persons in care off
the UI thread, and the caseworker confirms or dismisses each, with a reason.

A confirmed match proposes the next step the program allows: a letter asking the police for
a DNA comparison (the police alone take and compare DNA; HLJ 47, NH 二.2, GS 19).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.errors import DomainError
from rescuedesk.models.inquiry import InquiryMatch
from rescuedesk.models.photo import PersonPhoto
from rescuedesk.services.casefile import case_file
from rescuedesk.services.tracing import decisions, matching
from rescuedesk.services.tracing.inquiries import InquiryRow
from rescuedesk.services.tracing.matching import Candidate, MatchRun
from rescuedesk.ui.dialogs.form_parts import error_label
from rescuedesk.ui.dialogs.reason_dialog import ReasonDialog
from rescuedesk.ui.ops import BackgroundOp, Workspace, case_changed, run_in_background, show_error
from rescuedesk.ui.table_models.match_table_model import MatchTableModel

CONTEXT = "MatchCandidatesWidget"
POLICE_LETTER = "police_dna_comparison"
THUMB = 56


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class MatchCandidatesWidget(QWidget):
    # (inquiry id, candidates found): the list shows the count.
    matched = Signal(int, int)
    decided = Signal(int)  # inquiry id: its status may have changed

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.inquiry: InquiryRow | None = None
        self.runs: dict[int, MatchRun] = {}  # inquiry id -> its last ranking here
        self.running: BackgroundOp | None = None
        self.title = QLabel(tr("请在上方选择一条寻亲查询。"))
        self.title.setObjectName("candidates_title")
        self.model = MatchTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("candidates_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setIconSize(QSize(THUMB, THUMB))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.progress = QProgressBar()
        self.progress.setObjectName("match_progress")
        self.progress.setRange(0, 0)  # busy: the ranking says no steps
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.rerun_button = QPushButton(tr("重新比对 (F5)"))
        self.rerun_button.setObjectName("rerun_button")
        self.rerun_button.clicked.connect(self.rerun)
        rerun = QAction(self)
        rerun.setShortcut(QKeySequence("F5"))
        rerun.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        rerun.triggered.connect(self.rerun)
        self.addAction(rerun)
        self.confirm_button = QPushButton(tr("确认相符…"))
        self.confirm_button.setObjectName("confirm_button")
        self.confirm_button.clicked.connect(lambda: self.confirm_selected())
        self.dismiss_button = QPushButton(tr("排除…"))
        self.dismiss_button.setObjectName("dismiss_button")
        self.dismiss_button.clicked.connect(lambda: self.dismiss_selected())
        self.letter_button = QPushButton(tr("打印公安DNA比对函…"))
        self.letter_button.setObjectName("police_letter_button")
        self.letter_button.setToolTip(tr("请公安机关进行DNA比对；本程序不记录DNA数据"))
        self.letter_button.clicked.connect(lambda: self.open_police_letter())
        self.note = QLabel()
        self.note.setObjectName("candidates_note")
        self.note.setWordWrap(True)
        self.error = error_label()
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.progress)
        top.addWidget(self.rerun_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.letter_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self._enable()

    # -- which inquiry ----------------------------------------------------------------------

    def show_inquiry(self, inquiry: InquiryRow | None) -> None:
        self.inquiry = inquiry
        self.error.clear()
        if inquiry is None:
            self.title.setText(tr("请在上方选择一条寻亲查询。"))
            self.model.clear()
            self.note.clear()
        else:
            who = inquiry.missing_name or "、".join(inquiry.nicknames)
            self.title.setText(tr("{0} {1} 的候选人").format(inquiry.inquiry_number, who))
            run = self.runs.get(inquiry.id) or self._stored(inquiry.id)
            if run is None:
                self.model.clear()
                self.note.setText(tr("尚未比对：按“重新比对”（F5）在在办的身份不明受助人中查找。"))
            else:
                self._show(run)
        self._enable()

    def _stored(self, inquiry_id: int) -> MatchRun | None:
        """The candidates an earlier ranking stored (in another session, perhaps), kept
        here as its run: none if it found none, or none was made."""
        try:
            found = self.workspace.call(matching.list_proposals, inquiry_id)
        except DomainError as exc:
            show_error(self.error, exc)
            return None
        if not found:
            return None
        self.runs[inquiry_id] = MatchRun(found, 1, 0, 0, stored=True)
        return self.runs[inquiry_id]

    def _enable(self) -> None:
        idle = self.running is None
        chosen = self.selected()
        open_ = self.inquiry is not None and self.inquiry.status != "closed"
        self.rerun_button.setEnabled(idle and open_)
        decidable = idle and open_ and chosen is not None and chosen.readable
        self.confirm_button.setEnabled(decidable and chosen.status != "confirmed")  # type: ignore[union-attr]
        self.dismiss_button.setEnabled(decidable)
        self.letter_button.setEnabled(
            chosen is not None and chosen.status == "confirmed" and chosen.case_id is not None
        )

    def selected(self) -> Candidate | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.candidate(rows[0].row()) if rows else None

    # -- ranking ----------------------------------------------------------------------------

    def rerun(self) -> None:
        """Rank the persons in care for the inquiry, off the UI thread."""
        if self.inquiry is None or self.running is not None or self.inquiry.status == "closed":
            return
        inquiry_id = self.inquiry.id
        op = BackgroundOp(
            self.workspace,
            lambda s, a, _progress: matching.match_inquiry(s, a, inquiry_id),
            changes=lambda run: [
                case_changed(c.case_id, InquiryMatch) for c in run.candidates if c.case_id
            ],
        )
        op.signals.finished.connect(lambda run: self._ranked(inquiry_id, run))
        op.signals.failed.connect(self._failed)
        self.running = op
        self.progress.show()
        self.note.setText(tr("正在比对……"))
        self.error.clear()
        self._enable()
        run_in_background(op)

    def _ranked(self, inquiry_id: int, run: MatchRun) -> None:
        self.running = None
        self.progress.hide()
        self.runs[inquiry_id] = run
        self.matched.emit(inquiry_id, len(run.candidates))
        if self.inquiry is not None and self.inquiry.id == inquiry_id:
            self._show(run)
        self._enable()

    def _failed(self, exc: Exception) -> None:
        self.running = None
        self.progress.hide()
        self.note.clear()
        show_error(self.error, exc)
        self._enable()

    def _show(self, run: MatchRun) -> None:
        self.model.thumbnails = self._thumbnails(run.candidates)
        self.model.set_candidates(run.candidates)
        self.table.resizeRowsToContents()
        if run.stored:
            text = tr("上次比对列出的 {0} 名候选人；按“重新比对”（F5）重新查找。").format(
                len(run.candidates)
            )
        else:
            text = tr("比对了 {0} 名身份不明的受助人，列出 {1} 名候选人。").format(
                run.persons, len(run.candidates)
            )
        if run.left_out:
            text += tr("另有 {0} 人没有有效的寻亲同意，未参加比对。").format(run.left_out)
        self.note.setText(text)
        if run.candidates:
            self.table.selectRow(0)

    def _thumbnails(self, candidates: list[Candidate]) -> dict[int, QIcon]:
        """The first photo of each candidate whose case the actor reads (the photo widget's
        own read, checked the same way); none for the others."""
        icons: dict[int, QIcon] = dict(self.model.thumbnails)
        for c in candidates:
            if not c.readable or c.case_id is None or c.case_id in icons:
                continue
            try:
                photos = self.workspace.check(case_file.list_part, PersonPhoto, c.case_id)
            except DomainError:
                continue
            shown = next((p["thumbnail"] for p in photos if p.get("thumbnail")), None)
            if shown:
                pixmap = QPixmap()
                pixmap.loadFromData(shown)
                icons[c.case_id] = QIcon(pixmap)
        return icons

    # -- decisions --------------------------------------------------------------------------

    def _decide(self, fn, candidate: Candidate, reason: str, where: QLabel) -> object:  # type: ignore[no-untyped-def]
        return self.workspace.perform(
            lambda db, actor: db.run_write(lambda s: fn(s, actor, candidate.match_id, reason)),
            errors=where,
            changes=[case_changed(candidate.case_id, InquiryMatch)] if candidate.case_id else [],
        )

    def confirm_selected(self, reason: str | None = None) -> bool:
        """确认相符…: with a reason; then the letter to the police is offered."""
        chosen = self.selected()
        if chosen is None:
            return False
        if not self._ask(decisions.confirm, chosen, reason, confirming=True):
            return False
        self._replace(chosen, "confirmed")
        self.note.setText(tr(decisions.NEXT_STEP))
        answer = QMessageBox.question(
            self,
            tr("已确认相符"),
            tr("已确认 {0} 可能是查询 {1} 寻找的人。\n现在打印请公安机关DNA比对的函吗？").format(
                chosen.case_number or "", chosen.inquiry_number
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.open_police_letter()
        return True

    def dismiss_selected(self, reason: str | None = None) -> bool:
        """排除…: with a reason; she is not proposed again until either side changes."""
        chosen = self.selected()
        if chosen is None:
            return False
        if not self._ask(decisions.dismiss, chosen, reason, confirming=False):
            return False
        self._replace(chosen, "dismissed")
        return True

    def _ask(self, fn, chosen: Candidate, reason: str | None, *, confirming: bool) -> bool:  # type: ignore[no-untyped-def]
        if reason is not None:
            return self._decide(fn, chosen, reason, self.error) is not None
        title = tr("确认相符") if confirming else tr("排除候选人")
        prompt = (
            tr("为什么认为 {0} 可能是查询 {1} 寻找的人？（理由将记入个案）")
            if confirming
            else tr("为什么排除 {0}（查询 {1}）？（理由将记入个案）")
        ).format(chosen.case_number or "", chosen.inquiry_number)
        dialog = ReasonDialog(
            title,
            prompt,
            lambda text, where: self._decide(fn, chosen, text, where),
            tr("确认") if confirming else tr("排除"),
            self,
        )
        return bool(dialog.exec())

    def _replace(self, chosen: Candidate, status: str) -> None:
        """The decided row as the service now says it is; the list's status follows."""
        from dataclasses import replace

        run = self.runs.get(chosen.inquiry_id)
        if run is not None:
            kept = [
                replace(c, status=status) if c.match_id == chosen.match_id else c
                for c in run.candidates
                if not (status == "dismissed" and c.match_id == chosen.match_id)
            ]
            self.runs[chosen.inquiry_id] = replace(run, candidates=kept)
            self._show(self.runs[chosen.inquiry_id])
            for row, c in enumerate(self.model.candidates):
                if c.match_id == chosen.match_id:
                    self.table.selectRow(row)
        self.decided.emit(chosen.inquiry_id)
        self._enable()

    def open_police_letter(self) -> object:
        """The letter dialog of the confirmed candidate's case, at the police template."""
        from rescuedesk.ui.dialogs.letter_dialog import LetterDialog

        chosen = self.selected()
        if chosen is None or chosen.case_id is None:
            return None
        dialog = LetterDialog(self.workspace, chosen.case_id, self)
        index = dialog.kind.findData(POLICE_LETTER)
        if index >= 0:
            dialog.kind.setCurrentIndex(index)
        self.letter_dialog = dialog
        dialog.exec()
        return dialog

    def clear_personal_data(self) -> None:
        self.runs = {}
        self.inquiry = None
        self.model.clear()
        self.title.clear()
        self.note.clear()
