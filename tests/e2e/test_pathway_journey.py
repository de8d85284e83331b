"""A newcomer's pathway journey: choose a role, be offered a pathway, follow a short one to
the end with « Continuer » across a tutorial, a quiz training, a sandbox scenario and an
activity, then save the attestation PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ent_coach.domain.pathways import (
    ChecklistItem,
    Pathway,
    PathwayOrder,
    PathwayStep,
    StepKind,
)
from ent_coach.domain.taxonomy import Role
from ent_coach.ui import bootstrap
from ent_coach.ui.main_window import HOME
from tests.e2e.test_journeys import close_app, wait_ops
from tests.e2e.test_quiz_journey import _answer
from tests.ui.conftest import make_window
from tests.ui.reading import read_to_the_end

SHORT = Pathway(
    id="parcours-court",
    title="Un parcours court pour tout essayer",
    roles=(Role.STAGIAIRE_1D,),
    recommended_for=(Role.STAGIAIRE_1D,),
    goal="Lire, s'entraîner, régler le bac à sable puis agir dans son ENT, de bout en bout.",
    duration_minutes=75,
    order=PathwayOrder.SEQUENTIAL,
    steps=(
        PathwayStep("lire", StepKind.TUTORIAL, "Découvrir le blog de classe", 15, reference="blog-de-classe"),
        PathwayStep("quiz", StepKind.QUIZ_THEME, "S'entraîner sur le droit à l'image", 15, reference="droit-image"),
        PathwayStep(
            "scenario", StepKind.SCENARIO, "Répéter dans le bac à sable", 20,
            reference="bascule-de-fin-d-annee",
        ),
        PathwayStep(
            "faire", StepKind.ACTIVITY, "Ouvrir le blog de votre classe", 25,
            instructions="Dans votre ENT, ouvrez le blog de la classe et réglez la modération.",
            checklist=(
                ChecklistItem("blog-ouvert", "Le blog de la classe est ouvert."),
                ChecklistItem("moderation", "Les commentaires sont soumis à validation."),
            ),
        ),
    ),
)  # fmt: skip


@pytest.fixture(autouse=True)
def _short_pathway_and_quiet_dialogs(monkeypatch) -> None:
    monkeypatch.setattr(bootstrap, "_load_pathways", lambda: (SHORT,))
    for name in ("question", "information", "warning"):
        monkeypatch.setattr(
            QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
        )


def _continue_from_home(window, qtbot) -> None:
    window.show_section(HOME)
    wait_ops(qtbot)
    window.home.next_button.click()
    wait_ops(qtbot)


def test_a_newcomer_follows_a_pathway_to_the_end(qtbot, isolated_data_dir: Path, tmp_path, monkeypatch) -> None:
    window, context = make_window(qtbot, isolated_data_dir)
    wait_ops(qtbot)
    form = window.welcome.form
    form.name_edit.setText("Noé")
    form.role_combo.setCurrentIndex(form.role_combo.findData(Role.STAGIAIRE_1D.value))
    window.welcome.create_button.click()
    wait_ops(qtbot)

    # Offered on the home, followed with one click.
    home = window.home
    assert home.next_title.text() == SHORT.title
    home.next_button.click()
    wait_ops(qtbot)
    assert window.pathways.view.overview.followed

    # 1. Tutorial: « Continuer » opens it; completed in the reader.
    _continue_from_home(window, qtbot)
    assert window.stack.currentWidget() is window.reader
    assert window.reader.tutorial.id == "blog-de-classe"
    read_to_the_end(window.reader)
    window.reader.complete_button.click()
    wait_ops(qtbot)

    # 2. Quiz training, answered right.
    _continue_from_home(window, qtbot)
    quiz = window.quiz
    assert quiz.attempt is not None and quiz.attempt.theme == "droit-image"
    while quiz.currentWidget() is quiz.question:
        _answer(window, qtbot, right=True)
    assert "Réussi" in quiz.results.verdict.text()

    # 3. Scenario, solved by replaying its reference solution, then verified.
    _continue_from_home(window, qtbot)
    sandbox = window.sandbox
    sitting = sandbox.sitting
    assert sitting is not None and sitting.ref_id == "bascule-de-fin-d-annee"
    for command in sitting.solution:
        sitting.history.execute(command)
    sandbox._verify()
    wait_ops(qtbot)
    assert sitting.passed

    # 4. Activity: the checklist, ticked in the pathway's dialog.
    _continue_from_home(window, qtbot)
    page = window.pathways
    dialog = page.activity_dialog
    assert dialog is not None and dialog.step.id == "faire"
    for box in dialog.boxes.values():
        box.setChecked(True)
        wait_ops(qtbot)
    dialog.note_edit.setPlainText("Fait avec la classe de CM1.")
    dialog.accept()
    wait_ops(qtbot)
    progress = page.view.progress
    assert progress.completed and progress.percent_steps == 100
    assert "parcours terminé" in page.view.progress_label.text()
    assert page.view.attestation_button.text().replace("&", "") == "Attestation de suivi…"

    # The home says so.
    window.show_section(HOME)
    wait_ops(qtbot)
    assert "Bravo" in home.next_title.text()
    assert "parcours terminé" in home.followed_rows[0][2].text()

    # The attestation, saved as PDF.
    target = tmp_path / "attestation"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.open_pathway(SHORT.id)
    wait_ops(qtbot)
    page.view.attestation_button.click()
    wait_ops(qtbot)
    pdf = tmp_path / "attestation.pdf"
    assert pdf.exists()
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5_000
    assert "Attestation enregistrée" in page.view.status.text()
    saved = next(box for box in page.findChildren(QMessageBox) if box.isVisible())
    assert saved.informativeText() == str(pdf)

    profile = context.require_profile()
    with context.profiles._store.reader() as connection:
        objects = [row[0] for row in connection.execute(
            "SELECT activity_id FROM statements WHERE profile_id = ?", (profile.id,)
        )]  # fmt: skip
    assert sum(SHORT.id in (obj or "") for obj in objects) >= 4  # steps and the pathway
    close_app(window, context, qtbot)
