"""Simplified Chinese by default, English after the switch in the settings (issue #3, 7)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from rescuedesk.models import Placement
from rescuedesk.ui import i18n
from rescuedesk.ui.dialogs.settings_dialog import SettingsDialog
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The committed .ts compiled here, so the test does not depend on a stale .qm."""
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    source = ROOT / "resources" / "translations" / "rescuedesk_en.ts"
    subprocess.run(
        [str(lrelease), "-silent", str(source), "-qm", str(tmp_path / "rescuedesk_en.qm")],
        check=True,
    )
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)
    yield tmp_path
    i18n.install(i18n.DEFAULT)


def test_every_string_is_in_the_ts_file_and_translated() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_chinese_by_default_then_english_after_the_switch(
    qtbot: QtBot, ui_db, compiled: Path
) -> None:  # type: ignore[no-untyped-def]
    db, lead, ids = ui_db
    assert i18n.current_language() == "zh_CN"
    i18n.install()
    window = MainWindow(Workspace(db, lead))
    qtbot.addWidget(window)
    assert [a.text() for a in window.menuBar().actions()] == ["文件(&F)", "个案(&C)", "寻亲(&T)"]

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.save()
    assert i18n.current_language() == "en"
    assert i18n.install() == "en"
    english = MainWindow(Workspace(db, lead))
    qtbot.addWidget(english)
    assert [a.text() for a in english.menuBar().actions()] == ["&File", "&Case", "&Tracing"]
    assert english.tabs.tabText(0) == "Home"
    english.open_case(ids["李娜"])
    page = english.current_case_file()
    titles = [page.pages.tabText(i) for i in range(page.pages.count())]
    assert "Placement" in titles and "安置" not in titles
    placement = page.section(Placement)
    labels = [placement.table.horizontalHeaderItem(c).text() for c in range(2)]
    assert all(label.isascii() for label in labels), labels
    assert "Stage:" in page.header.text()
