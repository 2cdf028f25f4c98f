"""Stage changes and closure from the case tab, each with its reason."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from rescuedesk.models import Case
from rescuedesk.models.enums import Stage
from rescuedesk.ui.dialogs.stage_dialog import StageDialog
from rescuedesk.ui.ops import Workspace
from tests.conftest import Staff


def _run(
    qtbot: QtBot,
    workspace: Workspace,
    case_id: int,
    action: str,
    *,
    stage: str | None = None,
    reason: str = "",
) -> StageDialog:
    dialog = StageDialog(workspace, case_id)
    qtbot.addWidget(dialog)
    dialog.action.setCurrentIndex(dialog.action.findData(action))
    if stage:
        dialog.stage.setCurrentIndex(dialog.stage.findData(stage))
    dialog.reason.setText(reason)
    dialog.apply()
    return dialog


def test_stage_path_and_closure_from_the_window(qtbot: QtBot, ui_db, staff: Staff) -> None:  # type: ignore[no-untyped-def]
    db, lead, ids = ui_db
    case_id = ids["李娜"]
    caseworker = Workspace(db, staff.caseworker)
    assert _run(qtbot, caseworker, case_id, "change", stage="placement").result()
    back = _run(qtbot, caseworker, case_id, "change", stage="assessment")
    assert "理由" in back.error.text() and not back.result()
    assert _run(
        qtbot, caseworker, case_id, "change", stage="assessment", reason="家庭拒绝接收"
    ).result()
    assert _run(qtbot, caseworker, case_id, "request", reason="已回归家庭").result()
    refused = _run(qtbot, caseworker, case_id, "approve")
    assert "主管" in refused.error.text()
    assert _run(qtbot, Workspace(db, lead), case_id, "approve", reason="同意").result()
    with db.read_session() as s:
        assert s.get(Case, case_id).stage == Stage.CLOSED  # type: ignore[union-attr]
    assert _run(
        qtbot, caseworker, case_id, "reopen", stage="follow_up", reason="回访发现新问题"
    ).result()
    with db.read_session() as s:
        assert s.get(Case, case_id).stage == Stage.FOLLOW_UP  # type: ignore[union-attr]
