"""The dialog of an activity step: what to do in the real ENT, its checklist (each box saved
as soon as it is ticked) and an optional note (saved when the dialog closes).

Signal: ``progressChanged(object)`` — the pathway's new ``PathwayProgress`` after a tick.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.pathways import PathwayProgress, PathwayStep, StepState
from ent_coach.domain.profiles import Profile
from ent_coach.ui.context import AppContext
from ent_coach.ui.hub import Changes
from ent_coach.ui.ops import CollectionOp, call_in_worker
from ent_coach.ui.pathways import texts
from ent_coach.ui.widgets import error_label, heading_label, muted_label

NOTE_MAX = 2000


class ActivityDialog(QDialog):
    progressChanged = Signal(object)

    def __init__(
        self,
        context: AppContext,
        profile: Profile,
        pathway_id: str,
        step: PathwayStep,
        state: StepState,
        ticked: frozenset[str],
        note: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._profile = profile
        self.pathway_id = pathway_id
        self.step = step
        self._saved_note = note
        self.setWindowTitle(self.tr("Activité dans votre ENT"))
        self.resize(620, 560)

        title = heading_label(step.title, level=2, parent=self)
        duration = muted_label(
            self.tr("%1 · à faire dans votre ENT réel, pas dans ENT Coach")
            .replace("%1", texts.about(step.minutes).capitalize()),
            self,
        )
        instructions = QLabel(step.instructions or "", self)
        instructions.setWordWrap(True)
        instructions.setTextFormat(Qt.TextFormat.PlainText)
        instructions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        hint = QLabel(
            self.tr(
                "<b>Fait dans mon ENT ?</b> Cochez chaque résultat dès que vous l'avez obtenu dans "
                "votre ENT : vos cases sont enregistrées aussitôt, et l'étape est terminée quand "
                "tout est coché."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setFrameShape(QFrame.Shape.StyledPanel)
        hint.setMargin(8)

        self.locked = state is StepState.LOCKED
        box = QGroupBox(self.tr("Ce que vous avez fait"), self)
        box_layout = QVBoxLayout(box)
        self.boxes: dict[str, QCheckBox] = {}
        for item in step.checklist:
            check = QCheckBox(item.text, box)
            check.setChecked(item.id in ticked)
            check.setEnabled(not self.locked)
            check.toggled.connect(lambda on, item_id=item.id: self._tick(item_id, on))
            box_layout.addWidget(check)
            self.boxes[item.id] = check
        self.lock_label = muted_label(
            self.tr("Cette étape n'est pas encore accessible : terminez d'abord l'étape précédente."),
            self,
        )
        self.lock_label.setVisible(self.locked)

        note_label = QLabel(self.tr("Votre &note (facultative) :"), self)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setAccessibleName(self.tr("Note sur l'activité"))
        self.note_edit.setPlaceholderText(
            self.tr("Ce que vous avez fait, ce qui reste à voir… Jamais de donnée réelle d'élève.")
        )
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlainText(note)
        note_label.setBuddy(self.note_edit)
        self.error = error_label(self)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("&Fermer"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(duration)
        layout.addWidget(instructions)
        layout.addWidget(hint)
        layout.addWidget(box)
        layout.addWidget(self.lock_label)
        layout.addWidget(note_label)
        layout.addWidget(self.note_edit, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        first = next(iter(self.boxes.values()), None)
        if first is not None and not self.locked:
            first.setFocus()

    @Slot()
    def _tick(self, item_id: str, ticked: bool) -> None:
        service = self._context.pathways
        profile, pathway_id, step_id = self._profile, self.pathway_id, self.step.id

        def done(progress: PathwayProgress) -> None:
            self.error.hide()
            self.progressChanged.emit(progress)
            self._context.hub.changesApplied.emit(Changes(progress=True), self)

        def failed(error: Exception) -> None:
            check = self.boxes[item_id]
            check.blockSignals(True)
            check.setChecked(not ticked)  # nothing was stored: show it as it is
            check.blockSignals(False)
            self.error.setText(str(error) if isinstance(error, ValueError) else self.tr(
                "La case n'a pas pu être enregistrée : %1"
            ).replace("%1", str(error)))
            self.error.show()

        CollectionOp(
            parent=self,
            op=lambda: service.set_ticked(profile, pathway_id, step_id, item_id, ticked),
        ).success(done).failure(failed).run()

    def save_note(self) -> bool:
        """Save the note if it changed; False (with the reason shown) when it cannot be."""
        text = self.note_edit.toPlainText()
        if text == self._saved_note:
            return True
        if len(text) > NOTE_MAX:
            self._show_note_error(
                self.tr("La note est trop longue (%1 caractères, %2 au plus).")
                .replace("%1", str(len(text))).replace("%2", str(NOTE_MAX))
            )
            return False
        service = self._context.pathways
        profile, pathway_id, step_id = self._profile, self.pathway_id, self.step.id
        try:
            call_in_worker(lambda: service.save_note(profile, pathway_id, step_id, text))
        except Exception as error:  # a store or validation error: keep the dialog and the text
            self._show_note_error(str(error))
            return False
        self._saved_note = text
        return True

    def _show_note_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.note_edit.setFocus()

    def done(self, result: int) -> None:
        # Closing (button, Échap or the window's cross) saves the note; a note that cannot be
        # saved keeps the dialog open so that nothing typed is lost.
        if not self.save_note():
            return
        super().done(result)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if not self.save_note():
            event.ignore()
            return
        super().closeEvent(event)
