"""`rescuedesk place TEXT`: the resolver on its own, as a script calls it (a contract of
issue #13): CODE<TAB>省 › 市 › 县 a line, best first; nothing found is exit 1."""

from __future__ import annotations

from pathlib import Path

from tests.entry.conftest import run_cli


def test_place_prints_ranked_codes_and_paths_without_a_database(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite3"
    result = run_cli(["--db", str(path), "place", "云南文山"])
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[:2] == [
        "532600\t云南省 › 文山壮族苗族自治州",
        "532601\t云南省 › 文山壮族苗族自治州 › 文山市",
    ]
    assert not path.exists()  # no database opened, no log-in asked


def test_place_accepts_everyday_forms_pinyin_codes_and_a_limit() -> None:
    for text, first in (
        ("广西百色市", "451000"),
        ("宜宾县", "511504"),  # the former name, today 叙州区
        ("wenshan", "532600"),
        ("511504", "511504"),
    ):
        result = run_cli(["place", text])
        assert result.code == 0 and result.out.split("\t")[0] == first, (text, result)
    limited = run_cli(["place", "广西", "--limit", "2"])
    assert limited.code == 0 and len(limited.out.splitlines()) == 2


def test_place_not_found_says_so_in_chinese() -> None:
    result = run_cli(["place", "火星基地"])
    assert result.code == 1 and result.out == ""
    assert "找不到地名“火星基地”" in result.err
    assert run_cli(["place", "文山", "--limit", "0"]).code == 2  # a usage error
