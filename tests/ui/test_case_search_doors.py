"""`rescuedesk case list --search TEXT` finds what the case list's search box finds (issue #13,
a contract): an office set up through the command (demo cases, then accounts, which encrypt
an embedded file), the same texts typed into the real window after its log-in dialog and
given to the command run as another process, on both engines: the same cases. Inside names
and places too: 小梅 finds 李小梅 (and after her the homophone 王晓梅), 呼兰 the persons
registered or rescued in 呼兰区."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.models import Case, Person, Unit
from rescuedesk.services.casefile import cases
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import persons
from rescuedesk.ui.dialogs.login_dialog import LoginDialog
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from tests.entry.conftest import office_with_accounts, run_cli

UNIT = "HLJ-HRB"
PASSWORD = "主管-搜索-长密码-2026"
SEARCHES = ["zh", "l", "wang", "王", "李", "HLJ-HRB", "nobody"]
INSIDE = ["梅", "小梅", "mei", "xiaomei", "xm", "呼兰"]
HULAN = "230111"  # 黑龙江省哈尔滨市呼兰区


def _in_order(window: MainWindow, qtbot: QtBot, text: str) -> list[str]:
    window.case_list.search.setText(text)  # Chinese comes from an input method, not keys
    qtbot.waitUntil(lambda: not window.case_list._timer.isActive(), timeout=3000)
    model = window.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def _shown(window: MainWindow, qtbot: QtBot, text: str) -> list[str]:
    return sorted(_in_order(window, qtbot, text))


def _known_people(db: Database) -> dict[str, str]:
    """Cases of the unit whose persons are named or placed for the searches inside names
    and places; their case numbers by name."""
    actor = Actor.system("t")
    out = {}
    with db.write_session() as s:
        unit = s.scalars(select(Unit).where(Unit.code == UNIT)).one()
        for name, registered, rescued in [
            ("李小梅", None, None),
            ("王晓梅", None, None),  # sounds as 小梅, written otherwise
            ("赵国强", HULAN, None),  # registered in 呼兰区
            ("孙丽", None, HULAN),  # rescued there
        ]:
            data = {"real_name": name, "sex": "female", "household_registration_code": registered}
            person = persons.create_person(s, actor, data).record
            case = {"intake_channel": "self_referral", "intake_date": dt.date(2026, 11, 2),
                    "rescue_place_code": rescued}  # fmt: skip
            out[name] = cases.open_case(
                s, actor, person.id, case, unit_id=unit.id
            ).record.case_number
    return out


def _placed_in_hulan(db: Database) -> list[str]:
    with db.read_session() as s:
        return sorted(
            s.scalars(
                select(Case.case_number)
                .join(Person, Person.id == Case.person_id)
                .where(
                    (Person.household_registration_code == HULAN)
                    | (Case.rescue_place_code == HULAN)
                )
            )
        )


def _listed(url: str, text: str) -> list[str]:
    done = run_cli(["--db", url, "--user", "sup", "case", "list", "--search", text],
                   password=PASSWORD)  # fmt: skip
    assert done.code == 0, done.err
    return sorted(line.split("\t")[0] for line in done.out.splitlines() if line)


def test_the_command_finds_what_the_search_box_finds(qtbot: QtBot, db_url: str) -> None:
    db = Database(db_url)
    with db.write_session() as s:
        demo_data.generate(s, Actor.system("t"), 120, seed=13)
    known = _known_people(db)
    hulan = _placed_in_hulan(db)
    db.dispose()
    office_with_accounts(db_url, {"sup": ("supervisor", UNIT, PASSWORD)})

    dialog = LoginDialog(db_url)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "sup")
    dialog.password.setText(PASSWORD)
    dialog.try_login()
    assert dialog.result_value is not None, dialog.error.text()
    # The commands below run one by one as processes: on a busy machine longer than the
    # idle lock's 5 minutes, which would lock the window and empty its list before the last
    # search (a failure seen under load).
    window = MainWindow(Workspace(*dialog.result_value), idle_minutes=60)
    qtbot.addWidget(window, before_close_func=lambda w: w.hide())
    window.show()
    window.load_case_list()
    window.tabs.setCurrentWidget(window.case_list)
    shown = {text: _shown(window, qtbot, text) for text in SEARCHES + INSIDE}
    everything = _shown(window, qtbot, "")

    for text in SEARCHES + INSIDE:
        assert _listed(db_url, text) == shown[text], text
    # Not a comparison of empty lists: the searches narrow, and one finds nothing.
    assert shown["nobody"] == [] and shown["HLJ-HRB"] == everything
    assert any(0 < len(shown[t]) < len(everything) for t in ("zh", "l", "wang", "王", "李"))
    # Inside a name, by characters, pinyin and initials: 李小梅 is found by her given name.
    for text in INSIDE[:-1]:
        assert known["李小梅"] in shown[text], text
    assert known["王晓梅"] in shown["xiaomei"] and known["王晓梅"] in shown["小梅"]
    # The characters first, then the homophones, whatever the sort.
    order = _in_order(window, qtbot, "小梅")
    assert order.index(known["李小梅"]) < order.index(known["王晓梅"])
    # A place: every case of a person registered there, or rescued there.
    assert {known["赵国强"], known["孙丽"]} <= set(shown["呼兰"])
    assert shown["呼兰"] == hulan
