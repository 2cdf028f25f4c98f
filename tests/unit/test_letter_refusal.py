"""The last guard of a letter: its whole text is checked, and a forbidden word anywhere refuses it.

tests/unit/test_letter_content.py draws names and services from an alphabet that cannot spell
解救 or 拐, so the check of the full text (compose's final forbidden_word) was never reached.
Here every free-text fact (the service, the recipient, the unit's name, the caseworker, the name)
is drawn from text that mixes in the forbidden words, their characters one by one, and the
police reference, so each field in turn carries one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rescuedesk.documents.letter_content import (
    FORBIDDEN_WORDS,
    LAW_ENFORCEMENT_TYPES,
    LetterContent,
    compose,
    recipient_type,
)
from rescuedesk.errors import RuleViolation
from rescuedesk.services.referrals.letters import shipped_templates

TEMPLATES = shipped_templates()
NON_LAW = sorted(t for t, v in TEMPLATES.items() if recipient_type(v) not in LAW_ENFORCEMENT_TYPES)
LAW = sorted(t for t, v in TEMPLATES.items() if recipient_type(v) in LAW_ENFORCEMENT_TYPES)
REFERENCE = "哈公（刑）字〔2026〕101号"
# Words a caseworker might type near the forbidden ones (被拐卖, 买家, 解救后…), the single
# characters of every forbidden word (so chance can spell one), and harmless text.
NEAR = ("被拐卖", "买家", "解救后", "受害", "人口", "心理辅导", "入学", "复学", "救助", "被")
LETTERS = sorted({c for w in (*FORBIDDEN_WORDS, *NEAR) for c in w} | set("学校医院体检站市区"))
chunk = st.one_of(
    st.sampled_from(FORBIDDEN_WORDS),
    st.sampled_from(NEAR),
    st.just(REFERENCE),
    st.text(alphabet=st.sampled_from(LETTERS), min_size=1, max_size=4),
)
risky = st.lists(chunk, min_size=1, max_size=4).map("".join)
FREE_TEXT = ("service", "recipient", "unit", "caseworker", "caseworker_phone", "name")
PRINTED_AS_IS = ("service", "recipient", "unit", "caseworker", "caseworker_phone")


def _facts(**over: str) -> dict[str, str]:
    facts = {
        "name": "周小燕",
        "sex": "女",
        "age": "15岁",
        "birth_date": "",
        "id_number": "",
        "case_background": f"2026年被拐卖，由公安解救，编号{REFERENCE}",
        "recipient": "市第一中学",
        "service": "入学（复学）",
        "unit": "哈尔滨市救助管理站",
        "caseworker": "社工",
        "caseworker_phone": "0451-12345678",
    }
    facts.update(over)
    return facts


def _compose(
    template: str | dict[str, Any], facts: dict[str, str] | None = None, **over: Any
) -> LetterContent:
    """The letter composed from ``template`` (a letter type's own, or one written out) and
    ``facts`` as the service composes it: letter 0001 of 25 November 2026, no ID number;
    ``over`` changes any of those arguments."""
    args: dict[str, Any] = {
        "number": "〔2026〕转字第0001号",
        "day": dt.date(2026, 11, 25),
        "qr_payload": "RD1:HRB:2026:0001:X",
        "include_id_number": False,
        "police_reference": REFERENCE,
        **over,
    }
    chosen = TEMPLATES[template] if isinstance(template, str) else template
    return compose(chosen, _facts() if facts is None else facts, **args)


def _every_printed_string(content: LetterContent) -> list[str]:
    """Every text of the letter, read field by field (not through all_text, which a change
    could shorten), as the PDF renderer gets it."""
    out: list[str] = []
    for f in dataclasses.fields(content):
        value: Any = getattr(content, f.name)
        if f.name in ("warnings", "disclosed", "qr_payload", "letter_type", "is_copy"):
            continue
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list):
            for item in value:
                out.extend(item if isinstance(item, tuple) else [item])
    return out


def _leaks(content: LetterContent) -> list[str]:
    return [
        text
        for text in _every_printed_string(content)
        if any(w in text for w in FORBIDDEN_WORDS) or REFERENCE in text
    ]


@settings(max_examples=300, deadline=None)
@given(
    letter_type=st.sampled_from(NON_LAW),
    field=st.sampled_from(FREE_TEXT),
    text=risky,
)
def test_a_forbidden_word_in_any_field_is_never_printed(
    letter_type: str, field: str, text: str
) -> None:
    facts = _facts(**{field: text})
    forbidden_in_field = any(w in text for w in FORBIDDEN_WORDS) or REFERENCE in text
    try:
        content = _compose(letter_type, facts)
    except RuleViolation:
        # Refusing is right only when the field held something the letter may not say.
        assert forbidden_in_field
        return
    assert _leaks(content) == []
    if forbidden_in_field and field in PRINTED_AS_IS:
        pytest.fail(f"{field}={text!r} reached a {letter_type} letter unrefused")


@settings(max_examples=100, deadline=None)
@given(letter_type=st.sampled_from(NON_LAW), words=st.lists(risky, min_size=5, max_size=5))
def test_forbidden_words_in_every_field_at_once(letter_type: str, words: list[str]) -> None:
    facts = _facts(**dict(zip(PRINTED_AS_IS, words, strict=True)))
    try:
        content = _compose(letter_type, facts)
    except RuleViolation:
        return
    assert _leaks(content) == []
    assert not any(w in text for text in words for w in FORBIDDEN_WORDS)


@pytest.mark.parametrize("letter_type", NON_LAW)
@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("service", "解救后心理辅导"),
        ("service", "被拐卖儿童返校"),
        ("recipient", "收买人所在村小学"),
        ("unit", "打拐办"),
        ("caseworker", "受害人联络员"),
        ("caseworker_phone", REFERENCE),
    ],
)
def test_each_printed_field_is_checked(letter_type: str, field: str, text: str) -> None:
    with pytest.raises(RuleViolation):
        _compose(letter_type, _facts(**{field: text}))


def test_school_letter_for_psychological_help_after_rescue_is_refused() -> None:
    """The case that got through: the service name printed 解救 on a school letter."""
    with pytest.raises(RuleViolation) as err:
        _compose("school", _facts(service="解救后心理辅导"))
    assert err.value.field is None or err.value.field == "service"
    assert _leaks(_compose("school", _facts(service="心理辅导"))) == []


@pytest.mark.parametrize("letter_type", LAW)
def test_law_enforcement_letters_may_say_it(letter_type: str) -> None:
    """The police, legal aid, procuratorate and court are told the facts of the case."""
    content = _compose(letter_type, _facts(service="解救后心理辅导"))
    assert "解救后心理辅导" in content.all_text()


@pytest.mark.parametrize("letter_type", NON_LAW)
def test_harmless_letters_print_whole(letter_type: str) -> None:
    content = _compose(letter_type, _facts(service="心理辅导", recipient="市第一中学"))
    assert _leaks(content) == [] and content.warnings == []
    assert "心理辅导" in content.all_text()


# ------------------------------------------ what a template may not widen (compose mutants)

ID_NUMBER = "230102199903030029"


def _custom(**over: Any) -> dict[str, Any]:
    return {
        "type": "school",
        "title": "转介函",
        "discloses": ["name", "case_background", "id_number"],
        "paragraphs": ["{recipient}：", "背景：{case_background}。身份证：{id_number}。{age}"],
        **over,
    }


def test_a_template_cannot_make_a_school_letter_law_enforcement() -> None:
    """A non-law letter drops the case background even when the template discloses it, is
    flagged law_enforcement, and the background holds no forbidden word."""
    facts = _facts(case_background="2026年10月由公安机关移交", id_number=ID_NUMBER)
    del facts["age"]  # a fact not given prints as nothing, never as "None"
    content = _compose(_custom(law_enforcement=True), facts)
    assert content.paragraphs == ["市第一中学：", "背景：。身份证：。"]
    assert "移交" not in content.all_text() and ID_NUMBER not in content.all_text()
    assert "case_background" not in content.disclosed and "id_number" not in content.disclosed
    assert "副本" not in content.title  # an original unless the caller says copy


@pytest.mark.parametrize("include", [False, True])
def test_the_id_number_only_when_confirmed(include: bool) -> None:
    content = _compose("hospital", _facts(id_number=ID_NUMBER), include_id_number=include)
    assert (ID_NUMBER in content.all_text()) is include
    assert ("id_number" in content.disclosed) is include


def test_what_a_school_letter_carries() -> None:
    template = {
        **TEMPLATES["school"],
        "paragraphs": ["{recipient}：", "受害人情况特殊。", "请予安排。"],
    }
    content = _compose(template, _facts(age=""), is_copy=True)  # an empty fact: no line
    # The paragraph that says too much is dropped, the ones after it stay.
    assert content.paragraphs == ["市第一中学：", "请予安排。"] and len(content.warnings) == 1
    assert content.details == [("姓名", "周小燕"), ("性别", "女")]
    assert (content.letter_type, content.is_copy, content.title) == (
        "school",
        True,
        "转介函（副本）",
    )
    assert content.disclosed == sorted(
        ["name", "sex", "recipient", "service", "unit", "caseworker", "caseworker_phone"]
    )


def test_a_template_without_discloses_prints_only_what_is_always_printed() -> None:
    template = {"type": "other", "paragraphs": ["{recipient}：请提供{service}。"]}
    content = _compose(template)
    assert content.paragraphs == ["市第一中学：请提供入学（复学）。"] and content.details == []


def test_details_list_each_disclosed_fact_with_its_label() -> None:
    template = {
        "type": "hospital",
        "may_disclose_id_number": True,
        "discloses": ["name", "sex", "age", "birth_date"],
        "paragraphs": ["{recipient}：请为{name}提供{service}。"],
    }
    facts = _facts(birth_date="2011年3月3日", id_number=ID_NUMBER)
    content = _compose(template, facts, include_id_number=True)
    assert content.details == [
        ("姓名", "周小燕"),
        ("性别", "女"),
        ("年龄", "15岁"),
        ("出生日期", "2011年3月3日"),
        ("身份证号", ID_NUMBER),
    ]
