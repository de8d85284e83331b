"""Offscreen grabs of the main screens for the README (``make screenshots``).

Drives the real application in a throw-away data folder: creates a profile, opens and
completes a tutorial, writes a note, searches; saves PNGs into docs/screenshots/.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from ent_coach import paths
from ent_coach.domain.taxonomy import Role
from ent_coach.ui import settings as options
from ent_coach.ui.bootstrap import build_context, open_database
from ent_coach.ui.main_window import LIBRARY, QUIZ, SANDBOX, SEANCES, SEARCH, SETTINGS, MainWindow
from ent_coach.ui.ops import call_in_worker, shutdown_tasks, task_manager
from ent_coach.ui.theme import apply_theme

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    while task_manager().pending:
        settle(50)


def grab_quiz(window: MainWindow) -> None:
    """Training on image rights: the first answer wrong (to show the correction), the others
    right, then the results and the review of the answers."""
    window.show_section(QUIZ)
    settle()
    window.grab().save(str(OUT / "quiz-accueil.png"))
    page = window.quiz
    page.home.trainingRequested.emit("droit-image")
    settle()
    for position, item in enumerate(page.items):
        assert item is not None and page.attempt is not None
        response = list(item.correct_response)
        if position == 0:
            response = [next(k for k in item.keys if k not in item.correct_response)]
        page.question.answerSubmitted.emit(response, None)
        settle(100)
        if position == 0:
            page.question.feedback.verticalScrollBar().setValue(0)
            window.grab().save(str(OUT / "quiz-correction.png"))
        page.question.nextRequested.emit()
        settle(100)
    window.grab().save(str(OUT / "quiz-resultat.png"))
    page.results.review_button.click()
    settle()
    window.grab().save(str(OUT / "quiz-revoir-reponses.png"))


def grab_sandbox(window: MainWindow) -> None:
    """The S1 scenario after a first « Vérifier », then its share dialog."""
    from PySide6.QtCore import QItemSelectionModel, Qt

    from ent_coach.ui.sandbox.share_dialog import ShareDialog
    from ent_coach.ui.sandbox.tree import ITEM_ID_ROLE

    window.show_section(SANDBOX)
    settle()
    page = window.sandbox
    page.open_scenario("blog-de-la-4b")
    settle()
    view = page.workspace
    for row in view.tree.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive):
        if row.data(0, ITEM_ID_ROLE) == "blog-4b":
            view.tree.setCurrentItem(row, 0, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    page.workspace.verifyRequested.emit()
    settle()
    window.grab().save(str(OUT / "bac-a-sable-verification.png"))
    dialog = ShareDialog(view.ws, ["blog-4b"], window)
    dialog.add("eleves-4b")
    dialog.show()
    settle(100)
    dialog.grab().save(str(OUT / "bac-a-sable-partage.png"))
    dialog.close()
    page.show_catalogue()
    settle()


def grab_assessment(window: MainWindow, context) -> None:
    """A sitting in progress, then the profile after two sittings (the first dated earlier,
    so that the chart shows a comparison)."""
    import sqlite3

    from ent_coach.domain.assessment import Rating

    window.show_section("auto-evaluation")
    settle()
    page = window.assessment
    page.start_new()
    page.form.radios[3].click()
    page.form.evidence.setPlainText("Je suis l'actualité de l'éducation avec des flux RSS.")
    settle(100)
    window.grab().save(str(OUT / "auto-evaluation-questionnaire.png"))
    page.form.cancelled.emit()
    profile = context.require_profile()
    first = dict(zip(["1", "2", "3", "4", "5"], [2, 2, 1, 1, 2], strict=True))
    later = dict(zip(["1", "2", "3", "4", "5"], [3, 3, 2, 2, 2], strict=True))
    competences = context.assessment.framework().competences()
    context.assessment.save(profile, {c.id: Rating(c.id, first[c.domain]) for c in competences})
    with sqlite3.connect(context.database_path) as db:
        db.execute("UPDATE assessments SET created_at = '2026-09-14 17:30:00.000000'")
    bonus = {"2.2": 1, "3.1": 2, "4.2": 1}
    context.assessment.save(
        profile,
        {c.id: Rating(c.id, later[c.domain] + bonus.get(c.id, 0)) for c in competences},
    )
    page.refresh()
    settle()
    window.grab().save(str(OUT / "auto-evaluation-profil.png"))


def grab_practices_and_data(window: MainWindow) -> None:
    """A search in the good practices, then « Mes données » with the counts so far."""
    window.show_section("bonnes-pratiques")
    settle()
    page = window.practices
    page.search_edit.setText("blog")
    page.run_search()
    settle()
    page.list.setCurrentRow(0)
    settle(100)
    window.grab().save(str(OUT / "bonnes-pratiques.png"))
    page.search_edit.clear()
    window.show_section("mes-donnees")
    settle()
    window.grab().save(str(OUT / "mes-donnees.png"))


def grab_pathways(window: MainWindow, context) -> None:
    """The recommended pathway followed, with its first steps done."""
    profile = context.require_profile()
    context.pathways.follow(profile, "premiers-pas-dans-l-ent")
    context.pathways.record_progress(profile)
    window.show_section("parcours")
    settle()
    window.grab().save(str(OUT / "parcours.png"))
    window.pathways.show_pathway("premiers-pas-dans-l-ent")
    settle()
    window.grab().save(str(OUT / "parcours-etapes.png"))


def _trainee_statements(pseudonym: str, plan, bank, rng) -> list[dict]:
    """What one trainee of the example séance did: built with the application's own statement
    builders, as their ENT Coach would have recorded it."""
    import datetime as dt
    import uuid

    from ent_coach.domain import statements as xapi
    from ent_coach.domain.pathways import StepKind

    actor = xapi.actor(install_id="exemple", pseudonym=pseudonym)
    moment = dt.datetime(2026, 3, 10, 9, 0).astimezone()
    skill = rng.random()
    out: list[dict] = []
    for item in plan.items:
        moment += dt.timedelta(minutes=rng.randint(5, 15))
        if rng.random() > 0.35 + skill:
            break  # not reached yet
        if item.kind is StepKind.TUTORIAL:
            out.append(xapi.tutorial_statement(
                verb=xapi.COMPLETED if rng.random() < 0.5 + skill else xapi.EXPERIENCED, actor_=actor,
                tutorial_id=item.reference, title=item.title, content_version=1, timestamp=moment,
                duration_seconds=rng.randint(300, 900),
            ))  # fmt: skip
        elif item.kind is StepKind.QUIZ_ASSESSMENT:
            registration = str(uuid.uuid4())
            questions = rng.sample(list(bank.items), 20)
            right = 0
            for position, question in enumerate(questions):
                success = rng.random() < 0.25 + skill * 0.75 - (0.3 if position % 7 == 3 else 0)
                right += success
                key = question.options[0].key
                out.append(xapi.answered_statement(
                    actor_=actor, registration=registration, quiz_id=xapi.quiz_iri("evaluation"),
                    item_id=question.id, title=question.title, interaction_type="choice",
                    choices=[(o.key, o.text) for o in question.options], correct_pattern=key,
                    response=key, success=success, position=position, try_number=1, certainty=None,
                    timestamp=moment,
                ))  # fmt: skip
            out.extend(xapi.attempt_statements(
                actor_=actor, registration=registration, quiz_id=xapi.quiz_iri("evaluation"),
                quiz_name=item.title, raw=right, max_=20, passed=right / 20 >= 0.8, pass_mark=0.8,
                seed=item.seed, duration_seconds=rng.randint(600, 1300), cbm_total=None, timestamp=moment,
            ))  # fmt: skip
        elif item.kind is StepKind.SCENARIO:
            for attempt in range(1, rng.choice((2, 2, 3, 4))):
                registration = str(uuid.uuid4())
                passed = rng.random() < skill
                out.append(xapi.scenario_attempted_statement(
                    actor_=actor, registration=registration, scenario_id=item.reference,
                    title=item.title, attempt=attempt, timestamp=moment,
                ))  # fmt: skip
                out.append(xapi.scenario_verdict_statement(
                    actor_=actor, registration=registration, scenario_id=item.reference,
                    title=item.title, attempt=attempt, goals_met=3 if passed else 1, goals_total=3,
                    checks_failed=[] if passed else ["objectif-1"], actions=12, hints_shown=0,
                    solution_seen=False, duration_seconds=rng.randint(300, 700), timestamp=moment,
                ))  # fmt: skip
                if passed:
                    break
    return out


def grab_seances(window: MainWindow, context, folder: Path) -> None:
    """A tutor's séance with twelve example trainees' progress imported: the dashboard, and
    the same in projector mode."""
    import datetime as dt
    import random
    import uuid

    from ent_coach import __version__
    from ent_coach.content.progress_bundle import write_bundle
    from ent_coach.domain.coaching import PlanItem
    from ent_coach.domain.pathways import StepKind

    profile = context.require_profile()
    items = [
        PlanItem("", StepKind.TUTORIAL, "Qu'est-ce qu'un ENT ?", 10, reference="qu-est-ce-qu-un-ent"),
        PlanItem("", StepKind.TUTORIAL, "Le blog de classe", 15, reference="blog-de-classe"),
        PlanItem("", StepKind.SCENARIO, "Bascule de fin d'année", 15, reference="bascule-de-fin-d-annee"),
        PlanItem("", StepKind.QUIZ_ASSESSMENT, "Évaluation de la séance", 25, pass_mark=0.8),
    ]
    plan = call_in_worker(lambda: context.coaching.create_seance(
        profile, title="Prendre en main l'ENT", date=dt.date(2026, 3, 10), place="INSPE, salle B12",
        tutor_note="", items=items,
    ))  # fmt: skip
    bank = call_in_worker(lambda: context.quiz.bank)
    rng = random.Random(7)
    names = ["Léa Martin", "Hugo Bernard", None, "Chloé Petit", "Nathan Robert", "Inès Moreau",
             None, "Lucas Fournier", "Manon Girard", "Yanis Lambert", "Jade Bonnet", "Louis Mercier"]  # fmt: skip
    files = []
    for index, name in enumerate(names):
        pseudonym = str(uuid.UUID(int=rng.getrandbits(128)))
        path = folder / f"progression-{index}.zip"
        write_bundle(
            path, statements=_trainee_statements(pseudonym, plan, bank, rng), pseudonym=pseudonym,
            display_name=name, seance_code=plan.code, app_version=__version__, content_version="exemple",
            created_at=dt.datetime(2026, 3, 10, 11, 30).astimezone(),
        )  # fmt: skip
        files.append(path)
    call_in_worker(lambda: context.coaching.import_bundles(profile, plan.code, files))
    window.show_section(SEANCES)
    settle()
    page = window.coaching
    page.tabs.setCurrentWidget(page.host)
    page.host.refresh()
    settle()
    page.host.open_seance(plan.code)
    settle()
    view = page.host.view
    view.tabs.setCurrentWidget(view.dashboard_host)
    settle()
    window.grab().save(str(OUT / "seance-tableau-de-bord.png"))
    view.dashboard_view.set_projector_mode(True)
    settle()
    window.grab().save(str(OUT / "seance-projection.png"))
    view.dashboard_view.set_projector_mode(False)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        store = open_database(data_dir)
        assert store is not None
        context = build_context(data_dir, store)
        apply_theme(app, theme="clair", text_scale=100)
        window = MainWindow(context)
        window.resize(1200, 780)
        window.show()
        window.start()
        settle()
        window.grab().save(str(OUT / "accueil-premier-lancement.png"))

        window.welcome.form.name_edit.setText("Camille")
        window.welcome.form.role_combo.setCurrentIndex(
            window.welcome.form.role_combo.findData(Role.STAGIAIRE_2D.value)
        )
        window.welcome.create_button.click()
        settle()
        tutorials = context.tutorials
        first = next(t for t in tutorials if t.id == "blog-de-classe") if any(
            t.id == "blog-de-classe" for t in tutorials) else tutorials[0]  # fmt: skip
        window.open_tutorial(first.id)
        settle()
        window.reader.notes.setPlainText("Penser à activer la modération des commentaires avant la rentrée.")
        window.reader.save_note()
        bar = window.reader.browser.verticalScrollBar()
        bar.setValue(bar.maximum())  # read to its end: marking it done asks nothing
        bar.setValue(0)
        window.reader.complete_button.click()
        settle()
        window.grab().save(str(OUT / "lecteur.png"))
        window.open_tutorial(tutorials[1].id)
        settle()
        window.show_section("accueil")
        settle()
        window.grab().save(str(OUT / "accueil.png"))
        window.show_section(LIBRARY)
        settle()
        window.grab().save(str(OUT / "tutoriels.png"))
        window.show_section(SEARCH)
        window.search.query_edit.setText("securite mot de passe")
        window.search.run_search()
        settle()
        window.grab().save(str(OUT / "recherche.png"))
        grab_quiz(window)
        grab_sandbox(window)
        grab_assessment(window, context)
        grab_practices_and_data(window)
        grab_pathways(window, context)
        grab_seances(window, context, data_dir)
        context.settings.set(options.THEME, "sombre")
        apply_theme(app, theme="sombre", text_scale=100)
        window.open_tutorial(first.id)
        settle()
        window.grab().save(str(OUT / "lecteur-sombre.png"))
        window.show_section(SETTINGS)
        settle()
        window.grab().save(str(OUT / "reglages-sombre.png"))
        window.resize(780, 540)
        window.show_section("accueil")
        settle()
        window.grab().save(str(OUT / "accueil-petite-fenetre-sombre.png"))
        call_in_worker(lambda: None)
        window.close()
        shutdown_tasks()
        store.close()
    print(f"Captures écrites dans {OUT.relative_to(paths.bundle_root())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
