"""A pathway carries the learner: the pathway bar shows where a step sits while it is on
screen, and « Étape suivante ▶ » once it is done, for each kind of step."""

from __future__ import annotations

from ent_coach.ui.main_window import LIBRARY
from tests.ui.reading import read_to_the_end
from tests.ui.test_pathways_screen import _follow
from tests.ui.test_screens import create_profile

PREMIERS_PAS = "premiers-pas-dans-l-ent"


def test_tutorial_step_shows_its_place_then_the_next_step(qtbot, app_window, wait_ops) -> None:
    window, context = app_window
    create_profile(window, wait_ops)
    _follow(window, wait_ops, PREMIERS_PAS)
    window.open_step(PREMIERS_PAS, "decouvrir-l-ent")
    wait_ops()
    bar = window.step_bar
    assert window.stack.currentWidget() is window.reader
    assert bar.isVisible()
    assert "étape 2 sur" in bar.where.text() and "Premiers pas" in bar.where.text()
    assert not bar.next_button.isVisible()  # not done yet: no way to skip from here
    assert "Marquer comme terminé" in bar.where.text()  # says what completes the step
    assert not window.reader.next_button.isVisible()  # library order would leave the pathway

    read_to_the_end(window.reader)
    window.reader._mark_completed()
    wait_ops()
    qtbot.waitUntil(bar.next_button.isVisible)
    assert "Étape terminée" in bar.where.text()
    bar.next_button.click()
    wait_ops()
    # Step 1 (the self-assessment) is still to do: « Continuer » order opens the first left.
    progress = context.pathways.progress(context.profile, PREMIERS_PAS)
    assert progress.next_step is not None
    assert window.step_bar.step() == (PREMIERS_PAS, progress.next_step.step.id)
    assert window.step_bar.isVisible()


def test_scenario_and_quiz_steps_show_the_bar(qtbot, app_window, wait_ops) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    _follow(window, wait_ops, PREMIERS_PAS)
    for step_id, number in (("quiz-securite", 5), ("scenario-cahier-de-textes", 7)):
        window.open_step(PREMIERS_PAS, step_id)
        wait_ops()
        assert window.step_bar.isVisible(), step_id
        assert f"étape {number} sur" in window.step_bar.where.text()


def test_leaving_the_step_hides_the_bar(qtbot, app_window, wait_ops) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    _follow(window, wait_ops, PREMIERS_PAS)
    window.open_step(PREMIERS_PAS, "decouvrir-l-ent")
    wait_ops()
    assert window.step_bar.isVisible()
    window.show_section(LIBRARY)
    assert not window.step_bar.isVisible()
    window.open_tutorial("forum")
    wait_ops()
    assert window.reader.next_button.isVisible()  # outside a pathway step: library order
    window.open_step(PREMIERS_PAS, "comptes")
    wait_ops()
    window.step_bar.pathway_button.click()
    wait_ops()
    assert window.stack.currentWidget() is window.pathways
    assert not window.step_bar.isVisible()


def test_home_has_one_primary_action_and_suggests_in_the_pathway_order(qtbot, app_window, wait_ops) -> None:
    window, context = app_window
    create_profile(window, wait_ops)  # stagiaire du second degré, nothing followed yet
    home = window.home
    assert home.next_card.isVisible()
    assert home.next_title.text() == context.pathways.pathway(PREMIERS_PAS).title
    assert not home.continue_button.isVisible()  # no competing « Commencer »
    first = home.suggest_list.item(0).data(0x0100)
    assert first == "qu-est-ce-qu-un-ent"  # the recommended pathway's first tutorial
    assert home.suggest_title.text() == "Pour commencer"  # not followed yet


def test_step_bar_announces_a_finished_pathway(qtbot, app_window, wait_ops) -> None:
    from ent_coach.domain.pathways import PathwayProgress

    window, context = app_window
    create_profile(window, wait_ops)
    progress = context.pathways.progress(context.profile, PREMIERS_PAS)
    done = [type(s)(step=s.step, state=type(s.state).DONE) for s in progress.steps]
    finished = PathwayProgress(
        pathway=progress.pathway, steps=tuple(done), next_step=None, done_count=len(done),
        available_count=len(done), percent_steps=100, percent_minutes=100, minutes_remaining=0,
    )
    bar = window.step_bar
    bar.show_step(finished, done[-1].step.id)
    assert "Parcours terminé" in bar.where.text()
    assert bar.next_button.text().replace("&", "") == "Voir le bilan du parcours"
    with qtbot.waitSignal(bar.pathwayRequested) as signal:
        bar.next_button.click()
    assert signal.args == [PREMIERS_PAS]


def test_restart_with_a_pin_asks_over_the_profiles_not_a_half_built_home(
    qtbot, isolated_data_dir, wait_ops, monkeypatch
) -> None:
    from ent_coach.domain.taxonomy import Role
    from ent_coach.ui import main_window as module
    from ent_coach.ui.ops import call_in_worker, shutdown_tasks
    from tests.ui.conftest import make_window

    window, context = make_window(qtbot, isolated_data_dir)
    wait_ops()
    profile = call_in_worker(
        lambda: context.profiles.create(display_name="Léa", role=Role.STAGIAIRE_2D, pin="2468")
    )
    call_in_worker(lambda: context.profiles.open(profile.id))
    seen: list[object] = []

    def ask(parent, _context, _profile) -> bool:
        seen.append(parent.stack.currentWidget())
        return True

    monkeypatch.setattr(module, "ask_pin", ask)
    window.start()
    wait_ops()
    assert seen == [window.welcome]
    assert window.stack.currentWidget() is window.home
    window.close()
    wait_ops()
    shutdown_tasks()
    context.profiles._store.close()


def test_welcome_form_gives_each_control_its_own_alt_letter(app_window) -> None:
    from tests.ui.mnemonics import shared_alt_letters

    window, _context = app_window
    assert window.stack.currentWidget() is window.welcome
    assert shared_alt_letters(window.welcome) == {}  # Alt+C was both « Confirmation » and « Créer »


def test_home_cards_appear_together_once_filled(app_window, wait_ops) -> None:
    from ent_coach.ui.home import HomePage

    window, context = app_window
    create_profile(window, wait_ops)
    home = HomePage(context)
    home.refresh()
    assert not home.cards.isVisibleTo(home)  # no empty card with a live button meanwhile
    wait_ops()
    assert home.cards.isVisibleTo(home)
    assert home.next_title.text() and home.completed_label.text()
    home.deleteLater()


def test_quiz_step_says_a_full_training_at_the_mark_completes_it(qtbot, app_window, wait_ops) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    _follow(window, wait_ops, PREMIERS_PAS)
    window.open_step(PREMIERS_PAS, "quiz-securite")
    wait_ops()
    assert "80 %" in window.step_bar.where.text() and "erreurs ne suffit pas" in window.step_bar.where.text()
