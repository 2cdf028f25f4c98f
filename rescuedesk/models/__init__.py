"""ORM models. Importing this package registers every table on ``Base.metadata``.

Every module of the package is imported, so a new model file needs no line here to reach
the metadata (and so the migrations check); the names below are those other code imports.
"""

import importlib as _importlib
import pkgutil as _pkgutil

from rescuedesk.models import guards as _guards  # noqa: F401  (registers the delete guard)
from rescuedesk.models.assistance import Assistance, NeedsAssessment
from rescuedesk.models.audit import AuditEvent
from rescuedesk.models.base import Base, CaseRecord
from rescuedesk.models.case import (
    Case,
    CaseAssignment,
    CaseBuyer,
    CaseFlagEntry,
    StageChange,
)
from rescuedesk.models.consent import Consent
from rescuedesk.models.directory import NumberSequence, PartnerAgency, Unit, User
from rescuedesk.models.draft import Draft
from rescuedesk.models.field_keys import FieldKeySlot, PersonNamePart, PersonSearchToken
from rescuedesk.models.followup import FollowUpVisit
from rescuedesk.models.letters import LetterRegister, LetterTemplate
from rescuedesk.models.merge import PersonMerge
from rescuedesk.models.person import Person
from rescuedesk.models.person_key import PersonKey
from rescuedesk.models.placement import Placement
from rescuedesk.models.referral import Referral
from rescuedesk.models.rehabilitation import DisabilityAssessment, MedicalCare
from rescuedesk.models.reintegration import Employment, LegalAid, Schooling, Training
from rescuedesk.models.settings import Setting
from rescuedesk.models.tracing import TracingAction

__all__ = [
    "Assistance",
    "AuditEvent",
    "Base",
    "Case",
    "CaseAssignment",
    "CaseBuyer",
    "CaseFlagEntry",
    "CaseRecord",
    "Consent",
    "DisabilityAssessment",
    "Draft",
    "Employment",
    "FieldKeySlot",
    "FollowUpVisit",
    "LegalAid",
    "LetterRegister",
    "LetterTemplate",
    "MedicalCare",
    "NeedsAssessment",
    "NumberSequence",
    "PartnerAgency",
    "Person",
    "PersonKey",
    "PersonMerge",
    "PersonNamePart",
    "PersonSearchToken",
    "Placement",
    "Referral",
    "Schooling",
    "Setting",
    "StageChange",
    "TracingAction",
    "Training",
    "Unit",
    "User",
]

for _module in _pkgutil.iter_modules(__path__):
    _importlib.import_module(f"{__name__}.{_module.name}")
