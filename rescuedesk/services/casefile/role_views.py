"""What of a case file a role reads, once it may open the case at all (access.py).

Caseworkers and supervisors read the whole file. A follow-up worker — a women's federation
of the person's home county visiting for years (HLJ 67) — reads what a visit needs: who she
is and how to reach her, where and with whom she lives (placement, guardianship), school and
work, the consents, and the visits; never the tracing log, the buyers, the police's
reference, medical and disability records, assistance or legal aid. The record parts come
from the registry (``RecordType.follow_up_reads``); of case notes, which may tell anything,
only those they wrote themselves (``follow_up_reads_own``). They see the case's flags in the
header (a safety risk matters on a visit) but not why each was set. The person's and the
case's own fields are listed here. Services filter with these functions before anything is
returned, and the case tab builds only what they let through.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from rescuedesk.errors import PermissionDenied
from rescuedesk.models.enums import Role
from rescuedesk.services.casefile import record_types
from rescuedesk.services.office.access import Action
from rescuedesk.services.office.context import Actor

T = TypeVar("T")

# What a visitor needs of the person: to recognise, address and reach her.
FOLLOW_UP_PERSON_FIELDS = frozenset(
    {
        "id", "version", "real_name", "alias", "sex", "birth_date", "birth_year_estimated",
        "ethnicity", "nationality", "languages", "household_registration_code", "phone",
        "current_address", "identity_known", "has_disability",
    }
)  # fmt: skip
# Of the case: which case, at which stage, whose; not how she was found or the police's file.
FOLLOW_UP_CASE_FIELDS = frozenset(
    {"id", "version", "case_number", "stage", "unit_id", "caseworker_id", "person_id",
     "intake_date", "closure_requested_at"}
)  # fmt: skip


def reads_whole_file(actor: Actor) -> bool:
    return actor.is_system or actor.role != Role.FOLLOW_UP_WORKER


def part_readable(actor: Actor, model: type) -> bool:
    if reads_whole_file(actor):
        return True
    kind = record_types.get(model)
    return kind is not None and (kind.follow_up_reads or kind.follow_up_reads_own)


def _own_only(actor: Actor, model: type) -> bool:
    kind = record_types.get(model)
    return (
        not reads_whole_file(actor)
        and kind is not None
        and kind.follow_up_reads_own
        and not kind.follow_up_reads
    )


def readable_records(actor: Actor, model: type, records: Iterable[T]) -> list[T]:
    """The records of a readable part the actor reads: of a part read "own only" (notes),
    those the actor wrote."""
    if not _own_only(actor, model):
        return list(records)
    return [r for r in records if getattr(r, "created_by_id", None) == actor.user_id]


def ensure_record_readable(actor: Actor, model: type, record: Any) -> None:
    ensure_part_readable(actor, model)
    if not readable_records(actor, model, [record]):
        kind = record_types.get(model)
        raise PermissionDenied(f"回访工作者只能查看自己写的{kind.label if kind else '记录'}。")


def ensure_part_readable(actor: Actor, model: type) -> None:
    if not part_readable(actor, model):
        kind = record_types.get(model)
        what = kind.label if kind else "这部分记录"
        raise PermissionDenied(f"回访工作者不能查看{what}。")


def readable_parts(actor: Actor, parts: Iterable[type]) -> tuple[type, ...]:
    return tuple(m for m in parts if part_readable(actor, m))


def person_values(actor: Actor, values: Mapping[str, T]) -> dict[str, T]:
    if reads_whole_file(actor):
        return dict(values)
    return {k: v for k, v in values.items() if k in FOLLOW_UP_PERSON_FIELDS}


def case_values(actor: Actor, values: Mapping[str, T]) -> dict[str, T]:
    if reads_whole_file(actor):
        return dict(values)
    return {k: v for k, v in values.items() if k in FOLLOW_UP_CASE_FIELDS}


def readable_entities(actor: Actor) -> frozenset[str] | None:
    """The audit entities of the timeline the actor reads (None: all). The case's own
    events are kept: their reasons are the stage history's and the assignments'."""
    if reads_whole_file(actor):
        return None
    tables = {
        t.table for t in record_types.RECORD_TYPES if t.follow_up_reads or t.follow_up_reads_own
    }
    return frozenset(tables | {"case_file", "case_assignment"})


def own_only_entities(actor: Actor) -> frozenset[str]:
    """The timeline entities of which the actor reads only the events they caused (their own
    notes: not when a caseworker wrote one, nor why it was voided)."""
    if reads_whole_file(actor):
        return frozenset()
    return frozenset(t.table for t in record_types.RECORD_TYPES if _own_only(actor, t.model))


def field_readable(actor: Actor, model_name: str, field: str) -> bool:
    """For forms built from specs: whether the person's or the case's field is shown."""
    if reads_whole_file(actor):
        return True
    allowed: Any = FOLLOW_UP_PERSON_FIELDS if model_name == "person" else FOLLOW_UP_CASE_FIELDS
    return field in allowed


def writes_part(actor: Actor, model: type) -> bool:
    """Whether the case tab offers to edit the part (the service checks again on save): a
    follow-up worker records visits and nothing else."""
    if reads_whole_file(actor):
        return True
    kind = record_types.get(model)
    return kind is not None and kind.action == Action.RECORD_VISIT


def writes_details(actor: Actor) -> bool:
    """Whether the person's and the case's own fields are offered for editing."""
    return reads_whole_file(actor)
