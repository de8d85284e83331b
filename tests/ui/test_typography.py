"""Every string of the interface gets French spacing through one translator."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from ent_coach.ui.typography import FrenchTypography

NBSP = "\u00a0"


def test_interface_strings_get_no_break_spaces_and_others_fall_through(qapp) -> None:
    typography = FrenchTypography(qapp)
    qapp.installTranslator(typography)
    try:
        label = QLabel()
        assert label.tr("Temps de lecture : %1") == f"Temps de lecture{NBSP}: %1"
        assert label.tr("Les enregistrer ?") == f"Les enregistrer{NBSP}?"
        assert label.tr("Supprimer « %1 » ?") == f"Supprimer «{NBSP}%1{NBSP}»{NBSP}?"
        rich = '<a href="https://www.cnil.fr/x">CNIL</a> : source'
        assert label.tr(rich) == f'<a href="https://www.cnil.fr/x">CNIL</a>{NBSP}: source'
        # Unchanged strings are not answered: Qt's own translations keep precedence.
        assert typography.translate("QFileDialog", "Look in:") is None
        assert QCoreApplication.translate("Ctx", "Bonjour") == "Bonjour"
    finally:
        qapp.removeTranslator(typography)


def test_the_typography_translator_also_answers_for_qt_labels_its_catalogue_lacks(qapp) -> None:
    typography = FrenchTypography(qapp)
    assert typography.translate("QFileDialog", "&Look in:") == "&Voir dans\u00a0:"
    assert typography.translate("Ctx", "Supprimer ?") == f"Supprimer{NBSP}?"
    assert typography.translate("Ctx", "Supprimer ?") == f"Supprimer{NBSP}?"  # kept
