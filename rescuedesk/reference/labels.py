"""Chinese names of the agency-type and unit-kind codes, shared by messages and forms."""

from __future__ import annotations

AGENCY_TYPE_LABELS: dict[str, str] = {
    "hospital": "医院",
    "school": "学校",
    "education_bureau": "教育局",
    "legal_aid": "法律援助机构",
    "human_resources": "人社部门",
    "disabled_federation": "残联",
    "police": "公安机关",
    "procuratorate": "检察院",
    "court": "法院",
    "child_welfare": "儿童福利机构",
    "shelter": "救助管理机构",
    "trade_union": "工会",
    "youth_league": "共青团",
    "womens_federation": "妇联",
    "training_centre": "培训机构",
    "employer": "用人单位",
    "other": "其他机构",
}
UNIT_KIND_LABELS: dict[str, str] = {
    "civil_affairs_bureau": "民政局",
    "assistance_station": "救助管理站",
    "child_welfare": "儿童福利机构",
    "minor_protection": "未成年人救助保护机构",
    "womens_federation": "妇联",
    "other": "其他",
}
