import datetime as dt

import pytest

from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied
from rescuedesk.models import Case
from rescuedesk.models.enums import Role
from rescuedesk.services.casefile import cases
from rescuedesk.services.office.audit_queries import AuditFilter, list_events
from tests.conftest import Staff
from tests.factories import new_case, new_user


def test_only_auditors_read_the_trail_with_filters(db: Database, staff: Staff) -> None:
    auditor = new_user(db, "aud", "审计员", Role.AUDITOR, by=staff.system)
    first = new_case(db, staff.caseworker)
    second = new_case(db, staff.caseworker)
    with db.write_session() as s:
        cases.read_case(s, staff.supervisor, first)
        person_id = s.get(Case, first).person_id  # type: ignore[union-attr]
    for outsider in (staff.admin, staff.supervisor, staff.caseworker):
        with pytest.raises(PermissionDenied), db.write_session() as s:
            list_events(s, outsider)
    with db.write_session() as s:
        reads = list_events(s, auditor, AuditFilter(action="read"))
        assert [(e.user_id, e.case_id) for e in reads] == [(staff.supervisor.user_id, first)]
        about = list_events(s, auditor, AuditFilter(person_id=person_id))
        assert about and all(e.person_id == person_id for e in about)
        assert second not in {e.case_id for e in about}
        by_user = list_events(
            s,
            auditor,
            AuditFilter(
                user_id=staff.caseworker.user_id,
                date_from=dt.date(2026, 11, 25),
                date_to=dt.date(2026, 11, 25),
            ),
        )
        assert by_user and all(e.user_id == staff.caseworker.user_id for e in by_user)
        assert list_events(s, auditor, AuditFilter(date_to=dt.date(2026, 11, 24))) == []
    with db.write_session() as s:  # looking was recorded too
        looked = list_events(s, auditor, AuditFilter(action="audit_read"))
        assert len(looked) == 4 and looked[0].user_id == auditor.user_id  # the four above
