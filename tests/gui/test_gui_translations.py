"""Translations: zh_CN is complete, English carries its plural forms, and the compiled files load."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from vault_app.gui.i18n import install_translations, translations_dir

TS_DIR = Path(translations_dir())


def messages(name: str) -> list[ET.Element]:
    return list(ET.parse(TS_DIR / name).getroot().iter("message"))


def test_zh_cn_has_no_unfinished_or_empty_translation():
    problems = []
    for m in messages("pdvault_zh_CN.ts"):
        src = m.findtext("source") or ""
        tr = m.find("translation")
        assert tr is not None
        forms = [f.text or "" for f in tr.findall("numerusform")] if m.get("numerus") == "yes" else [tr.text or ""]
        if tr.get("type") in ("unfinished", "vanished", "obsolete") or not all(f.strip() for f in forms):
            problems.append(src)
        for f in forms:  # placeholders must survive translation
            if sorted(re.findall(r"%\d|%n", src)) != sorted(re.findall(r"%\d|%n", f)):
                problems.append(f"placeholders differ: {src!r}")
    assert problems == []
    assert len(messages("pdvault_zh_CN.ts")) > 300


def test_english_plural_forms_are_complete():
    for m in messages("pdvault_en.ts"):
        forms = [f.text for f in m.find("translation").findall("numerusform")]
        assert len(forms) == 2 and all(forms), m.findtext("source")


def test_every_string_in_the_code_is_in_the_ts_file():
    """Guards against forgetting scripts/update_translations.sh after adding a string."""
    sources = {m.findtext("source") for m in messages("pdvault_zh_CN.ts")}
    found = []
    for path in Path(__file__).resolve().parents[2].joinpath("vault_app", "gui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            pos = {"tr": 0, "translate": 1}.get(node.func.attr)
            if pos is not None and len(node.args) > pos and isinstance(node.args[pos], ast.Constant):
                found.append(node.args[pos].value)
    assert len(found) > 300
    assert [s for s in found if s not in sources] == []


def test_compiled_files_load_and_translate(qapp):
    t = QTranslator()
    assert t.load("pdvault_zh_CN", translations_dir())
    assert t.translate("Labels", "Identity") == "身份"
    assert install_translations(qapp, "zh_CN")
    try:
        assert QCoreApplication.translate("UnlockWidget", "The password is wrong.") == "密码错误。"
        assert QCoreApplication.translate("HistoryPage", "%n entry(s)", "", 3) == "3 条"
    finally:
        install_translations(qapp, "en")
    assert QCoreApplication.translate("HistoryPage", "%n entry(s)", "", 1) == "1 entry"
    assert QCoreApplication.translate("HistoryPage", "%n entry(s)", "", 2) == "2 entries"


def test_every_standard_field_label_is_collected_and_translated():
    from vault_app.domain.catalogue import STANDARD_FIELDS
    from vault_app.gui.field_words import STANDARD_LABELS

    assert set(STANDARD_LABELS) == {f.label for f in STANDARD_FIELDS}
    zh = {m.findtext("source") for m in messages("pdvault_zh_CN.ts")}
    assert {f.label for f in STANDARD_FIELDS} <= zh


def test_every_reason_word_of_the_core_has_words_in_the_gui(qapp):
    """The GUI words refusals from the core's stable reason words: a word the core can send that the GUI does
    not know would show the core's English sentence, so a new reason must come with its words."""
    from vault_app.gui import consent_words as w
    from vault_app.protocol.errors import Reason

    # what an organisation's status-list check says (a list that could not be fetched or is stale, a grant
    # revoked, superseded or erased) never reaches the subject's import
    not_for_import = {Reason.REVOKED, Reason.UNAVAILABLE, Reason.STALE, Reason.SUPERSEDED, Reason.ERASED}
    missing = [r.value for r in Reason if r not in not_for_import and w.reject_reason_text(r.value, "?") == "?"]
    assert missing == []
    for word in ("org-blocked", "org-non-compliant", "org-suspended", "unknown-grant", "rule:never-release:health",
                 "rule:no-derivation:profile", "rule:only-compliant"):
        assert w.auto_refusal_text(word, "Shop"), word


def test_gui_durations_use_the_cores_rounding(qapp):
    from vault_app.domain.consent import Duration
    from vault_app.gui import consent_words as w

    for seconds in (59, 3600, 90000, 45 * 86400, 365 * 86400, 400 * 86400):
        d = Duration.of(seconds)
        text = w.duration_text(seconds)
        assert str(d.count) in text and text.startswith("about") == d.approximate
