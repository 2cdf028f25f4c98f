"""Who is acting: every service call takes an Actor."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk.errors import NotFound, PermissionDenied
from rescuedesk.models import User
from rescuedesk.models.enums import Role


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    label: str
    role: Role | None
    unit_id: int | None

    @property
    def is_system(self) -> bool:
        """Command-line administration before accounts exist, demo data, migrations."""
        return self.user_id is None

    @classmethod
    def system(cls, label: str | None = None) -> Actor:
        return cls(None, label or f"system:{_os_user()}", None, None)

    @classmethod
    def for_user(cls, user: User) -> Actor:
        return cls(user.id, user.username, user.role, user.unit_id)

    def has_role(self, *roles: Role) -> bool:
        return self.is_system or self.role in roles


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "unknown"


def actor_by_username(session: Session, username: str) -> Actor:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"没有名为 {username} 的用户。", field="user")
    if not user.active:
        raise PermissionDenied(f"用户 {username} 已停用。", field="user")
    return Actor.for_user(user)
