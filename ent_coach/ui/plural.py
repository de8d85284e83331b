"""French plural forms for counts shown to the user: « 1 tutoriel terminé », « 3 tutoriels
terminés », and « 0 tutoriel » (French takes the singular for 0 and 1), instead of
« tutoriel(s) terminé(s) »."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str) -> str:
    """``singular`` for 0 and 1, else ``plural_form``; both already translated by the caller
    (``self.tr(...)``), with their own ``%1`` placeholders."""
    return singular if abs(count) < 2 else plural_form
