"""The rescuedesk command, run in-process as a script would run it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rescuedesk import cli
from rescuedesk.db import Database
from rescuedesk.models import (
    Case,
    CaseBuyer,
    Consent,
    FollowUpVisit,
    Person,
    Placement,
    Schooling,
    TracingAction,
    Training,
)
from rescuedesk.models.enums import Stage
from rescuedesk.services.people.identity import parse_id_number
from tests.conftest import ENGINES


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(args))
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("empty_db_url", ENGINES, indirect=True)
def test_demo_data_then_case_list(empty_db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", empty_db_url, "db", "upgrade")[0] == 0
    code, out, _ = run(capsys, "--db", empty_db_url, "demo-data", "--persons", "400", "--seed", "7")
    assert code == 0 and "400" in out
    code, out, err = run(
        capsys, "--db", empty_db_url, "case", "list", "--stage", "closed", "--limit", "5"
    )
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == 5
    for line in lines:
        number, stage, *_ = line.split("\t")
        assert number.count("-") >= 2 and stage == "closed"
    code, out, _ = run(capsys, "--db", empty_db_url, "case", "list")
    assert code == 0 and len(out.splitlines()) == 400

    db = Database(empty_db_url)
    with db.read_session() as s:
        stages = set(s.scalars(select(Case.stage).distinct()))
        assert stages == set(Stage)
        for model in (
            Consent,
            TracingAction,
            Placement,
            Schooling,
            Training,
            FollowUpVisit,
            CaseBuyer,
        ):
            assert s.scalar(select(func.count(model.id))) > 0, model.__name__
        people = s.scalars(select(Person)).all()
        assert any(p.nationality != "CHN" and p.languages == ["vi"] for p in people)
        placements = s.scalars(select(Placement)).all()
        assert any(c["relation"] == "parent" for p in placements for c in p.carers)
        assert any(not p.identity_known and p.alias for p in people)
        assert any(p.birth_date and p.birth_date.year >= 2010 for p in people)
        for p in people:
            if p.id_number:
                info = parse_id_number(p.id_number)
                assert (info.birth_date, info.sex) == (p.birth_date, p.sex)
        overdue = s.scalar(
            select(func.count(FollowUpVisit.id)).where(
                FollowUpVisit.done_date.is_(None),
                FollowUpVisit.planned_date < dt.date(2026, 11, 25),
            )
        )
        assert overdue > 0
    db.dispose()


def _fingerprint(url: str) -> list[tuple[object, ...]]:
    db = Database(url)
    with db.read_session() as s:
        rows = s.execute(
            select(
                Case.case_number,
                Case.stage,
                Person.real_name,
                Person.alias,
                Person.id_number,
                Person.birth_date,
            )
            .join(Person, Person.id == Case.person_id)
            .order_by(Case.case_number)
        ).all()
    db.dispose()
    return [tuple(r) for r in rows]


def test_same_seed_same_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    urls = [f"sqlite:///{tmp_path / n}" for n in ("a.sqlite3", "b.sqlite3", "c.sqlite3")]
    for url, seed in zip(urls, ("3", "3", "4"), strict=True):
        assert run(capsys, "--db", url, "demo-data", "--persons", "150", "--seed", seed)[0] == 0
    a, b, c = (_fingerprint(u) for u in urls)
    assert a == b
    assert a != c


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["case", "list", "--stage", "nonsense"], "invalid choice"),
        (["demo-data", "--persons", "-3"], "正整数"),
        (["demo-data"], "--persons"),
        (["--user", "nobody", "case", "list"], "nobody"),
        (["backup"], "--out"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    path = str(tmp_path / "x.sqlite3")
    assert run(capsys, "--db", path, "db", "upgrade")[0] == 0
    code, _, err = run(capsys, "--db", path, *args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert needle in err


def test_unreachable_server_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "case", "list"
    )
    assert code == 2
    assert err.startswith("rescuedesk: 无法连接数据库") and len(err.strip().splitlines()) == 1


def test_network_share_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", "//fileserver/office/cases.sqlite3", "db", "upgrade")
    assert code == 2
    assert "PostgreSQL" in err and "WAL" in err


def test_sqlite_backup_is_a_consistent_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    assert run(capsys, "--db", url, "demo-data", "--persons", "50")[0] == 0
    out = tmp_path / "copy.sqlite3"
    code, text, _ = run(capsys, "--db", url, "backup", "--out", str(out))
    assert code == 0 and str(out) in text
    copy = sqlite3.connect(out)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT count(*) FROM case_file").fetchone() == (50,)
    copy.close()
    code, _, err = run(capsys, "--db", url, "backup", "--out", str(out))
    assert code == 2 and "不会覆盖" in err


@pytest.mark.parametrize("empty_db_url", ["postgresql"], indirect=True)
def test_postgres_backup_uses_pg_dump(
    empty_db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert run(capsys, "--db", empty_db_url, "demo-data", "--persons", "20")[0] == 0
    monkeypatch.setattr("shutil.which", lambda _name: None)
    code, _, err = run(capsys, "--db", empty_db_url, "backup", "--out", str(tmp_path / "x.dump"))
    assert code == 2 and "pg_dump" in err
    monkeypatch.undo()
    out = tmp_path / "db.dump"
    code, _, err = run(capsys, "--db", empty_db_url, "backup", "--out", str(out))
    assert code == 0, err
    assert out.read_bytes()[:5] == b"PGDMP"


def test_letter_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = str(tmp_path / "l.sqlite3")
    code, out, _ = run(capsys, "--db", url, "letter-types")
    codes = {line.split("\t")[0] for line in out.splitlines()}
    assert code == 0 and codes >= {
        "hospital",
        "school",
        "legal_aid",
        "employment",
        "disability",
        "police",
        "child_welfare",
        "trade_union",
        "youth_league",
        "other",
    }
    assert run(capsys, "--db", url, "demo-data", "--persons", "10")[0] == 0
    _, listing, _ = run(capsys, "--db", url, "case", "list", "--limit", "1")
    number = listing.split("\t")[0]
    out_pdf = tmp_path / "letter.pdf"

    def letter(to: str, *more: str) -> tuple[int, str, str]:
        return run(
            capsys,
            "--db",
            url,
            "letter",
            "--case",
            number,
            "--to",
            to,
            "--out",
            str(out_pdf),
            *more,
        )

    code, _, err = letter("nowhere")
    assert code == 2 and "nowhere" in err and not out_pdf.exists()
    code, _, err = letter("trade_union")
    assert code == 2 and "同意" in err and not out_pdf.exists()
    code, out, err = letter("trade_union", "--override-reason", "紧急维权")
    assert code == 0, err
    assert out_pdf.read_bytes()[:5] == b"%PDF-" and "转字第0001号" in out


def test_report_annual_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = str(tmp_path / "r.sqlite3")
    assert run(capsys, "--db", url, "demo-data", "--persons", "60")[0] == 0
    out = tmp_path / "annual.xlsx"
    code, _, err = run(capsys, "--db", url, "report", "annual", "--year", "2025", "--out", str(out))
    assert code == 0, err
    assert out.read_bytes()[:2] == b"PK"
    code, _, err = run(
        capsys, "--db", url, "report", "annual", "--year", "2025", "--out", str(tmp_path / "x.txt")
    )
    assert code == 2 and ".pdf" in err
