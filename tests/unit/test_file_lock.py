"""The one file lock of security/ (key-slot file, switch to encryption)."""

from __future__ import annotations

import os
from pathlib import Path

from rescuedesk.security import file_lock


def test_a_held_lock_refuses_a_second_taker_until_released(tmp_path: Path) -> None:
    path = tmp_path / "keys.lock"
    with file_lock.held(path):
        fd = os.open(path, os.O_RDWR)  # another open file: as another process would hold it
        try:
            assert not file_lock.lock(fd, wait=False)
        finally:
            os.close(fd)
    fd = os.open(path, os.O_RDWR)
    try:
        assert file_lock.lock(fd, wait=False)
    finally:
        os.close(fd)
