"""Accounts: creating them, logging in with lockout, and the administrator's actions.

The log-in dialog and the command line call the same :func:`authenticate`. A failed
attempt is recorded (and can lock the account) even though the caller then refuses entry,
so :func:`authenticate` returns a result instead of raising inside the transaction.
Password hashing and the key slots are security's primitives; this module is the user
actions around them (audited, checked against the actor's role).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import DomainError, PermissionDenied, ValidationError
from rescuedesk.models import Unit, User
from rescuedesk.models.enums import UNIT_ROLES, Role
from rescuedesk.models.sealed import Public
from rescuedesk.security import field_slots, passwords
from rescuedesk.services.casefile.fields import to_enum
from rescuedesk.services.office import audit, directory
from rescuedesk.services.office.access import ensure_role, load_for_update
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people.persons import Saved

MAX_FAILED = 6
LOCK_MINUTES = 30


class AuthenticationError(DomainError):
    """Wrong user name or password, locked or disabled account."""


@dataclass(frozen=True)
class LoginResult:
    actor: Actor | None
    message: str | None = None

    def raise_if_refused(self) -> Actor:
        if self.actor is None:
            raise AuthenticationError(self.message or "登录失败。")
        return self.actor


def accounts_exist(session: Session) -> bool:
    return bool(session.scalar(select(func.count(User.id)).where(User.password_hash.is_not(None))))


def create_account(
    session: Session,
    actor: Actor | None,
    data: Mapping[str, Any],
    password: str,
) -> Saved:
    """An administrator adds an account; the very first account is an administrator.

    ``data``: username, full_name, role, unit_id (for caseworker, follow-up worker and
    supervisor), phone.
    """
    first = not accounts_exist(session)
    role = to_enum("role", Role, data.get("role") or "")
    if first:
        if role != Role.ADMIN:
            raise ValidationError("数据库的第一个账户必须是管理员。", field="role")
        actor = Actor.system("first-administrator")
    elif actor is None:
        raise PermissionDenied("只有管理员可以添加账户，请用 --user 指定管理员。")
    ensure_role(actor, Role.ADMIN, what="添加账户")
    if role in UNIT_ROLES and not data.get("unit_id"):
        raise ValidationError("个案工作者、回访工作者和主管必须属于一个单位。", field="unit_id")
    passwords.check_policy(password, username=data.get("username"))
    saved = directory.create_user(session, actor, data)
    user: User = saved.record
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = clock.now()
    session.flush()
    field_slots.on_password_set(session, user.id, password)
    audit.record(
        session,
        actor,
        "account_created",
        "app_user",
        user.id,
        changes={"username": [None, user.username], "role": [None, user.role]},
    )
    return saved


def authenticate(session: Session, username: str, password: str) -> LoginResult:
    """Check a password, and count a failure (locking after MAX_FAILED) in this transaction.

    A refusal is returned, not raised, so the caller commits the count and the event first.
    """
    now = clock.now()
    # FOR NO KEY UPDATE, not FOR UPDATE: it still serialises two log-ins of one account (the
    # failure count), but not the key-share lock that a save's audit event takes on the same
    # row (its user_id) while it holds the audit append lock, which log-in takes next.
    # With FOR UPDATE the two waited on each other: DeadlockDetected (issue #11).
    user = session.scalar(
        select(User).where(User.username == username).with_for_update(key_share=True)
    )
    anonymous = Actor(None, f"login:{username}", None, None)
    refused = "用户名或密码不正确。"
    if user is None or user.password_hash is None:
        passwords.verify_password(_dummy_hash(), password)  # same time as a real check
        # The name tried is in actor_label ("login:NAME"); the event holds nothing sealed,
        # since no key is unwrapped before a log-in succeeds.
        audit.record(session, anonymous, "login_failed", "app_user", None)
        return LoginResult(None, refused)
    if not user.active:
        audit.record(
            session,
            anonymous,
            "login_failed",
            "app_user",
            user.id,
            reason=Public("account disabled"),
        )
        return LoginResult(None, "该账户已停用，请联系管理员。")
    if user.locked_until is not None and user.locked_until > now:
        audit.record(
            session, anonymous, "login_failed", "app_user", user.id, reason=Public("account locked")
        )
        return LoginResult(None, locked_message(user.locked_until))
    if not passwords.verify_password(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED:
            user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
            session.flush()
            audit.record(
                session,
                anonymous,
                "account_locked",
                "app_user",
                user.id,
                version=user.version,
                reason=Public(f"{MAX_FAILED} failed log-ins"),
            )
            return LoginResult(None, locked_message(user.locked_until))
        session.flush()
        audit.record(session, anonymous, "login_failed", "app_user", user.id, version=user.version)
        return LoginResult(None, refused)
    user.failed_logins = 0
    user.locked_until = None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    session.flush()
    actor = Actor.for_user(user)
    audit.record(session, actor, "login", "app_user", user.id, version=user.version)
    return LoginResult(actor)


def locked_message(until: dt.datetime) -> str:
    return f"连续多次密码错误，账户已锁定至 {until:%H:%M}（UTC），或请管理员解锁。"


def _admin_change(
    session: Session,
    actor: Actor,
    user_id: int,
    action: str,
    expected_version: int | None,
    **values: Any,
) -> User:
    ensure_role(actor, Role.ADMIN, what="管理账户")
    user = load_for_update(session, User, user_id, expected_version)
    before = {k: getattr(user, k) for k in values}
    for k, v in values.items():
        setattr(user, k, v)
    session.flush()
    shown = {k: [before[k], v] for k, v in values.items() if k != "password_hash"}
    audit.record(session, actor, action, "app_user", user.id, changes=shown, version=user.version)
    return user


def unlock(
    session: Session, actor: Actor, user_id: int, expected_version: int | None = None
) -> User:
    return _admin_change(
        session,
        actor,
        user_id,
        "account_unlocked",
        expected_version,
        locked_until=None,
        failed_logins=0,
    )


def set_active(
    session: Session, actor: Actor, user_id: int, active: bool, expected_version: int | None = None
) -> User:
    """Disable or re-enable an account; accounts are never deleted."""
    if not active and actor.user_id == user_id:
        raise ValidationError("不能停用自己的账户。", field="active")
    return _admin_change(
        session,
        actor,
        user_id,
        "account_enabled" if active else "account_disabled",
        expected_version,
        active=active,
    )


def reset_password(
    session: Session,
    actor: Actor,
    user_id: int,
    new_password: str,
    expected_version: int | None = None,
) -> User:
    user = session.get(User, user_id)
    passwords.check_policy(new_password, username=user.username if user else None)
    changed = _admin_change(
        session,
        actor,
        user_id,
        "password_reset",
        expected_version,
        password_hash=passwords.hash_password(new_password),
        password_changed_at=clock.now(),
        failed_logins=0,
        locked_until=None,
    )
    field_slots.on_password_set(session, user_id, new_password)  # the PostgreSQL key slot
    return changed


@dataclass(frozen=True)
class AccountRow:
    username: str
    full_name: str
    role: Role
    unit_code: str | None
    active: bool
    locked_until: dt.datetime | None
    can_log_in: bool

    def state(self, now: dt.datetime) -> str:
        if not self.active:
            return "停用"
        if not self.can_log_in:
            return "无登录"  # staff in the directory only (e.g. a visitor named on forms)
        if self.locked_until is not None and self.locked_until > now:
            return f"锁定至{self.locked_until:%H:%M}"
        return "启用"


def list_accounts(session: Session, actor: Actor) -> list[AccountRow]:
    """Every member of staff with role, unit and state, for an administrator."""
    ensure_role(actor, Role.ADMIN, what="管理账户")
    rows = session.execute(
        select(
            User.username,
            User.full_name,
            User.role,
            Unit.code,
            User.active,
            User.locked_until,
            User.password_hash.is_not(None),
        )
        .outerjoin(Unit, Unit.id == User.unit_id)
        .order_by(User.username)
    )
    return [AccountRow(*row) for row in rows]


def unit_by_code(session: Session, code: str) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.code == code.upper()))
    if unit is None:
        raise ValidationError(f"没有代码为 {code} 的单位。", field="unit")
    return unit


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return passwords.hash_password("timing-equaliser-not-a-password")
