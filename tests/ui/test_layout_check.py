"""The layout check itself: each defect it is meant to catch is caught, and what is fine (a
control reachable by scrolling) is not reported."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QToolBar, QVBoxLayout, QWidget

from tests.ui.layout_check import layout_problems


def window(qtbot) -> QWidget:
    root = QWidget()
    qtbot.addWidget(root)
    root.resize(400, 300)
    return root


def test_overlapping_siblings_are_reported(qtbot) -> None:
    root = window(qtbot)
    first, second = QLabel("Tableau", root), QLabel("Questions manquées", root)
    first.setGeometry(10, 10, 200, 100)
    second.setGeometry(10, 80, 200, 100)
    root.show()
    assert any("se chevauchent" in problem for problem in layout_problems(root))
    second.move(10, 111)
    assert layout_problems(root) == []


def test_a_control_out_of_the_window_is_reported_unless_it_can_be_scrolled_to(qtbot) -> None:
    root = window(qtbot)
    QPushButton("Suivante", root).setGeometry(10, 320, 100, 30)
    root.show()
    assert any("dépasse de la fenêtre" in problem for problem in layout_problems(root))

    root = window(qtbot)
    area = QScrollArea(root)
    area.setGeometry(0, 0, 400, 300)
    content = QWidget()
    content.setMinimumSize(380, 900)
    QPushButton("Suivante", content).setGeometry(10, 850, 100, 30)
    area.setWidget(content)
    root.show()
    assert layout_problems(root) == []


def test_a_squeezed_button_and_an_overflowing_toolbar_are_reported(qtbot) -> None:
    root = window(qtbot)
    layout = QVBoxLayout(root)
    toolbar = QToolBar("Outils")
    for text in ("Annuler : partager « Blog de la 4B » avec les parents", "Partager", "Vérifier"):
        toolbar.addAction(text)
    layout.addWidget(toolbar)
    button = QPushButton("Marquer comme terminé", root)
    root.show()
    button.setGeometry(10, 200, 40, 30)
    problems = layout_problems(root, QSize(400, 300))
    assert any("« Vérifier » est rejetée" in problem for problem in problems)
    assert any("Marquer comme terminé" in problem and "de large" in problem for problem in problems)
