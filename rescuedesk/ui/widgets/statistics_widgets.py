"""The statistician's pages: the annual report (previewed with its charts, saved as PDF or
XLSX) and the de-identified export wizard, which shows the risk before writing anything."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.errors import DomainError
from rescuedesk.services.reports import annual_report, annual_report_file, exports
from rescuedesk.ui.dialogs.form_parts import error_label, password_field
from rescuedesk.ui.ops import Workspace, in_transaction, show_error
from rescuedesk.ui.pdf_pages import PdfPagesView


class AnnualReportWidget(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.report: annual_report.AnnualReport | None = None
        self.year = QSpinBox()
        self.year.setRange(2000, QDate.currentDate().year())
        self.year.setValue(QDate.currentDate().year() - 1)
        build = QPushButton(self.tr("生成报告"))
        build.clicked.connect(self.build)
        self.save_pdf = QPushButton(self.tr("另存为 PDF…"))
        self.save_xlsx = QPushButton(self.tr("另存为 XLSX…"))
        self.save_pdf.clicked.connect(lambda: self.save(".pdf"))
        self.save_xlsx.clicked.connect(lambda: self.save(".xlsx"))
        self.error = error_label()
        self.pages = PdfPagesView()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年度")))
        top.addWidget(self.year)
        for b in (build, self.save_pdf, self.save_xlsx):
            top.addWidget(b)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.pages, 1)
        self._enable_save(False)

    def _enable_save(self, on: bool) -> None:
        self.save_pdf.setEnabled(on)
        self.save_xlsx.setEnabled(on)

    def build(self) -> None:
        try:
            self.report, pdf = self.workspace.call(annual_report_file.preview, self.year.value())
        except DomainError as exc:
            show_error(self.error, exc)
            return
        self.error.clear()
        self.pages.show_pdf(pdf, dpi=80)
        self._enable_save(True)

    def save(self, suffix: str) -> None:
        """The same function as `rescuedesk report annual`: the file and its audit event."""
        if self.report is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("另存为"), f"{self.report.year}年度统计{suffix}", f"*{suffix}"
        )
        if not path:
            return
        saved = self.workspace.perform(
            in_transaction(annual_report_file.save_annual_report),
            self.report.year,
            Path(path),
            errors=self.error,
        )
        if saved is not None:
            self.error.clear()


class ExportWizardWidget(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.plan: exports.ExportPlan | None = None
        self.k = QSpinBox()
        self.k.setRange(2, 1000)
        self.k.setValue(11)
        self.l_div = QSpinBox()
        self.l_div.setRange(1, 20)
        self.l_div.setValue(2)
        self.limit = QDoubleSpinBox()
        self.limit.setRange(0, 50)
        self.limit.setValue(5)
        self.limit.setSuffix(" %")
        self.sensitive = {name: QCheckBox(name) for name in exports.SENSITIVE}
        self.sensitive["placement_type"].setChecked(True)
        self.recipient = QLineEdit("research")
        self.purpose = QLineEdit(self.tr("研究"))
        self.passphrase = password_field()
        self.passphrase.setPlaceholderText(self.tr("系统没有安全的钥匙串时才需要"))
        self.zip_password = password_field()
        self.zip_password.setPlaceholderText(self.tr("留空则不加密"))
        assess = QPushButton(self.tr("评估风险"))
        assess.clicked.connect(self.assess)
        self.write = QPushButton(self.tr("导出…"))
        self.write.clicked.connect(self.export)
        self.write.setEnabled(False)
        self.risk = QTextBrowser()
        self.error = error_label()
        boxes = QHBoxLayout()
        for box in self.sensitive.values():
            boxes.addWidget(box)
        form = QFormLayout()
        form.addRow("k", self.k)
        form.addRow("l", self.l_div)
        form.addRow(self.tr("最多删除"), self.limit)
        form.addRow(self.tr("敏感属性"), boxes)
        form.addRow(self.tr("接收方"), self.recipient)
        form.addRow(self.tr("用途"), self.purpose)
        form.addRow(self.tr("化名口令"), self.passphrase)
        form.addRow(self.tr("压缩包密码"), self.zip_password)
        buttons = QHBoxLayout()
        buttons.addWidget(assess)
        buttons.addWidget(self.write)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.risk, 1)

    def assess(self) -> None:
        """Plan the export and show its risk; nothing is written yet."""
        self.write.setEnabled(False)
        try:
            self.plan = self.workspace.call(
                exports.plan_export,
                k=self.k.value(),
                l_div=self.l_div.value(),
                suppression_limit=self.limit.value() / 100,
                sensitive=[n for n, b in self.sensitive.items() if b.isChecked()],
                recipient=self.recipient.text().strip() or "research",
                passphrase=self.passphrase.text() or None,
            )
        except DomainError as exc:
            show_error(self.error, exc)
            self.risk.clear()
            return
        self.error.clear()
        self.risk.setHtml(risk_html(self.plan.report))
        self.write.setEnabled(True)

    def export(self) -> None:
        if self.plan is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出到"), "export.csv", "CSV (*.csv);;Excel (*.xlsx)"
        )
        if not path:
            return
        # The same action as `rescuedesk export deidentified`: nothing overwritten, the files
        # and their audit event together or neither.
        target = self.workspace.perform(
            exports.export_to_file,
            self.plan,
            Path(path),
            purpose=self.purpose.text(),
            password=self.zip_password.text() or None,
            errors=self.error,
        )
        if target is None:
            return
        self.error.setText(
            self.tr("已导出到 {0}，风险报告在 {1}.report.json。").format(target, Path(path).name)
        )


def risk_html(r: dict) -> str:  # type: ignore[type-arg]
    risk = r["prosecutor_risk"]
    rows = "".join(
        f"<tr><td>{html.escape(str(k))}</td><td>{v}</td></tr>"
        for k, v in r["group_size_histogram"].items()
    )
    groups = "".join(
        f"<tr><td>{html.escape(g)}</td><td>{e['suppressed']} / {e['rows']}</td></tr>"
        for g, e in r["suppressed_by_group"].items()
        if e["suppressed"]
    )
    warnings = "".join(f"<li>{html.escape(w)}</li>" for w in r["warnings"])
    levels = "、".join(f"{k}：{v}" for k, v in r["generalisation"].items())
    return (
        f"<h3>风险报告</h3><p>达到 k = {r['achieved_k']}（要求 {r['k']}），"
        f"l = {r['achieved_l']}（要求 {r['l']}）。输入 {r['rows_in']} 行，导出 "
        f"{r['rows_out']} 行，删除 {r['rows_suppressed']} 行。</p>"
        f"<p>泛化：{html.escape(levels)}</p>"
        f"<p>重识别风险：最高 {risk['highest']:.3f}，平均 {risk['average']:.3f}，"
        f"高于 {risk['threshold']:.0%} 的记录占 {risk['share_above_threshold']:.1%}。"
        f"信息损失 {r['information_loss']:.3f}。</p>"
        f"<h4>分组大小</h4><table border=1 cellpadding=3><tr><th>大小</th><th>记录数</th></tr>"
        f"{rows}</table>"
        + (
            f"<h4>被删除的记录来自</h4><table border=1 cellpadding=3>{groups}</table>"
            if groups
            else ""
        )
        + (f"<h4>注意</h4><ul>{warnings}</ul>" if warnings else "")
    )
