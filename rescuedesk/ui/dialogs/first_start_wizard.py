"""First start: choose or create the database, create the administrator, offer demo data.

The embedded SQLite file in the user's data directory is the default; a PostgreSQL server is
the other choice (its password goes to the OS keyring, never to a file or QSettings). Demo
data is written off the UI thread with a progress dialog whose cancel leaves the database
as it was. Later starts go straight to the log-in.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from rescuedesk.config import default_sqlite_path, sqlite_url
from rescuedesk.db import Database
from rescuedesk.errors import DomainError, ValidationError
from rescuedesk.models.enums import Role
from rescuedesk.security import secrets
from rescuedesk.services import workspace
from rescuedesk.services.demo import demo_data
from rescuedesk.services.demo.demo_setup import DemoLoaded, load_demo_data
from rescuedesk.services.office import accounts, vault
from rescuedesk.services.office.context import Actor
from rescuedesk.ui import db_location
from rescuedesk.ui.dialogs.form_parts import error_label, password_field
from rescuedesk.ui.ops import (
    BackgroundOp,
    Workspace,
    close_progress,
    follow_progress,
    progress_dialog,
    run_in_background,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ROLE_NAMES = {
    Role.CASEWORKER: "社工",
    Role.SUPERVISOR: "主管",
    Role.FOLLOW_UP_WORKER: "妇联回访工作者",
}


class DatabasePage(QWizardPage):
    def __init__(self, wizard: FirstStartWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("数据库"))
        self.setSubTitle(
            self.tr(
                "单机使用选“本机数据库”（无需任何设置）；多台电脑共用一个数据库时选 PostgreSQL。"
            )
        )
        self.embedded = QRadioButton(self.tr("本机数据库（SQLite，加密保存在本机）"))
        self.embedded.setChecked(True)
        self.path = QLineEdit(str(default_sqlite_path()))
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.server = QRadioButton(self.tr("PostgreSQL 服务器（多台电脑共用）"))
        self.host = QLineEdit("127.0.0.1")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit("rescuedesk")
        self.user = QLineEdit("rescuedesk")
        self.password = password_field()
        pg = QFormLayout()
        pg.addRow(self.tr("服务器地址"), self.host)
        pg.addRow(self.tr("端口"), self.port)
        pg.addRow(self.tr("数据库名"), self.database)
        pg.addRow(self.tr("用户名"), self.user)
        pg.addRow(self.tr("密码（保存在系统钥匙串中）"), self.password)
        self.pg_box = QWidget()
        self.pg_box.setLayout(pg)
        self.pg_box.setEnabled(False)
        self.server.toggled.connect(self.pg_box.setEnabled)
        self.embedded.toggled.connect(self.path.setEnabled)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.embedded)
        layout.addLayout(path_row)
        layout.addWidget(self.server)
        layout.addWidget(self.pg_box)
        layout.addWidget(self.error)

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("数据库文件"), self.path.text(), self.tr("数据库 (*.sqlite3)")
        )
        if name:
            self.path.setText(name)

    def chosen_url(self) -> str:
        if self.embedded.isChecked():
            text = self.path.text().strip()
            if not text:
                raise ValidationError(self.tr("请填写数据库文件的位置。"))
            return sqlite_url(text)
        if not self.host.text().strip() or not self.database.text().strip():
            raise ValidationError(self.tr("请填写服务器地址和数据库名。"))
        return workspace.postgres_url(
            self.host.text().strip(),
            self.port.value(),
            self.database.text().strip(),
            self.user.text().strip(),
        )

    def validatePage(self) -> bool:
        try:
            url = self.chosen_url()
            password = self.password.text() if self.server.isChecked() else ""
            if self.embedded.isChecked():
                folder = Path(self.path.text().strip()).expanduser().parent
                folder.mkdir(parents=True, exist_ok=True)
            self.wiz.open(url, password)
        except DomainError as exc:
            self.error.setText(exc.message)
            return False
        except Exception as exc:  # a server that does not answer, a wrong password...
            self.error.setText(self.tr("无法连接数据库：{0}").format(exc))
            return False
        if password:
            try:
                workspace.store_password(url, password)
            except secrets.NoSecureKeyring as exc:
                QMessageBox.information(
                    self,
                    self.tr("系统钥匙串"),
                    exc.message + self.tr("\n以后每次启动时将询问数据库密码。"),
                )
        db_location.remember(url)  # the config file every later start and command reads
        return True


class AdminPage(QWizardPage):
    def __init__(self, wizard: FirstStartWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("管理员账户"))
        self.setSubTitle(
            self.tr(
                "管理员负责添加同事的账户、单位和合作机构。创建后，本机数据库文件将被加密，"
                "只有账户密码能打开。"
            )
        )
        self.username = QLineEdit("admin")
        self.full_name = QLineEdit()
        self.password = password_field()
        self.repeat = password_field()
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("姓名"), self.full_name)
        form.addRow(self.tr("密码（至少8个字符）"), self.password)
        form.addRow(self.tr("再次输入密码"), self.repeat)
        form.addRow(self.error)

    def validatePage(self) -> bool:
        if self.wiz.admin is not None:
            return True  # created already (the user came back with "上一步")
        try:
            if self.password.text() != self.repeat.text():
                raise ValidationError(self.tr("两次输入的密码不一致。"), field="password")
            self.wiz.create_admin(
                self.username.text().strip(), self.full_name.text().strip(), self.password.text()
            )
        except DomainError as exc:
            self.error.setText(exc.message)
            return False
        finally:
            self.repeat.clear()
        return True


class DemoPage(QWizardPage):
    def __init__(self, wizard: FirstStartWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("演示数据"))
        self.setSubTitle(
            self.tr(
                "想先熟悉程序，可以载入虚构的演示个案（人名、身份证号均为虚构）。"
                "正式使用的数据库请不要载入。"
            )
        )
        self.load = QCheckBox(self.tr("载入演示数据"))
        self.persons = QSpinBox()
        self.persons.setRange(10, 100_000)
        self.persons.setValue(500)
        self.persons.setSuffix(self.tr(" 名受助人"))
        self.password = password_field()
        self.repeat = password_field()
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.load)
        form.addRow(self.tr("数量"), self.persons)
        form.addRow(self.tr("演示账户的密码"), self.password)
        form.addRow(self.tr("再次输入"), self.repeat)
        self.fields = QWidget()
        self.fields.setLayout(form)
        for widget in (self.persons, self.password, self.repeat):
            widget.setEnabled(False)
            self.load.toggled.connect(widget.setEnabled)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(self.error)

    def validatePage(self) -> bool:
        if not self.load.isChecked() or self.wiz.demo_accounts:
            return True
        if self.password.text() != self.repeat.text():
            self.error.setText(self.tr("两次输入的密码不一致。"))
            return False
        try:
            from rescuedesk.security import passwords

            passwords.check_policy(self.password.text())
        except DomainError as exc:
            self.error.setText(exc.message)
            return False
        outcome = self.wiz.load_demo_data(self.persons.value(), self.password.text())
        if outcome is not None:
            self.error.setText(outcome)
            return False
        return True


class FinishPage(QWizardPage):
    def __init__(self, wizard: FirstStartWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("完成"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)

    def initializePage(self) -> None:
        lines = [self.tr("数据库已就绪。接下来请登录。")]
        if self.wiz.admin is not None:
            lines.append(self.tr("管理员账户：{0}").format(self.wiz.admin.label))
        if self.wiz.demo_accounts:
            lines.append(self.tr("演示账户（密码为您刚才设置的演示密码）："))
            lines += [
                f"  {a.username}　{a.full_name}（{self.tr(ROLE_NAMES.get(a.role, ''))}·{a.unit}）"
                for a in self.wiz.demo_accounts
            ]
            lines.append(self.tr("用社工账户登录即可查看和办理演示个案。"))
        self.summary.setText("\n".join(lines))


class FirstStartWizard(QWizard):
    """``url`` None: ask where the database is; otherwise start at the administrator.

    ``db``: ``url`` opened and upgraded already by this start (ui/app.py), used as it is."""

    def __init__(
        self, url: str | None, parent: QWidget | None = None, *, db: Database | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("RescueDesk 首次启动"))
        self.setMinimumWidth(620)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("上一步"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.db: Database | None = None
        self.url = url
        self.admin: Actor | None = None
        self.has_accounts = False
        self.demo_accounts: list[demo_data.DemoAccount] = []
        self.op: BackgroundOp | None = None
        self.database_page = DatabasePage(self)
        self.admin_page = AdminPage(self)
        self.demo_page = DemoPage(self)
        self.finish_page = FinishPage(self)
        if url is None:
            self.addPage(self.database_page)
        elif db is not None:
            self.url, self.db = url, db
            with db.write_session() as session:
                self.has_accounts = accounts.accounts_exist(session)
        else:
            self.open(url, "")
        for page in (self.admin_page, self.demo_page, self.finish_page):
            self.addPage(page)

    # -- the work of the pages (no Qt widgets below, only services) -----------------
    def open(self, url: str, password: str) -> None:
        if self.db is not None:
            self.db.dispose()
        self.url = url
        if vault.needs_credentials(url):  # an encrypted file: it has accounts already
            self.db, self.has_accounts = None, True
            return
        # The same opening as every start (services/workspace.py), minus the log-in: the
        # administrator is created on the next page.
        opened = workspace.open_database(workspace.with_password(url, password))
        self.db = opened.db
        workspace.upgrade(opened)
        with self.db.write_session() as session:
            self.has_accounts = accounts.accounts_exist(session)

    def nextId(self) -> int:
        # A database that has accounts already needs no administrator: go to the log-in.
        if self.currentPage() is self.database_page and self.has_accounts:
            return -1
        return super().nextId()

    def create_admin(self, username: str, full_name: str, password: str) -> None:
        assert self.db is not None

        def create(session: Session) -> Actor:
            user = accounts.create_account(
                session,
                None,
                {"username": username, "full_name": full_name or username, "role": "admin"},
                password,
            ).record
            return Actor.for_user(user)

        # Created with the switch to encryption, as one step (security/encryption_switch.py).
        self.db, self.admin = vault.add_account(self.db, username, password, create)

    def load_demo_data(self, persons: int, password: str) -> str | None:
        """Generate demo data in the background; None when done, else why not."""
        assert self.db is not None and self.admin is not None
        admin_workspace = Workspace(self.db, self.admin)

        def generate(db: Database, actor: Actor, progress: demo_data.Progress) -> DemoLoaded:
            # The same action as `rescuedesk demo-data`, with the demo staff's password.
            return load_demo_data(db, actor, persons, progress=progress, account_password=password)

        self.op = op = BackgroundOp(admin_workspace, generate, owns_transaction=True)
        dialog = progress_dialog(self, self.tr("正在生成演示数据…"), self.tr("演示数据"))
        dialog.setMaximum(persons)
        follow_progress(op, dialog)
        outcome: dict[str, object] = {}
        loop = QEventLoop()
        op.signals.finished.connect(lambda result: (outcome.update(result=result), loop.quit()))
        op.signals.failed.connect(lambda exc: (outcome.update(error=exc), loop.quit()))
        run_in_background(op)
        loop.exec()
        close_progress(dialog)
        error = outcome.get("error")
        if isinstance(error, demo_data.Cancelled):
            return self.tr("已取消，数据库没有改变。")
        if error is not None:
            return self.tr("生成演示数据失败：{0}").format(error)
        loaded = outcome["result"]
        assert isinstance(loaded, DemoLoaded)
        self.demo_accounts = loaded.accounts
        return None
