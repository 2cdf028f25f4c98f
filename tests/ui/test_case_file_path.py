"""A caseworker's whole path through the real widgets, from intake to closure (issue #3)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from rescuedesk.models import (
    Assistance,
    Case,
    FollowUpVisit,
    Placement,
    Schooling,
    TracingAction,
)
from rescuedesk.models.case import CaseBuyer
from rescuedesk.models.enums import PlacementType, Stage
from rescuedesk.services.casefile import records
from rescuedesk.ui.dialogs.new_case_dialog import NewCaseDialog
from rescuedesk.ui.dialogs.stage_dialog import StageDialog
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.widgets.case_file_widget import CaseFileWidget
from tests.conftest import Staff
from tests.ui.conftest import enter_text, pick

TODAY = dt.date(2026, 11, 25)


def _count(db, model: type, case_id: int) -> int:  # type: ignore[no-untyped-def]
    with db.read_session() as s:
        return s.scalar(
            select(func.count())
            .select_from(model)
            .where(model.case_id == case_id, model.voided_at.is_(None))
        )


def _register_unidentified_child(qtbot: QtBot, workspace: Workspace) -> int:
    dialog = NewCaseDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.identity_known.setChecked(False)
    dialog.alias.setText("小花")
    dialog.sex.setCurrentIndex(dialog.sex.findData("female"))
    dialog.birth_year.setValue(2016)
    dialog.description.editors["distinguishing_features"].set("左耳后有痣，说东北口音")
    dialog.save()
    assert dialog.result() and dialog.case_id is not None
    return dialog.case_id


def test_a_caseworker_follows_a_child_from_intake_to_closure(
    qtbot: QtBot,
    ui_db,
    staff: Staff,  # type: ignore[no-untyped-def]
) -> None:
    db, _lead, _ids = ui_db
    workspace = Workspace(db, staff.caseworker)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    case_id = _register_unidentified_child(qtbot, workspace)
    window.open_case(case_id)
    page = window.current_case_file()
    assert isinstance(page, CaseFileWidget)
    header = page.header.text()
    assert "小花" in header and "约10岁" in header and "身份不明" in header

    # Assistance: lodging, saved with Ctrl+S's slot.
    assistance = page.section(Assistance)
    assistance.add_button.click()
    pick(assistance, "kind", "lodging")
    enter_text(assistance, "provider", "哈尔滨市救助管理站")
    page.show_page("救助")
    window.save_current()
    assert _count(db, Assistance, case_id) == 1
    assert assistance.table.rowCount() == 1 and assistance.table.item(0, 0).text() == "住宿"

    # Tracing: the police took a DNA sample; only their reference is recorded.
    tracing = page.section(TracingAction)
    tracing.add_button.click()
    pick(tracing, "kind", "dna_sample")
    enter_text(tracing, "police_unit", "哈尔滨市公安局")
    enter_text(tracing, "police_reference", "哈公刑〔2026〕118号")
    assert tracing.save()
    with db.read_session() as s:
        action = s.scalars(select(TracingAction).where(TracingAction.case_id == case_id)).one()
        assert action.police_reference == "哈公刑〔2026〕118号"

    # The buying family, as the police reported it.
    buyers = page.section(CaseBuyer)
    buyers.add_button.click()
    enter_text(buyers, "name", "赵大山")
    enter_text(buyers, "address", "某县某村三组")
    assert buyers.save()

    # Placing her back with the buying family is refused beside the carers field.
    placement = page.section(Placement)
    placement.add_button.click()
    pick(placement, "placement_type", "family_return")
    carers = placement.form.editors["carers"]
    carers.add_carer({"name": "赵大山", "relation": "parent"})  # type: ignore[attr-defined]
    assert not placement.check_now()  # as she types, before any save
    assert not placement.save()
    beside = placement.form.findChild(QLabel, "error_carers")
    assert beside is not None and beside.isVisibleTo(placement.form)
    assert "收买" in beside.text()
    assert _count(db, Placement, case_id) == 0

    # A child-welfare institution instead.
    carers.set([])
    pick(placement, "placement_type", "child_welfare")
    enter_text(placement, "institution_name", "哈尔滨市儿童福利院")
    assert placement.save()
    with db.read_session() as s:
        stored = s.scalars(select(Placement).where(Placement.case_id == case_id)).one()
        assert stored.placement_type == PlacementType.CHILD_WELFARE
        assert stored.institution_name == "哈尔滨市儿童福利院"
    assert "体检" in placement.status.text()  # the warning about the admission exam

    # School.
    school = page.section(Schooling)
    school.add_button.click()
    pick(school, "kind", "enrol")
    enter_text(school, "school_name", "哈尔滨市道里区第一小学")
    enter_text(school, "grade_level", "三年级")
    assert school.save()
    assert _count(db, Schooling, case_id) == 1

    # A follow-up visit: planned, then recorded; the next one is proposed and planned.
    visits = page.section(FollowUpVisit)
    visits.add_button.click()
    assert visits.save()
    visits.start_edit(0)
    visits.form.editors["done_date"].set(TODAY)
    enter_text(visits, "visitor_name", "王社工")
    pick(visits, "mode", "home")
    pick(visits, "safety", "good")
    pick(visits, "living", "fair")
    proposed = visits.form.editors["next_planned_date"].get()
    assert proposed == TODAY + dt.timedelta(days=60)
    assert visits.save()
    with db.read_session() as s:
        rows = list(
            s.scalars(
                select(FollowUpVisit)
                .where(FollowUpVisit.case_id == case_id)
                .order_by(FollowUpVisit.id)
            )
        )
    assert [r.done_date for r in rows] == [TODAY, None]
    assert rows[1].planned_date == proposed
    visitor_column = [visits.table.horizontalHeaderItem(c).text() for c in range(4)].index("回访人")
    assert visits.table.item(0, visitor_column).text() == "王社工"

    # The supervisor approves the placement plan: closure waits for what is pending (#11).
    with db.write_session() as s:
        plan_id = s.scalar(select(Placement.id).where(Placement.case_id == case_id))
        records.approve_placement(s, staff.supervisor, plan_id)

    # Closure: requested by the caseworker, approved by the supervisor, with reasons.
    request = StageDialog(workspace, case_id)
    qtbot.addWidget(request)
    request.action.setCurrentIndex(request.action.findData("request"))
    request.reason.setText("已稳定安置，回访正常")
    request.apply()
    assert request.result()
    approval = StageDialog(Workspace(db, staff.supervisor), case_id)
    qtbot.addWidget(approval)
    approval.action.setCurrentIndex(approval.action.findData("approve"))
    approval.reason.setText("同意结案")
    approval.apply()
    assert approval.result()
    with db.read_session() as s:
        assert s.get(Case, case_id).stage == Stage.CLOSED  # type: ignore[union-attr]

    # The timeline tells it all, with who did it.
    page.refresh_header()
    events = [page.timeline.item(r, 2).text() for r in range(page.timeline.rowCount())]
    for expected in ("新增救助", "新增寻亲行动", "新增安置", "新增就学", "批准结案：已结案"):
        assert any(e.startswith(expected) for e in events), (expected, "|".join(events))
    assert "已结案" in page.header.text()


def test_a_supervisor_may_override_missing_consent_with_a_reason(
    qtbot: QtBot,
    ui_db,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    db, lead, ids = ui_db
    window = MainWindow(Workspace(db, lead))
    qtbot.addWidget(window)
    window.open_case(ids["李娜"])
    page = window.current_case_file()
    tracing = page.section(TracingAction)
    tracing.add_button.click()
    pick(tracing, "kind", "announcement")
    assert not tracing.check_now()
    assert tracing.form.errors["announcement_published_on"].text() == "此项必填。"
    tracing.form.editors["announcement_published_on"].set(dt.date(2026, 11, 24))
    enter_text(tracing, "announcement_period_days", "30")
    monkeypatch.setattr(
        "rescuedesk.ui.widgets.record_section.QInputDialog.getText",
        lambda *a, **k: ("家属急寻，已电话口头同意", True),
    )
    assert tracing.save(), tracing.form.error_text()
    page.refresh_header()
    events = [page.timeline.item(r, 2).text() for r in range(page.timeline.rowCount())]
    assert any("家属急寻" in e for e in events), events
