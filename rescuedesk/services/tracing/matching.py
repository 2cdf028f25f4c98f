"""Ranking the persons in care against families' inquiries, and keeping the proposals.

``match_all`` (the batch, ``rescuedesk inquiry match``) loads the candidates once and ranks
every open inquiry of the actor's units against them; ``match_inquiry`` ranks one inquiry
against its block; ``match_person`` compares one person, just described, with the open
inquiries. Each writes ``InquiryMatch`` proposals: a run rewrites the proposed rows of the
inquiries it ranked; decided rows are kept, and a dismissed person is not proposed again for
the same inquiry until either side was edited (``input_digest``).

``list_proposals`` reads back the stored proposed and confirmed rows, for a list opened
after the run that made them.

A candidate's reasons are shown only to whom may read her case; others see the case number,
the score and who to tell (its caseworker). Persons without a tracing consent are never
scored (services/tracing/candidates.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import NotFound, ValidationError
from rescuedesk.matching.index import CandidateIndex
from rescuedesk.matching.scorer import LISTED_FROM, SCORER_VERSION, Match, score
from rescuedesk.models import Case, CaseAssignment, Person
from rescuedesk.models.inquiry import InquiryMatch, TracingInquiry
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import Action, Scope, allowed, assignment_in_force
from rescuedesk.services.office.context import Actor
from rescuedesk.services.tracing import candidates, inquiries

DEFAULT_TOP = 10
MAX_TOP = 100


@dataclass(frozen=True)
class Candidate:
    """One ranked person for one inquiry, as the actor may see it."""

    match_id: int
    inquiry_id: int
    inquiry_number: str
    rank: int
    person_id: int
    case_id: int | None
    case_number: str | None
    score: int
    reasons: tuple[str, ...]  # empty where the actor may not read the case
    readable: bool
    caseworker: str
    status: str  # proposed | confirmed


@dataclass(frozen=True)
class MatchRun:
    candidates: list[Candidate]
    inquiries: int  # inquiries ranked
    persons: int  # persons compared
    left_out: int  # unidentified persons in reach never compared: no tracing consent
    stored: bool = False  # read back from an earlier ranking (list_proposals), not ranked now


def check_top(top: int) -> int:
    if not 1 <= top <= MAX_TOP:
        raise ValidationError(f"名次数应在 1 到 {MAX_TOP} 之间。", field="top")
    return top


def digest(inquiry: TracingInquiry, person_version: int) -> str:
    """What a decision was made on: this scorer, this inquiry and this person as they were.

    Row versions, not the values: a hash of a name, sex and birth year would be kept in clear
    and could be found again by hashing common names."""
    text = f"{SCORER_VERSION}|{inquiry.id}:{inquiry.version}|{person_version}"
    return hashlib.sha256(text.encode()).hexdigest()


def match_all(session: Session, actor: Actor, top: int = DEFAULT_TOP) -> MatchRun:
    """Every open inquiry of the actor's units against every person in reach (loaded once)."""
    check_top(top)
    sought = inquiries.open_inquiries(session, actor)
    loaded = candidates.load(session, actor)
    index = CandidateIndex.build(loaded.described)
    versions = loaded.versions
    decided = _decided_of(session, [i.id for i in sought])
    readable = _Readable(session, actor)
    pending: list[_Stored] = []
    for inquiry in sought:
        pending += _rank(session, inquiry, index, top, versions, decided.get(inquiry.id, {}))
    ranked = _candidates(session, pending, loaded, readable)
    _audit(session, actor, "match", ranked, len(sought), loaded)
    return MatchRun(ranked, len(sought), len(loaded.described), loaded.left_out)


def match_inquiry(session: Session, actor: Actor, inquiry_id: int, top: int = 20) -> MatchRun:
    """One inquiry against the persons of its block (sex, birth years, found date)."""
    check_top(top)
    inquiry = inquiries.get_inquiry(session, actor, inquiry_id)
    loaded = candidates.load(
        session, actor, block=candidates.block_of(candidates.sought_of(inquiry))
    )
    index = CandidateIndex.build(loaded.described)
    versions = loaded.versions
    pending = _rank(session, inquiry, index, top, versions, _decided(session, inquiry.id))
    ranked = _candidates(session, pending, loaded, _Readable(session, actor))
    _audit(session, actor, "match", ranked, 1, loaded)
    return MatchRun(ranked, 1, len(loaded.described), loaded.left_out)


def match_person(session: Session, actor: Actor, person_id: int) -> MatchRun:
    """One person (registered or described just now) against the open inquiries: the
    inquiries she scores at least ``LISTED_FROM`` for, best first."""
    loaded = candidates.load(session, actor, person_id=person_id)
    if not loaded.described:
        if session.get(Person, person_id) is None:
            raise NotFound("受助人不存在。")
        return MatchRun([], 0, 0, loaded.left_out)
    described = loaded.described[0]
    version = loaded.versions[person_id]
    today = clock.today()
    sought = inquiries.open_inquiries(session, actor)
    found: list[tuple[TracingInquiry, Match]] = []
    for inquiry in sought:
        match = score(candidates.sought_of(inquiry), described, today)
        if match is not None and match.points >= LISTED_FROM:
            found.append((inquiry, match))
    found.sort(key=lambda pair: (-pair[1].points, pair[0].id))
    pending: list[_Stored] = []
    readable = _Readable(session, actor)
    for inquiry, match in found:
        rows = _decided(session, inquiry.id)
        kept = _keep(inquiry, [match], rows, {person_id: version}, 1)
        pending += _store(session, inquiry, kept, rows, {person_id: version}, drop_others=False)
    shown = _candidates(session, pending, loaded, readable)
    _audit(session, actor, "match", shown, len(sought), loaded)
    return MatchRun(shown, len(sought), 1, loaded.left_out)


def list_proposals(session: Session, actor: Actor, inquiry_id: int) -> list[Candidate]:
    """The stored proposed and confirmed candidates of an inquiry, best score first: what
    the last ranking found, without ranking again."""
    inquiries.get_inquiry(session, actor, inquiry_id)
    return proposals_of(session, actor, [inquiry_id]).get(inquiry_id, [])


def proposals_of(
    session: Session, actor: Actor, inquiry_ids: list[int]
) -> dict[int, list[Candidate]]:
    """list_proposals for several inquiries of the actor's units, one read audited (the
    list's 候选人 column). Only persons a ranking would still compare are shown: in care, in
    reach, with a tracing consent in force now."""
    rows = [
        row
        for by_person in _decided_of(session, inquiry_ids).values()
        for row in by_person.values()
        if row.status in ("proposed", "confirmed")
    ]
    shown = candidates.still_shown(session, actor, {r.case_id for r in rows if r.case_id})
    numbers = {
        i.id: i.inquiry_number
        for i in session.scalars(
            select(TracingInquiry).where(TracingInquiry.id.in_({r.inquiry_id for r in rows}))
        )
    }
    readable = _Readable(session, actor)
    rows.sort(key=lambda r: (r.inquiry_id, -r.score, r.id))
    out: dict[int, list[Candidate]] = {}
    for row in rows:
        if row.case_id not in shown:
            continue
        number, worker = shown[row.case_id]
        ranked = out.setdefault(row.inquiry_id, [])
        may_read = readable(row.case_id)
        ranked.append(
            Candidate(
                match_id=row.id,
                inquiry_id=row.inquiry_id,
                inquiry_number=numbers[row.inquiry_id],
                rank=len(ranked) + 1,
                person_id=row.person_id,
                case_id=row.case_id,
                case_number=number,
                score=row.score,
                reasons=tuple(row.reasons or ()) if may_read else (),
                readable=may_read,
                caseworker=worker,
                status=row.status,
            )
        )
    listed = [c for found in out.values() for c in found]
    if listed:
        audit.record(
            session,
            actor,
            "match_read",
            inquiries.ENTITY,
            None,
            changes={
                "inquiries": sorted(out),
                "case_ids": sorted({c.case_id for c in listed if c.case_id is not None}),
                "with_reasons": sorted({c.case_id for c in listed if c.readable and c.case_id}),
            },
        )
    return out


def _decided(session: Session, inquiry_id: int) -> dict[int, InquiryMatch]:
    return _decided_of(session, [inquiry_id]).get(inquiry_id, {})


def _decided_of(session: Session, inquiry_ids: list[int]) -> dict[int, dict[int, InquiryMatch]]:
    """The stored rows of each inquiry by person: one query a few hundred inquiries, not one
    an inquiry (the batch ranks thousands)."""
    out: dict[int, dict[int, InquiryMatch]] = {}
    for first in range(0, len(inquiry_ids), 500):
        chunk = inquiry_ids[first : first + 500]
        for m in session.scalars(select(InquiryMatch).where(InquiryMatch.inquiry_id.in_(chunk))):
            out.setdefault(m.inquiry_id, {})[m.person_id] = m
    return out


def _keep(
    inquiry: TracingInquiry,
    matches: list[Match],
    rows: dict[int, InquiryMatch],
    versions: dict[int, int],
    top: int,
) -> list[Match]:
    """The matches to show, best first: a person dismissed for this inquiry stays out until
    either side changed."""

    def dismissed(m: Match) -> bool:
        row = rows.get(m.person_id)
        return (
            row is not None
            and row.status == "dismissed"
            and row.input_digest == digest(inquiry, versions.get(m.person_id, 0))
        )

    return [m for m in matches if not dismissed(m)][:top]


def _rank(
    session: Session,
    inquiry: TracingInquiry,
    index: CandidateIndex,
    top: int,
    versions: dict[int, int],
    rows: dict[int, InquiryMatch],
) -> list[_Stored]:
    held_back = sum(1 for r in rows.values() if r.status == "dismissed")
    matches = index.top(candidates.sought_of(inquiry), top + held_back, clock.today())
    kept = _keep(inquiry, matches, rows, versions, top)
    return _store(session, inquiry, kept, rows, versions, drop_others=True)


# One ranked person of one inquiry, stored in the session, not yet flushed: its rank.
_Stored = tuple[TracingInquiry, int, Match, InquiryMatch]


def _store(
    session: Session,
    inquiry: TracingInquiry,
    kept: list[Match],
    rows: dict[int, InquiryMatch],
    versions: dict[int, int],
    *,
    drop_others: bool,
) -> list[_Stored]:
    """Store the proposals of one inquiry's ranking, best first."""
    wanted = {m.person_id for m in kept}
    if drop_others:  # last run's proposals that fell out of the top: only proposals
        for person_id, row in rows.items():
            if row.status == "proposed" and person_id not in wanted:
                session.delete(row)
    stored: list[_Stored] = []
    for m in kept:
        row = rows.get(m.person_id)
        fresh = digest(inquiry, versions.get(m.person_id, 0))
        if row is None:
            row = InquiryMatch(inquiry_id=inquiry.id, person_id=m.person_id, status="proposed")
            session.add(row)
        elif row.status == "dismissed":  # either side changed since: asked again
            row.status = "proposed"
            row.decided_by_id = row.decided_at = None
        if row.status == "proposed" or row.input_digest != fresh:
            row.case_id = m.case_id
            row.score = m.points
            row.reasons = list(m.reasons)
            row.scorer_version = SCORER_VERSION
            row.input_digest = fresh
        stored.append((inquiry, len(stored) + 1, m, row))
    return stored


def _candidates(
    session: Session, stored: list[_Stored], loaded: candidates.Loaded, readable: _Readable
) -> list[Candidate]:
    """The stored proposals as the actor sees them. One flush for a whole run (the new rows'
    ids): a flush an inquiry cost more than the ranking."""
    session.flush()
    out: list[Candidate] = []
    for inquiry, rank, m, row in stored:
        shown = readable(m.case_id)
        out.append(
            Candidate(
                match_id=row.id,
                inquiry_id=inquiry.id,
                inquiry_number=inquiry.inquiry_number,
                rank=rank,
                person_id=m.person_id,
                case_id=m.case_id,
                case_number=m.case_number,
                score=m.points,
                reasons=m.reasons if shown else (),
                readable=shown,
                caseworker=loaded.caseworkers.get(m.case_id or 0, ""),
                status=row.status,
            )
        )
    return out


class _Readable:
    """Whether the actor may read a candidate's case, for every candidate of a run.

    candidates.load returns only cases of units in the actor's reach, so a case is the
    actor's own (caseworker, or assigned) or of *unit* scope: what access.case_scope would
    say, with two queries a run instead of three a candidate."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self._system = actor.is_system
        self._role = actor.role
        self._own: set[int] = set()
        if actor.user_id is not None:
            self._own = set(
                session.scalars(select(Case.id).where(Case.caseworker_id == actor.user_id))
            )
            self._own |= set(
                session.scalars(
                    select(CaseAssignment.case_id).where(
                        CaseAssignment.user_id == actor.user_id,
                        assignment_in_force(clock.today()),
                    )
                )
            )
        self._allowed = {
            scope: allowed(actor.role, Action.READ_CASE, scope) for scope in (Scope.OWN, Scope.UNIT)
        }

    def __call__(self, case_id: int | None) -> bool:
        if case_id is None:
            return False
        if self._system:
            return True
        return self._allowed[Scope.OWN if case_id in self._own else Scope.UNIT]


def _audit(
    session: Session,
    actor: Actor,
    action: str,
    ranked: list[Candidate],
    inquiries_ranked: int,
    loaded: candidates.Loaded,
) -> None:
    """What was compared and which cases were shown: counts and ids, nothing personal."""
    audit.record(
        session,
        actor,
        action,
        inquiries.ENTITY,
        None,
        changes={
            "scorer_version": SCORER_VERSION,
            "inquiries": inquiries_ranked,
            "persons": len(loaded.described),
            "left_out": loaded.left_out,
            "case_ids": sorted({c.case_id for c in ranked if c.case_id is not None}),
            "with_reasons": sorted({c.case_id for c in ranked if c.readable and c.case_id}),
        },
    )
