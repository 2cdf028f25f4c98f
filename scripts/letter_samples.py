"""Render one sample page of every letter type (synthetic facts) for docs/letters/.

    PYTHONPATH=. python scripts/letter_samples.py docs/letters

A script, not part of the package: it composes with the shipped templates of
services/referrals/letters.py, which documents/ (below services) must not import.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

from rescuedesk.documents.letter_content import compose
from rescuedesk.documents.letter_pdf import render_letter
from rescuedesk.services.referrals.letters import shipped_templates

FACTS = {
    "name": "周小燕",
    "sex": "女",
    "age": "15岁",
    "birth_date": "2011年3月3日",
    "id_number": "",
    "recipient": "",
    "service": "",
    "case_background": (
        "2026年10月1日解救；移交单位哈尔滨市公安局道里分局；公安案件编号哈公（刑）字〔2026〕101号"
    ),
    "unit": "哈尔滨市救助管理站",
    "caseworker": "张社工",
    "caseworker_phone": "0451-12345678",
}


def main(out_dir: str) -> int:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for i, (code, template) in enumerate(shipped_templates().items(), start=1):
        recipient = template.get("recipient_label") or template["label"]
        facts = {**FACTS, "recipient": recipient, "service": template["default_service"]}
        content = compose(
            template,
            facts,
            number=f"〔2026〕转字第{i:04d}号",
            day=dt.date(2026, 11, 26),
            qr_payload=f"RD1:HRB:2026:{i:04d}:SAMPLE",
            include_id_number=False,
            police_reference="哈公（刑）字〔2026〕101号",
        )
        pdf = out / f"{code}.pdf"
        pdf.write_bytes(render_letter(content))
        if shutil.which("pdftoppm"):
            subprocess.run(
                ["pdftoppm", "-r", "60", "-png", "-singlefile", str(pdf), str(out / code)],
                check=True,
            )
            pdf.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/letters"))
