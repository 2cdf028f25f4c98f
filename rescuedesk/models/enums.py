"""Stable English codes for every choice the case file records.

Chinese labels live in the UI (translations) and in :mod:`rescuedesk.reference.labels`.
"""

from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


class Role(StrEnum):
    CASEWORKER = "caseworker"
    FOLLOW_UP_WORKER = "follow_up_worker"  # women's federation: visits of referred cases
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    STATISTICIAN = "statistician"
    AUDITOR = "auditor"


# Roles whose work is tied to one unit's cases: an account of these needs a unit.
UNIT_ROLES = frozenset({Role.CASEWORKER, Role.FOLLOW_UP_WORKER, Role.SUPERVISOR})


class UnitKind(StrEnum):
    CIVIL_AFFAIRS_BUREAU = "civil_affairs_bureau"
    ASSISTANCE_STATION = "assistance_station"
    CHILD_WELFARE = "child_welfare"
    MINOR_PROTECTION = "minor_protection"
    WOMENS_FEDERATION = "womens_federation"
    OTHER = "other"


class AgencyType(StrEnum):
    HOSPITAL = "hospital"
    SCHOOL = "school"
    EDUCATION_BUREAU = "education_bureau"
    LEGAL_AID = "legal_aid"
    HUMAN_RESOURCES = "human_resources"
    DISABLED_FEDERATION = "disabled_federation"
    POLICE = "police"
    PROCURATORATE = "procuratorate"
    COURT = "court"
    CHILD_WELFARE = "child_welfare"
    SHELTER = "shelter"
    TRADE_UNION = "trade_union"
    YOUTH_LEAGUE = "youth_league"
    WOMENS_FEDERATION = "womens_federation"
    TRAINING_CENTRE = "training_centre"
    EMPLOYER = "employer"
    OTHER = "other"


class Stage(StrEnum):
    """The path of a case (DOMAIN.md "The path of a case"), in order."""

    REGISTRATION = "registration"
    ASSESSMENT = "assessment"
    TRACING = "tracing"
    PLACEMENT = "placement"
    REHABILITATION = "rehabilitation"
    REINTEGRATION = "reintegration"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)


class IntakeChannel(StrEnum):
    POLICE_HANDOVER = "police_handover"
    STREET_OUTREACH = "street_outreach"
    SELF_REFERRAL = "self_referral"
    OTHER_AGENCY = "other_agency"


class CaseFlag(StrEnum):
    MINOR = "minor"
    UNDER_14 = "under_14"
    FOREIGN_NATIONAL = "foreign_national"
    IDENTITY_UNKNOWN = "identity_unknown"
    DISABILITY = "disability"
    URGENT_MEDICAL = "urgent_medical"
    PREGNANT = "pregnant"
    SAFETY_RISK = "safety_risk"
    FORCED_LABOUR = "forced_labour"  # HLJ 35, 65: trade-union legal aid
    # What the person was trafficked for, as the plans name it: set by hand, with a reason.
    FORCED_BEGGING = "forced_begging"  # HLJ 38; LN 9; GS (三)
    SEXUAL_EXPLOITATION = "sexual_exploitation"  # HLJ 53; LN 9; GS (三)
    FORCED_CRIME = "forced_crime"  # LN 6, 9; NH 二.9; GS (三): made to commit offences
    FORCED_MARRIAGE = "forced_marriage"  # HLJ 69; LN 4; GS (四): sold into a marriage


class ConsentPurpose(StrEnum):
    CARE = "care"
    DATA_SHARING = "data_sharing"
    TRACING = "tracing"
    RESEARCH = "research"


class ConsentGiver(StrEnum):
    PERSON = "person"
    GUARDIAN = "guardian"


class AssistanceKind(StrEnum):
    FOOD = "food"
    LODGING = "lodging"
    MEDICAL = "medical"
    COMMUNICATION = "communication"
    RETURN_HOME = "return_home"
    TEMPORARY_CASH = "temporary_cash"
    OTHER = "other"


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class TracingKind(StrEnum):
    INTERVIEW = "interview"
    POLICE_INQUIRY = "police_inquiry"
    DNA_SAMPLE = "dna_sample"  # taken BY THE POLICE; only the fact is recorded (HLJ 47)
    ANNOUNCEMENT = "announcement"
    NATIONAL_PLATFORM = "national_platform"  # 全国救助寻亲网
    MEDIA = "media"
    OTHER = "other"


class TracingOutcome(StrEnum):
    PENDING = "pending"
    FAMILY_FOUND = "family_found"
    NOT_FOUND = "not_found"
    FAMILY_DECLINED = "family_declined"


class PlacementType(StrEnum):
    FAMILY_RETURN = "family_return"
    CHILD_WELFARE = "child_welfare"
    SHELTER = "shelter"
    FOSTER_KINSHIP = "foster_kinship"
    INDEPENDENT_LIVING = "independent_living"
    HOUSEHOLD_REGISTRATION = "household_registration"
    REPATRIATION = "repatriation"
    RESIDENCE_FORMALITIES = "residence_formalities"


class PlacementStatus(StrEnum):
    PLANNED = "planned"
    APPROVED = "approved"
    ACTIVE = "active"
    ENDED = "ended"
    FAILED = "failed"


class CarerRelation(StrEnum):
    PARENT = "parent"
    GRANDPARENT = "grandparent"
    SIBLING = "sibling"
    SPOUSE = "spouse"
    OTHER_RELATIVE = "other_relative"
    FOSTER_CARER = "foster_carer"
    INSTITUTION = "institution"
    BUYER = "buyer"  # the family that bought the person: never a carer of a minor
    OTHER = "other"


class CareKind(StrEnum):
    BASIC_MEDICAL = "basic_medical"
    HOSPITAL_TREATMENT = "hospital_treatment"
    ADMISSION_EXAM = "admission_exam"
    PSYCHOLOGICAL_COUNSELLING = "psychological_counselling"
    PSYCHOTHERAPY = "psychotherapy"
    REHABILITATION_THERAPY = "rehabilitation_therapy"
    SURGERY = "surgery"
    LANGUAGE_REHABILITATION = "language_rehabilitation"
    ASSISTIVE_DEVICE = "assistive_device"


class DisabilityCategory(StrEnum):
    VISUAL = "visual"
    HEARING = "hearing"
    SPEECH = "speech"
    PHYSICAL = "physical"
    INTELLECTUAL = "intellectual"
    MENTAL = "mental"
    MULTIPLE = "multiple"


class SchoolingKind(StrEnum):
    ENROL = "enrol"
    RETURN = "return"
    TRANSFER = "transfer"


class ActivityStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    DROPPED = "dropped"


class EmploymentKind(StrEnum):
    PUBLIC_EMPLOYMENT_SERVICE = "public_employment_service"
    EMPLOYMENT_ASSISTANCE = "employment_assistance"
    DOMESTIC_SERVICE = "domestic_service"
    WORK_ELSEWHERE = "work_elsewhere"
    SELF_EMPLOYED = "self_employed"


class LegalAidKind(StrEnum):
    LEGAL_AID = "legal_aid"
    JUDICIAL_ASSISTANCE = "judicial_assistance"
    TRADE_UNION_AID = "trade_union_aid"
    MEDIATION = "mediation"
    GUARDIANSHIP_SUPERVISION = "guardianship_supervision"


class VisitMode(StrEnum):
    HOME = "home"
    PHONE = "phone"
    VIDEO = "video"
    OFFICE = "office"


class Wellbeing(StrEnum):
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"
    UNKNOWN = "unknown"


WELLBEING_DIMENSIONS: tuple[str, ...] = (
    "living",
    "health",
    "safety",
    "family",
    "school_work",
    "social_acceptance",
)


class ReferralStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    DONE = "done"
