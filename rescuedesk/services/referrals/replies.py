"""When a referral's reply is due: each kind of recipient answers in its own time.

A letter's template may say its own days (``reply_days``, which an administrator edits with
the template); a referral entered by hand takes the days of its recipient type. Either way
the date is the caseworker's to change, on the letter or in the 转介 form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from rescuedesk.models.enums import AgencyType, ReferralStatus

# A hospital or a children's home answers within two weeks; offices within a month.
REPLY_DAYS: dict[AgencyType, int] = {
    AgencyType.HOSPITAL: 14,
    AgencyType.CHILD_WELFARE: 14,
    AgencyType.SHELTER: 14,
}
DEFAULT_REPLY_DAYS = 30
# Statuses that wait for nothing more (a draft is not sent; accepted/refused are replies).
AWAITING = frozenset({ReferralStatus.SENT})


def reply_days(
    recipient_type: AgencyType | str | None, template: Mapping[str, Any] | None = None
) -> int:
    if template is not None and template.get("reply_days"):
        return int(template["reply_days"])
    try:
        kind = AgencyType(recipient_type) if recipient_type is not None else None
    except ValueError:
        kind = None
    return REPLY_DAYS.get(kind, DEFAULT_REPLY_DAYS) if kind else DEFAULT_REPLY_DAYS


def default_reply_due(
    referred_on: dt.date,
    recipient_type: AgencyType | str | None,
    template: Mapping[str, Any] | None = None,
) -> dt.date:
    return referred_on + dt.timedelta(days=reply_days(recipient_type, template))


def complete(values: dict[str, Any]) -> dict[str, Any]:
    """A referral sent without a due date gets its type's (a form may leave it blank)."""
    sent = values.get("status") is not None and values.get("status") != ReferralStatus.DRAFT
    if sent and values.get("reply_due_on") is None and values.get("referred_on") is not None:
        due = default_reply_due(values["referred_on"], values.get("recipient_type"))
        return {**values, "reply_due_on": due}
    return values


# Where a referral stands, as the 转介 page shows it at a glance.
DRAFT, WAITING, OVERDUE, ANSWERED = "draft", "waiting", "overdue", "answered"


def reply_state(values: Mapping[str, Any], today: dt.date) -> str:
    """draft (not sent), waiting (sent, reply not yet due), overdue, or answered."""
    status = values.get("status")
    code = getattr(status, "value", status)
    if code == ReferralStatus.DRAFT:
        return DRAFT
    if code in AWAITING and not values.get("reply_on"):
        due = values.get("reply_due_on")
        return OVERDUE if due is not None and due < today else WAITING
    return ANSWERED
