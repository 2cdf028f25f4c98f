"""The main window: menus and shortcuts, the case list, a tab per opened case, idle lock."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.errors import DomainError
from rescuedesk.models.enums import Role
from rescuedesk.services import audit, cases
from rescuedesk.services.audit_queries import list_events
from rescuedesk.services.case_queries import count_cases, list_cases
from rescuedesk.ui.dialogs.login_dialog import LoginDialog
from rescuedesk.ui.idle_lock import ClipboardGuard, IdleWatcher
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.table_models.case_list_table_model import (
    SEX_LABELS,
    STAGE_LABELS,
    CaseListTableModel,
    chinese_date,
)
from rescuedesk.ui.widgets.audit_trail_widget import AuditTrailWidget
from rescuedesk.ui.widgets.case_list_widget import CaseListWidget
from rescuedesk.ui.widgets.template_editor_widget import TemplateEditorWidget


class MainWindow(QMainWindow):
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
            self.tabs.addTab(AnnualReportWidget(workspace, self.tr("本单位")), self.tr("年度报告"))
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
        self.lock_screen = QLabel(self.tr("窗口已锁定。请重新输入密码解锁。"))
        self.lock_screen.setAlignment(Qt.AlignmentFlag.AlignCenter)
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
        self._list_loaded = False

    # -- data ---------------------------------------------------------------
    def _fetch_page(self, f, sort, descending, offset, limit):  # type: ignore[no-untyped-def]
        return self.workspace.call(
            list_cases, f, sort=sort, descending=descending, limit=limit, offset=offset
        ).rows

    def _fetch_count(self, f):  # type: ignore[no-untyped-def]
        return self.workspace.call(count_cases, f)

    def load_case_list(self) -> None:
        try:
            if self.audit_trail is not None:
                self.audit_trail.refresh()
                return
            if self.templates is not None or self.statistics:
                return
            self.case_list.apply_filter()
            if self.home is not None:
                self.home.refresh()
            if self.planner is not None and self.tabs.currentWidget() is self.planner:
                self.planner.refresh()  # otherwise when its tab is first shown
        except DomainError as exc:
            self.case_list.count_label.setText(exc.message)

    # -- menus and shortcuts --------------------------------------------------
    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        lock = QAction(self.tr("锁定窗口"), self, shortcut=QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.lock)
        file_menu.addAction(lock)
        quit_action = QAction(self.tr("退出"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        case_menu = self.menuBar().addMenu(self.tr("个案(&C)"))
        new_case = QAction(self.tr("登记新个案…"), self, shortcut=QKeySequence("Ctrl+N"))
        new_case.triggered.connect(self.open_new_case_dialog)
        case_menu.addAction(new_case)
        find = QAction(self.tr("查找个案"), self, shortcut=QKeySequence("Ctrl+F"))
        find.triggered.connect(self.focus_search)
        case_menu.addAction(find)
        reply = QAction(self.tr("登记转介回执…"), self, shortcut=QKeySequence("Ctrl+R"))
        reply.triggered.connect(self.open_reply_dialog)
        case_menu.addAction(reply)
        batch = QAction(self.tr("为选中的个案批量打印转介函…"), self)
        batch.triggered.connect(self.open_batch_dialog)
        case_menu.addAction(batch)
        close_tab = QAction(self.tr("关闭标签页"), self, shortcut=QKeySequence("Ctrl+W"))
        close_tab.triggered.connect(lambda: self.close_tab(self.tabs.currentIndex()))
        case_menu.addAction(close_tab)

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
        try:
            # The read is audited before anything is shown; if that fails, nothing is.
            view = self.workspace.call(_case_summary, case_id)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("无法打开个案"), exc.message)
            return
        page = QWidget()
        page.setProperty("case_id", case_id)
        text = QTextBrowser()
        text.setHtml(view["html"])
        letter = QPushButton(self.tr("打印转介函…"))
        letter.clicked.connect(lambda: self.open_letter_dialog(case_id))
        stage = QPushButton(self.tr("阶段与结案…"))
        stage.clicked.connect(lambda: self.open_stage_dialog(case_id))
        buttons = QHBoxLayout()
        buttons.addWidget(stage)
        buttons.addWidget(letter)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(text)
        self.tabs.addTab(page, view["title"])
        self.tabs.setCurrentWidget(page)

    def open_stage_dialog(self, case_id: int) -> None:
        from rescuedesk.ui.dialogs.stage_dialog import StageDialog

        if StageDialog(self.workspace, case_id, self).exec():
            self.refresh_case(case_id)

    def refresh_case(self, case_id: int) -> None:
        """Show a case again after a change (its timeline grows)."""
        for i in range(self.tabs.count()):
            if self.tabs.widget(i).property("case_id") == case_id:
                self.close_tab(i)
                break
        self.load_case_list()
        self.open_case(case_id)

    def _tab_shown(self, _index: int) -> None:
        if self.planner is not None and self.tabs.currentWidget() is self.planner:
            self.planner.refresh()

    def open_new_case_dialog(self) -> None:
        from rescuedesk.ui.dialogs.new_case_dialog import NewCaseDialog

        dialog = NewCaseDialog(self.workspace, self)
        if dialog.exec() and dialog.case_id is not None:
            self.load_case_list()
            self.open_case(dialog.case_id)

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

    def open_letter_dialog(self, case_id: int) -> None:
        from rescuedesk.ui.dialogs.letter_dialog import LetterDialog

        LetterDialog(self.workspace, case_id, self).exec()

    def close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is not None and widget.property("case_id") is not None:
            self.tabs.removeTab(index)
            _wipe(widget)  # deleteLater runs later: leave no text behind meanwhile
            widget.deleteLater()

    # -- idle lock ------------------------------------------------------------
    def lock(self) -> None:
        """Remove personal data from every widget; only a password brings the window back."""
        if self.locked:
            return
        self.locked = True
        for index in reversed(range(self.tabs.count())):
            if self.tabs.widget(index).property("case_id") is not None:
                self.close_tab(index)
            elif self.statistics:  # the statistician's pages: keep them, drop what they show
                _wipe(self.tabs.widget(index))
        self.case_list.clear_personal_data()
        for page in (self.home, self.planner):
            if page is not None:
                page.clear_personal_data()
        if self.audit_trail is not None:
            self.audit_trail.clear_personal_data()
        self.clipboard.clear_if_ours()
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
        self.locked = False
        self.stack.setCurrentWidget(self.tabs)
        self.setWindowTitle(
            self.tr("RescueDesk 被拐卖受害人救助档案 — {0}").format(self.workspace.actor.label)
        )
        self.idle.rearm()
        self.load_case_list()
        return True

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
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("case_list/header", self.case_list.table.horizontalHeader().saveState())
        super().closeEvent(event)


ACTION_LABELS = {
    "opened": "登记开案",
    "advance": "推进到",
    "return": "退回到",
    "closure_requested": "申请结案",
    "closure_rejected": "驳回结案申请",
    "closed": "批准结案",
    "reopened": "重新开启",
    "create": "新增",
    "update": "修改",
    "void": "作废",
    "read": "查看",
    "approve": "批准",
    "assign": "分派",
    "unassign": "结束分派",
    "consent_override": "无同意越权批准",
    "purge": "清除个人信息",
}
STAGE_ACTIONS = {
    "opened",
    "advance",
    "return",
    "closure_requested",
    "closure_rejected",
    "closed",
    "reopened",
}
ENTITY_LABELS = {
    "case_file": "个案",
    "person": "受助人信息",
    "consent": "同意书",
    "assistance": "救助",
    "needs_assessment": "需求评估",
    "tracing_action": "寻亲行动",
    "placement": "安置",
    "medical_care": "医疗康复",
    "disability_assessment": "残疾评定",
    "schooling": "就学",
    "training": "职业培训",
    "employment": "就业",
    "legal_aid": "法律援助",
    "follow_up_visit": "回访",
    "referral": "转介",
    "case_buyer": "收买人信息",
    "case_assignment": "",
}


def _user_label(session, user_id: int | None) -> str:  # type: ignore[no-untyped-def]
    from rescuedesk.models import User

    user = session.get(User, user_id) if user_id else None
    return user.full_name if user else "系统"


def _wipe(widget: QWidget) -> None:
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QTextBrowser | QLineEdit | QLabel):
            child.clear()


def _case_summary(session, actor, case_id: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """What the case tab shows until the full case file pages exist (issue #3)."""
    from html import escape

    case = cases.read_case(session, actor, case_id)
    person = case.person
    name = person.real_name or person.alias or ""
    rows = [
        ("个案编号", case.case_number),
        ("姓名/化名", name),
        ("性别", SEX_LABELS.get(person.sex.value, "")),
        ("阶段", STAGE_LABELS.get(case.stage.value, case.stage.value)),
        ("接收日期", chinese_date(case.intake_date)),
        ("解救日期", chinese_date(case.rescue_date)),
    ]
    timeline = [
        (
            c.at,
            _user_label(session, c.by_id),
            f"{ACTION_LABELS.get(c.action, c.action)}：{STAGE_LABELS.get(c.to_stage.value, '')}"
            + (f"（{c.reason}）" if c.reason else ""),
        )
        for c in cases.stage_history(session, actor, case_id)
    ] + [
        (
            e.at,
            e.actor_label,
            f"{ACTION_LABELS.get(e.action, e.action)}{ENTITY_LABELS.get(e.entity, '')}"
            + (f"（{e.reason}）" if e.reason else ""),
        )
        for e in audit.history(session, case_id=case_id)
        if e.entity != "case_file" or e.action not in STAGE_ACTIONS
    ]
    timeline.sort(key=lambda item: item[0])
    events = "".join(
        f"<li>{escape(at.strftime('%Y年%m月%d日 %H:%M'))} {escape(who)} {escape(what)}</li>"
        for at, who, what in timeline[-100:]
    )
    table = "".join(f"<tr><th align='left'>{k}</th><td>{escape(str(v))}</td></tr>" for k, v in rows)
    return {
        "title": f"{case.case_number} {name}",
        "html": f"<h2>{escape(name)}</h2><table>{table}</table><h3>经过</h3><ul>{events}</ul>",
    }
