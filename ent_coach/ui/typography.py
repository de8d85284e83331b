"""French typography for every string of the interface: a no-break space before « ; : ! ? »
and inside « », so that « Temps de lecture : » or « Supprimer ? » never wraps with the
sign alone at the start of a line.

Applied once, as the last translator Qt consults, rather than by hand in hundreds of
strings: every ``tr()`` goes through it. It answers only when it changes a string, so Qt's
own translations (and a future translation of the interface) keep precedence."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator

from ent_coach.domain.text import french_spacing, french_spacing_html
from ent_coach.ui.qt_french import complement


def spaced(text: str) -> str:
    """``text`` with French spacing; rich text keeps its tags and attributes as they are."""
    return french_spacing_html(text) if "<" in text else french_spacing(text)


class FrenchTypography(QTranslator):
    """Install it before any other translator: Qt asks the last installed first.

    Qt calls it for every string Qt's own catalogue does not know, which is nearly every
    string of the interface: results are kept (the same strings come back on every screen),
    and it also answers for the few Qt labels its French catalogue lacks (``qt_french``), so
    that a single Python translator is called."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._spaced: dict[str, str | None] = {}

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None is Qt's null string, « no translation here »: an empty string would be taken
        # as the translation itself.
        if not source:
            return None
        known = complement(context, source)
        if known is not None:
            return known
        try:
            return self._spaced[source]
        except KeyError:
            result = spaced(source)
            answer = self._spaced[source] = result if result != source else None
            return answer

    def isEmpty(self) -> bool:
        return False
