"""The decisions file names the sheet of a row when it must (issue #12): a bare row number is
the first persons-and-cases sheet's, as in every file written before."""

import json
from pathlib import Path

import pytest

from rescuedesk.errors import ValidationError
from rescuedesk.ledger import decisions
from rescuedesk.ledger.decisions import Decision


def test_a_row_of_a_sheet_by_its_key_or_its_sheet_column(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    rows = {
        "2": {"action": "new"},
        "5": {"action": "skip", "sheet": "一组"},
        "二组!5": {"action": "same", "person_id": 7},
        "二组!6": {"action": "skip", "sheet": "二组"},
    }
    path.write_text(json.dumps({"rows": rows}, ensure_ascii=False), encoding="utf-8")
    loaded = decisions.load(path)
    assert loaded == {
        2: Decision.new(),
        ("一组", 5): Decision.skip(),
        ("二组", 5): Decision.same_person(7),
        ("二组", 6): Decision.skip(),
    }
    decisions.dump(loaded, path)
    assert decisions.load(path) == loaded
    assert decisions.find(loaded, "二组", 5, first=False) == Decision.same_person(7)
    assert decisions.find(loaded, "一组", 2, first=True) == Decision.new()
    assert decisions.find(loaded, "二组", 2, first=False) is None  # row 2 of 一组 only


def test_a_key_and_a_sheet_column_that_disagree(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    rows = {"二组!5": {"action": "skip", "sheet": "一组"}}
    path.write_text(json.dumps({"rows": rows}, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValidationError, match="不一致"):
        decisions.load(path)
    path.write_text(json.dumps({"rows": {"二组!x": {"action": "new"}}}), encoding="utf-8")
    with pytest.raises(ValidationError, match="不是行号"):
        decisions.load(path)
