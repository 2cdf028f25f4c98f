import datetime as dt

import pytest
from sqlalchemy import select

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied, ValidationError
from rescuedesk.models import AuditEvent, User
from rescuedesk.models.enums import Role
from rescuedesk.security import passwords
from rescuedesk.services.office import accounts
from tests.conftest import FIXED_NOW, Staff

GOOD = "救助站-春天-2026"


def _add(db: Database, actor, username: str, role: Role, unit_id: int | None = None):  # type: ignore[no-untyped-def]
    with db.write_session() as s:
        return accounts.create_account(
            s,
            actor,
            {"username": username, "full_name": username, "role": role, "unit_id": unit_id},
            GOOD,
        ).record


def _login(db: Database, username: str, password: str) -> accounts.LoginResult:
    with db.write_session() as s:
        return accounts.authenticate(s, username, password)


def test_first_account_must_be_an_administrator(db: Database) -> None:
    with pytest.raises(ValidationError, match="管理员") as err:
        _add(db, None, "cw", Role.CASEWORKER, None)
    assert err.value.field == "role"
    admin = _add(db, None, "admin", Role.ADMIN)
    assert admin.password_hash.startswith("$argon2id$")
    with pytest.raises(PermissionDenied):
        _add(db, None, "second", Role.ADMIN)  # later accounts need an administrator


def test_unit_roles_need_a_unit_and_admins_add_accounts(db: Database, staff: Staff) -> None:
    admin = _add(db, None, "root", Role.ADMIN)
    root = _login(db, "root", GOOD).raise_if_refused()
    assert root.user_id == admin.id
    with pytest.raises(ValidationError, match="单位") as err:
        _add(db, root, "fw", Role.FOLLOW_UP_WORKER)
    assert err.value.field == "unit_id"
    _add(db, root, "fw", Role.FOLLOW_UP_WORKER, staff.unit_id)
    _add(db, root, "audit1", Role.AUDITOR)  # no unit needed
    with pytest.raises(PermissionDenied):
        _add(db, staff.caseworker, "x1", Role.CASEWORKER, staff.unit_id)


def test_wrong_password_then_lockout_for_30_minutes(db: Database) -> None:
    _add(db, None, "admin", Role.ADMIN)
    for attempt in range(1, 6):
        result = _login(db, "admin", "wrong-password")
        assert result.actor is None and "不正确" in (result.message or "")
        with db.read_session() as s:
            assert s.scalar(select(User.failed_logins)) == attempt
    locked = _login(db, "admin", "wrong-password")  # the sixth
    assert locked.actor is None and "锁定" in (locked.message or "")
    assert _login(db, "admin", GOOD).actor is None  # even the right password
    clock.set_clock(lambda: FIXED_NOW + dt.timedelta(minutes=29))
    assert _login(db, "admin", GOOD).actor is None
    clock.set_clock(lambda: FIXED_NOW + dt.timedelta(minutes=31))
    assert _login(db, "admin", GOOD).actor is not None
    with db.read_session() as s:
        actions = s.scalars(
            select(AuditEvent.action).where(AuditEvent.entity == "app_user").order_by(AuditEvent.id)
        ).all()
    assert actions.count("login_failed") == 7  # five wrong, then two tries while locked
    assert "account_locked" in actions and actions[-1] == "login"


def test_administrator_unlocks_disables_and_resets(db: Database, staff: Staff) -> None:
    _add(db, None, "root", Role.ADMIN)
    root = _login(db, "root", GOOD).raise_if_refused()
    user = _add(db, root, "cw9", Role.CASEWORKER, staff.unit_id)
    for _ in range(6):
        _login(db, "cw9", "nope-nope")
    assert _login(db, "cw9", GOOD).actor is None
    with db.write_session() as s:
        accounts.unlock(s, root, user.id)
    assert _login(db, "cw9", GOOD).actor is not None
    with db.write_session() as s:
        accounts.set_active(s, root, user.id, False)
    assert "停用" in (_login(db, "cw9", GOOD).message or "")
    with db.write_session() as s:
        accounts.set_active(s, root, user.id, True)
        with pytest.raises(ValidationError, match="常见"):
            accounts.reset_password(s, root, user.id, "12345678")
        accounts.reset_password(s, root, user.id, "另一个-长密码-99")
    assert _login(db, "cw9", "另一个-长密码-99").actor is not None
    with db.read_session() as s:  # no password or hash ever lands in the audit trail
        for changes in s.scalars(select(AuditEvent.changes)):
            assert "password_hash" not in changes and "另一个" not in str(changes)


def test_unknown_user_is_refused_like_a_wrong_password(db: Database) -> None:
    _add(db, None, "admin", Role.ADMIN)
    assert _login(db, "nobody", GOOD).message == _login(db, "admin", "wrong-pass").message


def test_passwords_are_never_stored_in_clear(db: Database) -> None:
    _add(db, None, "admin", Role.ADMIN)
    with db.read_session() as s:
        stored = s.scalar(select(User.password_hash))
    assert GOOD not in stored and passwords.verify_password(stored, GOOD)
