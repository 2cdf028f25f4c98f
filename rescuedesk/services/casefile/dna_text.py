"""Recognise DNA data typed into a free-text field, so that it is never stored.

Only the police collect and keep DNA data (HLJ 47; NH 二.2; GS 19): RescueDesk records that
a police unit took a sample, when, and the police's case or document number, never a genetic
profile or the laboratory's sample number (the key to the profile in the police database).

What counts as DNA data here:
- an STR locus name followed by its allele values ("D8S1179:13,14", "vWA 16/17",
  "Amelogenin X,Y");
- three or more allele pairs written one after another ("13,14 30,31 6,9");
- the words that name a profile or a sample number ("STR分型", "基因型", "DNA样本编号", "采血编号")
  or a code built around "DNA" ("HRB-DNA-2026-0042").
A police case number ("哈公刑〔2026〕118号", "A2301020000002026110001") or a sentence saying
that the police took a sample is none of these.
"""

from __future__ import annotations

import re
import unicodedata

# Autosomal STR loci of the kits in use in China (CODIS core and the extended set), the
# Y- and X-STR families, and the sex marker.
_LOCUS = (
    r"(?:D\d{1,2}S\d{2,4}"  # D8S1179, D21S11, D3S1358, D5S818, D7S820, D13S317, D16S539, ...
    r"|DY?S\d{2,4}|DXS\d{2,5}|Y[-_ ]?GATA[-_ ]?H4"  # Y- and X-STR
    r"|TH01|THO1|TPOX|CSF1PO|FGA|VWA|SE33|PENTA[-_ ]?[DE])"
)
_ALLELE = r"\d{1,2}(?:\.\d)?"
# A locus with at least one allele value after it (":", "=", spaces or brackets between).
_LOCUS_WITH_VALUES = re.compile(
    rf"(?<![A-Z0-9]){_LOCUS}(?![A-Z0-9])[\s:=：（(\[]*{_ALLELE}(?![\d])", re.IGNORECASE
)
_AMELOGENIN = re.compile(r"(?:AMELOGENIN|AMEL)[\s:=：（(\[]*[XY](?:[\s,/，、]*[XY])?", re.I)
# One allele pair standing on its own ("13,14" between spaces or semicolons): not part of a
# list of numbers ("1,2,3"), a time ("10:30，11:30": no pair is followed by a colon) or a
# sentence ("3岁，5岁").
_PAIR = re.compile(
    rf"(?:(?<=^)|(?<=[\s;；|(（\[:：=]))(?:{_ALLELE})\s*[,/，、]\s*(?:{_ALLELE})(?=$|[\s;；|)）\]])"
)
MIN_PAIRS = 3
_WORDS = re.compile(
    r"STR\s*分型|Y\s*-?\s*STR|DNA\s*分型|基因分型|基因型|分型结果|等位基因|基因座|遗传标记"
    r"|DNA\s*(?:样本|样品|检材)?\s*(?:编号|条码|序号)|(?:样本|样品|检材|采血|血样|血卡)\s*(?:编号|条码|号码)"
    r"|样本号|检材号|血样号|DNA\s*数据库编号",
    re.IGNORECASE,
)
# "DNA" as a segment of a code: HRB-DNA-2026-0042, DNA2026001, DNA#12.
# Bounded repeats: a long pasted text costs linear time, not quadratic.
_DNA_CODE = re.compile(
    r"(?<![A-Z])DNA[\-_#:：.№]{0,3}[A-Z]{0,6}\d{3,}|[A-Z0-9]{1,20}[\-_]DNA(?![A-Z])", re.I
)


def dna_content(text: str | None) -> str | None:
    """What in ``text`` looks like DNA data (a few words, not the data itself), or None."""
    if not text:
        return None
    s = unicodedata.normalize("NFKC", text)
    if _LOCUS_WITH_VALUES.search(s) or _AMELOGENIN.search(s):
        return "STR 基因座及其分型数值"
    if len(_PAIR.findall(s)) >= MIN_PAIRS:
        return "成组的等位基因数值"
    if _WORDS.search(s):
        return "DNA 分型或样本编号的字样"
    if _DNA_CODE.search(s):
        return "含“DNA”的样本编号"
    return None


REFUSAL = (
    "DNA 数据只由公安机关采集和保存，本程序不记录 DNA 分型或样本编号（此处发现{what}）。"
    "请只记录由哪个公安机关、在哪天采样，以及公安机关的案件或文书编号。"
)
