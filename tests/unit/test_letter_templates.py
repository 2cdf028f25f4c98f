"""What an administrator may save as a letter template (check_template): known fields only,
each declared in "discloses", and a body. Written to kill mutants that survived the suite."""

from __future__ import annotations

import pytest

from rescuedesk.documents.letter_content import check_template, template_fields
from rescuedesk.errors import ValidationError

BASE = {"type": "school", "paragraphs": ["{recipient}：", "兹有{name}需要{service}。"]}


def test_fields_of_every_paragraph_are_collected() -> None:
    template = {"paragraphs": ["{name}", "{age}", "无字段"]}
    assert template_fields(template) == {"name", "age"}
    assert template_fields({}) == set()


def test_unknown_field_is_named_on_the_paragraphs() -> None:
    # The unknown field sits in the first paragraph, the last one is clean.
    template = {**BASE, "paragraphs": ["{nickname}", "请予安排。"], "discloses": ["nickname"]}
    with pytest.raises(ValidationError, match="nickname") as err:
        check_template(template)
    assert err.value.field == "paragraphs"


def test_undeclared_field_is_named_on_discloses() -> None:
    with pytest.raises(ValidationError, match="name") as err:
        check_template({**BASE, "discloses": []})
    assert err.value.field == "discloses"
    with pytest.raises(ValidationError) as err:
        check_template(BASE)  # no "discloses" at all
    assert err.value.field == "discloses"


def test_a_template_of_always_printed_fields_needs_no_discloses() -> None:
    check_template(
        {"type": "other", "paragraphs": ["{recipient}：请为我站联系人{caseworker}提供{service}。"]}
    )


def test_a_template_without_body_is_refused() -> None:
    for template in ({"type": "school"}, {"type": "school", "paragraphs": []}):
        with pytest.raises(ValidationError) as err:
            check_template(template)
        assert err.value.field == "paragraphs"
