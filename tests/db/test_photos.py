"""Photos of a person (issue #15) through the service: re-encoded without metadata, audited
by digest, destroyed by a void and by the purge, sealed on PostgreSQL, carried in a transfer
package, never read by a follow-up worker. Both engines."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select, text

from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied, RuleViolation, ValidationError
from rescuedesk.models import AuditEvent, Case
from rescuedesk.models.enums import Role, UnitKind
from rescuedesk.models.photo import PersonPhoto, PhotoKind
from rescuedesk.security import field_slots
from rescuedesk.services.casefile import (
    assignments,
    case_file,
    photos,
    transfer_package,
    transfers,
)
from rescuedesk.services.office import audit
from rescuedesk.services.office.context import Actor
from tests.conftest import Staff
from tests.factories import first_admin, new_account, new_case, new_person, new_unit, new_user

JPEG_START = b"\xff\xd8"
GPS_IFD = 0x8825
ORIENTATION = 0x0112
PASSWORD = "照片测试-长密码-2026"


def camera_jpeg(width: int = 2400, height: int = 1800, *, rotated: bool = True) -> bytes:
    """A phone's photo: EXIF with a GPS position and (optionally) "turn 90° to show"."""
    image = Image.new("RGB", (width, height), (180, 120, 90))
    for x in range(0, width, 97):  # some detail, so the encoder has work to do
        image.paste((20, 40, 200), (x, 0, x + 9, height))
    exif = Image.Exif()
    exif[0x010F] = "ACME phone"  # Make
    if rotated:
        exif[ORIENTATION] = 6  # the viewer turns it 90° clockwise
    exif[GPS_IFD] = {1: "N", 2: (45.0, 45.0, 0.0), 3: "E", 4: (126.0, 38.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=95)
    return out.getvalue()


def _case(db: Database, staff: Staff) -> int:
    pid = new_person(db, staff.caseworker, real_name=None, alias="站字2026-15",
                     identity_known=False, birth_date=None)  # fmt: skip
    return new_case(db, staff.caseworker, pid)


def _add(db: Database, actor: Actor, case_id: int, data: bytes | None = None) -> PersonPhoto:
    with db.write_session() as s:
        saved = photos.add_photo(
            s, actor, case_id, data or camera_jpeg(), {"kind": "when_found", "taken_on": None}
        )
        return saved.record  # type: ignore[no-any-return]


def test_a_photo_is_stored_upright_small_and_without_its_metadata(
    db: Database, staff: Staff
) -> None:
    case_id = _case(db, staff)
    original = camera_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the check can fail
    added = _add(db, staff.caseworker, case_id, original)
    with db.read_session() as s:
        photo = s.get(PersonPhoto, added.id)
        assert photo is not None and photo.content is not None and photo.thumbnail is not None
        stored = Image.open(io.BytesIO(photo.content))
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {} and not stored.info.get("exif")
        assert stored.size == (1200, 1600)  # turned upright, long side 1600
        assert max(Image.open(io.BytesIO(photo.thumbnail)).size) == 240
        assert photo.byte_size == len(photo.content) <= photos.MAX_STORED_BYTES
        assert photo.sha256 == hashlib.sha256(photo.content).hexdigest()
        assert photo.kind == PhotoKind.WHEN_FOUND
        # The audit trail names the picture by its digest, never holds it.
        [created] = [
            e for e in audit.history(s, case_id=case_id)
            if e.entity == "person_photo" and e.action == "create"
        ]  # fmt: skip
        assert created.changes["content"][1] == {"sha256": photo.sha256,
                                                 "byte_size": photo.byte_size}  # fmt: skip
        raw = s.scalars(select(AuditEvent.changes).where(AuditEvent.entity == "person_photo"))
        assert all(photo.content[:64].hex() not in str(c) for c in raw)


def test_what_is_no_image_too_large_or_a_seventh_photo_is_refused(
    db: Database, staff: Staff
) -> None:
    case_id = _case(db, staff)
    with pytest.raises(ValidationError, match="照片文件无法读取或过大"), db.write_session() as s:
        photos.add_photo(s, staff.caseworker, case_id, b"%PDF-1.4 not a picture", {})
    too_big = b"\xff\xd8" + bytes(photos.MAX_INPUT_BYTES)
    with pytest.raises(ValidationError, match="照片文件无法读取或过大"), db.write_session() as s:
        photos.add_photo(s, staff.caseworker, case_id, too_big, {"kind": "current"})
    small = camera_jpeg(300, 200, rotated=False)
    for _ in range(photos.MAX_PER_PERSON):
        _add(db, staff.caseworker, case_id, small)
    with pytest.raises(RuleViolation, match="最多保存6张"), db.write_session() as s:
        photos.add_photo(s, staff.caseworker, case_id, small, {"kind": "current"})


def test_void_destroys_the_picture_and_keeps_the_record_with_its_reason(
    db: Database, staff: Staff
) -> None:
    case_id = _case(db, staff)
    added = _add(db, staff.caseworker, case_id)
    with pytest.raises(ValidationError), db.write_session() as s:
        photos.void_photo(s, staff.caseworker, added.id, " ")
    with db.write_session() as s:
        photos.void_photo(s, staff.caseworker, added.id, "拍错了人")
    with db.read_session() as s:
        photo = s.get(PersonPhoto, added.id)
        assert photo is not None and photo.voided_at is not None
        assert (photo.content, photo.thumbnail, photo.void_reason) == (None, None, "拍错了人")
        [voided] = [e for e in audit.history(s, case_id=case_id) if e.action == "void"]
        assert voided.changes["content"] == [
            {"sha256": photo.sha256, "byte_size": photo.byte_size},
            None,
        ]
    with pytest.raises(ValidationError, match="已作废"), db.write_session() as s:
        photos.photo_content(s, staff.caseworker, added.id)


def test_a_follow_up_worker_never_sees_a_photo(db: Database, staff: Staff) -> None:
    worker = new_user(db, "fu", "周回访", Role.FOLLOW_UP_WORKER, staff.other_unit_id)
    case_id = _case(db, staff)
    added = _add(db, staff.caseworker, case_id)
    with db.write_session() as s:
        assignments.assign(s, staff.supervisor, case_id, worker.user_id, "follow_up", reason="回访")
    with db.write_session() as s:
        mine = case_file.open_case_file(s, staff.caseworker, case_id, (PersonPhoto,))
        [row] = mine.parts[PersonPhoto]
        assert row["thumbnail"] and "content" not in row  # the list opens thumbnails only
        theirs = case_file.open_case_file(s, worker, case_id, (PersonPhoto,))
        assert PersonPhoto not in theirs.parts
        with pytest.raises(PermissionDenied):
            photos.photo_content(s, worker, added.id)
        with pytest.raises(PermissionDenied):
            case_file.list_part(s, worker, PersonPhoto, case_id)
    with pytest.raises(PermissionDenied), db.write_session() as s:
        photos.add_photo(s, worker, case_id, camera_jpeg(300, 200), {"kind": "current"})


def test_viewing_a_photo_is_audited(db: Database, staff: Staff) -> None:
    case_id = _case(db, staff)
    added = _add(db, staff.caseworker, case_id)
    with db.write_session() as s:
        data = photos.photo_content(s, staff.supervisor, added.id)
        assert data.startswith(JPEG_START)
    with db.read_session() as s:
        reads = s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "person_photo",
                                     AuditEvent.action == "read")
        ).all()  # fmt: skip
        assert [(e.user_id, e.entity_id) for e in reads] == [(staff.supervisor.user_id, added.id)]


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_on_postgresql_the_stored_bytes_are_no_jpeg(db: Database, staff: Staff) -> None:
    """Before the first key a photo is in the clear format; sealing the database seals it,
    and a photo added afterwards is sealed as it is written."""
    case_id = _case(db, staff)
    before = _add(db, staff.caseworker, case_id)

    def raw(photo_id: int) -> tuple[bytes, bytes]:
        with db.engine.connect() as conn:
            content, thumb = conn.execute(
                text("SELECT content, thumbnail FROM person_photo WHERE id = :i"), {"i": photo_id}
            ).one()
        return bytes(content), bytes(thumb)

    assert raw(before.id)[0][:3] == b"\x00" + JPEG_START  # the check can fail
    root = first_admin(db, PASSWORD)
    assert root.user_id is not None
    if not field_slots.is_protected(db.engine.connect()):
        field_slots.protect(db, root.user_id, PASSWORD)
    after = _add(db, staff.caseworker, case_id)
    for photo_id in (before.id, after.id):
        for stored in raw(photo_id):
            assert stored[:1] == b"\x01" and not stored.startswith(JPEG_START)
            assert JPEG_START + b"\xff" not in stored[:16]
    with db.write_session() as s:
        assert photos.photo_content(s, staff.caseworker, after.id).startswith(JPEG_START)


def test_a_transfer_package_carries_the_photos(
    db: Database, staff: Staff, tmp_path: Path, sqlite_template: Path
) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a package goes between two embedded (SQLite) databases")
    case_id = _case(db, staff)
    added = _add(db, staff.caseworker, case_id)
    with db.write_session() as s:
        transfer = transfers.request_transfer(
            s, staff.supervisor, case_id, staff.other_unit_id,
            reason="返回户籍地", override_reason="本人书面同意见卷宗",
        ).id  # fmt: skip
        number = s.get(Case, case_id).case_number  # type: ignore[union-attr]
        original = s.get(PersonPhoto, added.id).content  # type: ignore[union-attr]
    package = tmp_path / "case.rdtransfer"
    with db.write_session() as s:
        transfer_package.export_package(s, staff.supervisor, transfer, package, PASSWORD)
    assert JPEG_START + b"\xff\xe0" not in package.read_bytes()

    there_path = tmp_path / "lanzhou.sqlite3"
    shutil.copyfile(sqlite_template, there_path)
    there = Database(f"sqlite:///{there_path}")
    try:
        root = first_admin(there, "兰州管理员的-长密码-2026")
        with there.write_session() as s:
            unit = new_unit(
                s, Actor.system("t"), code="LZ", name="兰州市民政局",
                kind=UnitKind.CIVIL_AFFAIRS_BUREAU, division_code="620102",
            ).id  # fmt: skip
        lead = new_account(there, root, "lz_lead", "兰州王主管", Role.SUPERVISOR, PASSWORD, unit)
        cw = new_account(there, root, "lz_cw", "兰州李社工", Role.CASEWORKER, PASSWORD, unit)
        with there.write_session() as s:
            incoming = transfer_package.import_package(s, lead, package, PASSWORD).id
        with there.write_session() as s:
            assert cw.user_id is not None
            transfers.accept_transfer(s, lead, incoming, cw.user_id)
        with there.read_session() as s:
            case = s.scalars(select(Case).where(Case.case_number == number)).one()
            [photo] = s.scalars(select(PersonPhoto).where(PersonPhoto.case_id == case.id)).all()
            assert photo.content == original and photo.thumbnail
            assert photo.sha256 == hashlib.sha256(original or b"").hexdigest()
    finally:
        there.dispose()


def test_the_ledger_export_holds_no_photo(db: Database, staff: Staff, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from rescuedesk.services.ledger.ledger_export import export_ledger

    case_id = _case(db, staff)
    added = _add(db, staff.caseworker, case_id)
    ledger = tmp_path / "台账导出.xlsx"
    with db.write_session() as s:
        export_ledger(s, staff.caseworker, ledger)
        thumb = s.get(PersonPhoto, added.id).thumbnail  # type: ignore[union-attr]
    book = load_workbook(ledger, read_only=True)
    cells = [str(c) for sheet in book for row in sheet.values for c in row if c is not None]
    assert any("站字2026-15" in c for c in cells)  # the check can fail: her row is there
    assert not any("照片" in c for c in cells)
    assert thumb is not None and thumb[:48].hex() not in "".join(cells)
