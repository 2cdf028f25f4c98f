"""The photos of a person on the 寻亲 page (issue #15): thumbnails, add, view large, void.

The file's bytes go to the service untouched (services/casefile/photos.py re-encodes them:
no EXIF, no GPS); the list shows the thumbnails the case file read, the viewer asks for the
photo itself (an audited read). Every call goes through the workspace (ui/ops.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.errors import DomainError
from rescuedesk.models.photo import PersonPhoto, PhotoKind
from rescuedesk.services.casefile import case_file, photos
from rescuedesk.ui.dialogs.form_parts import error_label
from rescuedesk.ui.forms.field_editors import tr
from rescuedesk.ui.ops import Workspace

KIND_LABELS = {PhotoKind.WHEN_FOUND.value: "发现时", PhotoKind.CURRENT.value: "近照"}
IMAGE_FILTER = "图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff *.heic)"
THUMB = 120


def _pixmap(data: bytes | None) -> QPixmap:
    pixmap = QPixmap()
    if data:
        pixmap.loadFromData(data)
    return pixmap


class PhotoViewer(QDialog):
    """One photo, large enough to recognise a face."""

    def __init__(self, data: bytes, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(caption)
        self.image = QLabel()
        self.image.setObjectName("photo_large")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = _pixmap(data)
        self.image.setPixmap(
            pixmap.scaled(
                QSize(900, 700),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            if pixmap.width() > 900 or pixmap.height() > 700
            else pixmap
        )
        area = QScrollArea()
        area.setWidget(self.image)
        area.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(area)
        self.resize(940, 760)


class PhotoWidget(QGroupBox):
    saved = Signal()

    def __init__(
        self,
        workspace: Workspace,
        case_id: int,
        records: list[dict[str, Any]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr("照片"), parent)
        self.setObjectName("photos")
        self.workspace = workspace
        self.case_id = case_id
        self.records: list[dict[str, Any]] = []
        self.read_only = False
        self.list = QListWidget()
        self.list.setObjectName("photo_list")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setMinimumHeight(THUMB + 50)
        self.list.itemDoubleClicked.connect(lambda _item: self.view_selected())
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.kind = QComboBox()
        for code, label in KIND_LABELS.items():
            self.kind.addItem(tr(label), code)
        self.add_button = QPushButton(tr("添加照片…"))
        self.add_button.setObjectName("add_photo")
        self.add_button.clicked.connect(self.choose_file)
        self.view_button = QPushButton(tr("查看大图"))
        self.view_button.clicked.connect(self.view_selected)
        self.void_button = QPushButton(tr("作废…"))
        self.void_button.setObjectName("void_photo")
        self.void_button.clicked.connect(self.ask_void)
        note = QLabel(
            tr("照片保存前去除拍摄地点等信息；只有个案工作者和主管可见，回访工作者看不到。")
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555")
        self.error = error_label()
        self.error.setObjectName("photo_error")
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(tr("照片类型")))
        buttons.addWidget(self.kind)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.view_button)
        buttons.addWidget(self.void_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(note)
        layout.addWidget(self.error)
        self.set_records(records)

    def set_records(self, records: list[dict[str, Any]]) -> None:
        self.records = records
        self.list.clear()
        for record in records:
            day = record.get("taken_on")
            kind = getattr(record.get("kind"), "value", record.get("kind"))
            caption = tr(KIND_LABELS.get(kind or "", ""))
            if day is not None:
                caption += f"\n{day:%Y-%m-%d}"
            item = QListWidgetItem(QIcon(_pixmap(record.get("thumbnail"))), caption)
            item.setData(Qt.ItemDataRole.UserRole, record["id"])
            self.list.addItem(item)
        self._enable()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._enable()

    def _enable(self) -> None:
        chosen = self.list.currentRow() >= 0
        self.add_button.setEnabled(not self.read_only)
        self.kind.setEnabled(not self.read_only)
        self.view_button.setEnabled(chosen)
        self.void_button.setEnabled(chosen and not self.read_only)

    def reload(self) -> None:
        self.set_records(self.workspace.check(case_file.list_part, PersonPhoto, self.case_id))

    def _selected(self) -> dict[str, Any] | None:
        row = self.list.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None

    # -- actions ---------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("选择照片"), "", tr(IMAGE_FILTER))
        if path:
            self.add_file(Path(path))

    def add_file(self, path: Path) -> bool:
        """Add the photo in ``path``; the service decides whether it is an image at all."""
        self.error.clear()
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.error.setText(tr("无法读取文件：{0}").format(exc.strerror or str(exc)))
            return False
        try:
            self.workspace.call(
                photos.add_photo, self.case_id, data, {"kind": self.kind.currentData()}
            )
        except DomainError as exc:
            self.error.setText(exc.message)
            return False
        self._after_change()
        return True

    def view_selected(self) -> PhotoViewer | None:
        record = self._selected()
        if record is None:
            return None
        try:
            data = self.workspace.call(photos.photo_content, record["id"])
        except DomainError as exc:
            self.error.setText(exc.message)
            return None
        viewer = PhotoViewer(data, self.list.currentItem().text().replace("\n", " "), self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        return viewer

    def ask_void(self) -> None:
        reason, ok = QInputDialog.getText(
            self, tr("作废照片"), tr("作废理由（照片将被删除，记录和理由保留）：")
        )
        if ok:
            self.void_selected(reason)

    def void_selected(self, reason: str) -> bool:
        record = self._selected()
        if record is None:
            return False
        self.error.clear()
        try:
            self.workspace.call(
                photos.void_photo, record["id"], reason, expected_version=record["version"]
            )
        except DomainError as exc:
            self.error.setText(exc.message)
            return False
        self._after_change()
        return True

    def _after_change(self) -> None:
        self.reload()
        self.saved.emit()  # the case tab reads its header and timeline again
