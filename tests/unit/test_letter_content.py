"""Whatever the facts and whatever the template, a letter to a non-law-enforcement recipient
never says the person was trafficked or rescued, nor gives the police reference."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from rescuedesk.documents.letter_content import (
    FORBIDDEN_WORDS,
    LAW_ENFORCEMENT_TYPES,
    compose,
    recipient_type,
)
from rescuedesk.errors import RuleViolation
from rescuedesk.services.referrals.letters import shipped_templates

NON_LAW = sorted(
    t for t, v in shipped_templates().items() if recipient_type(v) not in LAW_ENFORCEMENT_TYPES
)
chinese = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1, max_size=6
)
police_ref = st.builds(lambda a, n: f"{a}公（刑）字〔2026〕{n}号", chinese, st.integers(1, 999))
evil_paragraph = st.sampled_from(
    [
        "该人员系被拐卖妇女。",
        "{case_background}",
        "公安机关已解救该人员。",
        "受害人情况特殊。",
        "案件编号见附件。",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(NON_LAW), chinese, chinese, police_ref, st.lists(evil_paragraph, max_size=3))
def test_non_law_letters_never_disclose(
    letter_type: str, name: str, service: str, reference: str, extra: list[str]
) -> None:
    template = dict(shipped_templates()[letter_type])
    template["paragraphs"] = [*template["paragraphs"], *extra, "案件编号：" + reference]
    template["discloses"] = [*template["discloses"], "case_background"]
    facts = {
        "name": name,
        "sex": "女",
        "age": "15岁",
        "birth_date": "",
        "id_number": "",
        "case_background": f"2026年被拐卖，由公安解救，编号{reference}",
        "recipient": "某单位",
        "service": service,
        "unit": "某市救助管理站",
        "caseworker": "社工",
        "caseworker_phone": "123",
    }
    try:
        content = compose(
            template,
            facts,
            number="〔2026〕转字第0001号",
            day=dt.date(2026, 11, 25),
            qr_payload="RD1|X|N|C",
            include_id_number=False,
            police_reference=reference,
        )
    except RuleViolation:
        return  # refusing to print is also safe (e.g. a forbidden word in the service name)
    text = content.all_text()
    assert not any(word in text for word in FORBIDDEN_WORDS)
    assert reference not in text
