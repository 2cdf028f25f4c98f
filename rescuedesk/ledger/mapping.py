"""Which ledger column is which field: proposed from common headers, correctable, saved."""

from __future__ import annotations

import json
from pathlib import Path

from rescuedesk.errors import ValidationError

# field -> headers seen in ledgers (常见表头)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "real_name": ("姓名", "受助人姓名", "被解救人姓名", "名字"),
    "alias": ("化名", "别名", "临时姓名"),
    "sex": ("性别",),
    "birth_date": ("出生日期", "出生年月日", "生日"),
    "id_number": ("身份证号", "公民身份号码", "身份证号码", "身份证"),
    "ethnicity": ("民族",),
    "nationality": ("国籍",),
    "household_registration_code": ("户籍地", "籍贯", "户籍所在地", "户籍地代码"),
    "rescue_date": ("解救日期", "解救时间"),
    "rescue_place": ("解救地点", "解救地"),
    "referring_police_unit": ("移交单位", "移交公安机关", "公安机关"),
    "police_reference": ("案件编号", "公安案件编号", "立案编号"),
    "intake_date": ("接收日期", "登记日期", "入站日期"),
}
FIELDS = tuple(SYNONYMS)


def propose(headers: list[str]) -> dict[str, str]:
    """{field: header} for the headers that match a known name."""
    mapping: dict[str, str] = {}
    for field, names in SYNONYMS.items():
        for header in headers:
            if header in names or any(header.startswith(n) for n in names):
                mapping.setdefault(field, header)
    return mapping


def load(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError(f"映射文件 {path} 无法读取：{exc}", field="mapping") from None
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationError(
            f"映射文件中有未知字段：{'、'.join(sorted(unknown))}", field="mapping"
        )
    return data


def save(mapping: dict[str, str], path: Path) -> None:
    path.write_text(json.dumps(mapping, ensure_ascii=False, indent=1), encoding="utf-8")
