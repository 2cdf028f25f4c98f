"""The report shown before an export is written: every figure on a worked example."""

from __future__ import annotations

import numpy as np
import pytest

from rescuedesk.privacy import hierarchies as hz
from rescuedesk.privacy.kanon import Encoded, Node, _evaluate
from rescuedesk.privacy.risk import RISK_THRESHOLD, report

QIS = (hz.SEX, hz.AGE, hz.NATIONALITY)


def _example() -> tuple[Encoded, Node, dict[str, np.ndarray], list[str]]:
    # Ten women of 30 (all sorts of sensitive values), five women of 40 (all the same value),
    # two men of 30: the men are suppressed at k = 3.
    raw = [("female", 30, "CHN")] * 10 + [("female", 40, "CHN")] * 5 + [("male", 30, "CHN")] * 2
    sens = {"s": np.array([0, 1, 2, 3, 0, 1, 2, 3, 0, 1] + [4] * 5 + [0, 1], dtype=np.int64)}
    groups = ["adult"] * 15 + ["adult", "male"]
    enc = Encoded(QIS, raw)
    node = _evaluate(enc, (0, 1, 0), 3, 1, sens, 2)
    assert node is not None
    return enc, node, sens, groups


def test_every_figure_of_the_report() -> None:
    enc, node, sens, groups = _example()
    r = report(enc, node, sens, groups, 3, 1, 0.2)
    warnings = r.pop("warnings")
    assert r == {
        "k": 3,
        "l": 1,
        "suppression_limit": 0.2,
        "achieved_k": 5,
        "achieved_l": {"s": 1},
        "rows_in": 17,
        "rows_out": 15,
        "rows_suppressed": 2,
        "generalisation": {"sex": "sex", "age_band": "band", "nationality": "country"},
        "levels": {"sex": 0, "age_band": 1, "nationality": 0},
        "group_size_histogram": {5: 5, 10: 10},
        "prosecutor_risk": {
            # A class of ten is exactly at the threshold, not above it.
            "highest": pytest.approx(0.2),
            "average": pytest.approx((10 * 0.1 + 5 * 0.2) / 15),
            "threshold": RISK_THRESHOLD,
            "share_above_threshold": pytest.approx(5 / 15),
        },
        "suppressed_by_group": {
            "adult": {"rows": 16, "suppressed": 1},
            "male": {"rows": 1, "suppressed": 1},
        },
        "information_loss": round(node.loss, 6),
        "homogeneous_groups": {"s": 1},
    }
    assert list(r["group_size_histogram"]) == [5, 10]
    assert node.loss == pytest.approx(2 / 17)  # the bands keep 30 and 40 apart: no cell loss
    # One warning for the kind of person wholly removed ("male", not the partly removed
    # "adult"), one for the group whose sensitive value is given away.
    assert len(warnings) == 2
    assert "male" in warnings[0] and "1条" in warnings[0]
    assert "有1个分组的“s”" in warnings[1]


def test_a_release_with_no_warnings() -> None:
    enc, node, _, _ = _example()
    mixed = {"s": np.arange(17, dtype=np.int64)}
    r = report(enc, node, mixed, ["adult"] * 17, 3, 1, 0.2)
    assert r["homogeneous_groups"] == {"s": 0}
    assert r["suppressed_by_group"] == {"adult": {"rows": 17, "suppressed": 2}}
    assert r["warnings"] == []


def test_nothing_released_means_no_risk_figures() -> None:
    enc, node, _, groups = _example()
    empty = Node(node.levels, np.ones(17, dtype=bool), node.class_sizes, 1.0, 0, {})
    r = report(enc, empty, {}, groups, 3, 1, 1.0)
    assert r["rows_out"] == 0 and r["rows_suppressed"] == 17
    assert r["prosecutor_risk"] == {
        "highest": 0.0,
        "average": 0.0,
        "threshold": RISK_THRESHOLD,
        "share_above_threshold": 0.0,
    }
    assert r["group_size_histogram"] == {}


def test_kinds_of_person_misaligned_with_the_rows_are_refused() -> None:
    # A list of kinds one short would blame the wrong kind for every suppression after it.
    enc, node, sens, groups = _example()
    with pytest.raises(ValueError):
        report(enc, node, sens, groups[:-1], 3, 1, 0.2)
