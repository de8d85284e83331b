"""A coaching half-day on two laptops, through the real windows: the tutor plans a séance and
hands out the plan file; a trainee imports it, follows it from the home with « Continuer »
(a tutorial read to the end, the tutor's quiz assessment), sends back their progress with a
pseudonym only; the tutor imports it and gets the dashboard, the CSV and the PDF report from
the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from ent_coach.app import main
from ent_coach.domain.coaching import ItemStatus, PlanItem
from ent_coach.domain.pathways import StepKind
from ent_coach.domain.taxonomy import Role
from ent_coach.ui.coaching.join import SendProgressDialog
from ent_coach.ui.main_window import HOME, SEANCES
from ent_coach.ui.ops import call_in_worker
from tests.e2e.test_journeys import close_app, wait_ops
from tests.e2e.test_quiz_journey import _answer
from tests.ui.conftest import make_window
from tests.ui.reading import read_to_the_end


@pytest.fixture(autouse=True)
def _quiet_dialogs(monkeypatch) -> None:
    for name in ("question", "information", "warning"):
        monkeypatch.setattr(
            QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
        )


def _new_profile(window, qtbot, name: str, role: Role) -> None:
    form = window.welcome.form
    form.name_edit.setText(name)
    form.role_combo.setCurrentIndex(form.role_combo.findData(role.value))
    window.welcome.create_button.click()
    wait_ops(qtbot)


def test_a_seance_from_plan_to_report(qtbot, tmp_path: Path, monkeypatch) -> None:
    usb = tmp_path / "cle-usb"
    usb.mkdir()
    tutor_dir, trainee_dir = tmp_path / "formateur", tmp_path / "stagiaire"

    # The tutor's laptop: a séance with a tutorial and the quiz assessment (fixed draw).
    window, context = make_window(qtbot, tutor_dir)
    wait_ops(qtbot)
    _new_profile(window, qtbot, "Camille Formatrice", Role.FORMATEUR)
    tutor = context.require_profile()
    plan = call_in_worker(lambda: context.coaching.create_seance(
        tutor, title="Prendre en main l'ENT", date=dt.date.today(), place="INSPE, salle B12",
        tutor_note="Commencez par le tutoriel.",
        items=[
            PlanItem(id="", kind=StepKind.TUTORIAL, title="Qu'est-ce qu'un ENT ?", minutes=10,
                     reference="qu-est-ce-qu-un-ent"),
            PlanItem(id="", kind=StepKind.QUIZ_ASSESSMENT, title="Évaluation de la séance",
                     minutes=20, pass_mark=0.5),
        ],
    ))  # fmt: skip
    plan_file = usb / f"seance-{plan.code}.json"
    call_in_worker(lambda: context.coaching.export_plan(tutor, plan.code, plan_file))
    close_app(window, context, qtbot)

    # The trainee's laptop: import the plan in « Séances », then « Continuer » from the home.
    window, context = make_window(qtbot, trainee_dir)
    wait_ops(qtbot)
    _new_profile(window, qtbot, "Noé Martin", Role.STAGIAIRE_2D)
    window.show_section(SEANCES)
    wait_ops(qtbot)
    join = window.coaching.join
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(plan_file), "")))
    join.import_button.click()
    wait_ops(qtbot)

    window.show_section(HOME)
    wait_ops(qtbot)
    assert window.home.next_title.text().startswith("Qu'est-ce qu'un ENT")
    window.home.next_button.click()
    wait_ops(qtbot)
    assert window.reader.tutorial.id == "qu-est-ce-qu-un-ent"
    read_to_the_end(window.reader)
    window.reader.complete_button.click()
    wait_ops(qtbot)

    window.show_section(HOME)
    wait_ops(qtbot)
    window.home.next_button.click()
    wait_ops(qtbot)
    quiz = window.quiz
    assert quiz.attempt is not None and quiz.attempt.seed == plan.items[1].seed  # the tutor's draw
    while quiz.currentWidget() is quiz.question:
        _answer(window, qtbot, right=True)
    wait_ops(qtbot)

    def send(dialog: SendProgressDialog) -> int:
        assert dialog.seance_code() == plan.code and not dialog.include_name()
        return QDialog.DialogCode.Accepted

    bundle = usb / "progression-noe.zip"
    monkeypatch.setattr(SendProgressDialog, "exec", send)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(bundle), "")))
    window.show_section(SEANCES)
    join.send_button.click()
    wait_ops(qtbot)
    assert bundle.is_file()
    close_app(window, context, qtbot)

    # Back on the tutor's laptop, from the command line: import, then the report.
    assert main(["--data-dir", str(tutor_dir), "bundle", "import", "--seance", plan.code, str(usb)]) == 0
    csv_path, pdf_path = tmp_path / "seance.csv", tmp_path / "rapport.pdf"
    assert main(["--data-dir", str(tutor_dir), "seance", "report", plan.code,
                 "--csv", str(csv_path), "--pdf", str(pdf_path)]) == 0  # fmt: skip
    rows = csv_path.read_bytes().decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Participant;1. Qu'est-ce qu'un ENT ?;2. Évaluation de la séance")
    assert rows[1].startswith("Participant 1;Terminé;Terminé · 100 %")
    assert pdf_path.read_bytes().startswith(b"%PDF") and pdf_path.stat().st_size > 5_000

    # And on screen: the dashboard shows the same.
    window, context = make_window(qtbot, tutor_dir)
    wait_ops(qtbot)
    dashboard = call_in_worker(lambda: context.coaching.dashboard(context.require_profile(), plan.code))
    cells = dashboard.rows[0].cells
    assert [cells[item.id].status for item in plan.items] == [ItemStatus.DONE, ItemStatus.DONE]
    close_app(window, context, qtbot)
