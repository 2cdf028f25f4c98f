"""Times a caseworker's search keystroke pages (list_cases, scale_cw) on a kept scale database.

Usage: python scripts/time_cw_search.py URL [RUNS]   (a copy: logging in writes the audit trail)
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from bench.scale import PASSWORD
from rescuedesk.services.casefile.case_queries import CaseFilter, list_cases
from rescuedesk.services.office import vault

TEXTS = ("梅", "小", "小梅", "mei", "xiaomei", "呼兰", "哈尔滨", "li", "lix", "李小梅")


def main() -> None:
    url, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 11
    db = vault.open_database(url, "scale_cw", PASSWORD)
    actor = vault.log_in(db, "scale_cw", PASSWORD)
    print(f"# load {os.getloadavg()[0]:.2f}", flush=True)
    for text in TEXTS:
        f = CaseFilter(search=text)
        times, ids = [], []
        for _ in range(runs):
            t = time.perf_counter()
            with db.read_session() as s:
                rows = list_cases(s, actor, f, sort="intake_date", descending=True,
                                  limit=200, audit_read=False).rows  # fmt: skip
            times.append((time.perf_counter() - t) * 1000)
            ids = [(r.case_id, getattr(r, "search_rank", 0)) for r in rows]
        print(f"{text:<8} {len(ids):>3} rows  median {statistics.median(times):7.2f} ms  "
              f"worst {max(times):7.2f} ms  ids {hash(tuple(ids))}", flush=True)  # fmt: skip
    print(f"# load {os.getloadavg()[0]:.2f}", flush=True)


if __name__ == "__main__":
    main()
