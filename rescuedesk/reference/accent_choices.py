"""The accents a caseworker picks from in the description form: (code, label).

The codes are those of the dialect table the matcher reads (reference/dialects.py::ACCENTS,
issue #15); this short list is the one place the form takes its choices from until that
table replaces it. ``person.accent_code`` stores the code; ``accent_region`` keeps what the
caseworker typed ("说话带宜宾口音").
"""

from __future__ import annotations

ACCENT_CHOICES: tuple[tuple[str, str], ...] = (
    ("xinan.chuanyu", "四川/重庆口音"),
    ("xinan.yungui", "云南/贵州口音"),
    ("xinan.guiliu", "广西桂柳话"),
    ("xinan", "西南官话"),
    ("xiang", "湖南话"),
    ("gan", "江西话"),
    ("min.nan", "闽南话"),
    ("kejia", "客家话"),
    ("yue", "粤语"),
    ("wu", "吴语"),
    ("jianghuai", "江淮官话"),
    ("zhongyuan", "河南/中原官话"),
    ("dongbei", "东北话"),
    ("jilu", "冀鲁官话"),
    ("jin", "山西话(晋语)"),
    ("lanyin", "兰银官话"),
    ("putonghua", "普通话"),
    ("none", "不会说话"),
)


def accent_label(code: str | None) -> str:
    return dict(ACCENT_CHOICES).get(code or "", code or "")
