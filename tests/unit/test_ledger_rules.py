"""Duplicate scores, the visits mapping and the decisions file, without a database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from rescuedesk.errors import ValidationError
from rescuedesk.ledger import decisions, normalize
from rescuedesk.ledger.decisions import Action, Decision
from rescuedesk.ledger.mapping import Kind, detect_kind, kind_of, propose
from rescuedesk.models.enums import Sex
from rescuedesk.services.people.duplicates import THRESHOLD, Identity, compare
from rescuedesk.services.people.identity import make_id_number

MEI = Identity.of(
    name="张晓梅", id_number=None, birth_date=dt.date(1998, 4, 2), origin="230102", sex="female"
)


def test_scores_follow_the_documented_weights() -> None:
    homophone = Identity.of(name="章小梅", id_number=None, birth_year=1998, origin="230102")
    match = compare(homophone, MEI)
    assert match is not None and match.score == 90 and not match.certain
    assert match.reasons == ["姓名同音（zhangxiaomei）", "出生年份相同（1998）", "户籍地相同"]
    same_name_city = Identity.of(name="张晓梅", id_number=None, birth_year=1998, origin="230103")
    assert compare(same_name_city, MEI).score == 40 + 30 + 20  # type: ignore[union-attr]
    name_only = Identity.of(name="张晓梅", id_number=None)
    bare = Identity.of(name="张晓梅", id_number=None, sex="female")
    assert compare(name_only, bare).score == 60 == THRESHOLD  # type: ignore[union-attr]
    assert compare(name_only, MEI).score == 60  # nothing on MEI's side to compare with
    homophone_only = Identity.of(name="章晓梅", id_number=None)
    assert compare(homophone_only, bare).score == 50 < THRESHOLD  # type: ignore[union-attr]
    other_city = Identity.of(name="张晓梅", id_number=None, origin="650102")
    assert compare(other_city, MEI).score == 40 < THRESHOLD  # type: ignore[union-attr]
    other_year_and_sex = Identity.of(name="张晓梅", id_number=None, birth_year=1975, sex="male")
    assert compare(other_year_and_sex, MEI).score == 40 - 30 - 40  # type: ignore[union-attr]
    assert compare(Identity.of(name="李华", id_number=None), MEI) is None


def test_id_numbers_decide_alone() -> None:
    number = make_id_number("230102", dt.date(1998, 4, 2), 7, Sex.FEMALE)
    other = make_id_number("230102", dt.date(1998, 4, 2), 9, Sex.FEMALE)
    row = Identity.of(name="王五", id_number=number.lower())
    stored = Identity.of(name="张晓梅", id_number=number)
    assert compare(row, stored).score == 100  # type: ignore[union-attr]
    # Birth year and origin come from the ID number when nothing else says them.
    assert (row.birth_year, row.origin) == (1998, "230102")
    twin = Identity.of(name="张晓梅", id_number=other)
    assert compare(twin, stored) is None  # two real ID numbers: two people


def test_visits_headers_are_recognised() -> None:
    headers = ["序号", "个案编号", "姓名", "回访日期", "回访人", "回访方式", "情况"]
    headers += ["存在问题", "下次回访日期"]
    mapping = propose(headers, Kind.VISITS)
    assert mapping["done_date"] == "回访日期"  # not 下次回访日期, whose name is longer
    assert mapping["next_planned_date"] == "下次回访日期"
    assert mapping["situation"] == "情况" and mapping["problems"] == "存在问题"
    assert detect_kind(headers) == Kind.VISITS
    assert detect_kind(["姓名", "性别", "解救日期", "回访日期"]) == Kind.CASES
    assert detect_kind(["说明"]) is None
    assert kind_of(mapping) == Kind.VISITS and kind_of({"real_name": "姓名"}) == Kind.CASES


def test_visit_words() -> None:
    assert [normalize.visit_mode(w) for w in ("入户走访", "电话回访", "视频", "来访")] == [
        "home",
        "phone",
        "video",
        "office",
    ]
    assert normalize.wellbeing("良好") == "good" and normalize.wellbeing("") is None
    with pytest.raises(ValueError, match="回访方式"):
        normalize.visit_mode("飞鸽传书")


def test_decisions_file(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    wanted = {
        3: Decision.new(),
        5: Decision.same_person(12),
        8: Decision.same_as_row(3),
        9: Decision.skip(),
    }
    decisions.dump(wanted, path, sha256="abc")
    assert decisions.load(path, sha256="abc") == wanted
    with pytest.raises(ValidationError, match="另一个版本"):
        decisions.load(path, sha256="def")
    path.write_text(json.dumps({"rows": {"4": {"action": None}}}), encoding="utf-8")
    with pytest.raises(ValidationError, match="第4行还没有决定"):
        decisions.load(path)
    with pytest.raises(ValidationError):
        Decision(Action.SAME)  # same as whom?


def test_one_table_of_field_normalisers_for_both_kinds_of_sheet() -> None:
    from rescuedesk.ledger.mapping import FIELDS, VISIT_FIELDS
    from rescuedesk.services.people.identity import normalize_id_number

    typed = "１１０１０５ １９４９１２３１-００２ｘ"
    raw = {"身份证": typed, "日期": "2023年5月1日", "地": "长安区", "方式": "电话回访", "性别": "x"}
    for fields in (FIELDS, VISIT_FIELDS):  # a field both kinds have is read alike
        values, problems, _ = normalize.normalise_row(
            raw, {"id_number": "身份证", "birth_date": "日期", "planned_date": "日期"}, fields
        )
        assert values["id_number"] == normalize_id_number(typed) == "11010519491231002X"
        assert not problems
    values, problems, warnings = normalize.normalise_row(
        raw, {"household_registration_code": "地", "sex": "性别", "mode": "方式"}, FIELDS
    )
    assert problems == [("性别", "性别“x”应为男或女")] and "sex" not in values
    assert "mode" not in values  # not a field of a persons-and-cases sheet
    assert values["household_registration_code"] is None and "多个地区" in warnings[0]
    values, _, _ = normalize.normalise_row(raw, {"mode": "方式", "situation": "地"}, VISIT_FIELDS)
    assert values == {"mode": "phone", "situation": "长安区"}


def test_decisions_file_names_the_sheet_of_the_same_row(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    wanted = {
        ("二组", 3): Decision.same_as_row(2, "一组"),  # row 2 of an earlier sheet
        ("二组", 4): Decision.same_as_row(2),  # row 2 of its own sheet
        8: Decision.same_as_row(3),
    }
    decisions.dump(wanted, path)
    rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
    assert rows["二组!3"] == {"action": "same", "row": 2, "sheet": "二组", "same_as_sheet": "一组"}
    assert rows["8"] == {"action": "same", "row": 3}  # the one-sheet format, as it was
    assert decisions.load(path) == wanted
    # Naming the entry's own sheet is the same as naming none.
    rows["二组!4"]["same_as_sheet"] = "二组"
    path.write_text(json.dumps({"rows": rows}), encoding="utf-8")
    assert decisions.load(path)[("二组", 4)] == Decision.same_as_row(2)
    rows["二组!4"] = {"action": "new", "same_as_sheet": "一组"}  # a sheet without a row
    path.write_text(json.dumps({"rows": rows}), encoding="utf-8")
    with pytest.raises(ValidationError, match="same_as_sheet"):
        decisions.load(path)
