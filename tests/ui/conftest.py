from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from rescuedesk.db import Database
from rescuedesk.models.enums import Role, Sex
from rescuedesk.services.office import accounts
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import persons
from rescuedesk.services.people.identity import make_id_number
from tests.conftest import Staff
from tests.factories import new_case

PASSWORD = "主管的-长密码-2026"


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, qapp, monkeypatch):  # type: ignore[no-untyped-def]
    # The database the wizard chooses is remembered in a config file (config.py), per test.
    monkeypatch.setenv("RESCUEDESK_CONFIG_DIR", str(tmp_path / "config"))
    QCoreApplication.setOrganizationName("RescueDeskTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


@pytest.fixture
def ui_db(db: Database, staff: Staff) -> tuple[Database, Actor, dict[str, int]]:
    """A database with a supervisor account and three cases of its unit."""
    with db.write_session() as s:
        accounts.create_account(
            s,
            None,
            {"username": "root", "full_name": "管理员", "role": Role.ADMIN},
            "管理员的-长密码-2026",
        )
        root = accounts.authenticate(s, "root", "管理员的-长密码-2026").raise_if_refused()
    with db.write_session() as s:
        sup = accounts.create_account(
            s,
            root,
            {
                "username": "lead",
                "full_name": "李主管",
                "role": Role.SUPERVISOR,
                "unit_id": staff.unit_id,
            },
            PASSWORD,
        ).record
        actor = Actor.for_user(sup)
    ids = {}
    for name in ("张晓梅", "李娜", "王秀英"):
        with db.write_session() as s:
            pid = persons.create_person(
                s,
                staff.caseworker,
                {
                    "real_name": name,
                    "sex": Sex.FEMALE,
                    "id_number": make_id_number(
                        "230102", dt.date(1995, 1, 1), len(ids), Sex.FEMALE
                    ),
                },
            ).record.id
        ids[name] = new_case(db, staff.caseworker, pid)
    return db, actor, ids
