"""What the user sees before anything is written: achieved k and l, group sizes, prosecutor
risk, which kinds of person were suppressed, information loss, homogeneous groups."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from rescuedesk.privacy.kanon import Encoded, Node, distinct_per_class

RISK_THRESHOLD = 0.1  # a record whose re-identification risk exceeds 10 % is "at risk"


def report(
    enc: Encoded,
    node: Node,
    sensitive: dict[str, np.ndarray],
    groups: list[str],
    k: int,
    l_div: int,
    limit: float,
) -> dict[str, Any]:
    kept = ~node.suppressed
    sizes = node.class_sizes[kept]
    risk = 1.0 / sizes
    histogram = Counter(int(s) for s in sizes)
    suppressed_by_group: dict[str, dict[str, int]] = {}
    for group, was_suppressed in zip(groups, node.suppressed.tolist(), strict=True):
        entry = suppressed_by_group.setdefault(group, {"rows": 0, "suppressed": 0})
        entry["rows"] += 1
        entry["suppressed"] += int(was_suppressed)
    key = enc.key(node.levels)[kept]
    homogeneous = {}
    for name, values in sensitive.items():
        classes, inverse = np.unique(key, return_inverse=True)
        distinct = distinct_per_class(inverse.reshape(-1), values[kept], len(classes))
        homogeneous[name] = int((distinct == 1).sum())
    warnings = []
    for group, entry in suppressed_by_group.items():
        if entry["suppressed"] and entry["suppressed"] == entry["rows"]:
            warnings.append(f"“{group}”的记录全部被删除（{entry['rows']}条），导出中没有这类人。")
    for name, count in homogeneous.items():
        if count:
            warnings.append(
                f"有{count}个分组的“{name}”只有一种取值：知道某人属于该组即可推知其{name}。"
            )
    return {
        "k": k,
        "l": l_div,
        "suppression_limit": limit,
        "achieved_k": node.achieved_k,
        "achieved_l": node.achieved_l,
        "rows_in": enc.n,
        "rows_out": int(kept.sum()),
        "rows_suppressed": int((~kept).sum()),
        "generalisation": {
            h.column: h.level_names[level]
            for h, level in zip(enc.hierarchies, node.levels, strict=True)
        },
        "levels": dict(zip([h.column for h in enc.hierarchies], node.levels, strict=True)),
        "group_size_histogram": dict(sorted(histogram.items())),
        "prosecutor_risk": {
            "highest": float(risk.max()) if len(risk) else 0.0,
            "average": float(risk.mean()) if len(risk) else 0.0,
            "threshold": RISK_THRESHOLD,
            "share_above_threshold": float((risk > RISK_THRESHOLD).mean()) if len(risk) else 0.0,
        },
        "suppressed_by_group": suppressed_by_group,
        "information_loss": round(node.loss, 6),
        "homogeneous_groups": homogeneous,
        "warnings": warnings,
    }
