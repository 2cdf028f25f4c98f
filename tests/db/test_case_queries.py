import datetime as dt

import pytest

from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied
from rescuedesk.models.enums import CaseFlag, Sex, Stage
from rescuedesk.services.casefile import cases
from rescuedesk.services.casefile.case_queries import CaseFilter, count_cases, list_cases
from rescuedesk.services.people.identity import make_id_number
from tests.conftest import Staff
from tests.factories import new_case, new_person


@pytest.fixture
def three(db: Database, staff: Staff) -> dict[str, int]:
    cw = staff.caseworker
    ids = {
        "zxm": new_case(db, cw, new_person(db, cw, real_name="张晓梅")),
        "lna": new_case(
            db,
            cw,
            new_person(
                db,
                cw,
                real_name="李娜",
                birth_date=None,
                id_number=make_id_number("230102", dt.date(1990, 5, 5), 4, Sex.FEMALE),
            ),
            intake_date=dt.date(2026, 11, 1),
        ),
        "anon": new_case(
            db,
            cw,
            new_person(
                db,
                cw,
                real_name=None,
                alias="小红（化名）",
                birth_date=None,
                birth_year_estimated=2016,
                identity_known=False,
            ),
        ),
        "other_unit": new_case(
            db,
            staff.other_unit_caseworker,
            new_person(db, staff.other_unit_caseworker, real_name="张晓敏"),
        ),
    }
    with db.write_session() as s:
        cases.change_stage(s, cw, ids["lna"], Stage.ASSESSMENT)
    return ids


def _search(db: Database, actor, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    with db.write_session() as s:
        rows = list_cases(
            s, actor, CaseFilter(search=text), sort="case_number", descending=False
        ).rows
    return [r.real_name or r.alias or "" for r in rows]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("zxm", ["张晓梅"]),
        ("zhangxiaomei", ["张晓梅"]),
        ("ZHANGX", ["张晓梅"]),
        ("张晓", ["张晓梅"]),
        ("xh", ["小红（化名）"]),
        ("小红", ["小红（化名）"]),
        ("HRB-2026-0000", ["张晓梅", "李娜", "小红（化名）"]),
        ("hrb-2026-00002", ["李娜"]),
        ("23010219900505", ["李娜"]),
        ("２３０１０２", ["李娜"]),
        ("nobody", []),
    ],
)
def test_search_as_you_type(
    db: Database, staff: Staff, three: dict[str, int], text: str, names: list[str]
) -> None:
    assert _search(db, staff.caseworker, text) == names


def test_filters_sort_paging_and_scope(db: Database, staff: Staff, three: dict[str, int]) -> None:
    cw = staff.caseworker
    with db.write_session() as s:
        assert count_cases(s, cw) == 3
        assert count_cases(s, staff.other_unit_caseworker) == 1
        assert count_cases(s, staff.system) == 4
        page = list_cases(s, cw, CaseFilter(stages=[Stage.ASSESSMENT]))
        assert [r.case_id for r in page.rows] == [three["lna"]]
        page = list_cases(s, cw, CaseFilter(flag=CaseFlag.UNDER_14))
        assert [r.case_id for r in page.rows] == [three["anon"]]
        page = list_cases(s, cw, CaseFilter(intake_from=dt.date(2026, 10, 15)))
        assert [r.case_id for r in page.rows] == [three["lna"]]
        first = list_cases(s, cw, sort="name", descending=False, limit=2, with_total=True)
        rest = list_cases(s, cw, sort="name", descending=False, limit=2, offset=2)
        assert first.total == 3
        assert len(first.rows) == 2 and len(rest.rows) == 1
        assert {r.case_id for r in first.rows + rest.rows} == {
            three["zxm"],
            three["lna"],
            three["anon"],
        }
    with pytest.raises(PermissionDenied), db.write_session() as s:
        list_cases(s, staff.statistician)


def test_only_the_given_cases_and_still_only_those_in_scope(
    db: Database, staff: Staff, three: dict[str, int]
) -> None:
    # What "show the imported cases" asks for; another unit's case stays out of sight.
    wanted = (three["zxm"], three["anon"], three["other_unit"])
    with db.write_session() as s:
        f = CaseFilter(case_ids=wanted)
        assert count_cases(s, staff.caseworker, f) == 2
        rows = list_cases(s, staff.caseworker, f, sort="case_number", descending=False).rows
        assert [r.case_id for r in rows] == [three["zxm"], three["anon"]]
        assert count_cases(s, staff.caseworker, CaseFilter(case_ids=wanted, search="小红")) == 1
