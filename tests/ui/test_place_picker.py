"""The place picker: typed as people say places, chosen from the ranked list or browsed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from rescuedesk.reference import places
from rescuedesk.ui.forms.place_picker import PlaceBrowser, PlacePicker
from tests.ui.conftest import in_modal, type_in


def picker_shown(qtbot: QtBot) -> PlacePicker:
    picker = PlacePicker()
    qtbot.addWidget(picker)
    picker.show()
    picker.edit.setFocus()
    return picker


def rows(picker: PlacePicker) -> list[str]:
    return [picker.model.item(r).text() for r in range(picker.model.rowCount())]


def test_typed_short_name_chosen_with_enter_keeps_the_code_and_shows_the_path(
    qtbot: QtBot,
) -> None:
    picker = picker_shown(qtbot)
    type_in(qtbot, picker.edit, "云南文山")
    assert picker.list.isVisible()
    assert rows(picker)[0] == "云南省 › 文山壮族苗族自治州"
    # The open list has the keyboard, as on screen: Enter there takes the marked (first) row.
    qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    assert picker.code() == "532600"
    assert picker.edit.text() == places.path("532600") == "云南省 › 文山壮族苗族自治州"
    assert picker.value() == "532600" and picker.problem() is None
    assert not picker.list.isVisible()


def test_arrow_keys_choose_a_lower_row(qtbot: QtBot) -> None:
    picker = picker_shown(qtbot)
    type_in(qtbot, picker.edit, "wenshan")
    assert picker.matches()[1].code == "532601"
    qtbot.keyClick(picker.list, Qt.Key.Key_Down)
    assert picker.edit.text() == "wenshan"  # what was typed stays while moving in the list
    qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    assert picker.code() == "532601"
    assert picker.edit.text() == "云南省 › 文山壮族苗族自治州 › 文山市"


def test_a_former_name_offers_todays_place_with_a_note(qtbot: QtBot) -> None:
    picker = picker_shown(qtbot)
    type_in(qtbot, picker.edit, "宜宾县")
    first = rows(picker)[0]
    assert first.startswith("四川省 › 宜宾市 › 叙州区")
    assert "旧名" in first and "宜宾县" in first
    qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    assert picker.code() == "511504"


def test_a_single_exact_place_is_taken_when_moving_on(qtbot: QtBot) -> None:
    picker = picker_shown(qtbot)
    type_in(qtbot, picker.edit, "百色")
    picker.list.hide()
    picker.edit.editingFinished.emit()  # Tab to the next field
    assert picker.code() == "451000"
    assert picker.edit.text() == "广西壮族自治区 › 百色市"


def test_text_naming_no_single_place_is_reported_not_kept(qtbot: QtBot) -> None:
    picker = picker_shown(qtbot)
    picker.set_code("451000")
    picker.edit.clear()
    type_in(qtbot, picker.edit, "文山")  # the prefecture or the city: the user must say
    picker.list.hide()
    picker.commit()
    assert picker.problem() is not None and "2个地点" in picker.problem()
    assert picker.problem_label.isVisibleTo(picker)
    assert picker.code() == "451000" and picker.value() == "文山"  # the service refuses it
    picker.edit.setText("云南省文三州")
    picker.commit()
    assert "文山壮族苗族自治州" in (picker.problem() or "")  # the nearest one is proposed
    picker.edit.clear()
    picker.commit()
    assert picker.problem() is None and picker.value() is None  # cleared: empty


def test_browsing_province_city_county(qtbot: QtBot) -> None:
    browser = PlaceBrowser()
    qtbot.addWidget(browser)
    names = [browser.provinces.item(r).text() for r in range(browser.provinces.count())]
    browser.provinces.setCurrentRow(names.index("四川省"))
    cities = [browser.cities.item(r).text() for r in range(browser.cities.count())]
    browser.cities.setCurrentRow(cities.index("宜宾市"))
    counties = [browser.counties.item(r).text() for r in range(browser.counties.count())]
    browser.counties.setCurrentRow(counties.index("叙州区"))
    assert browser.code() == "511504"
    assert "叙州区" in browser.chosen.text()
    # A municipality's districts are in its second list, with nothing further down.
    browser.provinces.setCurrentRow(names.index("北京市"))
    assert browser.cities.item(0).text() == "东城区" and browser.counties.count() == 0


def test_browse_button_chooses_for_the_picker(qtbot: QtBot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    picker = picker_shown(qtbot)
    picker.set_code("511504")

    def choose_in_browser(dialog: PlaceBrowser) -> int:
        # Opened on the stored place; the user goes one county over with the keyboard.
        assert dialog.counties.currentItem().text() == "叙州区"
        dialog.counties.setFocus()
        qtbot.keyClick(dialog.counties, Qt.Key.Key_Down)
        return PlaceBrowser.DialogCode.Accepted

    monkeypatch.setattr(PlaceBrowser, "exec", choose_in_browser)
    with qtbot.waitSignal(picker.changed):
        picker.browse_button.click()
    assert picker.code() == "511523"  # 江安县, after 叙州区
    assert picker.edit.text().endswith("江安县")


def test_a_click_in_the_list_chooses_and_down_and_f4_reach_it_from_the_box(
    qtbot: QtBot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    picker = picker_shown(qtbot)
    type_in(qtbot, picker.edit, "ws")  # initials
    qtbot.keyClick(picker.list, Qt.Key.Key_Escape)
    assert not picker.list.isVisible() and picker.code() is None
    qtbot.keyClick(picker.edit, Qt.Key.Key_Down)  # the list again, without retyping
    assert picker.list.isVisible()
    second = picker.completer.completionModel().index(1, 0)
    wanted = picker.matches()[1]
    qtbot.mouseClick(
        picker.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=picker.list.visualRect(second).center(),
    )
    assert picker.code() == wanted.code and picker.edit.text() == wanted.path
    opened: list[str | None] = []
    monkeypatch.setattr(PlaceBrowser, "exec", lambda dialog: opened.append(dialog.code()) or 0)
    qtbot.keyClick(picker.edit, Qt.Key.Key_F4)
    assert opened == [wanted.code]  # the browser opens on the chosen place
    assert picker.code() == wanted.code  # cancelled: nothing changed


def test_a_draft_that_named_no_place_comes_back_with_its_problem(qtbot: QtBot) -> None:
    picker = picker_shown(qtbot)
    picker.set_code("南方某地")
    assert picker.edit.text() == "南方某地" and picker.problem() is not None
    assert picker.value() == "南方某地"


def test_browsing_from_the_picker_with_the_keyboard(qtbot: QtBot) -> None:
    """The 浏览… button opens the browser for real; the user marks 四川省, 宜宾市 and 叙州区
    and presses Enter."""
    picker = picker_shown(qtbot)
    seen: list[str] = []

    def browse() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PlaceBrowser)
        for widget, name in (
            (dialog.provinces, "四川省"),
            (dialog.cities, "宜宾市"),
            (dialog.counties, "叙州区"),
        ):
            widget.setFocus()
            qtbot.keyClick(widget, Qt.Key.Key_Home)
            while widget.currentItem().text() != name:  # arrow keys down the list
                qtbot.keyClick(widget, Qt.Key.Key_Down)
        seen.append(dialog.chosen.text())
        qtbot.keyClick(dialog.counties, Qt.Key.Key_Return)

    in_modal(picker, picker.browse_button.click, browse)
    assert seen == ["选中：四川省 › 宜宾市 › 叙州区"]
    assert picker.code() == "511504" and picker.edit.text() == "四川省 › 宜宾市 › 叙州区"
