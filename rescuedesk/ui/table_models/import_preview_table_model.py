"""The import wizard's preview: the first rows of a ledger as they will be stored, one column
per field, with each problem on its cell (red, the message as tooltip) and in a last column."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from rescuedesk.services.ledger.ledger_steps import PreviewCell, PreviewRow
from rescuedesk.ui.table_models.case_list_table_model import SEX_LABELS
from rescuedesk.ui.table_models.flat_table_model import FlatTableModel

PROBLEM_BACKGROUND = QColor("#fde2e1")
CONTEXT = "ImportPreviewTableModel"

# What each ledger field is called on screen (keys: rescuedesk.ledger.mapping.FIELDS).
FIELD_LABELS = {
    "real_name": "姓名",
    "alias": "化名",
    "sex": "性别",
    "birth_date": "出生日期",
    "id_number": "身份证号",
    "ethnicity": "民族",
    "nationality": "国籍",
    "household_registration_code": "户籍地",
    "birth_year_estimated": "估计出生年份",
    "height_cm": "身高（厘米）",
    "build": "体型",
    "distinguishing_features": "体貌特征",
    "clothing_when_found": "发现时衣着",
    "accent_region": "口音",
    "languages": "语言",
    "found_date": "发现日期",
    "found_place": "发现地点",
    "intellectual_state": "智力状况",
    "mental_state": "精神状况",
    "rescue_date": "解救日期",
    "rescue_place": "解救地点",
    "referring_police_unit": "移交单位",
    "police_reference": "公安案件编号",
    "intake_date": "接收日期",
}


def field_label(name: str) -> str:
    return QCoreApplication.translate(CONTEXT, FIELD_LABELS.get(name, name))


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def cell_text(name: str, cell: PreviewCell) -> str:
    """ "汉族（01）", "河北省石家庄市长安区（130102）", "女": a code with its name."""
    if cell.problem:
        return cell.value
    if name == "sex" and cell.value:
        return _tr(SEX_LABELS.get(cell.value, cell.value))
    if cell.label:
        return f"{cell.label}（{cell.value}）"
    return cell.value


class ImportPreviewTableModel(FlatTableModel):
    CONTEXT = CONTEXT

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fields: list[str] = []
        self.rows: list[PreviewRow] = []

    def set_rows(self, fields: list[str], rows: list[PreviewRow]) -> None:
        self.beginResetModel()
        self.fields, self.rows = list(fields), list(rows)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.rows)

    def headers(self) -> list[str]:
        """Row number, one column a field, then the row's problems."""
        return ["行号", *(FIELD_LABELS.get(name, name) for name in self.fields), "问题"]

    def marked(self, row: int, column: int) -> bool:
        """The problems column of a row that has problems (not hints only)."""
        return column == len(self.fields) + 1 and bool(self.rows[row].problems)

    def cell(self, number: int, column: int, role: int) -> Any:
        row = self.rows[number]
        if column == 0:
            return row.number if role == Qt.ItemDataRole.DisplayRole else None
        if column == len(self.fields) + 1:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return "；".join([p.message for p in row.problems] + row.warnings)
            return None
        name = self.fields[column - 1]
        cell = row.cells[name]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(name, cell)
        if role == Qt.ItemDataRole.ToolTipRole:
            if cell.problem:
                return cell.problem
            if cell.filled:
                return _tr("保存时自动补全或规范（如由身份证号得出出生日期和性别）")
            return None
        if role == Qt.ItemDataRole.BackgroundRole and cell.problem:
            return QBrush(PROBLEM_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole and cell.filled:
            font = QFont()
            font.setItalic(True)
            return font
        return None
