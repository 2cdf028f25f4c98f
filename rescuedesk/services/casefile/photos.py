"""Photos of a person (issue #15): added from a file, shown as thumbnails, voided.

The file is decoded and re-encoded here, so what is stored is a plain JPEG the program made:
turned upright (EXIF orientation), without EXIF, GPS or XMP (nothing of the original's
metadata is copied), at most 1600 px on its long side and 1 MB, with a 240 px thumbnail.
A record like any other (services/casefile/records.py: registry entry, audit, void, purge);
its bytes are managed fields only this module writes, and the audit trail names them by
digest (services/office/audit.py). Follow-up workers never read this part (role_views).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rescuedesk.errors import RuleViolation, ValidationError
from rescuedesk.models import Case
from rescuedesk.models.photo import PersonPhoto, PhotoKind
from rescuedesk.services.casefile import records, role_views
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import ensure_can_read, get_case
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people.persons import Saved

MAX_INPUT_BYTES = 20 * 1024 * 1024
MAX_STORED_BYTES = 1024 * 1024
LONG_SIDE = 1600
THUMBNAIL_SIDE = 240
QUALITY = 85
MAX_PER_PERSON = 6
UNREADABLE = "照片文件无法读取或过大（只接受20MB以内的图片文件）。"


@dataclass(frozen=True)
class Normalised:
    content: bytes
    thumbnail: bytes
    width: int
    height: int

    def fields(self) -> dict[str, Any]:
        return {
            "content": self.content,
            "thumbnail": self.thumbnail,
            "sha256": hashlib.sha256(self.content).hexdigest(),
            "width": self.width,
            "height": self.height,
            "byte_size": len(self.content),
        }


def _jpeg(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    # No exif= and no info carried over: the encoder writes none of the original's metadata.
    image.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def normalise(data: bytes) -> Normalised:
    """The stored form of an image file; refuses what is no image or is too large."""
    if not data or len(data) > MAX_INPUT_BYTES:
        raise ValidationError(UNREADABLE, field="content")
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(UNREADABLE, field="content") from exc
    image = image.convert("RGB")  # drops alpha and palettes; JPEG takes neither
    image.thumbnail((LONG_SIDE, LONG_SIDE))
    quality, content = QUALITY, _jpeg(image, QUALITY)
    while len(content) > MAX_STORED_BYTES and quality > 40:
        quality -= 10
        content = _jpeg(image, quality)
    while len(content) > MAX_STORED_BYTES:  # a photo of noise: smaller, not worse
        image = image.resize((max(image.width * 3 // 4, 1), max(image.height * 3 // 4, 1)))
        content = _jpeg(image, quality)
    small = image.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    return Normalised(content, _jpeg(small, QUALITY), image.width, image.height)


def _count_for_person(session: Session, person_id: int) -> int:
    return (
        session.scalar(
            select(func.count(PersonPhoto.id))
            .join(Case, Case.id == PersonPhoto.case_id)
            .where(Case.person_id == person_id, PersonPhoto.voided_at.is_(None))
        )
        or 0
    )


def add_photo(
    session: Session,
    actor: Actor,
    case_id: int,
    data: bytes,
    values: Mapping[str, Any] | None = None,
) -> Saved:
    """Add a photo from a file's bytes; ``values`` are the form's (kind, taken_on, notes)."""
    case = get_case(session, case_id)
    role_views.ensure_part_readable(actor, PersonPhoto)
    if _count_for_person(session, case.person_id) >= MAX_PER_PERSON:
        raise RuleViolation(
            f"每位受助人最多保存{MAX_PER_PERSON}张照片；请先作废不再需要的照片。", field="content"
        )
    photo = normalise(data)
    form = {"kind": PhotoKind.CURRENT.value, **(values or {})}
    return records.add_record(session, actor, PersonPhoto, case_id, form, managed=photo.fields())


def photo_content(session: Session, actor: Actor, photo_id: int) -> bytes:
    """The photo itself, for the viewer; audited as a read of the person's record."""
    photo = session.get(PersonPhoto, photo_id)
    if photo is None or photo.content is None:
        raise ValidationError("照片不存在或已作废。")
    case = get_case(session, photo.case_id)
    ensure_can_read(actor, case)
    role_views.ensure_part_readable(actor, PersonPhoto)
    audit.record(
        session,
        actor,
        "read",
        PersonPhoto.__tablename__,
        photo.id,
        case_id=case.id,
        person_id=case.person_id,
    )
    return photo.content


def void_photo(
    session: Session,
    actor: Actor,
    photo_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
) -> PersonPhoto:
    """Void a photo: the record stays with its reason, the picture is destroyed."""
    return records.void_record(
        session, actor, PersonPhoto, photo_id, reason, expected_version=expected_version
    )
