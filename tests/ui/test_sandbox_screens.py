"""pytest-qt tests of the sandbox: one scenario played end to end through the real screens
(share dialog, Vérifier, hint, undo / redo, pass), « Voir comme… », free mode's live
warnings, deletion with the keyboard, and the catalogue's progress."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog

from ent_coach.domain.sandbox.commands import AddToShare
from ent_coach.domain.sandbox.model import Comments, Publication, Visibility
from ent_coach.ui.main_window import SANDBOX
from ent_coach.ui.sandbox.see_as import SeeAsDialog
from ent_coach.ui.sandbox.share_dialog import ShareDialog
from ent_coach.ui.sandbox.tree import ITEM_ID_ROLE
from tests.ui.test_screens import create_profile

SCENARIO = "blog-de-la-4b"


@pytest.fixture
def sandbox(qtbot, app_window, wait_ops, no_dialogs):
    window, context = app_window
    create_profile(window, wait_ops)
    window.show_section(SANDBOX)
    wait_ops()
    window.activateWindow()  # shortcuts need an active window
    qtbot.waitUntil(window.isActiveWindow)
    return window, context, window.sandbox


def open_from_catalogue(qtbot, page, wait_ops, ident: str) -> None:
    pane = page.catalogue.scenarios
    rows = [pane.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(pane.list.count())]
    pane.list.setCurrentRow(rows.index(ident))
    pane.list.setFocus()
    qtbot.keyClick(pane.list, Qt.Key.Key_Return)
    wait_ops()
    assert page.currentWidget() is page.workspace


def select(view, item_id: str) -> None:
    tree = view.tree
    for row in tree.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive):
        if row.data(0, ITEM_ID_ROLE) == item_id:
            tree.setCurrentItem(row, 0, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            tree.setFocus()
            return
    raise AssertionError(item_id)


def box(dialog: ShareDialog, principal: str, label: str):
    column = 1 + [dialog._spec.levels[level] for level in dialog._levels].index(label)
    for row in range(dialog.table.rowCount()):
        if dialog.principal_at(row) == principal:
            return dialog.table.item(row, column)
    raise AssertionError(principal)


def report_text(view) -> str:
    return view.report.toPlainText()


def test_a_scenario_played_end_to_end(qtbot, sandbox, wait_ops, monkeypatch) -> None:
    window, context, page = sandbox
    assert "0 sur 18" in page.catalogue.summary.text()
    open_from_catalogue(qtbot, page, wait_ops, SCENARIO)
    view = page.workspace
    assert "Consigne" in report_text(view)

    # Vérifier straight away: the traps of the brief are reported.
    qtbot.keyClick(view.tree, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    text = report_text(view)
    assert "Pas encore" in text and "« Commenter » laissé coché pour les familles" in text

    view.hint_button.click()
    wait_ops()
    # Qt's plain text turns the no-break spaces of French typography into ordinary ones.
    assert view.sitting.hints[0].replace("\u00a0", " ") in report_text(view)
    assert view.hint_button.text() == "Indice (2/3)"

    # The share dialog, driven like a user: remove the school-wide group, add the class,
    # tick « Contribuer », untick « Commenter » for the parents.
    def share(dialog: ShareDialog) -> QDialog.DialogCode:
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        dialog.table.setFocus()
        for row in range(dialog.table.rowCount()):
            if dialog.principal_at(row) == "eleves-etab":
                dialog.table.setCurrentCell(row, 1)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
        assert "eleves-etab" not in dialog.rows
        dialog.who.setFocus()
        dialog.who.lineEdit().setText("Élèves de la classe 4B (groupe)")  # QTest types ASCII only
        qtbot.keyClick(dialog.who, Qt.Key.Key_Space)
        qtbot.keyClick(dialog.who, Qt.Key.Key_Backspace)
        dialog.add_button.click()
        assert (
            box(dialog, "eleves-4b", "Commenter").checkState() == Qt.CheckState.Checked
        )  # pre-ticked
        box(dialog, "eleves-4b", "Contribuer").setCheckState(Qt.CheckState.Checked)
        box(dialog, "parents-4b", "Commenter").setCheckState(Qt.CheckState.Unchecked)
        # Ticking « Gérer » would tick what it needs; unticking it goes back.
        box(dialog, "parents-4b", "Gérer").setCheckState(Qt.CheckState.Checked)
        assert box(dialog, "parents-4b", "Contribuer").checkState() == Qt.CheckState.Checked
        box(dialog, "parents-4b", "Contribuer").setCheckState(Qt.CheckState.Unchecked)
        assert box(dialog, "parents-4b", "Gérer").checkState() == Qt.CheckState.Unchecked
        dialog.hide()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ShareDialog, "exec", share)
    select(view, "blog-4b")
    qtbot.keyClick(
        view.tree,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    wait_ops()
    blog = view.ws.items["blog-4b"]
    assert {share.principal for share in blog.shares} == {"eleves-4b", "parents-4b"}

    window.activateWindow()  # the dialog had the focus
    qtbot.waitUntil(window.isActiveWindow)
    panel = view.panel
    panel.publication.setCurrentIndex(panel.publication.findData(Publication.VALIDATION))
    panel.publication.activated.emit(panel.publication.currentIndex())
    panel.comments.setCurrentIndex(panel.comments.findData(Comments.MODERES))
    panel.comments.activated.emit(panel.comments.currentIndex())
    assert view.ws.items["blog-4b"].comments is Comments.MODERES

    # Undo and redo with the keyboard, labels included.
    assert view.undo_action.text() == "Annuler"
    assert view.undo_action.toolTip().startswith("Annuler : régler les commentaires")
    qtbot.keyClick(view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.ws.items["blog-4b"].comments is Comments.IMMEDIATS
    qtbot.keyClick(view.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert view.ws.items["blog-4b"].comments is Comments.MODERES
    wait_ops()

    qtbot.keyClick(view.tree, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    assert "Réussi : tous les objectifs sont atteints" in report_text(view)

    with context.profiles._store.reader() as connection:
        verbs = [
            json.loads(row[0])["verb"]["id"].rsplit("/", 1)[-1]
            for row in connection.execute("SELECT payload FROM statements ORDER BY rowid")
        ]
    assert verbs == ["attempted", "failed", "passed"]

    qtbot.keyClick(view.tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    wait_ops()
    assert page.currentWidget() is page.catalogue
    assert "1 sur 18" in page.catalogue.summary.text()
    assert page.catalogue.scenarios.start.text() in ("Refaire", "Commencer")


def test_see_as_shows_what_each_persona_reaches(qtbot, sandbox, wait_ops) -> None:
    _, _, page = sandbox
    open_from_catalogue(qtbot, page, wait_ops, SCENARIO)
    view = page.workspace

    dialog = SeeAsDialog(view.ws, view, who="tom")
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItemCount() == 1  # a pupil of 4C reaches the 4B blog
    assert "contribuer" in dialog.tree.currentItem().text(1)
    assert "Élèves de l'établissement" in dialog.reason.text()

    for command in view.sitting.solution:
        view.execute(command)
    wait_ops()
    dialog = SeeAsDialog(view.ws, view, who="tom")
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItemCount() == 0
    assert "ne voit rien" in dialog.empty.text()
    dialog.viewer.setCurrentIndex(dialog.viewer.findData("m-bernard"))
    assert dialog.tree.currentItem().text(1) == "voir"


def test_free_mode_warns_live_and_delete_is_undoable(qtbot, sandbox, wait_ops) -> None:
    _, _, page = sandbox
    page.catalogue.tabs.setCurrentIndex(1)
    pane = page.catalogue.templates
    ids = [pane.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(pane.list.count())]
    assert len(ids) >= 4
    pane.list.setCurrentRow(ids.index("classe-de-6e"))
    pane.start.click()
    wait_ops()
    view = page.workspace
    assert "Alertes (0)" in report_text(view)
    assert not view.verify_button.isVisible()

    blog = next(i.id for i in view.ws.objects() if i.app is not None and i.app.value == "blog")
    select(view, blog)
    view.panel.visibility.setCurrentIndex(1)
    view.panel.visibility.activated.emit(1)
    assert view.ws.items[blog].visibility is Visibility.PUBLIC
    assert "Alertes (0)" in report_text(view)  # a public blog with nothing personal is fine
    view.execute(AddToShare(blog, "parents-etab"))
    assert "Alerte (1)" in report_text(view) and "Public trop large" in report_text(view)

    count = len(view.ws.items)
    select(view, blog)
    qtbot.keyClick(view.tree, Qt.Key.Key_Delete)  # confirmed by the no_dialogs fixture
    assert blog not in view.ws.items and len(view.ws.items) == count - 1
    assert "Alertes (0)" in report_text(view)
    qtbot.keyClick(view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert blog in view.ws.items
    wait_ops()

    # Leaving and coming back resumes the same workspace.
    state = view.ws
    page.show_catalogue()
    wait_ops()
    page.open_template("classe-de-6e")
    wait_ops()
    assert page.workspace.ws == state


def test_free_mode_builds_a_space_an_application_and_a_blog(
    qtbot, sandbox, wait_ops, monkeypatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    _, _, page = sandbox
    page.open_template("classe-de-cm2")
    wait_ops()
    view = page.workspace
    answers = iter([("Club lecture", True), ("Blog", True), ("Blog du club lecture", True)])
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: next(answers)))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: next(answers)))
    view.space_action.trigger()
    assert view.tree.current_id() == "club-lecture"
    view.panel.buttons["application"].click()
    app = next(i.id for i in view.ws.items.values() if i.parent == "club-lecture")
    select(view, app)
    view.panel.buttons["ressource"].click()
    blog = view.ws.items["blog-du-club-lecture"]
    assert blog.owner == view.ws.player and blog.shares == ()
    assert view.ws.path_label(blog.id) == "Club lecture › Blog › Blog du club lecture"
