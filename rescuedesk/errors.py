"""Domain errors raised by services; the UI and the CLI decide how to show them.

Messages are written for a caseworker (Chinese); ``field`` names the attribute so a form can
show the message beside the right widget.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        # Every problem one check found, this one first (see ``first_of``): a form shows
        # each beside its field; any other caller sees the error it always saw.
        self.errors: list[DomainError] = [self]

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def first_of(errors: list[DomainError]) -> DomainError:
    """The first of several problems, carrying them all in ``errors``, to raise."""
    first = errors[0]
    first.errors = list(errors)
    return first


class ValidationError(DomainError):
    """Input that cannot be stored as given."""


class RuleViolation(DomainError):
    """Input that is well formed but breaks a rule of the work (e.g. HLJ 49)."""


class NotFound(DomainError):
    """The record asked for does not exist (or is not visible to the user)."""


class PermissionDenied(DomainError):
    """The acting user may not do this."""


class ConflictError(DomainError):
    """Another workstation saved the same record since it was loaded.

    ``fields`` lists the attributes changed meanwhile, so the UI can show both versions.
    """

    def __init__(
        self,
        entity: str,
        entity_id: int,
        expected_version: int,
        current_version: int,
        fields: list[str],
    ) -> None:
        names = "、".join(fields) if fields else "（未知字段）"
        super().__init__(
            f"该记录已被其他工作站修改（版本 {expected_version} → {current_version}），"
            f"期间改动的字段：{names}。请重新载入后再保存。"
        )
        self.entity = entity
        self.entity_id = entity_id
        self.expected_version = expected_version
        self.current_version = current_version
        self.fields = fields


class DatabaseLocationError(DomainError):
    """The database file cannot be used where it is (e.g. on a network share)."""


class DatabaseBusy(DomainError):
    """PostgreSQL aborted the transaction for a lock conflict with another workstation, and
    running it again did not get through either: nothing was written, the data is sound."""

    MESSAGE = "数据库正忙（与其他工作站的操作冲突），请稍后重试。"

    def __init__(self) -> None:
        super().__init__(self.MESSAGE)


class DatabaseUnavailable(DomainError):
    """The database server stopped answering, or cannot be reached: stopped, crashed, or a
    standby is taking over. Whatever the action was doing was not committed; the next
    action connects anew (to the new primary, when the URL names both servers)."""

    def __init__(self, detail: str = "") -> None:
        shown = f"（{detail}）" if detail else ""
        super().__init__(
            f"与数据库服务器的连接中断，或暂时连不上{shown}。刚才这一步没有保存；"
            "服务器恢复或切换到备用服务器后再试一次，程序会自动重新连接。"
        )
        self.detail = detail


class ReadOnlyDatabase(DomainError):
    """The database is a read-only hot standby and the action needs to write (an upgrade,
    a change, or the audit event of a read)."""
