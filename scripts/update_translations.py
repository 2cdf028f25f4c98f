#!/usr/bin/env python3
"""Bring resources/translations/rescuedesk_en.ts up to date with the sources.

1. pyside6-lupdate collects every literal ``self.tr("...")`` / ``translate(ctx, "...")``.
2. Labels the code picks from tables (``tr(STAGE_LABELS[code])``) are invisible to lupdate:
   every Chinese string literal of the UI modules and of the label tables that lupdate did
   not find goes to the "fields" context, where ui/i18n.FallbackTranslator looks for them.
3. Existing translations are kept (by context and source, else by source alone).

Usage: python scripts/update_translations.py [--check]
  --check  change nothing; exit 1 and list the differences when the file is out of date.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "rescuedesk_en.ts"
UI = ROOT / "rescuedesk" / "ui"
# Modules outside ui/ whose tables the UI shows.
LABEL_MODULES = (
    ROOT / "rescuedesk" / "reference" / "labels.py",
    # Each record type's label and form (field labels, section titles, add buttons).
    ROOT / "rescuedesk" / "services" / "casefile" / "record_types.py",
)
CJK = re.compile(r"[\u3400-\u9fff]")
FIELDS = "fields"
LUPDATE_NAMES = ("pyside6-lupdate", "lupdate")


def lupdate_messages(files: list[Path]) -> dict[tuple[str, str], None]:
    tool = next(
        (str(p) for name in LUPDATE_NAMES if (p := Path(sys.executable).parent / name).exists()),
        "pyside6-lupdate",
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "fresh.ts"
        subprocess.run(
            [tool, *map(str, files), "-ts", str(out), "-silent", "-no-obsolete"],
            check=True,
            cwd=ROOT,
        )
        root = ET.parse(out).getroot()
    found: dict[tuple[str, str], None] = {}
    for context in root.iter("context"):
        # Module-level tr() (ui/forms/field_editors.tr) translates in the "fields" context.
        name = context.findtext("name") or FIELDS
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = None
    return found


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                ids.add(id(value))
    return ids


def table_labels(files: list[Path]) -> dict[str, None]:
    """Chinese string literals that are not docstrings and not parts of f-strings."""
    labels: dict[str, None] = {}
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        in_fstring = {
            id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and CJK.search(node.value)
                and id(node) not in skip
                and id(node) not in in_fstring
            ):
                labels[node.value] = None
    return labels


def existing_translations(path: Path) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    by_key: dict[tuple[str, str], str] = {}
    by_source: dict[str, str] = {}
    if not path.exists():
        return by_key, by_source
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            element = message.find("translation")
            text = (element.text or "") if element is not None else ""
            unfinished = element is not None and element.get("type") == "unfinished"
            if text and not unfinished:
                by_key[(name, source)] = text
                by_source.setdefault(source, text)
    return by_key, by_source


def wanted_messages() -> dict[tuple[str, str], None]:
    ui_files = sorted(UI.rglob("*.py"))
    messages = lupdate_messages(ui_files)
    # Every literal, even one lupdate found in a class: code may look it up in "fields".
    for label in table_labels(ui_files + list(LABEL_MODULES)):
        messages[(FIELDS, label)] = None
    return messages


def render(messages: dict[tuple[str, str], None], path: Path) -> str:
    by_key, by_source = existing_translations(path)
    root = ET.Element("TS", version="2.1", language="en_US", sourcelanguage="zh_CN")
    contexts: dict[str, ET.Element] = {}
    for context, source in sorted(messages):
        if context not in contexts:
            element = ET.SubElement(root, "context")
            ET.SubElement(element, "name").text = context
            contexts[context] = element
        message = ET.SubElement(contexts[context], "message")
        ET.SubElement(message, "source").text = source
        text = by_key.get((context, source)) or by_source.get(source)
        translation = ET.SubElement(message, "translation")
        if text:
            translation.text = text
        else:
            translation.set("type", "unfinished")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(
        root, encoding="unicode"
    ) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = render(wanted_messages(), TS)
    current = TS.read_text(encoding="utf-8") if TS.exists() else ""
    if args.check:
        if text != current:
            print(f"{TS.relative_to(ROOT)} is out of date: run `make translations`.")
            return 1
        untranslated = text.count('type="unfinished"')
        if untranslated:
            print(f"{untranslated} strings have no English translation yet.")
            return 1
        return 0
    TS.parent.mkdir(parents=True, exist_ok=True)
    TS.write_text(text, encoding="utf-8")
    missing = text.count('type="unfinished"')
    print(f"{TS.relative_to(ROOT)}: {text.count('<message>')} strings, {missing} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
