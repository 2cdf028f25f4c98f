"""python -m bench [WHICH] [--persons N] [--rows N] [--engine E]

WHICH: case-file, letters, privacy, startup, import, gui, name-search, transfer, tasks, scale,
tracing_match, tracing_match_db, long_ops, demo, or all (the default; gui, name-search, tasks,
scale, long_ops, demo and the tracing benches are not part of all)."""

import sys

from bench import (
    case_file,
    demo_scale,
    gui_background,
    ledger_import,
    letters,
    long_ops,
    name_search,
    privacy,
    scale,
    startup,
    tasks,
    tracing_match,
    tracing_match_db,
    transfer,
)

which = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "all"
rest = sys.argv[2:] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else sys.argv[1:]
if which in ("letters", "all"):
    print("# referral letters", flush=True)
    letters.main()
if which in ("privacy", "all"):
    print("# de-identified export vs anjana", flush=True)
    privacy.main()
if which in ("transfer", "all"):
    print("# transfer of a case between units", flush=True)
    transfer.main(rest if which == "transfer" else [])
if which in ("startup", "all"):
    print("# desktop program", flush=True)
    startup.main()
if which == "gui":  # minutes of pytest runs under load: not part of "all"
    print("# GUI background work under load", flush=True)
    raise SystemExit(gui_background.main(rest))
if which == "name-search":  # 1,000,000 persons with --persons 1000000: not part of "all"
    raise SystemExit(name_search.main(rest))
if which == "scale":  # builds N persons on each engine (minutes; --keep DIR): not in "all"
    print("# what people wait for, per role, both engines", flush=True)
    raise SystemExit(scale.main(rest))
if which == "tasks":
    print("# home-page tasks", flush=True)
    raise SystemExit(tasks.main(rest))
if which == "tracing_match":  # ~1 min with its synthetic truth: not part of "all"
    print("# family tracing: ranked candidates for inquiries", flush=True)
    raise SystemExit(tracing_match.main(rest))
if which == "tracing_match_db":  # minutes: builds 100,000 persons on each engine
    print("# family tracing end to end: inquiry match as the unit's supervisor", flush=True)
    raise SystemExit(tracing_match_db.main(rest))
if which == "long_ops":  # builds N demo persons: not part of "all"
    print("# long operations: export, annual report, ledger, backup, audit verify", flush=True)
    raise SystemExit(long_ops.main(rest))
if which == "demo":  # minutes: demo-data at --persons N on both engines
    print("# demo data at scale", flush=True)
    raise SystemExit(demo_scale.main(rest))
if which == "import":
    print("# ledger import", flush=True)
    raise SystemExit(ledger_import.main(rest))
if which in ("case-file", "all"):
    code = case_file.main(rest)
    if code:
        raise SystemExit(code)
if which == "all":
    print("# ledger import", flush=True)
    raise SystemExit(ledger_import.main(rest))
