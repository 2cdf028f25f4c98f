"""The statistician's window: the annual report page and the export wizard."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from rescuedesk.models.enums import Role
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.widgets.statistics_widgets import AnnualReportWidget, ExportWizardWidget
from tests.factories import new_user


def test_statistician_reports_and_exports(
    qtbot: QtBot,
    db,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with db.write_session() as s:
        demo_data.generate(s, Actor.system("t"), 300, seed=9)
    stat = new_user(db, "stat1", "统计员", Role.STATISTICIAN, by=Actor.system("t"))
    window = MainWindow(Workspace(db, stat))
    qtbot.addWidget(window)
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "年度报告",
        "去标识化导出",
    ]
    report = window.tabs.widget(0)
    assert isinstance(report, AnnualReportWidget)
    report.year.setValue(2025)
    report.build()
    assert report.pages.count() >= 1 and report.save_pdf.isEnabled()
    wizard = window.tabs.widget(1)
    assert isinstance(wizard, ExportWizardWidget)
    wizard.k.setValue(5)
    wizard.passphrase.setText("口令-测试")
    wizard.assess()
    assert "达到 k =" in wizard.risk.toPlainText() and wizard.write.isEnabled()
    target = tmp_path / "out.csv"
    monkeypatch.setattr(
        "rescuedesk.ui.widgets.statistics_widgets.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), ""),
    )
    wizard.export()
    assert target.exists() and (tmp_path / "out.csv.report.json").exists()
    wizard.k.setValue(1000)
    wizard.assess()
    assert "无法达到" in wizard.error.text() and not wizard.write.isEnabled()
