from pathlib import Path

from pytestqt.qtbot import QtBot

from rescuedesk.ui.app import PlaceholderWindow


def test_placeholder_window_names_the_database(qtbot: QtBot, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    window = PlaceholderWindow(url)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert "救助档案" in window.windowTitle()
    assert url in window.centralWidget().text()  # type: ignore[attr-defined]
