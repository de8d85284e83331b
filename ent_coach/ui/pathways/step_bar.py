"""The pathway bar: while a step opened from a pathway is on screen, where the learner is
(« Parcours « … » · étape 3 sur 10 ») and, once the step is done, « Étape suivante ▶ ».

Without it every step was a dead end: a tutorial marked done, a quiz passed or a scenario
solved left the learner on that screen, and the way on was back through the pathway page.

Signals (the main window routes them):
- ``nextStepRequested(str, str)`` — open that step (pathway id, step id);
- ``pathwayRequested(str)`` — show the pathway's page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

if TYPE_CHECKING:  # the bar is built at start-up, the pathways' model only when a step opens
    from ent_coach.domain.pathways import PathwayProgress, StepProgress


class StepBar(QFrame):
    nextStepRequested = Signal(str, str)
    pathwayRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Étape du parcours"))
        self._pathway_id: str | None = None
        self._next: tuple[str, str] | None = None
        self._was_done = False

        self.where = QLabel(self)
        self.where.setWordWrap(True)
        self.where.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.pathway_button = QPushButton(self.tr("Retour au parcours"), self)
        self.pathway_button.clicked.connect(self._to_pathway)
        self.next_button = QPushButton(self.tr("Étape suivante ▶"), self)
        self.next_button.clicked.connect(self._to_next)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.where, 1)
        layout.addWidget(self.pathway_button)
        layout.addWidget(self.next_button)
        self.hide()

    @property
    def pathway_id(self) -> str | None:
        return self._pathway_id

    def show_step(self, progress: PathwayProgress, step_id: str, *, announce: bool = False) -> None:
        """Show where ``step_id`` sits in ``progress``. ``announce``: the step may just have
        been completed by the learner; if so, « Étape suivante » takes the focus (Entrée
        goes on)."""
        index = next((i for i, s in enumerate(progress.steps) if s.step.id == step_id), None)
        if index is None:
            self.clear()
            return
        state: StepProgress = progress.steps[index]
        pathway = progress.pathway
        first = self._pathway_id != pathway.id or self.property("stepId") != step_id
        self._pathway_id = pathway.id
        self.setProperty("stepId", step_id)
        where = (
            self.tr("Parcours « %1 » · étape %2 sur %3 : %4")
            .replace("%1", pathway.title)
            .replace("%2", str(index + 1))
            .replace("%3", str(len(progress.steps)))
            .replace("%4", state.step.title)
        )
        following = progress.next_step
        self._next = None
        if state.done:
            if following is not None:
                self._next = (pathway.id, following.step.id)
                self.next_button.setText(self.tr("Étape suivante ▶"))
                self.next_button.setToolTip(following.step.title)
                where = self.tr("✓ Étape terminée. %1").replace("%1", where)
            else:
                self.next_button.setText(self.tr("Voir le bilan du parcours"))
                self.next_button.setToolTip("")
                where = self.tr("✓ Parcours terminé. %1").replace("%1", where)
        if not state.done:
            # Why the step is not done yet, and what completes it (a tutorial read to its end
            # or a training redone on its mistakes only does not).
            where = f"{where}\n{self._how_to_complete(state)}"
        self.where.setText(where)
        self.where.setAccessibleName(where)
        self.next_button.setVisible(state.done)
        self.next_button.setDefault(state.done)
        self.show()
        if state.done and announce and not first and not self._was_done:
            self.next_button.setFocus()
        self._was_done = state.done

    def _how_to_complete(self, state: StepProgress) -> str:
        from ent_coach.domain.pathways import StepKind

        match state.step.kind:
            case StepKind.TUTORIAL:
                return self.tr("Une fois lu, « Marquer comme terminé » (Ctrl+D) valide l'étape.")
            case StepKind.QUIZ_THEME:
                return self.tr(
                    "Validée par un entraînement complet sur le thème réussi à %1 au moins "
                    "(refaire ses erreurs ne suffit pas)."
                ).replace("%1", f"{round(state.step.effective_pass_mark * 100)} %")
            case StepKind.QUIZ_ASSESSMENT:
                return self.tr("Validée par une évaluation réussie à %1 au moins.").replace(
                    "%1", f"{round(state.step.effective_pass_mark * 100)} %"
                )
            case StepKind.SCENARIO:
                return self.tr("Validée quand « Vérifier » montre tous les objectifs atteints.")
            case StepKind.SELF_ASSESSMENT:
                return self.tr("Validée quand votre auto-évaluation est enregistrée.")
            case StepKind.PRACTICE:
                return self.tr("Validée dès que la pratique a été ouverte.")
        return self.tr("Validée quand chaque point de la liste est coché.")

    def clear(self) -> None:
        self._pathway_id, self._next, self._was_done = None, None, False
        self.setProperty("stepId", None)
        self.hide()

    def step(self) -> tuple[str, str] | None:
        """The (pathway id, step id) shown, if any."""
        step_id = self.property("stepId")
        return (self._pathway_id, step_id) if self._pathway_id and step_id else None

    @Slot()
    def _to_next(self) -> None:
        if self._next is not None:
            self.nextStepRequested.emit(*self._next)
        elif self._pathway_id is not None:
            self.pathwayRequested.emit(self._pathway_id)

    @Slot()
    def _to_pathway(self) -> None:
        if self._pathway_id is not None:
            self.pathwayRequested.emit(self._pathway_id)

