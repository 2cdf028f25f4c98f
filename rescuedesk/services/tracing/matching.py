"""Ranking the persons in care against families' inquiries, and keeping the proposals.

``match_all`` (the batch, ``rescuedesk inquiry match``) loads the candidates once and ranks
every open inquiry of the actor's units against them; ``match_inquiry`` ranks one inquiry
against its block; ``match_person`` compares one person, just described, with the open
inquiries. Each writes ``InquiryMatch`` proposals: a run rewrites the proposed rows of the
inquiries it ranked; decided rows are kept, and a dismissed person is not proposed again for
the same inquiry until either side was edited (``input_digest``).

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
from rescuedesk.models import Case, Person
from rescuedesk.models.inquiry import InquiryMatch, TracingInquiry
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import Action, allowed, case_scope
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
    known: dict[int, bool] = {}
    ranked: list[Candidate] = []
    for inquiry in sought:
        ranked += _rank(session, actor, inquiry, index, top, loaded, known)
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
    ranked = _rank(session, actor, inquiry, index, top, loaded, {})
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
    today = clock.today()
    sought = inquiries.open_inquiries(session, actor)
    found: list[tuple[TracingInquiry, Match]] = []
    for inquiry in sought:
        match = score(candidates.sought_of(inquiry), described, today)
        if match is not None and match.points >= LISTED_FROM:
            found.append((inquiry, match))
    found.sort(key=lambda pair: (-pair[1].points, pair[0].id))
    shown: list[Candidate] = []
    known: dict[int, bool] = {}
    for inquiry, match in found:
        rows = _decided(session, inquiry.id)
        kept = _keep(inquiry, [match], rows, loaded.versions, 1)
        shown += _write(session, actor, inquiry, kept, rows, loaded, known, drop_others=False)
    _audit(session, actor, "match", shown, len(sought), loaded)
    return MatchRun(shown, len(sought), 1, loaded.left_out)


def _decided(session: Session, inquiry_id: int) -> dict[int, InquiryMatch]:
    return {
        m.person_id: m
        for m in session.scalars(select(InquiryMatch).where(InquiryMatch.inquiry_id == inquiry_id))
    }


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
    actor: Actor,
    inquiry: TracingInquiry,
    index: CandidateIndex,
    top: int,
    loaded: candidates.Loaded,
    known: dict[int, bool],
) -> list[Candidate]:
    rows = _decided(session, inquiry.id)
    held_back = sum(1 for r in rows.values() if r.status == "dismissed")
    matches = index.top(candidates.sought_of(inquiry), top + held_back, clock.today())
    kept = _keep(inquiry, matches, rows, loaded.versions, top)
    return _write(session, actor, inquiry, kept, rows, loaded, known, drop_others=True)


def _write(
    session: Session,
    actor: Actor,
    inquiry: TracingInquiry,
    kept: list[Match],
    rows: dict[int, InquiryMatch],
    loaded: candidates.Loaded,
    known: dict[int, bool],
    *,
    drop_others: bool,
) -> list[Candidate]:
    """Store the proposals of one inquiry's ranking; the candidates as the actor sees them."""
    wanted = {m.person_id for m in kept}
    if drop_others:  # last run's proposals that fell out of the top: only proposals
        for person_id, row in rows.items():
            if row.status == "proposed" and person_id not in wanted:
                session.delete(row)
    readable = _readable_cases(session, actor, [m.case_id for m in kept], known)
    out: list[Candidate] = []
    for rank, m in enumerate(kept, start=1):
        row = rows.get(m.person_id)
        fresh = digest(inquiry, loaded.versions.get(m.person_id, 0))
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
        session.flush()
        shown = m.case_id in readable
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


def _readable_cases(
    session: Session, actor: Actor, case_ids: list[int | None], known: dict[int, bool]
) -> set[int]:
    """Which of these cases the actor reads: asked once a case in a run (a batch shows the
    same persons for many inquiries), remembered in ``known``."""
    ids = {c for c in case_ids if c is not None}
    if actor.is_system:
        return ids
    unknown = ids - known.keys()
    if unknown:
        for case in session.scalars(select(Case).where(Case.id.in_(unknown))):
            known[case.id] = allowed(actor.role, Action.READ_CASE, case_scope(session, actor, case))
    return {c for c in ids if known.get(c)}


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
