"""Which ledger column is which field: proposed from common headers, correctable, saved.

Two kinds of ledger sheet: *cases* (one row per case, with the person's details) and
*visits* (one row per follow-up visit, 回访台账). The kind is told by the headers: a sheet
with a visit-date column (回访日期, 计划回访日期) and no rescue or intake column is a visits
sheet.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

from rescuedesk.errors import ValidationError


class Kind(StrEnum):
    CASES = "cases"
    VISITS = "visits"


# field -> headers seen in ledgers (常见表头); the first is the one the ledger export writes.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "real_name": ("姓名", "受助人姓名", "被解救人姓名", "名字"),
    "alias": ("化名", "别名", "临时姓名"),
    "sex": ("性别",),
    "birth_date": ("出生日期", "出生年月日", "生日"),
    "id_number": ("身份证号", "公民身份号码", "身份证号码", "身份证"),
    "ethnicity": ("民族",),
    "nationality": ("国籍", "国家/地区"),
    "household_registration_code": ("户籍地", "籍贯", "户籍所在地", "户籍地代码"),
    # What helps a family recognise someone (the fields of 全国救助寻亲网), in the order the
    # ledger export writes them, after 户籍地代码 (issue #15's command-line contract).
    "birth_year_estimated": ("估计出生年份", "出生年份", "估算出生年份", "估计出生年"),
    "height_cm": ("身高", "身高（厘米）", "身高(厘米)", "身高(cm)", "身高cm"),
    "build": ("体型", "体态"),
    "distinguishing_features": ("体貌特征", "特征", "体征"),
    "clothing_when_found": ("衣着", "衣着特征", "发现时衣着"),
    "accent_region": ("口音", "方言", "口音地区"),
    "languages": ("语言", "使用语言", "母语", "语种"),
    "found_date": ("发现日期", "发现时间"),
    "found_place": ("发现地点", "发现地"),
    "intellectual_state": ("智力状况", "智力状态"),
    "mental_state": ("精神状况", "精神状态"),
    "rescue_date": ("解救日期", "解救时间"),
    "rescue_place": ("解救地点", "解救地"),
    "referring_police_unit": ("移交单位", "移交公安机关", "公安机关"),
    "police_reference": ("案件编号", "公安案件编号", "立案编号"),
    "intake_date": ("接收日期", "登记日期", "入站日期"),
    # Keys within the file, not stored: a visits sheet names its case by 个案编号, and rows
    # sharing a 受助人编号 are cases of one person (as the ledger export writes them).
    "case_number": ("个案编号", "档案编号"),
    "person_key": ("受助人编号",),
}
# A place field's code column, next to its name column in the ledger export (户籍地 =
# 四川省宜宾市叙州区, 户籍地代码 = 511504): where a sheet has both, the code is what is read,
# since a name can be ambiguous or renamed and the code is what was stored.
CODE_HEADERS: dict[str, str] = {"household_registration_code": "户籍地代码"}
FIELDS = tuple(SYNONYMS)
RECOGNITION_FIELDS = (
    "birth_year_estimated",
    "height_cm",
    "build",
    "distinguishing_features",
    "clothing_when_found",
    "accent_region",
    "languages",
    "found_date",
    "found_place",
    "intellectual_state",
    "mental_state",
)
# An estimated birth-year range (2008-2010), read from the 估计出生年份 column.
RANGE_FIELDS = ("birth_year_earliest", "birth_year_latest")
# The fields of a cases sheet that describe the person (the others describe the case).
PERSON_FIELDS = (
    "real_name",
    "alias",
    "sex",
    "birth_date",
    "id_number",
    "ethnicity",
    "nationality",
    "household_registration_code",
    *RECOGNITION_FIELDS,
    *RANGE_FIELDS,
)
# Fields read from another field's column, and the person's problems about them (估计年龄
# is how the form asks for the range): reported on that column.
COLUMN_OF = dict.fromkeys((*RANGE_FIELDS, "estimated_age"), "birth_year_estimated")
KEY_FIELDS = ("case_number", "person_key")  # keys within the file, never stored

WELLBEING_HEADERS: dict[str, tuple[str, ...]] = {
    "living": ("生活状况", "生活情况"),
    "health": ("健康状况", "身体状况"),
    "safety": ("安全状况", "人身安全"),
    "family": ("家庭关系", "家庭状况"),
    "school_work": ("学习工作", "就学就业", "学习工作情况"),
    "social_acceptance": ("社会接纳", "邻里关系"),
}
VISIT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "case_number": ("个案编号", "档案编号"),
    "real_name": ("姓名", "受助人姓名", "被访人", "被回访人"),
    "id_number": ("身份证号", "公民身份号码", "身份证号码", "身份证"),
    "planned_date": ("计划回访日期", "应访日期"),
    "done_date": ("回访日期", "回访时间", "走访日期", "实际回访日期"),
    "visitor": ("回访人", "回访人员", "走访人", "回访干部"),
    "mode": ("回访方式", "走访方式", "方式"),
    "situation": ("情况", "回访情况", "基本情况", "近况"),
    **WELLBEING_HEADERS,
    "problems": ("存在问题", "存在的问题", "问题"),
    "actions": ("采取措施", "帮扶措施", "处理措施", "措施"),
    "next_planned_date": ("下次回访日期", "下次回访时间", "下次走访日期"),
}
VISIT_FIELDS = tuple(VISIT_SYNONYMS)
_VISIT_ONLY = frozenset(VISIT_FIELDS) - frozenset(FIELDS)
# A visits sheet may note how the person is (精神状况, 身高 of a growing child): such a column
# does not make it a cases sheet; a language column did before them and still does.
_DESCRIBED_ON_VISITS = frozenset(RECOGNITION_FIELDS) - {"languages"}
_CASE_ONLY = frozenset(FIELDS) - frozenset(VISIT_FIELDS) - _DESCRIBED_ON_VISITS


# A ledger in traditional script (a Big5 CSV, or one typed so): its headers are matched after
# folding the traditional characters that occur in the names above (性別 is 性别).
_TO_SIMPLIFIED = str.maketrans(
    "別臨時證號碼國戶貫點單關機編個檔計劃訪應實際員幹況狀體係習業會納鄰裡裏問題處採幫學記語種區"
    "徵著發現態",
    "别临时证号码国户贯点单关机编个档计划访应实际员干况状体系习业会纳邻里里问题处采帮学记语种区"
    "征着发现态",
)


def synonyms(kind: Kind) -> dict[str, tuple[str, ...]]:
    return VISIT_SYNONYMS if kind == Kind.VISITS else SYNONYMS


def propose(headers: list[str], kind: Kind = Kind.CASES) -> dict[str, str]:
    """{field: header} for the headers that match a known name.

    Exact names win over prefixes, so 回访日期 is the visit date and not the start of
    下次回访日期, and 情况 does not take 回访情况's place.
    """
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    table = synonyms(kind)
    for field, code_header in CODE_HEADERS.items():
        for header in headers:
            if field in table and header.translate(_TO_SIMPLIFIED) == code_header:
                mapping[field] = header
                taken.add(header)
                break
    for exact in (True, False):
        for field, names in table.items():
            if field in mapping:
                continue
            for header in headers:
                if header in taken:
                    continue
                folded = header.translate(_TO_SIMPLIFIED)
                if folded in names if exact else any(folded.startswith(n) for n in names):
                    mapping[field] = header
                    taken.add(header)
                    break
    return mapping


def detect_kind(headers: list[str]) -> Kind | None:
    """The kind of sheet these headers describe, or None when nothing is recognised."""
    visits = propose(headers, Kind.VISITS)
    cases = propose(headers, Kind.CASES)
    if ("done_date" in visits or "planned_date" in visits) and not (set(cases) & _CASE_ONLY):
        return Kind.VISITS
    if "real_name" in cases or "alias" in cases or "id_number" in cases:
        return Kind.CASES
    return None


def kind_of(mapping: dict[str, str]) -> Kind:
    """The kind a saved mapping is for: visits if it names any visit-only field."""
    return Kind.VISITS if set(mapping) & _VISIT_ONLY else Kind.CASES


def load(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError(f"映射文件 {path} 无法读取：{exc}", field="mapping") from None
    if not isinstance(data, dict):
        raise ValidationError(f"映射文件 {path} 应为“字段: 表头”的对应表。", field="mapping")
    known = set(synonyms(kind_of(data)))
    unknown = set(data) - known
    if unknown:
        raise ValidationError(
            f"映射文件中有未知字段：{'、'.join(sorted(unknown))}", field="mapping"
        )
    return data


def save(mapping: dict[str, str], path: Path) -> None:
    path.write_text(json.dumps(mapping, ensure_ascii=False, indent=1), encoding="utf-8")
