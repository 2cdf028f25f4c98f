"""A SQLite backup's progress: the pages copied, then the copy's check as a stage of its own
(#16: the check ran a good while after the progress showed 100 %), and a cancel in either."""

from __future__ import annotations

from pathlib import Path

import pytest

from rescuedesk import db as db_module
from rescuedesk.db import check_copy, copy_sqlite
from rescuedesk.progress import Cancelled
from rescuedesk.services.storage import backup as backup_module
from rescuedesk.services.storage.backup import CHECK_STAGE, backup


class _Recorder:
    """A progress that names stages (as the CLI's does) and notes everything in order; it
    says stop at the first (0, 0) when ``stop_uncounted``."""

    def __init__(self, stop_uncounted: bool = False) -> None:
        self.events: list[tuple[object, ...]] = []
        self.stop_uncounted = stop_uncounted

    def __call__(self, done: int, total: int) -> bool:
        self.events.append((done, total))
        return not (self.stop_uncounted and total == 0)

    def stage(self, name: str) -> None:
        self.events.append(("stage", name))


def test_the_check_is_a_stage_after_the_copy_reached_its_whole(
    tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "live.sqlite3"
    source.write_bytes(sqlite_template.read_bytes())
    recorder = _Recorder()
    checked: list[int] = []
    real_check = backup_module.check_copy

    def check(*args: object, **kwargs: object) -> list[str]:
        checked.append(len(recorder.events))  # where in the progress the check began
        return real_check(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(backup_module, "check_copy", check)
    out = backup(f"sqlite:///{source}", tmp_path / "copy.sqlite3", progress=recorder)
    assert out.exists()
    at = recorder.events.index(("stage", CHECK_STAGE))
    pages = recorder.events[:at]
    assert pages and pages[-1][0] == pages[-1][1] > 0  # the copy's pages, up to the whole
    assert recorder.events[at + 1] == (0, 0)  # the check counts nothing: not 100 % still
    assert checked == [at + 2]  # ...and runs after the stage is told


def test_a_cancel_when_the_check_begins_leaves_no_backup(
    tmp_path: Path, sqlite_template: Path
) -> None:
    source = tmp_path / "live.sqlite3"
    source.write_bytes(sqlite_template.read_bytes())
    out = tmp_path / "copy.sqlite3"
    with pytest.raises(Cancelled):
        backup(f"sqlite:///{source}", out, progress=_Recorder(stop_uncounted=True))
    assert not out.exists() and not list(tmp_path.glob("copy.sqlite3*"))


def test_the_check_asks_its_progress_and_stops_when_told(
    tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "copy.sqlite3"
    copy_sqlite(sqlite_template, target)
    monkeypatch.setattr(db_module, "CHECK_ASK_S", 0.0)  # every time SQLite asks
    asked: list[tuple[int, int]] = []

    def going(done: int, total: int) -> bool:
        asked.append((done, total))
        return True

    assert check_copy(target, quick=True, progress=going) == []
    assert asked and set(asked) == {(0, 0)}
    with pytest.raises(Cancelled):
        check_copy(target, quick=True, progress=lambda done, total: False)
