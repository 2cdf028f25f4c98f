"""Family tracing end to end (issue #15, plan §10 b): `inquiry match` as a supervisor waits for it.

The synthetic truth of bench/tracing_truth.py written into a database: every described person
an unidentified person with an open case of one unit (HLJ-HRB) and a tracing consent, every
inquiry an open inquiry of that unit. The unit's supervisor logs in with a password (on SQLite
the file is encrypted with SQLCipher, on PostgreSQL the names are sealed) and runs
services/tracing/matching.match_all — load the persons in reach, open their sealed columns in
the program, build the index, rank every inquiry, write the proposals, audit — in one write
transaction, as `rescuedesk inquiry match` does.

Baseline, in the same run: the same ranking in memory (CandidateIndex over the same described
persons, no database): the ratio is what loading, decrypting and writing add. Recall@1 and
@10 are read back from the written proposals, so a loss between the database and the scorer
would show.

Target: 1,000 inquiries against 100,000 persons in under 10 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from bench import pg
from bench.name_search import PASSWORD, office
from bench.tracing_truth import World, world
from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.matching.index import CandidateIndex
from rescuedesk.models import Case, Consent, Person
from rescuedesk.models.enums import (
    ConsentGiver,
    ConsentPurpose,
    IntakeChannel,
    Role,
    Sex,
    Stage,
)
from rescuedesk.models.inquiry import InquiryMatch, TracingInquiry
from rescuedesk.reference import places
from rescuedesk.services.office import vault
from rescuedesk.services.people import bulk
from rescuedesk.services.tracing import matching

BATCH = 20_000
TOP = 10
TARGET_S = 10.0


def _person(d: Any) -> dict[str, Any]:
    return {
        "real_name": None,
        "alias": None,
        "called_names": list(d.names),
        "sex": Sex(d.sex),
        "birth_year_earliest": d.birth_year_earliest,
        "birth_year_latest": d.birth_year_latest,
        "birth_year_estimated": (d.birth_year_earliest + d.birth_year_latest) // 2
        if d.birth_year_earliest is not None
        else None,
        "identity_known": False,
        "height_cm": d.height_cm,
        "accent_code": d.accent_code,
        "accent_region": d.accent_text,
        "distinguishing_features": d.features,
        "found_date": d.found_date,
        "found_place": places.display(d.found_place_code) if d.found_place_code else None,
    }


def write_world(db: Database, w: World, unit_id: int) -> dict[int, str]:
    """Persons, their cases and tracing consents, the inquiries. Returns person id by the
    truth's person number (1-based), as case numbers."""
    numbers: dict[int, str] = {}
    start = time.perf_counter()
    for first in range(0, len(w.persons), BATCH):
        chunk = w.persons[first : first + BATCH]
        with db.write_session() as s:
            ids = bulk.insert_rows_returning_ids(s, Person, [_person(d) for d in chunk])
            cases = []
            for d, pid in zip(chunk, ids, strict=True):
                intake = d.measured_on or dt.date(2024, 1, 1)
                numbers[d.person_id] = f"T-{d.person_id:07d}"
                cases.append(
                    {
                        "case_number": numbers[d.person_id],
                        "year": intake.year,
                        "serial": d.person_id,
                        "person_id": pid,
                        "unit_id": unit_id,
                        "intake_channel": IntakeChannel.POLICE_HANDOVER,
                        "intake_date": intake,
                        "rescue_date": intake,
                        "stage": Stage.TRACING,
                    }
                )
            case_ids = bulk.insert_rows_returning_ids(s, Case, cases)
            bulk.insert_rows(
                s,
                Consent,
                [
                    {
                        "case_id": cid,
                        "purpose": ConsentPurpose.TRACING,
                        "recipients": [],
                        # The truth's persons include children: a guardian's consent holds
                        # for any age (candidates.tracing_consent).
                        "given_by": ConsentGiver.GUARDIAN,
                        "guardian_name": "民政局（临时监护）",
                        "given_on": dt.date(2020, 1, 1),
                    }
                    for cid in case_ids
                ],
            )
        done = first + len(chunk)
        print(f"  {done:>9} persons  {time.perf_counter() - start:7.1f} s", flush=True)
    with db.write_session() as s:
        bulk.insert_rows(
            s,
            TracingInquiry,
            [
                {
                    "unit_id": unit_id,
                    "inquiry_number": q.key,
                    "received_on": dt.date(2026, 1, 1),
                    "source": "family",
                    "missing_name": q.names[0] if q.names else None,
                    "missing_nicknames": list(q.nicknames),
                    "sex": Sex(q.sex),
                    "birth_year": q.birth_year,
                    "missing_date": q.missing_date,
                    "missing_place_code": q.home_place_code,
                    "missing_place": places.display(q.home_place_code)
                    if q.home_place_code
                    else None,
                    "home_dialect_code": q.home_dialect_code,
                    "home_dialect": q.home_dialect_text,
                    "height_cm": q.height_cm,
                    "features": q.features,
                    "status": "open",
                }
                for q in w.inquiries
            ],
        )
    return numbers


def in_memory(w: World) -> tuple[float, dict[str, list[int]]]:
    start = time.perf_counter()
    index = CandidateIndex.build(w.persons)
    today = clock.today()
    ranked = {q.key: [m.person_id for m in index.top(q, TOP, today)] for q in w.inquiries}
    return time.perf_counter() - start, ranked


def recall(w: World, ranked: dict[str, list[Any]], answer: dict[int, Any]) -> tuple[float, float]:
    present = [k for k, v in w.answers.items() if v is not None]
    at1 = sum(1 for k in present if ranked.get(k, [])[:1] == [answer[w.answers[k]]])
    at10 = sum(1 for k in present if answer[w.answers[k]] in ranked.get(k, [])[:TOP])
    return at1 / len(present), at10 / len(present)


def run_engine(url: str, w: World) -> None:
    backend = make_url(url).get_backend_name()
    print(f"# {backend}: {len(w.persons)} persons, {len(w.inquiries)} inquiries", flush=True)
    db, unit_id = office(url)
    numbers = write_world(db, w, unit_id)
    if not db.is_sqlite:
        with db.engine.connect() as conn:
            conn.execute(text("ANALYZE"))
            conn.commit()
    db.dispose()
    db = vault.open_database(url, "bench_sup", PASSWORD)
    actor = vault.log_in(db, "bench_sup", PASSWORD)
    assert actor.role == Role.SUPERVISOR and not actor.is_system
    start = time.perf_counter()
    cpu = time.process_time()
    with db.write_session() as s:
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            with cProfile.Profile() as prof:
                run = matching.match_all(s, actor, TOP)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
        else:
            run = matching.match_all(s, actor, TOP)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    with db.read_session() as s:
        rows = s.execute(
            select(TracingInquiry.inquiry_number, Case.case_number, InquiryMatch.score)
            .join(InquiryMatch, InquiryMatch.inquiry_id == TracingInquiry.id)
            .join(Case, Case.id == InquiryMatch.case_id)
            .where(InquiryMatch.status == "proposed")
            .order_by(TracingInquiry.inquiry_number, InquiryMatch.score.desc(), Case.id)
        ).all()
    written: dict[str, list[str]] = {}
    for number, case_number, _score in rows:
        written.setdefault(number, []).append(case_number)
    base, ranked = in_memory(w)
    r1, r10 = recall(w, written, numbers)
    m1, m10 = recall(w, ranked, {k: k for k in numbers})
    ratio = wall / base if base else float("inf")
    verdict = "ok" if wall < TARGET_S else "MISSED"
    print(
        f"match_all as {actor.label} ({run.persons} persons, {run.inquiries} inquiries, "
        f"{run.left_out} left out): "
        f"{wall:6.2f} s wall, {cpu:6.2f} s CPU; in memory {base:6.2f} s; ratio {ratio:5.2f}x; "
        f"target < {TARGET_S:.0f} s: {verdict}",
        flush=True,
    )
    print(
        f"recall from the written proposals @1 {r1:6.1%} @10 {r10:6.1%}; "
        f"in memory @1 {m1:6.1%} @10 {m10:6.1%}; load avg {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench tracing_match_db")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--inquiries", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args(argv)
    w = world(args.persons, args.inquiries, seed=args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        if args.engine in ("sqlite", "both"):
            run_engine(f"sqlite:///{Path(tmp) / 'tracing.sqlite3'}", w)
        if args.engine in ("postgresql", "both"):
            admin = pg.admin_url()
            if not admin:
                return 0 if args.engine == "both" else 2
            with pg.scratch_database(admin, f"rd_bench_tracing_{os.getpid()}") as (url, _):
                run_engine(url, w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
