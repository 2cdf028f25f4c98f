"""DNA data is recognised in free text (it is refused); police numbers are not (HLJ 47)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rescuedesk.services.casefile.dna_text import dna_content

LOCI = (
    "D8S1179", "D21S11", "D7S820", "CSF1PO", "D3S1358", "TH01", "D13S317", "D16S539",
    "D2S1338", "D19S433", "vWA", "TPOX", "D18S51", "D5S818", "FGA", "D6S1043", "D12S391",
    "D2S441", "D10S1248", "D1S1656", "D22S1045", "Penta D", "Penta E", "DYS391", "SE33",
)  # fmt: skip

allele = st.builds(
    lambda n, micro: f"{n}.{micro}" if micro else str(n),
    st.integers(min_value=5, max_value=40),
    st.sampled_from([None, None, None, 1, 2, 3]),
)
pair_sep = st.sampled_from([",", "/", "，", ", ", "、"])
locus_sep = st.sampled_from([":", "：", " ", "=", "(", ": "])
between = st.sampled_from([" ", "; ", "；", "\n", "  ", " | "])
prose = st.sampled_from(["", "公安采样结果 ", "比对：", "备注 ", "结果如下："])


@st.composite
def str_profiles(draw: st.DrawFn) -> str:
    loci = draw(st.lists(st.sampled_from(LOCI), min_size=1, max_size=6, unique=True))
    parts = []
    for locus in loci:
        a, b = draw(allele), draw(allele)
        single = draw(st.booleans()) and len(loci) > 1
        values = a if single else f"{a}{draw(pair_sep)}{b}"
        parts.append(f"{locus}{draw(locus_sep)}{values}")
    if draw(st.booleans()):
        parts.append(f"Amelogenin{draw(locus_sep)}X{draw(pair_sep)}{draw(st.sampled_from('XY'))}")
    return draw(prose) + draw(between).join(parts) + draw(prose)


@st.composite
def bare_allele_pairs(draw: st.DrawFn) -> str:
    """Values copied without the locus names: three or more pairs in a row."""
    n = draw(st.integers(min_value=3, max_value=16))
    pairs = [f"{draw(allele)}{draw(pair_sep)}{draw(allele)}" for _ in range(n)]
    return draw(prose) + draw(between).join(pairs)


sample_words = st.sampled_from(
    ["STR分型", "STR 分型", "基因型", "DNA样本编号", "DNA编号", "样本编号", "采血编号",
     "检材编号", "等位基因", "基因座", "DNA分型"]
)  # fmt: skip


@settings(max_examples=300)
@given(str_profiles())
def test_str_profiles_with_locus_names_are_recognised(text: str) -> None:
    assert dna_content(text), text


@settings(max_examples=200)
@given(bare_allele_pairs())
def test_rows_of_allele_pairs_are_recognised(text: str) -> None:
    assert dna_content(text), text


@given(sample_words, st.text(alphabet="0123456789ABCDEFGHJK-：: ", max_size=14))
def test_words_naming_a_profile_or_sample_number_are_recognised(word: str, code: str) -> None:
    assert dna_content(f"{word}{code}")
    assert dna_content(f"公安机关告知{word}为{code}")


# -- the other side: what a police reference or a tracing note really looks like ----------

CITY = st.sampled_from(["哈", "黑", "津", "甘", "辽", "皖", "六", "兰", "沈", "京"])
KIND = st.sampled_from(["刑", "（刑）字", "刑侦", "治", "立字", "不立字", "（刑）立字"])
YEAR = st.integers(min_value=1990, max_value=2030)
NUMBER = st.integers(min_value=1, max_value=99999)
UNIT_CODE = st.integers(min_value=0, max_value=10**12 - 1).map("{:012d}".format)


@st.composite
def police_numbers(draw: st.DrawFn) -> str:
    """Case and document numbers as the police write them."""
    form = draw(st.integers(min_value=0, max_value=4))
    year, n = draw(YEAR), draw(NUMBER)
    if form == 0:  # 哈公刑〔2026〕118号
        bracket = draw(st.sampled_from(["〔〕", "[]", "（）", "()", "【】"]))
        office = draw(st.sampled_from(["公", "公（刑）", "市公", "公道里"]))
        return f"{draw(CITY)}{office}{draw(KIND)}{bracket[0]}{year}{bracket[1]}{n}号"
    if form == 1:  # A2301020000002026110001: A + unit code (12) + year + month + serial (4)
        month = draw(st.integers(min_value=1, max_value=12))
        return f"A{draw(UNIT_CODE)}{year}{month:02d}{n % 10000:04d}"
    if form == 2:  # J + unit code + year + serial, the case (not the record) number
        return f"J{draw(UNIT_CODE)}{year}{n:05d}"
    if form == 3:  # 采样〔2026〕1号: the document that says a sample was taken
        return f"采样〔{year}〕{n}号"
    return f"{draw(CITY)}公{draw(KIND)}字第{n}号"


@settings(max_examples=300)
@given(police_numbers())
def test_police_case_numbers_are_accepted(text: str) -> None:
    assert dna_content(text) is None, text


notes = st.lists(
    st.sampled_from(
        [
            "公安机关已采集DNA样本", "哈尔滨市公安局道里分局", "于2026年11月20日采血",
            "已在全国救助寻亲网发布", "家属电话13800138000", "0451-12345678",
            "第1、2、3组走访", "3月5日、6月7日两次比对未中", "身高120厘米", "左耳后有痣",
            "说东北口音", "公告期30天", "1,2,3,4,5", "2026/11/25", "10:30", "某村3组",
            "比对结果待公安通知", "送检", "DNA比对未中", "家长已在公安机关采血",
        ]
    ),
    max_size=6,
).map("，".join)  # fmt: skip


@settings(max_examples=300)
@given(notes)
def test_ordinary_tracing_notes_are_accepted(text: str) -> None:
    assert dna_content(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "D8S1179:13,14 D21S11:30,31 TH01:6,9",  # the profile from issue #11
        "HRB-DNA-2026-0042",
        "DNA2026110001",
        "Amelogenin X,Y",
        "13,14 30,31 6,9",
        "比对：5,5 5,5 5,5",  # found by hypothesis: a pair right after a colon
    ],
)
def test_the_examples_of_the_issue_are_recognised(text: str) -> None:
    assert dna_content(text)
