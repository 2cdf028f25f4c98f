"""A CJK font reportlab can embed.

reportlab embeds TrueType outlines only, so the CFF-based Noto/Source Han CJK fonts will not
do; WenQuanYi (Debian's fonts-wqy-*), SimSun, Microsoft YaHei will. Without any, the built-in
STSong-Light CID font works but is not embedded: the reader's viewer must supply it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib import textsplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph

log = logging.getLogger(__name__)

CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
)
FONT_NAME = "RescueDeskCJK"
# Chinese punctuation that must not begin a line. reportlab's list (textsplit.CANNOT_START_LINE)
# has the Japanese marks, 、。） among them, but not the full-width ，；：！？ of Chinese text,
# so its CJK wrap put them at the start of a line.
CANNOT_START_LINE = "，；：！？》」』】〉"
FALLBACK = "STSong-Light"


@dataclass(frozen=True)
class CjkFont:
    name: str
    embedded: bool
    path: str | None
    warning: str | None


@lru_cache(maxsize=1)
def cjk_font() -> CjkFont:
    # Read at each wrap: textsplit.wordSplit (a paragraph in one style), cjkFragSplit (mixed).
    for module in (textsplit, paragraph):
        missing = "".join(c for c in CANNOT_START_LINE if c not in module.ALL_CANNOT_START)
        module.ALL_CANNOT_START += missing
    for path, index in CANDIDATES:
        if Path(path).exists():
            try:
                pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=index))
            except Exception as exc:  # a font file reportlab cannot read: try the next
                log.warning("cannot use %s: %s", path, exc)
                continue
            return CjkFont(FONT_NAME, True, path, None)
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    warning = (
        "没有找到可嵌入的中文 TrueType 字体，PDF 使用内置的 STSong-Light 字体（未嵌入，"
        "打印前请确认显示正常）。请安装 fonts-wqy-microhei。"
    )
    log.warning(warning)
    return CjkFont(FALLBACK, False, None, warning)
