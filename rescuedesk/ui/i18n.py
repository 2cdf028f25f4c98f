"""The interface language: Simplified Chinese (the source language) or English.

Chosen in 文件 → 设置 and remembered in QSettings; it takes effect for the windows opened
after the choice (the log-in of the next start, or at once for new windows).
Labels that code picks from tables (stages, kinds of service, field names...) are translated
in the "fields" context, whatever class shows them: :class:`FallbackTranslator` looks there
when the class's own context has no translation.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

SETTING = "ui/language"
DEFAULT = "zh_CN"
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"
FALLBACK_CONTEXT = "fields"


class FallbackTranslator(QTranslator):
    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        found = super().translate(context, source, disambiguation, n)
        if found or context == FALLBACK_CONTEXT:
            return found
        return super().translate(FALLBACK_CONTEXT, source, disambiguation, n)


def current_language() -> str:
    value = QSettings().value(SETTING, DEFAULT)
    return value if value in LANGUAGES else DEFAULT


def set_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(language)
    QSettings().setValue(SETTING, language)


_installed: list[QTranslator] = []


def install(language: str | None = None) -> str:
    """Install the translators of ``language`` (the remembered one by default)."""
    app = QCoreApplication.instance()
    assert app is not None
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    language = language or current_language()
    QLocale.setDefault(QLocale("zh_CN" if language == "zh_CN" else "en_GB"))
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    if language != DEFAULT:
        ours = FallbackTranslator(app)
        if ours.load(str(TRANSLATIONS / f"rescuedesk_{language}.qm")):
            app.installTranslator(ours)
            _installed.append(ours)
    return language
