"""The rescued person (受助人)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from rescuedesk.models.base import Base, Timestamped, Versioned, code_enum, search_str
from rescuedesk.models.enums import Sex
from rescuedesk.models.personal import Purge, not_personal, personal
from rescuedesk.models.sealed import Sealed, SealedJSON

# The persons a family's inquiry may be about (issue #15): the matcher loads them by sex and
# estimated birth years, never the whole table.
UNIDENTIFIED = "identity_known = false AND merged_into_id IS NULL AND purged_at IS NULL"


class Person(Versioned, Timestamped, Base):
    __tablename__ = "person"
    __table_args__ = (
        Index(
            "ix_person_unidentified_block",
            "sex",
            "birth_year_latest",
            sqlite_where=text(UNIDENTIFIED),
            postgresql_where=text(UNIDENTIFIED),
        ),
        # What the annual report counts of a person, by id: a hundred persons a page where
        # the table has a few (their rows hold the sealed texts); migration 0026.
        Index(
            "ix_person_annual",
            "id",
            "sex",
            "nationality",
            "birth_date",
            "birth_year_estimated",
            "household_registration_code",
        ),
        # The case list in name order (SQLite, where the names are in clear in the encrypted
        # file): a wide reach's page walks the persons here, each one's cases in id order
        # (migration 0028). Serves a prefix search of the name as the name's own index did.
        Index("ix_person_name_sort", "real_name", "alias", "id"),
        # The children of school age by estimated birth year, the oldest first (the home
        # page's tasks: ORDER BY birth_year_estimated, id), walked in that order up to the
        # kind's limit: with the year alone PostgreSQL read the whole first year to sort it
        # by id (949 persons for a supervisor's 51 at 200,000 persons); migration 0030.
        Index("ix_person_birth_year_estimated_id", "birth_year_estimated", "id"),
        # The place search: a place's registrants' ids from the index alone on PostgreSQL
        # (its btree holds row addresses, not the id: 5,000 heap pages for 哈尔滨 at
        # 1,000,000 persons); migration 0032. SQLite's indexes hold the rowid already.
        Index(
            "ix_person_household_registration_code",
            "household_registration_code",
            postgresql_include=["id"],
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    real_name: Mapped[str | None] = mapped_column(Sealed(search_str(100)), info=personal())
    alias: Mapped[str | None] = mapped_column(
        Sealed(search_str(100)), index=True, info=personal(Purge.OWN_RULE)
    )
    # Search keys kept by the service: full pinyin and initials ("zhangxiaomei", "zxm").
    name_pinyin: Mapped[str | None] = mapped_column(
        Sealed(search_str(300)), index=True, info=personal()
    )
    name_initials: Mapped[str | None] = mapped_column(
        Sealed(search_str(100)), index=True, info=personal()
    )
    alias_pinyin: Mapped[str | None] = mapped_column(
        Sealed(search_str(300)), index=True, info=personal()
    )
    alias_initials: Mapped[str | None] = mapped_column(
        Sealed(search_str(100)), index=True, info=personal()
    )
    sex: Mapped[Sex] = mapped_column(code_enum(Sex), nullable=False, default=Sex.UNKNOWN)
    # Indexed for the home page: the minors turning 18 soon, the children of school age.
    birth_date: Mapped[dt.date | None] = mapped_column(
        Date, index=True, info=personal(Purge.OWN_RULE)
    )
    birth_year_estimated: Mapped[int | None] = mapped_column(Integer)
    # An unidentified person's age is a range ("15 to 18"); the service keeps
    # birth_year_estimated at its midpoint for the tasks and the statistics.
    birth_year_earliest: Mapped[int | None] = mapped_column(Integer)
    birth_year_latest: Mapped[int | None] = mapped_column(Integer)
    ethnicity: Mapped[str | None] = mapped_column(String(2))  # GB 3304 code, "01" = 汉族
    nationality: Mapped[str] = mapped_column(
        String(3), nullable=False, default="CHN"
    )  # ISO 3166-1 alpha-3
    # ISO 639 codes or dialect names: a rare dialect can point to one village.
    languages: Mapped[list[Any]] = mapped_column(SealedJSON(), default=list, info=personal())
    id_number: Mapped[str | None] = mapped_column(
        Sealed(search_str(18)), index=True, info=personal()
    )
    household_registration_code: Mapped[str | None] = mapped_column(
        String(6),
        info=personal(Purge.OWN_RULE),  # indexed (ix_person_household_registration_code)
    )
    identity_known: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    phone: Mapped[str | None] = mapped_column(Sealed(String(40)), info=personal())
    current_address: Mapped[str | None] = mapped_column(Sealed(String(300)), info=personal())
    # What helps a family recognise someone (全国救助寻亲网 fields); no photo by design.
    height_cm: Mapped[int | None] = mapped_column(Integer, info=personal())
    build: Mapped[str | None] = mapped_column(Sealed(String(50)), info=personal())
    distinguishing_features: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
    accent_region: Mapped[str | None] = mapped_column(Sealed(String(100)), info=personal())
    # A code of reference/accent_choices.py (xinan.chuanyu): a region shared by millions,
    # kept clear so the matcher can block on it; the free text above stays sealed.
    accent_code: Mapped[str | None] = mapped_column(String(32), info=not_personal())
    # Names she gives or answers to (自称姓名, 小名): evidence for tracing, unlike the alias
    # the station gave her.
    called_names: Mapped[list[Any] | None] = mapped_column(
        SealedJSON(), default=list, info=personal()
    )
    health_description: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
    intellectual_state: Mapped[str | None] = mapped_column(Sealed(String(100)), info=personal())
    mental_state: Mapped[str | None] = mapped_column(Sealed(String(100)), info=personal())
    clothing_when_found: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
    found_date: Mapped[dt.date | None] = mapped_column(Date)
    found_place: Mapped[str | None] = mapped_column(Sealed(String(300)), info=personal())
    has_disability: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    disability_description: Mapped[str | None] = mapped_column(Sealed(Text), info=personal())
    # Set when this record was merged into another; the record itself is kept.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # Set when the retention period passed and personal data was removed.
    purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    @property
    def display_name(self) -> str:
        return self.real_name or self.alias or f"无名氏#{self.id}"

    def age_on(self, day: dt.date) -> int | None:
        """Completed years on ``day``; estimated from the birth year when no date is known."""
        if self.birth_date is not None:
            b = self.birth_date
            return day.year - b.year - ((day.month, day.day) < (b.month, b.day))
        if self.birth_year_estimated is not None:
            return day.year - self.birth_year_estimated
        return None

    def age_range_on(self, day: dt.date) -> tuple[int, int] | None:
        """(youngest, oldest) completed age the person can be on ``day``."""
        if self.birth_date is not None:
            age = self.age_on(day)
            assert age is not None
            return age, age
        if self.birth_year_estimated is not None:
            oldest = day.year - self.birth_year_estimated
            return max(oldest - 1, 0), oldest
        return None
