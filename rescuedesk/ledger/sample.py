"""A small messy ledger, as units really keep them: for the screenshots and for trying the
import wizard. GBK-encoded CSV with full-width digits, a place name, a bad check digit, an
impossible date, an unknown ethnicity and an unknown place."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from rescuedesk.models.enums import Sex
from rescuedesk.services.identity import make_id_number

HEADER = ["序号", "姓名", "性别", "公民身份号码", "民族", "户籍地", "解救日期", "移交单位", "备注"]


NAME = "道里区2023年台账.csv"


def write_sample_ledger(folder: Path) -> Path:
    path = folder / NAME
    good = make_id_number("230102", dt.date(1995, 3, 8), 911, Sex.FEMALE)
    other = make_id_number("130102", dt.date(1988, 12, 1), 912, Sex.MALE)
    wide = other.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    rows = [
        ["1", "李秀兰", "女", good, "汉族", "230102", "2023.5.1", "哈尔滨市公安局", ""],
        ["2", "王建国", "男性", wide, "回", "石家庄市长安区", "20230601", "", "已返乡"],
        ["3", "张三", "女", good[:-1] + "0", "汉", "", "2023-05-01", "", ""],
        ["4", "赵四", "女", "", "汉族", "", "2023-02-30", "", ""],
        ["5", "钱五", "女", "", "火星族", "", "2023年4月1日", "", ""],
        ["6", "孙六", "女", "", "汉族", "不存在的地方", "45000", "", ""],
    ]
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path
