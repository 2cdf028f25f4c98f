"""The GUI's background work under load (issue #11, item 6): the GUI tests that run work off
the UI thread (import wizard, duplicates, batch letters, demo data), run again and again while
busy loops keep every core at 100 %, the way `make test` on a loaded machine once died with a
segmentation fault in a pool thread.

Prints, for each run, how pytest ended (passed, failed, or killed by a signal) and a total.
``--tree`` picks the copy of the program to run (default: this one), so the same loop can
measure the code before a fix. Target: 0 crashes in 20 runs.

Measured (2 cores shared with other work, SQLite half, ``-k "not postgresql"``): before the
fix (self-deleting QRunnable) 1 crash (SIGABRT, in test_import_wizard.py) in 20 runs; after
it (an op per QThread, let go of in the UI thread) 0 in 20 with 1 busy loop beside the
other run, and 0 in 20 with 2 busy loops.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

TESTS = (
    "tests/ui/test_import_wizard.py",
    "tests/ui/test_import_wizard_duplicates.py",
    "tests/ui/test_letter_admin_and_batch.py::test_batch_letters_with_progress",
    "tests/ui/test_first_start.py::test_cancelled_demo_data_leaves_the_database_as_it_was",
)
BUSY = "while True: pass"


def _outcome(code: int) -> str:
    if code == 0:
        return "passed"
    if code < 0:  # killed by a signal, as subprocess reports it
        return f"crashed ({signal.Signals(-code).name})"
    return f"failed (exit {code})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench gui")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--load", type=int, default=os.cpu_count() or 2, help="busy loops")
    parser.add_argument("--tree", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("-k", dest="keyword", default="", help="pytest -k (e.g. sqlite)")
    args = parser.parse_args(argv)
    tree = args.tree.resolve()
    env = dict(os.environ, PYTHONPATH=str(tree), QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *TESTS]
    if args.keyword:
        command += ["-k", args.keyword]
    busy = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(args.load)]
    outcomes: list[str] = []
    try:
        for run in range(1, args.runs + 1):
            start = time.perf_counter()
            done = subprocess.run(
                command, cwd=tree, env=env, capture_output=True, text=True, check=False
            )
            outcomes.append(_outcome(done.returncode))
            last = (done.stdout.strip().splitlines() or [""])[-1]
            seconds = time.perf_counter() - start
            print(f"run {run:2}: {outcomes[-1]:<22} {seconds:5.0f} s  {last}", flush=True)
            if done.returncode < 0:  # what pytest printed before it died says where
                print("\n".join(done.stdout.splitlines()[-5:]), flush=True)
    finally:
        for process in busy:
            process.kill()
            process.wait()
    crashes = sum(o.startswith("crashed") for o in outcomes)
    failures = sum(o.startswith("failed") for o in outcomes)
    print(
        f"{tree}: {len(outcomes)} runs under {args.load} busy loops: "
        f"{crashes} crashed, {failures} failed, {len(outcomes) - crashes - failures} passed"
    )
    return 1 if crashes or failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
