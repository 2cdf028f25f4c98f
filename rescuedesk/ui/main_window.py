"""The main window: menus and shortcuts, the case list, a tab per opened case, idle lock."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QStackedWidget,
    QTableWidget,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

from rescuedesk.db import Database
from rescuedesk.errors import DomainError
from rescuedesk.models.enums import Role
from rescuedesk.services.casefile import drafts
from rescuedesk.services.casefile.case_queries import count_cases, list_cases
from rescuedesk.services.casefile.tasks import Kind, Task
from rescuedesk.services.office.access import CASE_ROLES
from rescuedesk.services.office.audit_queries import list_events
from rescuedesk.ui.dialogs.login_dialog import LoginDialog
from rescuedesk.ui.idle_lock import ClipboardGuard, IdleWatcher
from rescuedesk.ui.ops import Change, Workspace, show_error
from rescuedesk.ui.table_models.case_list_table_model import (
    CaseListTableModel,
)
from rescuedesk.ui.widgets.audit_trail_widget import AuditTrailWidget
from rescuedesk.ui.widgets.case_list_widget import CaseListWidget
from rescuedesk.ui.widgets.lock_screen import LockScreen
from rescuedesk.ui.widgets.template_editor_widget import TemplateEditorWidget

if TYPE_CHECKING:
    from rescuedesk.services.office.context import Actor
    from rescuedesk.ui.widgets.case_file_widget import CaseFileWidget
    from rescuedesk.ui.widgets.inquiry_list_widget import InquiryListWidget


class MainWindow(QMainWindow):
    # Another user logged in at the lock screen: (Database, Actor) of the new session.
    user_switched = Signal(object, object)

    def __init__(
        self,
        workspace: Workspace,
        *,
        idle_minutes: int = 5,
        idle_watcher: IdleWatcher | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.clipboard = ClipboardGuard()
        self.setWindowTitle(
            self.tr("RescueDesk 被拐卖受害人救助档案 — {0}").format(workspace.actor.label)
        )
        self.model = CaseListTableModel(self._fetch_page, self._fetch_count, self)
        self.case_list = CaseListWidget(self.model)
        self.case_list.case_activated.connect(self.open_case)
        self.tabs = QTabWidget()
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.audit_trail: AuditTrailWidget | None = None
        self.templates: TemplateEditorWidget | None = None
        self.statistics = False
        self.home = None
        self.planner = None
        self.inquiries: InquiryListWidget | None = None  # 寻亲查询, opened from its menu
        if workspace.actor.role == Role.AUDITOR:
            # Auditors read the trail, never case files.
            self.audit_trail = AuditTrailWidget(lambda f: self.workspace.call(list_events, f))
            self.tabs.addTab(self.audit_trail, self.tr("审计记录"))
        elif workspace.actor.role == Role.STATISTICIAN:
            # Statisticians get reports and de-identified exports, never case files.
            from rescuedesk.ui.widgets.statistics_widgets import (
                AnnualReportWidget,
                ExportWizardWidget,
            )

            self.templates = None
            self.tabs.addTab(AnnualReportWidget(workspace), self.tr("年度报告"))
            self.tabs.addTab(ExportWizardWidget(workspace), self.tr("去标识化导出"))
            self.statistics = True
        elif workspace.actor.role == Role.ADMIN and workspace.actor.unit_id is not None:
            # Administrators keep the unit's templates (and the directory), not case files.
            from rescuedesk.ui.widgets.directory_widget import DirectoryWidget

            self.templates = TemplateEditorWidget(workspace, workspace.actor.unit_id)
            self.tabs.addTab(DirectoryWidget(workspace), self.tr("单位与合作机构"))
            self.tabs.addTab(self.templates, self.tr("转介函模板"))
        else:
            from rescuedesk.ui.widgets.home_widget import HomeWidget
            from rescuedesk.ui.widgets.planner_widget import PlannerWidget

            self.home = HomeWidget(workspace)
            self.home.case_activated.connect(self.open_case)
            self.home.stage_activated.connect(self.show_stage)
            self.home.task_activated.connect(self.open_task)
            # The page reads off the UI thread now; a refusal still lands where it did.
            self.home.load_failed.connect(self.case_list.count_label.setText)
            self.planner = PlannerWidget(workspace)
            self.tabs.addTab(self.home, self.tr("工作台"))
            self.tabs.addTab(self.case_list, self.tr("个案列表"))
            self.tabs.addTab(self.planner, self.tr("回访计划"))
            self.tabs.currentChanged.connect(self._tab_shown)
        # The pages above are part of the window; only case tabs close.
        for index in range(self.tabs.count()):
            self.tabs.tabBar().setTabButton(
                index, self.tabs.tabBar().ButtonPosition.RightSide, None
            )
        self.lock_screen = LockScreen(workspace.actor.label)
        self.lock_screen.unlock_requested.connect(self._try_unlock)
        self.lock_screen.switch_requested.connect(self.switch_user)
        # Unsaved input of the case tabs while the window is locked: (case id, draft).
        self._drafts: list[tuple[int, dict[str, Any]]] = []
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)
        self._menus()
        self.statusBar().showMessage(self.tr("已登录：{0}").format(workspace.actor.label))
        self.idle = idle_watcher or IdleWatcher(idle_minutes, parent=self)
        QApplication.instance().installEventFilter(self.idle)  # type: ignore[union-attr]
        self.idle.idle.connect(self.lock)
        self.locked = False
        self._restore_layout()
        self._list_stale = True
        # What an op wrote reaches the lists here, not through each dialog's caller.
        workspace.changes.changed.connect(self._changed)

    # -- data ---------------------------------------------------------------
    def _fetch_page(self, f, sort, descending, offset, limit):  # type: ignore[no-untyped-def]
        return self.workspace.call(
            list_cases, f, sort=sort, descending=descending, limit=limit, offset=offset
        ).rows

    def _fetch_count(self, f, cap):  # type: ignore[no-untyped-def]
        return self.workspace.call(count_cases, f, cap=cap)

    def load_case_list(self) -> None:
        try:
            if self.audit_trail is not None:
                self.audit_trail.refresh()
                return
            if self.templates is not None or self.statistics:
                return
            # The list is read when it is shown: at start the home page is, and a count over
            # 100,000 cases nobody looks at yet would only slow the start.
            self._list_stale = True
            if self.tabs.currentWidget() is self.case_list:
                self._refresh_list()
            if self.home is not None:
                self.home.refresh()  # off the UI thread: the window shows at once
            if self.planner is not None and self.tabs.currentWidget() is self.planner:
                self.planner.refresh()  # otherwise when its tab is first shown
        except DomainError as exc:
            self.case_list.count_label.setText(exc.message)

    # -- menus and shortcuts --------------------------------------------------
    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        if self.workspace.actor.role in CASE_ROLES:  # who registers cases may import them
            import_ledger = QAction(self.tr("导入台账…"), self, shortcut=QKeySequence("Ctrl+I"))
            import_ledger.triggered.connect(self.open_import_wizard)
            file_menu.addAction(import_ledger)
            file_menu.addSeparator()
        lock = QAction(self.tr("锁定窗口"), self, shortcut=QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.lock)
        file_menu.addAction(lock)
        quit_action = QAction(self.tr("退出"), self, shortcut=QKeySequence.StandardKey.Quit)
        preferences = QAction(self.tr("设置…"), self, shortcut=QKeySequence("Ctrl+,"))
        preferences.triggered.connect(self.open_settings)
        file_menu.addAction(preferences)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        case_menu = self.menuBar().addMenu(self.tr("个案(&C)"))
        # A follow-up worker visits the cases given to them: no registering, no letters.
        registers = self.workspace.actor.role in CASE_ROLES
        if registers:
            new_case = QAction(self.tr("登记新个案…"), self, shortcut=QKeySequence("Ctrl+N"))
            new_case.triggered.connect(self.open_new_case_dialog)
            case_menu.addAction(new_case)
        find = QAction(self.tr("查找个案"), self, shortcut=QKeySequence("Ctrl+F"))
        find.triggered.connect(self.focus_search)
        case_menu.addAction(find)
        if registers:
            reply = QAction(self.tr("登记转介回执…"), self, shortcut=QKeySequence("Ctrl+R"))
            reply.triggered.connect(self.open_reply_dialog)
            case_menu.addAction(reply)
            batch = QAction(self.tr("为选中的个案批量打印转介函…"), self)
            batch.triggered.connect(self.open_batch_dialog)
            case_menu.addAction(batch)
            transfers = QAction(self.tr("个案转移…"), self)
            transfers.setObjectName("transfers_action")
            transfers.triggered.connect(lambda: self.open_transfers())
            case_menu.addAction(transfers)
        if self.workspace.actor.role in CASE_ROLES:  # who may edit cases may merge persons
            case_menu.addAction(self.case_list.merge_action)
            self.case_list.merge_requested.connect(self.open_merge_dialog)
        else:
            self.case_list.table.removeAction(self.case_list.merge_action)
        save = QAction(self.tr("保存"), self, shortcut=QKeySequence("Ctrl+S"))
        save.triggered.connect(self.save_current)
        case_menu.addAction(save)
        close_tab = QAction(self.tr("关闭标签页"), self, shortcut=QKeySequence("Ctrl+W"))
        close_tab.triggered.connect(lambda: self.close_tab(self.tabs.currentIndex()))
        case_menu.addAction(close_tab)
        if registers:  # inquiries are the caseworkers' and supervisors' (MANAGE_INQUIRY)
            tracing_menu = self.menuBar().addMenu(self.tr("寻亲(&T)"))
            inquiries = QAction(self.tr("寻亲查询"), self, shortcut=QKeySequence("Ctrl+Shift+T"))
            inquiries.setObjectName("inquiries_action")
            inquiries.triggered.connect(self.open_inquiries)
            tracing_menu.addAction(inquiries)

    def open_inquiries(self) -> InquiryListWidget:
        """寻亲 › 寻亲查询: the unit's inquiries and their candidates, in a tab of their own."""
        from rescuedesk.ui.widgets.inquiry_list_widget import InquiryListWidget

        if self.inquiries is None:
            self.inquiries = InquiryListWidget(self.workspace)
            self.inquiries.setProperty("tracing_page", True)
            self.tabs.addTab(self.inquiries, self.tr("寻亲查询"))
        self.tabs.setCurrentWidget(self.inquiries)
        self.inquiries.refresh()
        self.inquiries.table.setFocus()
        return self.inquiries

    def open_settings(self) -> None:
        from rescuedesk.ui.dialogs.settings_dialog import SettingsDialog

        SettingsDialog(self, workspace=self.workspace).exec()

    def start_daily_backup(self) -> None:
        """After a log-in: today's automatic backup of the embedded database, if it is due,
        off the UI thread (a copy of a large file takes seconds)."""
        from rescuedesk.services.storage.daily_backup import run_daily
        from rescuedesk.ui.ops import BackgroundOp, run_in_background

        db = self.workspace.db
        if not db.is_sqlite:
            return
        op = BackgroundOp(self.workspace, lambda s, a, _progress: run_daily(s, a, db.url, db.key))
        op.signals.finished.connect(self._daily_backup_done)
        op.signals.failed.connect(self._daily_backup_failed)
        self._backup_op = op  # kept alive until its signals arrive
        run_in_background(op)

    def _daily_backup_done(self, path: object) -> None:
        if path is not None:
            self.statusBar().showMessage(self.tr("已自动备份数据库：{0}").format(path), 15000)

    def _daily_backup_failed(self, exc: Exception) -> None:
        # Not a dialog over the work just begun: the status bar says it until the next message.
        text = exc.message if isinstance(exc, DomainError) else str(exc)
        self.statusBar().showMessage(self.tr("自动备份失败：{0}").format(text))

    def show_stage(self, stage: str) -> None:
        """From the home page: my open cases at this stage, in the case list."""
        self._list_stale = False  # show_mine reads the list itself
        self.tabs.setCurrentWidget(self.case_list)
        label = self.case_list.stage.itemText(max(self.case_list.stage.findData(stage), 0))
        self.case_list.show_mine(stage, self.tr("我的在办个案：{0}").format(label))

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.case_list)
        self.case_list.search.setFocus()
        self.case_list.search.selectAll()

    # -- case tabs ------------------------------------------------------------
    def open_case(self, case_id: int) -> None:
        for i in range(self.tabs.count()):
            if self.tabs.widget(i).property("case_id") == case_id:
                self.tabs.setCurrentIndex(i)
                return
        from rescuedesk.ui.widgets.case_file_widget import CaseFileWidget, load_case_file

        try:
            # The read is audited before anything is shown; if that fails, nothing is.
            view, agencies = self.workspace.call(load_case_file, case_id)
        except DomainError as exc:
            show_error(self, exc, title=self.tr("无法打开个案"))
            return
        page = CaseFileWidget(self.workspace, case_id, view, agencies)
        page.stage_requested.connect(self.open_stage_dialog)
        page.letter_requested.connect(self.open_letter_dialog)
        page.assignment_requested.connect(self.open_assignment_dialog)
        page.transfer_requested.connect(self.open_transfer_dialog)
        page.changed.connect(lambda _case_id, p=page: self._case_changed(p))
        self.tabs.addTab(page, page.title)
        self.tabs.setCurrentWidget(page)

    def _changed(self, changes: tuple[Change, ...]) -> None:
        """An op wrote something the lists of cases may show: they are read again, once.
        An open case file follows by itself and then tells the list (``_case_changed``);
        a locked window reads nothing."""
        touched = [c for c in changes if c.touches_cases]
        if not touched or self.locked:
            return
        pages = self.case_file_pages()
        open_cases = {page.case_id for page in pages}
        open_persons = {page.person_id for page in pages}  # read before the pages reload
        if all(
            (c.what == "case" and c.case_id in open_cases)
            or (c.what == "person" and c.person_id in open_persons)
            for c in touched
        ):
            return
        self.load_case_list()

    def _case_changed(self, page: CaseFileWidget) -> None:
        """A save, a stage change or an un-merge: the tab's title and the list follow."""
        self.tabs.setTabText(self.tabs.indexOf(page), page.title)
        self.load_case_list()

    def current_case_file(self) -> CaseFileWidget | None:
        from rescuedesk.ui.widgets.case_file_widget import CaseFileWidget

        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, CaseFileWidget) else None

    def save_current(self) -> None:
        page = self.current_case_file()
        saved = page.save_current() if page is not None else None
        if saved is None:
            self.statusBar().showMessage(self.tr("没有需要保存的内容。"), 3000)
        elif saved:
            self.statusBar().showMessage(self.tr("已保存。"), 3000)
        else:  # refused: it stays until the next message, the form shows each problem
            assert page is not None
            why = page.save_problem or self.tr("请查看表单中标出的问题。")
            self.statusBar().showMessage(self.tr("未保存：{0}").format(why))

    def open_task(self, task: Task) -> None:
        """A task of the home page: its case opened at the form that does it (a record to
        correct or approve, a new one to enter), or the closure to approve; a transfer
        waiting for acceptance, in the list of transfers."""
        if task.kind == Kind.TRANSFER_WAITING:
            self.open_transfers(task.target.record_id)
            return
        self.open_case(task.case_id)
        page = self.current_case_file()
        if page is None or page.case_id != task.case_id:
            return  # refused (shown already)
        if task.target.model is None:
            self.open_stage_dialog(task.case_id)
            return
        approval = task.kind == Kind.PLACEMENT_APPROVAL
        target = task.target
        opened = page.open_record(
            target.model, target.record_id, edit=not approval, prefill=dict(target.prefill)
        )
        if opened and approval:  # the plan selected, its approval asked for
            page.section(task.target.model).approve_selected()

    def open_stage_dialog(self, case_id: int) -> None:
        from rescuedesk.ui.dialogs.stage_dialog import StageDialog

        if StageDialog(self.workspace, case_id, self).exec():
            # Its page (and the list) heard of the new stage; show the page.
            self.open_case(case_id)

    def open_assignment_dialog(self, case_id: int) -> None:
        from rescuedesk.ui.dialogs.assignment_dialog import AssignmentDialog

        AssignmentDialog(self.workspace, case_id, self).exec()

    def open_transfer_dialog(self, case_id: int) -> None:
        from rescuedesk.ui.dialogs.transfer_dialog import TransferDialog

        TransferDialog(self.workspace, case_id, self).exec()

    def open_transfers(self, transfer_id: int | None = None) -> None:
        from rescuedesk.ui.dialogs.transfer_dialog import TransfersDialog

        dialog = TransfersDialog(self.workspace, self)
        dialog.case_activated.connect(self.open_case)
        if transfer_id is not None:
            dialog.select(transfer_id)
        dialog.exec()

    def refresh_case(self, case_id: int) -> None:
        """Show a case's new stage and timeline after a change this window's ops did not
        make (another user's); input in its forms stays where it is."""
        for page in self.case_file_pages():
            if page.case_id == case_id:
                page.refresh_header()
                self.tabs.setCurrentWidget(page)
                break
        else:
            self.open_case(case_id)
        self.load_case_list()

    def _refresh_list(self) -> None:
        self._list_stale = False
        self.case_list.apply_filter()

    def _tab_shown(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.case_list and self._list_stale:
            self._refresh_list()
        if self.planner is not None and self.tabs.currentWidget() is self.planner:
            self.planner.refresh()

    def open_new_case_dialog(self) -> None:
        from rescuedesk.ui.dialogs.new_case_dialog import NewCaseDialog

        dialog = NewCaseDialog(self.workspace, self)
        if dialog.exec() and dialog.case_id is not None:  # the list heard of it already
            self.open_case(dialog.case_id)

    def open_import_wizard(self) -> None:
        from rescuedesk.ui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.workspace, self)
        asked: list[list[int]] = []  # "show the imported cases", done once the wizard is gone
        wizard.show_cases.connect(asked.append)
        self.idle.idle.connect(wizard.lock)  # the lock reaches into the modal wizard too
        try:
            wizard.exec()
        finally:
            self.idle.idle.disconnect(wizard.lock)
        wizard.deleteLater()  # the list heard of an import from the op itself
        if asked and not self.locked:
            self.show_imported_cases(asked[-1])

    def show_imported_cases(self, case_ids: list[int]) -> None:
        search = self.case_list.search
        search.blockSignals(True)  # cleared here, not searched again a moment later
        search.clear()
        search.blockSignals(False)
        self.case_list.show_only(
            case_ids, self.tr("只显示刚导入的 {0} 个个案。").format(len(case_ids))
        )
        self._list_stale = False
        self.tabs.setCurrentWidget(self.case_list)

    def open_reply_dialog(self) -> None:
        from rescuedesk.ui.dialogs.reply_dialog import ReplyDialog

        ReplyDialog(self.workspace, self).exec()

    def selected_case_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.case_list.table.selectionModel().selectedRows()})
        return [self.model.case_id_at(r) for r in rows]

    def open_batch_dialog(self) -> None:
        from rescuedesk.ui.dialogs.batch_letter_dialog import BatchLetterDialog

        case_ids = self.selected_case_ids()
        if not case_ids:
            QMessageBox.information(
                self,
                self.tr("批量打印"),
                self.tr("请先在个案列表中选中个案（可按住 Ctrl 或 Shift 多选）。"),
            )
            return
        BatchLetterDialog(self.workspace, case_ids, self).exec()

    def open_merge_dialog(self, case_ids: list[int]) -> bool:
        """合并受助人…: the two cases' person records side by side, then the merge."""
        from rescuedesk.services.people.person_merge import persons_for_merge
        from rescuedesk.ui.dialogs.merge_dialog import MergePersonsDialog

        try:
            cards = self.workspace.call(persons_for_merge, case_ids)  # an audited read
        except DomainError as exc:
            show_error(self, exc, title=self.tr("合并受助人"))
            return False
        dialog = MergePersonsDialog(self.workspace, cards, self)
        self.idle.idle.connect(dialog.reject)  # no names left on screen when the window locks
        try:
            dialog.exec()
        finally:
            self.idle.idle.disconnect(dialog.reject)
        dialog.deleteLater()
        # The open cases of both persons and the lists heard of the merge from the dialog.
        return dialog.merged

    def open_letter_dialog(self, case_id: int) -> None:
        from rescuedesk.ui.dialogs.letter_dialog import LetterDialog

        # The new referral shows behind the dialog at once: the case file hears of it.
        LetterDialog(self.workspace, case_id, self).exec()

    def close_tab(self, index: int, *, ask: bool = True) -> None:
        widget = self.tabs.widget(index)
        if widget is not None and widget is self.inquiries:
            self.tabs.removeTab(index)
            self.inquiries.clear_personal_data()
            self.inquiries = None
            _wipe(widget)
            widget.deleteLater()
            return
        if widget is None or widget.property("case_id") is None:
            return
        if ask and self.isVisible() and getattr(widget, "draft", lambda: None)() is not None:
            answer = QMessageBox.question(
                self,
                self.tr("未保存的输入"),
                self.tr("这个个案有尚未保存的输入。关闭并放弃这些输入吗？"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.tabs.removeTab(index)
        _wipe(widget)  # deleteLater runs later: leave no text behind meanwhile
        widget.deleteLater()

    # -- idle lock ------------------------------------------------------------
    def lock(self) -> None:
        """Remove personal data from every widget; only a password brings the window back."""
        if self.locked:
            return
        self.locked = True
        # Open dialogs (a new case, a letter, a message) would stay above the lock screen
        # with what they show: they are closed, their input discarded.
        # A dialog that knows better (the import wizard lets a running import finish) has
        # its own lock().
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                getattr(dialog, "lock", dialog.reject)()
        self._drafts = [
            (page.case_id, draft)
            for page in self.case_file_pages()
            if (draft := page.draft()) is not None
        ]
        for index in reversed(range(self.tabs.count())):
            if self.tabs.widget(index) is self.inquiries:
                self.close_tab(index, ask=False)  # names and telephone numbers of families
            elif self.tabs.widget(index).property("case_id") is not None:
                self.close_tab(index, ask=False)  # its input was kept as a draft above
            elif self.statistics:  # the statistician's pages: keep them, drop what they show
                _wipe(self.tabs.widget(index))
        self.case_list.clear_personal_data()
        for page in (self.home, self.planner):
            if page is not None:
                page.clear_personal_data()
        if self.audit_trail is not None:
            self.audit_trail.clear_personal_data()
        self.clipboard.clear_if_ours()
        # Menus and shortcuts (new case, find, import...) must not work behind the lock.
        self._disabled_actions = [a for a in self.findChildren(QAction) if a.isEnabled()]
        for action in self._disabled_actions:
            action.setEnabled(False)
        self.lock_screen.reset()
        self.stack.setCurrentWidget(self.lock_screen)
        self.setWindowTitle(self.tr("RescueDesk（已锁定）"))

    def unlock(self, password: str) -> bool:
        """The same user's password unlocks; anything else keeps the window locked."""
        dialog = LoginDialog(
            self.workspace.db.url, self, fixed_user=self.workspace.actor.label, db=self.workspace.db
        )
        dialog.password.setText(password)
        dialog.try_login()
        if dialog.result_value is None:
            return False
        self.unlock_as_same_user()
        return True

    def _try_unlock(self, password: str) -> None:
        if not self.unlock(password):
            self.lock_screen.refused()

    def case_file_pages(self) -> list[CaseFileWidget]:
        from rescuedesk.ui.widgets.case_file_widget import CaseFileWidget

        return [
            w
            for i in range(self.tabs.count())
            if isinstance(w := self.tabs.widget(i), CaseFileWidget)
        ]

    def _restore_draft(self, case_id: int, draft: dict[str, Any]) -> None:
        self.open_case(case_id)
        page = self.current_case_file()
        if page is not None and page.case_id == case_id:
            page.restore(draft)

    # -- another user at the lock screen (issue #7) -----------------------------------
    def switch_user(self) -> None:
        dialog = LoginDialog(self.workspace.db.url, self, db=self.workspace.db)
        if dialog.exec() and dialog.result_value is not None:
            db, actor = dialog.result_value
            if actor.user_id == self.workspace.actor.user_id:
                self.unlock_as_same_user()
            else:
                self.hand_over(db, actor)

    def unlock_as_same_user(self) -> None:
        """Back to work: the window as it was, with the forms' unsaved input restored."""
        self.locked = False
        for action in getattr(self, "_disabled_actions", []):
            action.setEnabled(True)
        self._disabled_actions = []
        self.stack.setCurrentWidget(self.tabs)
        self.setWindowTitle(
            self.tr("RescueDesk 被拐卖受害人救助档案 — {0}").format(self.workspace.actor.label)
        )
        self.idle.rearm()
        self.load_case_list()
        kept, self._drafts = self._drafts, []
        for case_id, draft in kept:
            self._restore_draft(case_id, draft)

    def hand_over(self, db: Database, actor: Actor) -> int:
        """Keep this user's unsaved input as their drafts, then give the desk to ``actor``."""
        kept = 0
        for case_id, draft in self._drafts:
            self.workspace.call(drafts.keep, case_id, draft)
            kept += 1
        self._drafts = []
        self.user_switched.emit(db, actor)
        return kept

    def offer_drafts(self, *, ask: bool = True) -> int:
        """After a log-in: input left unsaved when someone took over the window."""
        pending = self.workspace.call(drafts.pending)
        if not pending:
            return 0
        if ask:
            answer = QMessageBox.question(
                self,
                self.tr("未保存的输入"),
                self.tr(
                    "上次窗口锁定后由其他用户登录，您有 {0} 份未保存的输入。现在恢复吗？"
                ).format(len(pending)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return 0
        for info in pending:
            payload = self.workspace.call(drafts.take, info.id)
            if info.case_id is not None:
                self._restore_draft(info.case_id, payload)
        return len(pending)

    # -- layout memory ----------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 700)
        header = settings.value("case_list/header")
        if header is not None:
            self.case_list.table.horizontalHeader().restoreState(header)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        unsaved = [p for p in self.case_file_pages() if p.draft() is not None]
        if unsaved and not self.locked and self.isVisible():  # a hidden window cannot ask
            answer = QMessageBox.question(
                self,
                self.tr("未保存的输入"),
                self.tr("{0} 个个案有尚未保存的输入。退出并放弃这些输入吗？").format(len(unsaved)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("case_list/header", self.case_list.table.horizontalHeader().saveState())
        # A closed window (e.g. after another user took over) must not go on watching every
        # input event of the application, nor lock itself later.
        QApplication.instance().removeEventFilter(self.idle)  # type: ignore[union-attr]
        self.idle.timer.stop()
        if self.home is not None:
            # A home page read still running holds a session: let it end before whoever
            # closed the window closes the database.
            self.home.wait_for_read()
        super().closeEvent(event)


def _wipe(widget: QWidget) -> None:
    for child in [widget, *widget.findChildren(QWidget)]:
        child.blockSignals(True)  # wiping is not an edit: no checks, no saves follow it
        if isinstance(child, QTextBrowser | QLineEdit | QLabel | QPlainTextEdit):
            child.clear()
        elif isinstance(child, QTableWidget):
            child.clearContents()
        elif isinstance(child, QDateEdit):
            child.setDate(child.minimumDate())
