"""How a timeline entry reads: who did what to which part of the case file."""

from __future__ import annotations

from rescuedesk.reference.labels import enum_label
from rescuedesk.services.casefile import record_types
from rescuedesk.services.casefile.case_file import TimelineEntry
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
    "caseworker_changed": "更换个案工作者",
    "consent_override": "无同意越权批准",
    "acknowledge": "确认提示后保存",
    "purge": "清除个人信息",
    "close": "关闭",
}
# Actions whose label already names what they concern: no part of the case file after it.
WHOLE_ACTION_LABELS = {
    "preview": "预览转介函",
    "print": "打印转介函",
    "reprint": "补打转介函",
    "list": "查看个案列表",
    "export": "导出去标识化数据",
    "ledger_export": "导出台账",
    "import": "导入台账",
    "report": "生成年度报告",
    "merge": "合并受助人记录",
    "unmerge": "撤销合并",
    "demo_data": "生成演示数据",
    "draft_kept": "保存未完成的输入",
    "draft_taken": "恢复未完成的输入",
    "draft_dropped": "放弃未完成的输入",
    "setting": "修改设置",
    "template_saved": "修改转介函模板",
    "template_restored": "恢复转介函模板",
    "audit_read": "查看审计记录",
    "login": "登录",
    "login_failed": "登录失败",
    "account_created": "创建账户",
    "account_locked": "账户被锁定",
    "account_unlocked": "解锁账户",
    "account_enabled": "启用账户",
    "account_disabled": "停用账户",
    "password_reset": "重设密码",
    "backup": "备份数据库",
    "restore": "恢复数据库",
    "audit_anchor_reset": "重新建立审计链头锚点",
    "transfer_requested": "申请转移个案",
    "transfer_accepted": "接收转移的个案",
    "transfer_rejected": "拒绝接收转移的个案",
    "transfer_withdrawn": "撤回转移",
    "transfer_exported": "导出转移包",
    "transfer_imported": "导入转移包",
    "flag_set": "设置标记",
    "flag_removed": "取消标记",
    "match": "寻亲比对",
    "match_confirmed": "确认寻亲查询可能相符",
    "match_dismissed": "排除寻亲比对结果",
    "match_read": "查看寻亲比对结果",
}
ACTION_LABELS.update(WHOLE_ACTION_LABELS)
# The parts of a case file that are not records; each record type's label is in its entry
# of services/casefile/record_types.py.
ENTITY_LABELS = {
    "case_file": "个案",
    "person": "受助人信息",
    "case_assignment": "",
    "case_transfer": "",
    "case_flag": "个案标记",
    "letter_register": "转介函",
    "draft": "未完成的输入",
    "person_merge": "受助人合并",
    "stage_change": "阶段",
    "audit_event": "审计记录",
    "inquiry_match": "寻亲比对结果",
    **record_types.labels(),
}


def describe(entry: TimelineEntry) -> str:
    if entry.action == "note" and entry.on is not None:
        body = " ".join((entry.reason or "").split())  # one line in the table
        return tr("工作记录（{0}）：{1}").format(entry.on.strftime(tr("%Y年%m月%d日")), body)
    action = tr(ACTION_LABELS.get(entry.action, entry.action))
    if entry.stage is not None and entry.action not in ("closure_requested", "closure_rejected"):
        text = tr("{0}：{1}").format(action, tr(enum_label(entry.stage)))
    elif entry.action in WHOLE_ACTION_LABELS:
        text = action
    elif ENTITY_LABELS.get(entry.entity):
        text = tr("{0}{1}").format(action, tr(ENTITY_LABELS[entry.entity]))
    else:
        text = action
    return tr("{0}（{1}）").format(text, entry.reason) if entry.reason else text
