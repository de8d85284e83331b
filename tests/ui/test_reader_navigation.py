"""The reader's « Retour » leads back where the tutorial was opened from: the tutorial a
link came from, then the screen that opened the reader (search, home…), not always the
library."""

from __future__ import annotations

from PySide6.QtCore import QUrl

from ent_coach.ui.main_window import HOME, SEARCH
from tests.ui.reading import read_to_the_end
from tests.ui.test_screens import create_profile


def test_back_goes_through_links_then_to_the_opening_screen(app_window, wait_ops) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    window.show_section(SEARCH)
    window.open_tutorial("blog-de-classe")
    wait_ops()
    reader = window.reader
    assert "Recherche" in reader.back_button.toolTip()
    reader.browser.anchorClicked.emit(QUrl("tutoriel:droit-a-l-image-et-oeuvres-des-eleves"))
    wait_ops()
    assert reader.tutorial.id == "droit-a-l-image-et-oeuvres-des-eleves"
    assert "Tenir un blog de classe" in reader.back_button.toolTip()
    reader.back_button.click()
    wait_ops()
    assert reader.tutorial.id == "blog-de-classe"
    reader.back_button.click()
    wait_ops()
    assert window.stack.currentWidget() is window.search


def test_back_from_a_tutorial_opened_on_the_home_returns_home(app_window, wait_ops) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    window.show_section(HOME)
    window.open_tutorial("forum")
    wait_ops()
    assert "Accueil" in window.reader.back_button.accessibleName()
    window.reader.back_button.click()
    wait_ops()
    assert window.stack.currentWidget() is window.home


def test_marking_done_at_once_without_reading_asks_first(app_window, wait_ops, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    window, context = app_window
    create_profile(window, wait_ops)
    window.resize(1024, 700)
    window.open_tutorial("rgpd-les-bases")
    wait_ops()
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    reader = window.reader
    reader.complete_button.click()
    wait_ops()
    assert len(asked) == 1 and "jusqu'à la fin" in asked[0]
    assert reader.complete_button.isEnabled()  # « Non »: not done
    assert context.library.states(context.profile)["rgpd-les-bases"].status != "termine"
    answer[0] = QMessageBox.StandardButton.Yes
    reader.complete_button.click()
    wait_ops()
    assert not reader.complete_button.isEnabled()

    window.open_tutorial("forum")
    wait_ops()
    read_to_the_end(reader)
    reader.complete_button.click()
    wait_ops()
    assert len(asked) == 2  # read to its end: nothing asked
    assert not reader.complete_button.isEnabled()


def test_reader_says_how_long_for_whom_and_how_recent_under_the_title(app_window, wait_ops) -> None:
    window, context = app_window
    create_profile(window, wait_ops)
    window.open_tutorial("forum")
    wait_ops()
    tutorial = context.library.tutorial("forum")
    lines = window.reader.browser.document().toPlainText().splitlines()
    facts = next(line for line in lines if "min de lecture" in line)
    assert f"{tutorial.duration_minutes} min de lecture" in facts and "à jour au" in facts
    assert lines.index(facts) < 3  # right under the title
