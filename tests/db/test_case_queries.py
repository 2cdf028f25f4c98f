import datetime as dt

import pytest

from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied
from rescuedesk.models import Case, CaseAssignment, Person
from rescuedesk.models.enums import CaseFlag, Sex, Stage
from rescuedesk.services.casefile import case_queries, cases
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


@pytest.fixture
def named(db: Database, staff: Staff) -> dict[str, int]:
    """Persons for the searches inside names and places (issue #13)."""
    cw = staff.caseworker
    people = {
        "李小梅": {"household_registration_code": "230111"},  # 呼兰区
        "王晓梅": {},  # sounds as 小梅
        "刘梅": {"alias": "阿梅"},
        "李娜": {"household_registration_code": "230102"},  # 道里区, also in 哈尔滨
        "赵强": {},
    }
    ids = {}
    for name, more in people.items():
        person = new_person(db, cw, real_name=name, **more)
        ids[name] = new_case(db, cw, person, rescue_place_code=None)
    ids["rescued_in_hulan"] = new_case(
        db, cw, new_person(db, cw, real_name="孙丽"), rescue_place_code="230111"
    )
    return ids


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # Any part of a name or alias, by characters, pinyin or initials.
        ("梅", ["李小梅", "王晓梅", "刘梅"]),
        ("小梅", ["李小梅", "王晓梅"]),  # 王晓梅 after: she only sounds as 小梅
        ("小", ["李小梅", "王晓梅"]),  # 晓 sounds as 小
        ("mei", ["李小梅", "王晓梅", "刘梅"]),
        ("xiaomei", ["李小梅", "王晓梅"]),
        ("xiaom", ["李小梅", "王晓梅"]),
        ("xm", ["李小梅", "王晓梅"]),
        ("阿梅", ["刘梅"]),
        ("强", ["赵强"]),
        # Whole syllables only: 李 (li) finds 丽 (li) after the 李s, not 刘 (liu).
        ("李", ["李小梅", "李娜", "孙丽"]),
        # A place: the persons registered there and the cases rescued there; a prefecture
        # finds its counties. Names first.
        ("呼兰", ["李小梅", "孙丽"]),
        ("呼兰区", ["李小梅", "孙丽"]),
        ("哈尔滨", ["李小梅", "李娜", "孙丽"]),
        ("黑龙江", ["李小梅", "李娜", "孙丽"]),
    ],
)
def test_search_inside_names_and_places(
    db: Database, staff: Staff, named: dict[str, int], text: str, names: list[str]
) -> None:
    assert _search(db, staff.caseworker, text) == names
    with db.read_session() as s:
        assert count_cases(s, staff.caseworker, CaseFilter(search=text)) == len(names)


def test_characters_before_sounds_in_any_sort_and_page(
    db: Database, staff: Staff, named: dict[str, int]
) -> None:
    cw = staff.caseworker
    for sort in ("case_number", "intake_date", "name"):
        for descending in (False, True):
            with db.write_session() as s:
                rows = list_cases(
                    s, cw, CaseFilter(search="小梅"), sort=sort, descending=descending
                ).rows
                pages = [
                    list_cases(
                        s, cw, CaseFilter(search="小梅"), sort=sort, descending=descending,
                        limit=1, offset=i,
                    ).rows[0].real_name
                    for i in range(2)
                ]  # fmt: skip
            assert [r.real_name for r in rows] == ["李小梅", "王晓梅"] == pages


def test_a_renamed_person_is_found_by_the_new_name_only(
    db: Database, staff: Staff, named: dict[str, int]
) -> None:
    with db.write_session() as s:
        case = s.get(Case, named["刘梅"])
        assert case is not None
        person = s.get(Person, case.person_id)
        assert person is not None
        person.real_name, person.alias = "刘红", None
    assert "刘红" in _search(db, staff.caseworker, "红")
    assert _search(db, staff.caseworker, "阿梅") == []
    assert "刘梅" not in _search(db, staff.caseworker, "mei")


@pytest.mark.parametrize("sort", ["intake_date", "case_number"])
def test_walking_the_sort_index_finds_the_same_pages(
    db: Database,
    staff: Staff,
    named: dict[str, int],
    sort: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A common text (SQLite) walks the sort's index group by group instead of gathering its
    hits: the same cases, in the same order, page by page."""
    cw = staff.caseworker
    texts = ["梅", "小梅", "mei", "xm", "李", "呼兰", "哈尔滨", "HRB-2026", "nobody"]

    def pages(text: str) -> list[list[str]]:
        with db.write_session() as s:
            return [
                [
                    r.real_name
                    for r in list_cases(s, cw, CaseFilter(search=text), sort=sort, limit=2,
                                        offset=offset, audit_read=False).rows
                ]
                for offset in range(0, 8, 2)
            ]  # fmt: skip

    gathered = {text: pages(text) for text in texts}
    monkeypatch.setattr(case_queries, "MIN_DENSE", 1)
    assert {text: pages(text) for text in texts} == gathered


@pytest.mark.parametrize("sort", ["intake_date", "case_number"])
def test_a_supervisors_rank_groups_one_at_a_time_are_the_ranked_pages(
    db: Database,
    staff: Staff,
    named: dict[str, int],
    sort: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A supervisor's text with rank groups (characters, homophones, places) is gathered a
    group at a time on both engines, each group's hits sorted and cut before the page's
    persons are read: the same cases, in the same order and rank, page by page across the
    groups' ends, as one statement ranking every hit. A place's group reads each case once
    from its place's indexes: a case rescued in a place its person is registered in is
    found once; a text naming places of several provinces (朝阳) finds the cases of each."""
    sup = staff.supervisor
    cw = staff.caseworker
    for name, registered, rescued in [
        ("周敏", "230102", "230111"),  # registered and rescued in 哈尔滨
        ("吴刚", "110105", "211302"),  # 朝阳区 (北京), rescued in 朝阳市 (辽宁)
        ("郑伟", "220104", None),  # 朝阳区 (长春)
        ("钱芳", None, "110105"),
    ]:
        person = new_person(db, cw, real_name=name, household_registration_code=registered)
        new_case(db, cw, person, rescue_place_code=rescued)
    texts = ["梅", "小梅", "李", "呼兰", "哈尔滨", "朝阳", "mei", "nobody"]

    def pages(text: str) -> list[list[tuple[str, int]]]:
        with db.write_session() as s:
            return [
                [
                    (r.real_name, getattr(r, "search_rank", -1))
                    for r in list_cases(s, sup, CaseFilter(search=text), sort=sort, limit=2,
                                        offset=offset, audit_read=False).rows
                ]
                for offset in range(0, 8, 2)
            ]  # fmt: skip

    by_group = {text: pages(text) for text in texts}
    assert sum(len(p) for pages_ in by_group.values() for p in pages_) > 10
    monkeypatch.setattr(case_queries, "_common_groups", lambda *a, **k: ([], 0))
    assert {text: pages(text) for text in texts} == by_group


@pytest.mark.parametrize("common_from", [None, 1], ids=["as-is", "walked"])
def test_a_caseworkers_page_from_her_own_cases_is_the_same_page(
    db: Database,
    staff: Staff,
    named: dict[str, int],
    common_from: int | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A caseworker's search page tests her own and assigned cases one by one: the same
    cases, in the same rank and order, page by page, as the gathered or walked page of the
    same cases (the system's, limited to her case ids), for rare and common texts (MIN_DENSE
    1: every text walked), in every sort; never a case she may not see."""
    cw, other = staff.caseworker, staff.other_unit_caseworker
    assigned = new_case(db, other, new_person(db, other, real_name="梅小丽"))
    hidden = new_case(db, other, new_person(db, other, real_name="李梅", alias="小梅"))
    with db.write_session() as s:
        s.add(
            CaseAssignment(
                case_id=assigned,
                user_id=cw.user_id,
                purpose="follow_up",
                assigned_at=dt.datetime(2026, 1, 1),
            )
        )
        s.add(  # ended: no longer hers
            CaseAssignment(
                case_id=hidden,
                user_id=cw.user_id,
                purpose="follow_up",
                assigned_at=dt.datetime(2026, 1, 1),
                ended_at=dt.datetime(2026, 2, 1),
            )
        )
    mine = (*named.values(), assigned)
    if common_from is not None:
        monkeypatch.setattr(case_queries, "MIN_DENSE", common_from)
    texts = ["梅", "小", "小梅", "mei", "xm", "李", "li", "呼兰", "哈尔滨", "HRB-2026", "nobody"]

    def pages(actor, text: str, sort: str, descending: bool, ids: tuple[int, ...] = ()):  # type: ignore[no-untyped-def]
        f = CaseFilter(search=text, case_ids=ids)
        with db.write_session() as s:
            return [
                [
                    (r.case_id, getattr(r, "search_rank", 0))
                    for r in list_cases(s, actor, f, sort=sort, descending=descending, limit=2,
                                        offset=offset, audit_read=False).rows
                ]
                for offset in range(0, 10, 2)
            ]  # fmt: skip

    found = 0
    for sort in ("intake_date", "case_number", "name", "caseworker"):
        for descending in (False, True):
            for text in texts:
                hers = pages(cw, text, sort, descending)
                assert hers == pages(staff.system, text, sort, descending, mine), (sort, text)
                ids = {i for page in hers for i, _ in page}
                assert hidden not in ids and ids <= set(mine), (sort, text)
                found += len(ids)
    assert found > 50
