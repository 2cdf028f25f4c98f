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
import json
import secrets as pysecrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk.db import Database
from rescuedesk.errors import RuleViolation, ValidationError
from rescuedesk.models import Case, MedicalCare, Person, Placement
from rescuedesk.models.enums import Role
from rescuedesk.privacy import hierarchies as hz
from rescuedesk.privacy.kanon import Encoded, search
from rescuedesk.privacy.risk import report
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
    """The chosen generalisation and its risk report, before writing."""

    header: list[str]
    rows: list[list[str]]
    report: dict[str, Any]
    recipient: str
    sensitive: list[str] = field(default_factory=list)


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


def _rows(session: Session, actor: Actor) -> list[dict[str, Any]]:
    query = (
        select(Case, Person)
        .join(Person, Person.id == Case.person_id)
        .where(Person.merged_into_id.is_(None))
    )
    if not actor.is_system and actor.unit_id is not None:
        query = query.where(Case.unit_id.in_(units_in_reach(session, actor)))
    placements = dict(
        session.execute(
            select(Placement.case_id, Placement.placement_type)
            .where(Placement.voided_at.is_(None))
            .order_by(Placement.id)
        ).all()
    )
    care: dict[int, set[str]] = {}
    for case_id, kind in session.execute(
        select(MedicalCare.case_id, MedicalCare.kind).where(MedicalCare.voided_at.is_(None))
    ):
        care.setdefault(case_id, set()).add(kind.value)
    out = []
    for case, person in session.execute(query.order_by(Case.id)):
        day = case.rescue_date or case.intake_date
        age = person.age_on(day)
        placement = placements.get(case.id)
        out.append(
            {
                "person_id": person.id,
                "qi": (
                    person.sex.value,
                    age if age is None or age >= 0 else 0,
                    person.nationality,
                    person.ethnicity if person.nationality == "CHN" else "FOREIGN",
                    person.household_registration_code,
                    day,
                ),
                "placement_type": placement.value if placement else "none",
                "care": "+".join(sorted(care.get(case.id, ()))) or "none",
                "disability": "yes" if person.has_disability else "no",
                "stage": case.stage.value,
            }
        )
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
    data = _rows(session, actor)
    if not data:
        raise RuleViolation("没有可以导出的个案。")
    enc = Encoded(hz.QUASI_IDENTIFIERS, [d["qi"] for d in data])
    values = {}
    for name in sensitive:
        _, codes = np.unique(np.array([d[name] for d in data], dtype=str), return_inverse=True)
        values[name] = codes.astype(np.int64)
    result = search(enc, k, l_div, values, suppression_limit)
    if result.best is None:
        raise RuleViolation(
            f"在删除不超过{suppression_limit:.0%}记录的前提下，无法达到 k={k}、l={l_div}："
            "请放宽参数（减小 k 或 l、提高删除上限），或减少敏感属性。"
        )
    node = result.best
    groups = [
        f"{'女' if d['qi'][0] == 'female' else '男' if d['qi'][0] == 'male' else '不详'}"
        f"·{'中国籍' if d['qi'][2] == 'CHN' else '外国籍'}"
        f"·{'未成年' if d['qi'][1] is not None and d['qi'][1] < 18 else '成年'}"
        for d in data
    ]
    risk = report(enc, node, values, groups, k, l_div, suppression_limit)
    risk["lattice"] = {"nodes": result.lattice_size, "evaluated": result.evaluated}
    key = pseudonym_key(recipient, passphrase)
    # The origin's name beside its (generalised) code, for a reader without the code list.
    origin = [h.column for h in hz.QUASI_IDENTIFIERS].index(hz.ORIGIN.column) + 1
    header = ["pseudonym", *[h.column for h in hz.QUASI_IDENTIFIERS], *sensitive]
    header.insert(origin + 1, ORIGIN_NAME)
    rows = []
    for i, d in enumerate(data):
        if node.suppressed[i]:
            continue
        labels = [
            h.label(v, level)
            for h, v, level in zip(hz.QUASI_IDENTIFIERS, d["qi"], node.levels, strict=True)
        ]
        row = [pseudonym(key, d["person_id"]), *labels, *[d[s] for s in sensitive]]
        row.insert(origin + 1, hz.origin_name(row[origin]))
        rows.append(row)
    risk.update(quasi_identifiers=[h.column for h in hz.QUASI_IDENTIFIERS], sensitive=sensitive)
    return ExportPlan(header, rows, risk, recipient, sensitive)


def write_export(
    session: Session,
    actor: Actor,
    plan: ExportPlan,
    out: Path,
    *,
    purpose: str,
    password: str | None = None,
) -> Path:
    """Write the file (CSV or XLSX, optionally inside an AES zip) and FILE.report.json;
    audit the export with the file's SHA-256. Returns the path written."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError("输出文件应为 .csv 或 .xlsx。", field="out")
    if out.exists():
        raise ValidationError(f"文件 {out} 已存在，不会覆盖。", field="out")
    data = _csv_bytes(plan) if suffix == ".csv" else _xlsx_bytes(plan)
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
) -> Path:
    """The export as a user action, the same at both doors (`rescuedesk export
    deidentified` and the export page's 导出…): refuse any of its files that exists already,
    then write them and audit the export in one transaction; a failed commit takes the
    files with it. Returns the path written."""
    outputs = new_outputs(out, password, REPORT_SUFFIX)
    with removed_on_failure(*outputs), db.write_session() as session:
        return write_export(session, actor, plan, out, purpose=purpose, password=password)


def _csv_bytes(plan: ExportPlan) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(plan.header)
    writer.writerows(plan.rows)
    return buffer.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 with a BOM correctly


def _xlsx_bytes(plan: ExportPlan) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("export")
    sheet.append(plan.header)
    for row in plan.rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
