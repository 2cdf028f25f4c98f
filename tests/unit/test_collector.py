"""The collector pause puts collection back as it found it, error or not."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from rescuedesk import collector


@pytest.fixture(autouse=True)
def _gc_as_it_was() -> Iterator[None]:
    # The GUI tests of the same process keep automatic collection off (ui/main_thread_gc.py):
    # whatever a test here sets, the next one finds it as it was.
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_paused_then_resumed_even_after_an_error() -> None:
    gc.enable()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector.paused():
        raise RuntimeError
    assert gc.isenabled()


def test_a_caller_that_had_it_off_keeps_it_off() -> None:
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()
