"""Qt's own texts in French: buttons of message boxes, file dialogs, context menus.

Qt ships its French catalogue (``qtbase_fr.qm``) with PySide6; it is memory-mapped, so loading
it at start costs little. Its file dialog lacks two labels since they gained a mnemonic
(« &Look in: », « Files of &type: »): a tiny complement answers for those.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

# (context, source) → French, for labels Qt's catalogue does not translate.
_COMPLEMENT: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "&Voir dans\u00a0:",
    ("QFileDialog", "Files of &type:"): "Fichiers de &type\u00a0:",
}


class _Complement(QTranslator):
    """Consulted only when Qt's catalogue has no answer (installed before it)."""

    def translate(  # type: ignore[override]
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null string) lets Qt use the source text; "" would blank every other text.
        return _COMPLEMENT.get((context, source_text))

    def isEmpty(self) -> bool:
        return False


def complement(context: str, source_text: str) -> str | None:
    """The French of a Qt label its catalogue lacks, or None."""
    return _COMPLEMENT.get((context, source_text))


def install(app: QApplication, *, with_complement: bool = True) -> bool:
    """Install Qt's French translations (once); False when the catalogue is not shipped.
    ``with_complement=False`` when another translator already answers ``complement()`` (one
    Python translator instead of two: each is called for every string at start-up)."""
    if app.property("_entCoachQtFrench"):
        return True
    catalogue = QTranslator(app)
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not catalogue.load(QLocale(QLocale.Language.French, QLocale.Country.France), "qtbase", "_", directory):
        return False
    # The last installed is asked first: Qt's catalogue, then the complement for its gaps.
    if with_complement:
        app.installTranslator(_Complement(app))
    app.installTranslator(catalogue)
    app.setProperty("_entCoachQtFrench", True)
    return True
