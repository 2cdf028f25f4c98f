"""How a timeline entry reads: who did what to which part of the case file."""

from __future__ import annotations

from rescuedesk.reference.labels import enum_label
from rescuedesk.services.case_file import TimelineEntry
from rescuedesk.ui.forms.field_editors import tr

ACTION_LABELS = {
    "opened": "登记开案",
    "advance": "推进到",
    "return": "退回到",
    "closure_requested": "申请结案",
    "closure_rejected": "驳回结案申请",
    "closed": "批准结案",
    "reopened": "重新开启",
    "create": "新增",
    "update": "修改",
    "void": "作废",
    "read": "查看",
    "approve": "批准",
    "assign": "分派",
    "unassign": "结束分派",
    "consent_override": "无同意越权批准",
    "acknowledge": "确认提示后保存",
    "purge": "清除个人信息",
}
ENTITY_LABELS = {
    "case_file": "个案",
    "person": "受助人信息",
    "consent": "同意书",
    "assistance": "救助",
    "needs_assessment": "需求评估",
    "tracing_action": "寻亲行动",
    "placement": "安置",
    "medical_care": "医疗康复",
    "disability_assessment": "残疾评定",
    "schooling": "就学",
    "training": "职业培训",
    "employment": "就业",
    "legal_aid": "法律援助",
    "follow_up_visit": "回访",
    "referral": "转介",
    "case_buyer": "收买人信息",
    "case_assignment": "",
}


def describe(entry: TimelineEntry) -> str:
    action = tr(ACTION_LABELS.get(entry.action, entry.action))
    if entry.stage is not None and entry.action not in ("closure_requested", "closure_rejected"):
        text = tr("{0}：{1}").format(action, tr(enum_label(entry.stage)))
    elif ENTITY_LABELS.get(entry.entity):
        text = tr("{0}{1}").format(action, tr(ENTITY_LABELS[entry.entity]))
    else:
        text = action
    return tr("{0}（{1}）").format(text, entry.reason) if entry.reason else text
