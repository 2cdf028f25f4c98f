"""Desktop program speed (issue #3): time from start to a usable main window with 100,000
cases, as a ratio to the same start on an empty database; time per search keystroke.

Targets: window ready in under 1.5 s and within 1.5x of the empty database; each
keystroke answered in under 100 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main(persons: int = 100_000) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from rescuedesk.db import Database, upgrade_to_head
    from rescuedesk.services.demo import demo_data
    from rescuedesk.services.office.context import Actor, actor_by_username
    from rescuedesk.ui.main_window import MainWindow
    from rescuedesk.ui.ops import Workspace

    def ready(db: Database, username: str | None) -> tuple[float, MainWindow]:
        start = time.perf_counter()
        upgrade_to_head(db)
        with db.write_session() as s:
            actor = actor_by_username(s, username) if username else Actor.system("bench")
        window = MainWindow(Workspace(db, actor))
        window.show()
        window.load_case_list()
        app.processEvents()
        return time.perf_counter() - start, window

    with tempfile.TemporaryDirectory() as tmp:
        empty = Database(f"sqlite:///{Path(tmp) / 'empty.sqlite3'}")
        upgrade_to_head(empty)
        with empty.write_session() as s:
            demo_data.ensure_demo_directory(s, Actor.system("bench"))
        full = Database(f"sqlite:///{Path(tmp) / 'full.sqlite3'}")
        upgrade_to_head(full)
        with full.write_session() as s:
            demo_data.generate(s, Actor.system("bench"), persons, seed=1)
        user = "hljhrb_sup"

        def measured(db: Database) -> float:
            seconds, window = ready(db, user)
            window.close()
            window.deleteLater()  # a window left alive slows every later one (event filters)
            app.processEvents()
            return seconds

        measured(empty)  # warm-up: imports, Qt's lazy enums, font cache
        times: dict[str, list[float]] = {"empty": [], "full": []}
        for _ in range(3):  # interleaved, so neither side gets the warmer machine
            times["empty"].append(measured(empty))
            times["full"].append(measured(full))
        t_empty = statistics.median(times["empty"])
        t_full = statistics.median(times["full"])
        runs = [ready(full, user)]
        print(
            f"window ready, {persons} cases      {t_full * 1000:8.0f} ms   empty database "
            f"{t_empty * 1000:6.0f} ms   ratio {t_full / t_empty:5.2f}x   "
            f"target < 1500 ms, <= 1.5x",
            flush=True,
        )
        window = runs[-1][1]
        widget = window.case_list
        keystrokes = []
        typed = ("z", "zh", "zha", "zhan", "zhang", "w", "wa", "wan", "HLJ", "HLJ-HRB-2024")
        for text in typed:
            widget.search.setText(text)
            start = time.perf_counter()
            widget.apply_filter()
            window.model.data(window.model.index(0, 1))  # the first row as the view shows it
            app.processEvents()
            keystrokes.append((time.perf_counter() - start) * 1000)
        print(
            f"search keystroke (median of {len(keystrokes)})  "
            f"{statistics.median(keystrokes):8.1f} ms   "
            f"worst {max(keystrokes):6.1f} ms ({typed[keystrokes.index(max(keystrokes))]!r})   "
            "target < 100 ms",
            flush=True,
        )
        for db in (empty, full):
            db.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
