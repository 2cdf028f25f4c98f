"""De-identified case-level export (issue #4): direct identifiers never leave, each person
gets a keyed pseudonym per recipient, the quasi-identifiers are generalised to the least
information loss that meets k-anonymity, distinct l-diversity and the suppression limit,
and the risk is reported before anything is written."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import itertools
import json
import secrets as pysecrets
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import and_, func, select, true
from sqlalchemy.orm import Session

from rescuedesk import collector
from rescuedesk.db import Database
from rescuedesk.documents.xlsx_writer import workbook_bytes
from rescuedesk.errors import RuleViolation, ValidationError
from rescuedesk.models import Case, MedicalCare, Person, Placement
from rescuedesk.models.base import stored_code
from rescuedesk.models.enums import Role
from rescuedesk.privacy import hierarchies as hz
from rescuedesk.privacy.kanon import Columns, Encoded, Node, search
from rescuedesk.privacy.risk import report
from rescuedesk.progress import Progress, tick
from rescuedesk.security import secrets
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import ensure_role, units_in_reach
from rescuedesk.services.office.context import Actor
from rescuedesk.services.reports.files import new_outputs, write_export_file
from rescuedesk.userfiles import removed_on_failure, write_whole

ORIGIN_NAME = "origin_region_name"
SENSITIVE = ("placement_type", "care", "disability", "stage")


@dataclass
class ExportPlan:
    """The chosen generalisation and its risk report, before writing. The rows are made
    when written (:meth:`iter_rows`), from the compact codes the search used."""

    header: list[str]
    report: dict[str, Any]
    recipient: str
    sensitive: list[str] = field(default_factory=list)
    _source: _Source | None = field(default=None, repr=False)

    def iter_rows(self) -> Iterator[list[str]]:
        return self._source.rows() if self._source is not None else iter(())

    @property
    def rows(self) -> list[list[str]]:
        return list(self.iter_rows())


@dataclass
class _Source:
    enc: Encoded
    node: Node
    person_ids: array[int]
    sensitive: dict[str, tuple[list[str], array[int]]]  # labels, one index per row
    key: bytes

    def rows(self) -> Iterator[list[str]]:
        qi, sens = self._qi[0], self._sens[0]
        for names, qi_index, sens_index in self._blocks():
            for name, q, v in zip(names, qi_index, sens_index, strict=True):
                yield [name, *qi[q], *sens[v]]

    def csv_lines(self, progress: Progress | None = None) -> Iterator[str]:
        """The released rows as the CSV lines csv.writer writes for :meth:`rows`, BLOCK rows
        at a time: each distinct run of labels is quoted and joined once, not once a row."""
        qi = [_csv_fields(labels) for labels in self._qi[0]]
        sens = [_csv_fields(labels) for labels in self._sens[0]]
        done, total = 0, len(self._released)
        for names, qi_index, sens_index in self._blocks():
            yield "".join(
                [
                    f"{name},{qi[q]},{sens[v]}\r\n"
                    for name, q, v in zip(names, qi_index, sens_index, strict=True)
                ]
            )
            done += len(names)
            tick(progress, done, total)

    def _blocks(self) -> Iterator[tuple[list[str], list[int], list[int]]]:
        """The released rows BLOCK at a time: their pseudonyms, and the index of each one's
        quasi-identifiers and sensitive values in ``_qi`` and ``_sens``."""
        ids = np.frombuffer(self.person_ids, dtype=np.int64)
        for first in range(0, len(self._released), BLOCK):
            rows = self._released[first : first + BLOCK]
            yield (
                pseudonyms(self.key, ids[rows].tolist()),
                self._qi[1][rows].tolist(),
                self._sens[1][rows].tolist(),
            )

    @cached_property
    def _released(self) -> np.ndarray:
        return np.flatnonzero(~self.node.suppressed)

    @cached_property
    def _qi(self) -> tuple[list[list[str]], np.ndarray]:
        """The generalised quasi-identifiers of each distinct combination, with the origin's
        name beside its code for a reader without the list; and each row's combination."""
        origin = [h.column for h in hz.QUASI_IDENTIFIERS].index(hz.ORIGIN.column)
        rows, index = _combinations(self.enc.key(self.node.levels))
        out = []
        for row in rows.tolist():
            labels = [
                str(self.enc.labels[j][level][self.enc.codes[j][level][row]])
                for j, level in enumerate(self.node.levels)
            ]
            labels.insert(origin + 1, hz.origin_name(labels[origin]))
            out.append(labels)
        return out, index

    @cached_property
    def _sens(self) -> tuple[list[list[str]], np.ndarray]:
        """The sensitive values of each distinct combination, and each row's combination."""
        key = np.zeros(self.enc.n, dtype=np.int64)
        for values, index in self.sensitive.values():
            key = key * max(len(values), 1) + np.frombuffer(index, dtype=np.int64)
        rows, index = _combinations(key)
        out = [
            [values[codes[row]] for values, codes in self.sensitive.values()]
            for row in rows.tolist()
        ]
        return out, index


# Rows turned into CSV text (or lists) at a time, and the progress reported between them.
BLOCK = 10_000


def _combinations(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One row standing for each distinct key, and each row's index into them."""
    uniq, inverse = np.unique(key, return_inverse=True)
    inverse = inverse.reshape(-1)
    rows = np.empty(len(uniq), dtype=np.int64)
    rows[inverse] = np.arange(len(key), dtype=np.int64)
    return rows, inverse


def _csv_fields(labels: list[str]) -> str:
    """``labels`` as csv.writer writes them inside a row: each field quoted as it needs."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([*labels, ""])  # a last empty field: never a lone "" field
    return buffer.getvalue()[: -len(",\r\n")]


def pseudonym_key(recipient: str, passphrase: str | None = None) -> bytes:
    """The recipient's 32-byte key: from the OS keyring (created on first export), or, where
    no secure keyring exists, derived from a passphrase. Never an unkeyed hash."""
    name = f"export-pseudonym:{recipient}"
    if passphrase is not None:
        from argon2.low_level import Type, hash_secret_raw

        salt = hashlib.sha256(("rescuedesk-export|" + recipient).encode()).digest()[:16]
        return hash_secret_raw(
            passphrase.encode(),
            salt,
            time_cost=2,
            memory_cost=19 * 1024,
            parallelism=1,
            hash_len=32,
            type=Type.ID,
        )
    stored = secrets.load(name)  # raises NoSecureKeyring: the caller asks for a passphrase
    if stored is None:
        stored = pysecrets.token_hex(32)
        secrets.store(name, stored)
    return bytes.fromhex(stored)


def pseudonym(key: bytes, person_id: int) -> str:
    return hmac.new(key, str(person_id).encode(), hashlib.sha256).hexdigest()[:20]


def pseudonyms(key: bytes, person_ids: list[int]) -> list[str]:
    """:func:`pseudonym` of each id: HMAC-SHA256 (RFC 2104) with the key's inner and outer
    hashes started once, a third of hmac.new's cost per id."""
    block = hashlib.sha256().block_size
    padded = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))
    out = []
    for person_id in person_ids:
        h = inner.copy()
        h.update(str(person_id).encode())
        o = outer.copy()
        o.update(h.digest())
        out.append(o.hexdigest()[:20])
    return out


@dataclass
class _Rows:
    person_ids: array[int]
    qi: Columns
    sensitive: dict[str, tuple[dict[str, int], array[int]]]


# Rows read per round trip: memory stays bounded by the compact columns, not by objects.
CHUNK = 20_000


def _rows(
    session: Session, actor: Actor, wanted: list[str], progress: Progress | None = None
) -> _Rows:
    with collector.paused():
        return _read_rows(session, actor, wanted, progress)


def _read_rows(
    session: Session, actor: Actor, wanted: list[str], progress: Progress | None = None
) -> _Rows:
    """The export's input read in keyset order as plain columns (no ORM objects): one
    8-byte index per row and column, the distinct values once. Each chunk is worked on
    column by column (a comprehension per column, not a block of statements per row)."""
    scope = (
        Case.unit_id.in_(units_in_reach(session, actor))
        if not actor.is_system and actor.unit_id is not None
        else true()
    )
    live = and_(Person.merged_into_id.is_(None), scope)
    # Core statements on the session's connection: no ORM loading step for plain columns.
    connection = session.connection()
    total = session.scalar(
        select(func.count(Case.id)).join(Person, Person.id == Case.person_id).where(live)
    )
    tick(progress, 0, total or 0)
    placements = dict(
        connection.execute(
            select(Placement.case_id, stored_code(Placement.placement_type))
            .where(Placement.voided_at.is_(None))
            .order_by(Placement.id)
        ).all()
    )
    kinds: dict[int, set[str]] = {}
    for case_id, kind in connection.execute(
        select(MedicalCare.case_id, stored_code(MedicalCare.kind)).where(
            MedicalCare.voided_at.is_(None)
        )
    ).all():  # fetched at once: a Core result iterated is fetched a row a call
        kinds.setdefault(case_id, set()).add(kind)
    care = {case_id: "+".join(sorted(names)) for case_id, names in kinds.items()}
    del kinds  # a set per case, which the collector would otherwise walk while we read
    out = _Rows(array("q"), Columns(len(hz.QUASI_IDENTIFIERS)), {})
    for name in wanted:
        out.sensitive[name] = ({}, array("q"))
    query = (
        select(
            Case.id,
            Case.rescue_date,
            Case.intake_date,
            stored_code(Case.stage),
            Person.id,
            Person.birth_date,
            Person.birth_year_estimated,
            stored_code(Person.sex),
            Person.nationality,
            Person.ethnicity,
            Person.household_registration_code,
            Person.has_disability,
        )
        .join(Person, Person.id == Case.person_id)
        .where(live)
        .order_by(Case.id)
        .limit(CHUNK)
    )
    last = 0
    while True:
        chunk = connection.execute(query.where(Case.id > last)).all()
        if not chunk:
            break
        (case_ids, rescued, intake, stages, pids, born, born_year, sexes, nations, ethnicities,
         origins, disabled) = zip(*chunk, strict=True)  # fmt: skip
        days = [r or i for r, i in zip(rescued, intake, strict=True)]
        ages = [
            (d.year - b.year - ((d.month, d.day) < (b.month, b.day)))
            if b is not None
            else (d.year - y if y is not None else None)
            for d, b, y in zip(days, born, born_year, strict=True)
        ]
        out.person_ids.extend(pids)
        out.qi.extend(
            sexes,
            [a if a is None or a >= 0 else 0 for a in ages],
            nations,
            [e if n == "CHN" else "FOREIGN" for n, e in zip(nations, ethnicities, strict=True)],
            origins,
            days,
        )
        for name, (index, codes) in out.sensitive.items():
            if name == "placement_type":
                values = [placements.get(c) or "none" for c in case_ids]
            elif name == "care":
                values = [care.get(c, "none") for c in case_ids]
            elif name == "disability":
                values = ["yes" if d else "no" for d in disabled]
            else:  # stage
                values = list(stages)
            codes.extend([index.setdefault(v, len(index)) for v in values])
        last = case_ids[-1]
        tick(progress, len(out.person_ids), total or 0)
    return out


def plan_export(
    session: Session,
    actor: Actor,
    *,
    k: int = 11,
    l_div: int = 2,
    suppression_limit: float = 0.05,
    sensitive: list[str] | None = None,
    recipient: str = "research",
    passphrase: str | None = None,
    progress: Progress | None = None,
) -> ExportPlan:
    ensure_role(actor, Role.STATISTICIAN, Role.SUPERVISOR, what="导出去标识化数据")
    sensitive = list(sensitive or ["placement_type"])
    unknown = [s for s in sensitive if s not in SENSITIVE]
    if unknown:
        raise ValidationError(
            f"未知的敏感属性：{'、'.join(unknown)}（可选：{'、'.join(SENSITIVE)}）。",
            field="sensitive",
        )
    if k < 2 or l_div < 1 or not 0 <= suppression_limit <= 0.5:
        raise ValidationError("k 至少为2，l 至少为1，删除上限在0到50%之间。", field="k")
    data = _rows(session, actor, sensitive, progress)
    if not data.qi.n:
        raise RuleViolation("没有可以导出的个案。")
    enc = Encoded.from_columns(hz.QUASI_IDENTIFIERS, data.qi)
    values = {}
    labels: dict[str, tuple[list[str], array[int]]] = {}
    for name in sensitive:
        index, codes = data.sensitive[name]
        # Codes in the labels' sorted order, as np.unique numbers them.
        ordered = sorted(index)
        rank = np.array([ordered.index(v) for v in index], dtype=np.int64)
        values[name] = rank[np.frombuffer(codes, dtype=np.int64)]
        labels[name] = (list(index), codes)
    result = search(enc, k, l_div, values, suppression_limit, progress)
    if result.best is None:
        raise RuleViolation(
            f"在删除不超过{suppression_limit:.0%}记录的前提下，无法达到 k={k}、l={l_div}："
            "请放宽参数（减小 k 或 l、提高删除上限），或减少敏感属性。"
        )
    node = result.best
    groups = _groups(data.qi)
    risk = report(enc, node, values, groups, k, l_div, suppression_limit)
    risk["lattice"] = {"nodes": result.lattice_size, "evaluated": result.evaluated}
    key = pseudonym_key(recipient, passphrase)
    origin = [h.column for h in hz.QUASI_IDENTIFIERS].index(hz.ORIGIN.column) + 1
    header = ["pseudonym", *[h.column for h in hz.QUASI_IDENTIFIERS], *sensitive]
    header.insert(origin + 1, ORIGIN_NAME)
    risk.update(quasi_identifiers=[h.column for h in hz.QUASI_IDENTIFIERS], sensitive=sensitive)
    source = _Source(enc, node, data.person_ids, labels, key)
    return ExportPlan(header, risk, recipient, sensitive, source)


def _groups(qi: Columns) -> list[str]:
    """Each row's kind of person (sex, nationality, minor), for the suppression report."""
    kinds: dict[tuple[object, object, object], str] = {}
    out = []
    sexes, ages, nations = (list(qi.index[j]) for j in range(3))
    for s, a, c in zip(qi.base[0], qi.base[1], qi.base[2], strict=True):
        sex, age, nation = sexes[s], ages[a], nations[c]
        kind = kinds.get((sex, age, nation))
        if kind is None:
            kind = kinds[(sex, age, nation)] = (
                f"{'女' if sex == 'female' else '男' if sex == 'male' else '不详'}"
                f"·{'中国籍' if nation == 'CHN' else '外国籍'}"
                f"·{'未成年' if age is not None and age < 18 else '成年'}"  # type: ignore[operator]
            )
        out.append(kind)
    return out


def write_export(
    session: Session,
    actor: Actor,
    plan: ExportPlan,
    out: Path,
    *,
    purpose: str,
    password: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the file (CSV or XLSX, optionally inside an AES zip) and FILE.report.json;
    audit the export with the file's SHA-256. Returns the path written."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError("输出文件应为 .csv 或 .xlsx。", field="out")
    if out.exists():
        raise ValidationError(f"文件 {out} 已存在，不会覆盖。", field="out")
    data = _csv_bytes(plan, progress) if suffix == ".csv" else _xlsx_bytes(plan, progress)
    target = write_export_file(out, data, password)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    report_path = out.with_name(out.name + REPORT_SUFFIX)
    write_whole(
        report_path,
        json.dumps(
            {
                **plan.report,
                "file": target.name,
                "sha256": digest,
                "recipient": plan.recipient,
                "purpose": purpose,
                "created": dt.datetime.now().isoformat(timespec="seconds"),
            },
            ensure_ascii=False,
            indent=1,
        ).encode("utf-8"),
    )
    audit.record(
        session,
        actor,
        "export",
        "deidentified",
        None,
        reason=purpose,
        changes={
            "recipient": plan.recipient,
            "file": target.name,
            "sha256": digest,
            "k": plan.report["k"],
            "l": plan.report["l"],
            "suppression_limit": plan.report["suppression_limit"],
            "achieved_k": plan.report["achieved_k"],
            "rows_out": plan.report["rows_out"],
            "sensitive": plan.sensitive,
            "levels": plan.report["levels"],
            "prosecutor_risk": plan.report["prosecutor_risk"],
        },
    )
    return target


REPORT_SUFFIX = ".report.json"


def export_to_file(
    db: Database,
    actor: Actor,
    plan: ExportPlan,
    out: Path,
    *,
    purpose: str,
    password: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """The export as a user action, the same at both doors (`rescuedesk export
    deidentified` and the export page's 导出…): refuse any of its files that exists already,
    then write them and audit the export in one transaction; a failed commit takes the
    files with it. Returns the path written."""
    outputs = new_outputs(out, password, REPORT_SUFFIX)
    with removed_on_failure(*outputs), db.write_session() as session:
        return write_export(
            session, actor, plan, out, purpose=purpose, password=password, progress=progress
        )


def _counted(plan: ExportPlan, progress: Progress | None) -> Iterator[list[str]]:
    total = plan.report["rows_out"]
    for i, row in enumerate(plan.iter_rows(), 1):
        if i % 10_000 == 0:
            tick(progress, i, total)
        yield row
    tick(progress, total, total)


def _csv_bytes(plan: ExportPlan, progress: Progress | None = None) -> bytes:
    lines = plan._source.csv_lines(progress) if plan._source is not None else iter(())
    text = _csv_fields(plan.header) + "\r\n" + "".join(lines)
    total = plan.report["rows_out"]
    tick(progress, total, total)
    return text.encode("utf-8-sig")  # Excel opens UTF-8 with a BOM correctly


def _xlsx_bytes(plan: ExportPlan, progress: Progress | None = None) -> bytes:
    return workbook_bytes([("export", itertools.chain([plan.header], _counted(plan, progress)))])
