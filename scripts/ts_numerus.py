#!/usr/bin/env python3
"""Keep plural forms after lupdate: pyside6-lupdate does not see the count in
``QCoreApplication.translate(context, "%n day(s)", "", n)`` and files such a string as a plain message (and
leaves it out of the plural-only English file). This marks every message whose source holds ``%n`` as plural
again, keeping its translation, and gives the English file the singular and plural forms of each."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

DIR = Path(__file__).resolve().parent.parent / "vault_app" / "resources" / "translations"


def english_forms(source: str) -> tuple[str, str]:
    one = source.replace("(s)", "")
    many = re.sub(r"(?<=[^aeiou])y\(s\)", "ies", source).replace("(s)", "s")  # entry -> entries, day -> days
    return one, many


def fix(path: Path, english: bool, plural_sources: dict[str, set[str]]) -> dict[str, set[str]]:
    tree = ET.parse(path)
    root = tree.getroot()
    found: dict[str, set[str]] = {}
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        have = set()
        for m in ctx.findall("message"):
            src = m.findtext("source") or ""
            if "%n" not in src:
                continue
            have.add(src)
            found.setdefault(name, set()).add(src)
            if m.get("numerus") == "yes":
                continue
            m.set("numerus", "yes")
            tr = m.find("translation")
            assert tr is not None
            text = tr.text or ""
            tr.text = None
            forms = english_forms(src) if english else (text,)
            for f in forms:
                ET.SubElement(tr, "numerusform").text = f
            if english or text:
                tr.attrib.pop("type", None)
        if english:  # plural strings lupdate left out of the plural-only file
            for src in sorted(plural_sources.get(name, set()) - have):
                m = ET.SubElement(ctx, "message", numerus="yes")
                ET.SubElement(m, "source").text = src
                tr = ET.SubElement(m, "translation")
                for f in english_forms(src):
                    ET.SubElement(tr, "numerusform").text = f
    if english:  # contexts with plural strings that the plural-only file does not have at all
        present = {c.findtext("name") for c in root.iter("context")}
        for name in sorted(set(plural_sources) - present):
            ctx = ET.SubElement(root, "context")
            ET.SubElement(ctx, "name").text = name
            for src in sorted(plural_sources[name]):
                m = ET.SubElement(ctx, "message", numerus="yes")
                ET.SubElement(m, "source").text = src
                tr = ET.SubElement(m, "translation")
                for f in english_forms(src):
                    ET.SubElement(tr, "numerusform").text = f
    tree.write(path, encoding="utf-8", xml_declaration=True)
    text = path.read_text(encoding="utf-8").replace("<?xml version='1.0' encoding='utf-8'?>",
                                                    '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>')
    path.write_text(text, encoding="utf-8")
    return found


def main() -> int:
    plural = fix(DIR / "pdvault_zh_CN.ts", False, {})
    fix(DIR / "pdvault_en.ts", True, plural)
    return 0


if __name__ == "__main__":
    sys.exit(main())
