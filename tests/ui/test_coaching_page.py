"""pytest-qt tests of the « Séances » section: the tutor plans a séance and exports its plan,
a trainee (on another laptop: another data folder) imports it and sends their progress, the
tutor imports that file with a hostile one and reads the dashboard."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from ent_coach.content.progress_bundle import read_bundle, write_bundle
from ent_coach.domain.coaching import PlanItem, SeancePlan, display_code
from ent_coach.domain.pathways import StepKind
from ent_coach.domain.taxonomy import Role
from ent_coach.ui.coaching.editor import PATHWAY_STEP, AddItemDialog
from ent_coach.ui.coaching.join import SendProgressDialog
from ent_coach.ui.coaching.page import CoachingPage
from ent_coach.ui.ops import call_in_worker, task_manager
from tests.ui.conftest import make_window
from tests.unit import fuzzing
from tests.unit.test_xapi_validation import PSEUDONYM, builder_statements


def open_page(window, context, wait_ops, *, name: str, role: Role) -> CoachingPage:
    profile = call_in_worker(lambda: context.profiles.create(display_name=name, role=role))
    window.open_profile(profile)
    wait_ops()
    page = CoachingPage(context, parent=window)
    window.stack.addWidget(page)
    window.stack.setCurrentWidget(page)
    page.on_shown()
    wait_ops()
    return page


def save_dialog_returns(monkeypatch: pytest.MonkeyPatch, target: Path, seen: list[str] | None = None) -> None:
    def answer(parent, caption, directory, *args, **kwargs):
        if seen is not None:
            seen.append(Path(directory).name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))


def choose_in_add_dialog(monkeypatch: pytest.MonkeyPatch, picks: list[tuple[str, str | None]]) -> None:
    """Each « Ajouter… » picks the next (kind, reference) in the real dialog, as a person would."""
    queue = list(picks)

    def pick(dialog: AddItemDialog) -> int:
        kind, reference = queue.pop(0)
        dialog.select_kind(kind)
        if reference is not None:
            assert dialog.select_choice(reference), reference
        assert dialog.add_button.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AddItemDialog, "exec", pick)


def make_seance(context, profile) -> SeancePlan:
    tutorial = context.tutorials[0]
    scenario = context.sandbox.content.scenarios[0]
    return context.coaching.create_seance(
        profile,
        title="Découvrir l'ENT",
        date=dt.date(2026, 3, 10),
        place="INSPE, salle B12",
        tutor_note="",
        items=(
            PlanItem("", StepKind.TUTORIAL, tutorial.title, 10, reference=tutorial.id),
            PlanItem("", StepKind.SCENARIO, scenario.title, 15, reference=scenario.id),
            PlanItem("", StepKind.QUIZ_ASSESSMENT, "Évaluation", 20, pass_mark=0.8),
        ),
    )


def test_tutor_builds_a_plan_with_the_keyboard_saves_and_exports_it(
    app_window, wait_ops, qtbot, monkeypatch, tmp_path, no_dialogs
) -> None:
    window, context = app_window
    page = open_page(window, context, wait_ops, name="Léa Martin", role=Role.FORMATEUR)
    assert page.tabs.currentWidget() is page.host  # a tutor lands on « Animer une séance »
    assert page.host.list.empty.isVisible()
    assert "pas encore de séance" in page.host.list.empty.text()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(page.host.list.new_button, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    view = page.host.view
    editor = view.editor
    assert page.host.currentWidget() is view
    assert not view.export_plan_button.isEnabled()  # nothing to export before the first save

    # Saving without a title: a French message next to the form, nothing stored.
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    assert editor.error.isVisible() and "titre de la séance est vide" in editor.error.text()
    assert call_in_worker(lambda: context.coaching.seances(context.profile)) == []

    tutorial = context.tutorials[0]
    scenario = context.sandbox.content.scenarios[0]
    choose_in_add_dialog(
        monkeypatch,
        [("tutoriel", tutorial.id), ("quiz-evaluation", None), ("scenario", scenario.id)],
    )
    for _ in range(3):
        editor.add_button.click()
        wait_ops()
    assert [item.kind for item in editor.items] == [
        StepKind.TUTORIAL,
        StepKind.QUIZ_ASSESSMENT,
        StepKind.SCENARIO,
    ]
    assessment = editor.items[1]
    assert assessment.seed is not None and assessment.pass_mark == 0.8

    # Alt+Up moves the scenario above the assessment; the ids stay with their items.
    editor.table.setFocus()
    editor.table.selectRow(2)
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [item.kind for item in editor.items] == [
        StepKind.TUTORIAL,
        StepKind.SCENARIO,
        StepKind.QUIZ_ASSESSMENT,
    ]
    assert editor.selected_row() == 1
    assert "3 éléments" in editor.total_label.text()

    editor.title_edit.setText("Découvrir l'ENT de l'académie")
    editor.place_edit.setText("INSPE, salle B12")
    qtbot.keyClick(editor.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    assert not editor.error.isVisible()
    assert not editor.is_dirty()
    summaries = call_in_worker(lambda: context.coaching.seances(context.profile))
    assert len(summaries) == 1 and summaries[0].title == "Découvrir l'ENT de l'académie"
    code = summaries[0].code
    assert view.code_label.text() == display_code(code)
    assert view.export_plan_button.isEnabled()
    stored = call_in_worker(lambda: context.coaching.plan(context.profile, code))
    assert [item.kind for item in stored.items] == [
        StepKind.TUTORIAL,
        StepKind.SCENARIO,
        StepKind.QUIZ_ASSESSMENT,
    ]
    assert stored.items[2].seed == assessment.seed

    suggested: list[str] = []
    target = tmp_path / "plan-du-jour"
    save_dialog_returns(monkeypatch, target, suggested)
    view.export_plan_button.click()
    wait_ops()
    written = target.with_name("plan-du-jour.json")
    assert suggested == [f"seance-{code}.json"]
    assert written.is_file() and str(written) in view.status.text()

    # Back to the list: the séance is there with its code.
    qtbot.keyClick(editor.table, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    wait_ops()
    assert page.host.currentWidget() is page.host.list
    assert page.host.list.table.item(0, 0).text() == display_code(code)


def test_unsaved_changes_ask_before_leaving_and_deleting_asks_first(
    app_window, wait_ops, qtbot, monkeypatch, no_dialogs
) -> None:
    window, context = app_window
    page = open_page(window, context, wait_ops, name="Léa Martin", role=Role.FORMATEUR)
    plan = call_in_worker(lambda: make_seance(context, context.profile))
    page.host.refresh()
    wait_ops()
    page.host.list.open_button.click()
    wait_ops()
    view = page.host.view
    assert view.plan is not None and view.plan.code == plan.code
    view.editor.title_edit.setText("Autre titre")
    view.editor.title_edit.textEdited.emit("Autre titre")
    assert view.editor.is_dirty()
    asked: list[str] = []

    def cancel(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    answer_yes = QMessageBox.question
    monkeypatch.setattr(QMessageBox, "question", staticmethod(cancel))
    view.back_button.click()  # « Annuler »: the tutor stays, nothing is saved
    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer_yes))
    assert page.host.currentWidget() is view and view.editor.is_dirty()
    assert any("Autre titre" in text and "modifications non enregistrées" in text for text in asked)

    view.editor.load(view.plan)
    view.back_button.click()
    wait_ops()
    assert page.host.currentWidget() is page.host.list
    page.host.list.delete_button.click()  # answered « Oui »
    wait_ops()
    assert any("Découvrir l'ENT" in text and "progressions importées" in text for text in no_dialogs)
    assert call_in_worker(lambda: context.coaching.seances(context.profile)) == []
    assert page.host.list.empty.isVisible()


def test_add_dialog_offers_one_assessment_and_pathway_steps(app_window, wait_ops) -> None:
    window, context = app_window
    page = open_page(window, context, wait_ops, name="Léa Martin", role=Role.FORMATEUR)
    from ent_coach.ui.coaching.editor import load_plan_content

    content = call_in_worker(lambda: load_plan_content(context))
    editor = page.host.view.editor
    editor.append_item(PlanItem("", StepKind.QUIZ_ASSESSMENT, "Évaluation", 20, pass_mark=0.8))
    dialog = AddItemDialog(content, list(editor.items), parent=page)
    dialog.select_kind("quiz-evaluation")
    assert not dialog.add_button.isEnabled()
    assert "déjà une évaluation" in dialog.hint.text()
    dialog.select_kind(PATHWAY_STEP)
    activity = next(
        (pathway, step)
        for pathway in content.pathways
        for step in pathway.steps
        if step.kind is StepKind.ACTIVITY
    )
    dialog.pathway_combo.setCurrentIndex(dialog.pathway_combo.findData(activity[0].id))
    assert dialog.select_choice(activity[1].id)
    chosen = dialog.chosen()
    assert chosen is not None and chosen.kind is StepKind.ACTIVITY
    assert chosen.checklist == activity[1].checklist and chosen.checklist
    dialog.deleteLater()


def test_trainee_joins_sends_progress_and_tutor_imports_it(
    app_window, wait_ops, qtbot, monkeypatch, tmp_path, no_dialogs
) -> None:
    window, context = app_window
    tutor_page = open_page(window, context, wait_ops, name="Léa Martin", role=Role.FORMATEUR)
    plan = call_in_worker(lambda: make_seance(context, context.profile))
    plan_file = tmp_path / f"seance-{plan.code}.json"
    call_in_worker(lambda: context.coaching.export_plan(context.profile, plan.code, plan_file))

    # The trainee's laptop: another data folder, another database.
    trainee_window, trainee_context = make_window(qtbot, tmp_path / "portable-stagiaire")
    wait_ops()
    try:
        page = open_page(
            trainee_window, trainee_context, wait_ops, name="Camille Durand", role=Role.STAGIAIRE_2D
        )
        assert page.tabs.currentWidget() is page.join  # a trainee lands on « Rejoindre »
        monkeypatch.setattr(
            QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(plan_file), ""))
        )
        page.join.import_button.click()
        wait_ops()
        assert "Découvrir l'ENT" in page.join.plan_result.text()
        assert page.join.open_pathway_button.isVisible()
        with qtbot.waitSignal(page.pathwayRequested, timeout=2000) as blocker:
            page.join.open_pathway_button.click()
        assert blocker.args == [f"seance-{plan.code}"]

        tutorial = plan.items[0].reference
        profile = trainee_context.profile
        call_in_worker(lambda: trainee_context.library.open_tutorial(profile, tutorial))
        call_in_worker(lambda: trainee_context.library.complete_tutorial(profile, tutorial))

        def send(dialog: SendProgressDialog) -> int:
            # The privacy-friendly choice is the default; the séance just received is offered.
            assert dialog.anonymous_radio.isChecked() and not dialog.include_name()
            assert "Camille Durand" in dialog.name_radio.text()
            assert dialog.seance_code() == plan.code
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(SendProgressDialog, "exec", send)
        suggested: list[str] = []
        bundle = tmp_path / "cle-usb" / "progression-camille.zip"
        bundle.parent.mkdir()
        save_dialog_returns(monkeypatch, bundle, suggested)
        page.join.send_button.click()
        wait_ops()
        # Anonymous: the file is named after the start of the pseudonym, never the name, and
        # differs from every other trainee's on the same USB key.
        start = profile.pseudonym[:8]
        assert suggested == [f"progression-{plan.code}-{dt.date.today().isoformat()}-{start}.zip"]
        assert bundle.is_file() and str(bundle) in page.join.send_result.text()
        assert page.join.open_folder_button.isVisible()
        manifest = read_bundle(bundle).manifest
        assert manifest.display_name is None and manifest.seance_code == plan.code
    finally:
        trainee_window.close()
        wait_ops()
        trainee_context.profiles._store.close()

    hostile = tmp_path / "cle-usb" / "pas-une-progression.zip"
    hostile.write_bytes(b"Ceci n'est pas une archive.")
    host = tutor_page.host
    host.refresh()
    wait_ops()
    host.open_seance(plan.code)
    wait_ops()
    dialog = host.view.start_import([bundle, hostile])
    assert dialog is not None
    wait_ops()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    outcomes = [dialog.table.item(row, dialog.OUTCOME).text() for row in range(dialog.table.rowCount())]
    assert outcomes == ["Importé", "Refusé"]
    assert dialog.table.item(0, dialog.NEW).text() != "0"
    refusal = dialog.table.item(1, dialog.MESSAGE)
    assert refusal.text() and refusal.toolTip() == refusal.text()
    assert "1 importé," in dialog.summary.text() and "1 refusé" in dialog.summary.text()
    assert dialog.close_button.isVisible()

    dialog.close_button.click()
    wait_ops()
    view = host.view
    assert view.tabs.currentWidget() is view.dashboard_host
    dashboard = view.dashboard_view.dashboard()
    assert dashboard is not None and len(dashboard.rows) == 1
    assert dashboard.rows[0].participant.display_name is None
    assert view.dashboard_view.model.label(0) == "Participant 1"


def test_import_can_be_cancelled_before_any_file_is_read(
    app_window, wait_ops, qtbot, tmp_path, no_dialogs
) -> None:
    window, context = app_window
    page = open_page(window, context, wait_ops, name="Léa Martin", role=Role.FORMATEUR)
    plan = call_in_worker(lambda: make_seance(context, context.profile))
    page.host.open_seance(plan.code)
    wait_ops()
    files = []
    for index in range(3):
        path = tmp_path / f"progression-{index}.zip"
        path.write_bytes(b"rien")
        files.append(path)

    # Hold the worker so the import is queued, cancel it, then let it run: nothing is read.
    release = threading.Event()
    task_manager().submit(lambda: release.wait(10), None, None)
    dialog = page.host.view.start_import(files)
    assert dialog is not None and dialog.running
    dialog.cancel_button.click()
    assert "Annulation" in dialog.status.text()
    release.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    assert dialog.table.rowCount() == 3
    # Left aside by « Annuler », not refused: they can be imported later.
    assert all(dialog.table.item(row, dialog.OUTCOME).text() == "Non traité" for row in range(3))
    assert "3 fichiers non traités" in dialog.summary.text()
    assert "0 refusé." in dialog.summary.text() and dialog.status.text() == "Import annulé."
    assert dialog.bar.text() == "Aucun fichier lu"  # not « 1 fichier(s) sur 1 »
    assert not dialog.imported_any
    dialog.close_button.click()
    wait_ops()


def test_a_damaged_file_is_a_french_result_row_and_the_next_file_is_imported(
    app_window, wait_ops, qtbot, tmp_path, no_dialogs
) -> None:
    """A member name that is not UTF-8 (a bad USB copy): before, the dialog showed the
    English codec error and no result rows, and the next file was never imported."""
    window, context = app_window
    page = open_page(window, context, wait_ops, name="Léa Martin", role=Role.FORMATEUR)
    plan = call_in_worker(lambda: make_seance(context, context.profile))
    page.host.open_seance(plan.code)
    wait_ops()
    good = tmp_path / "b-zoe.zip"
    write_bundle(
        good, statements=builder_statements(), pseudonym=PSEUDONYM, display_name="Zoé",
        seance_code=None, app_version="0.1.0", content_version="x",
        created_at=dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC),
    )  # fmt: skip
    damaged = tmp_path / "a-copie.zip"
    damaged.write_bytes(fuzzing.undecodable_name(good.read_bytes(), "statements.json", at=2))
    dialog = page.host.view.start_import([damaged, good])
    assert dialog is not None
    wait_ops()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    rows = range(dialog.table.rowCount())
    assert [dialog.table.item(row, dialog.OUTCOME).text() for row in rows] == ["Refusé", "Importé"]
    refusal = dialog.table.item(0, dialog.MESSAGE).text()
    assert "« a-copie.zip » est une archive endommagée" in refusal and "codec" not in refusal
    assert "1 importé," in dialog.summary.text() and "1 refusé." in dialog.summary.text()
    dialog.close_button.click()
    wait_ops()


def test_exports_write_the_files_the_tutor_asked_for(
    app_window, wait_ops, qtbot, monkeypatch, tmp_path, no_dialogs
) -> None:
    window, context = app_window
    page = open_page(window, context, wait_ops, name="Léa Martin", role=Role.FORMATEUR)
    plan = call_in_worker(lambda: make_seance(context, context.profile))
    # The tutor's own progress, sent as a trainee's would be, gives the séance a participant.
    tutorial = plan.items[0].reference
    profile = context.profile
    call_in_worker(lambda: context.library.complete_tutorial(profile, tutorial))
    bundle = tmp_path / "progression.zip"
    call_in_worker(
        lambda: context.coaching.export_bundle(profile, bundle, seance_code=None, include_name=True)
    )
    call_in_worker(lambda: context.coaching.import_bundles(profile, plan.code, [bundle]))
    page.host.open_seance(plan.code)
    wait_ops()
    view = page.host.view

    save_dialog_returns(monkeypatch, tmp_path / "tableau")
    view.export_csv_action.trigger()
    wait_ops()
    assert (tmp_path / "tableau.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "tableau.csv" in view.status.text() and view.open_folder_button.isVisible()

    save_dialog_returns(monkeypatch, tmp_path / "rapport.pdf")
    view.export_report_action.trigger()
    wait_ops()
    assert (tmp_path / "rapport.pdf").read_bytes().startswith(b"%PDF")

    folder = tmp_path / "attestations"
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *args, **kwargs: str(folder))
    )
    view.export_attestations_action.trigger()
    wait_ops()
    assert len(list(folder.glob("*.pdf"))) == 1
    assert "1 attestation de suivi enregistrée" in view.status.text()

    save_dialog_returns(monkeypatch, tmp_path / "xapi.json")
    view.export_xapi_action.trigger()
    wait_ops()
    assert (tmp_path / "xapi.json").read_text(encoding="utf-8").startswith("[")
    assert "1 déclaration enregistrée dans" in view.status.text()


def test_projection_shows_the_dashboard_alone_until_escape_or_another_section(
    app_window, wait_ops, qtbot
) -> None:
    from ent_coach.ui.main_window import HOME, SEANCES

    window, context = app_window
    profile = call_in_worker(
        lambda: context.profiles.create(display_name="Léa Martin", role=Role.FORMATEUR)
    )
    window.open_profile(profile)
    wait_ops()
    plan = call_in_worker(lambda: make_seance(context, profile))
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.show_section(SEANCES)
    wait_ops()
    page = window.coaching
    page.tabs.setCurrentWidget(page.host)
    page.host.open_seance(plan.code)
    wait_ops()
    view = page.host.view
    view.tabs.setCurrentWidget(view.dashboard_host)
    wait_ops()
    dashboard = view.dashboard_view
    assert dashboard is not None
    chrome = (window.side, page.heading, page.tabs.tabBar(), view.header, view.tabs.tabBar())
    assert all(widget.isVisible() for widget in chrome)

    dashboard.projector_button.click()
    assert [widget.isVisible() for widget in chrome] == [False] * len(chrome)
    assert dashboard.projector_button.text().replace("&", "") == "Quitter la projection (Échap)"
    dashboard.table.setFocus()
    qtbot.keyClick(dashboard.table, Qt.Key.Key_Escape)
    assert not dashboard.projector_mode()
    assert all(widget.isVisible() for widget in chrome)
    assert dashboard.projector_button.text().replace("&", "") == "Mode projection"

    dashboard.projector_button.click()  # projecting, the tutor jumps to another section
    window.show_section(HOME)
    assert not dashboard.projector_mode() and window.side.isVisible()
    window.show_section(SEANCES)
    wait_ops()
    assert all(widget.isVisible() for widget in chrome)
