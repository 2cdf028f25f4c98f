"""QApplication start-up. A placeholder window until the desktop program issue lands."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from rescuedesk.db import Database, upgrade_to_head
from rescuedesk.errors import DomainError


class PlaceholderWindow(QMainWindow):
    def __init__(self, url: str) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("RescueDesk 被拐卖受害人救助档案"))
        label = QLabel(
            self.tr(
                "数据库已就绪：\n{0}\n\n个案工作界面正在建设中，请先使用命令行 rescuedesk --help。"
            ).format(url)
        )
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        self.setCentralWidget(label)
        self.resize(720, 420)


def run(url: str, argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    QCoreApplication.setApplicationName("RescueDesk")
    from rescuedesk.security import vault

    if vault.needs_credentials(url):
        # The log-in window comes with the desktop program; until then, the command line.
        QMessageBox.information(
            None,
            "RescueDesk",
            QCoreApplication.translate(
                "app",
                "数据库已加密，需要登录。图形界面的登录即将提供；"
                "现在请使用命令行：rescuedesk --user 用户名 …",
            ),
        )
        return 2
    try:
        db = Database(url)
        upgrade_to_head(db)
    except DomainError as exc:
        QMessageBox.critical(None, "RescueDesk", exc.message)
        return 2
    window = PlaceholderWindow(url)
    window.show()
    code = app.exec()
    db.dispose()
    return int(code)
