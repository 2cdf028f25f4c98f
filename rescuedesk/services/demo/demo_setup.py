"""Demo data as a user action: one function for `rescuedesk demo-data` and the first-start
wizard's demo page, so both write the same records under the same actor (the administrator
who asked) in one transaction, cancelled as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field

from rescuedesk.db import Database
from rescuedesk.models.enums import Role
from rescuedesk.services.demo import demo_data
from rescuedesk.services.demo.demo_data import DemoAccount, DemoSummary, Progress
from rescuedesk.services.office import vault
from rescuedesk.services.office.access import ensure_role
from rescuedesk.services.office.context import Actor


@dataclass(frozen=True)
class DemoLoaded:
    summary: DemoSummary
    accounts: list[DemoAccount] = field(default_factory=list)


def load_demo_data(
    db: Database,
    actor: Actor,
    persons: int,
    *,
    seed: int = 1,
    progress: Progress | None = None,
    account_password: str | None = None,
) -> DemoLoaded:
    """Generate ``persons`` fictitious persons with their cases (``progress`` may cancel:
    demo_data.Cancelled, and nothing is kept). With ``account_password`` the demo staff get
    it as their password, and on an encrypted file a key slot each."""
    ensure_role(actor, Role.ADMIN, what="生成演示数据")
    with db.write_session() as session:
        summary = demo_data.generate(session, actor, persons, seed=seed, progress=progress)
        accounts = (
            demo_data.enable_demo_accounts(session, actor, account_password)
            if account_password
            else []
        )
    for account in accounts:
        assert account_password is not None
        vault.rewrap(db, account.username, account_password)
    return DemoLoaded(summary, accounts)
