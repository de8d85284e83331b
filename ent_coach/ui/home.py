"""Home screen: continue reading, progress, recently read, suggestions for the role."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.text import format_duration
from ent_coach.domain.tutorials import Tutorial
from ent_coach.services.library import HomeSummary, TutorialState
from ent_coach.ui.context import AppContext
from ent_coach.ui.hub import Changes
from ent_coach.ui.ops import QueryOp
from ent_coach.ui.widgets import heading_label, muted_label

SUGGESTION_COUNT = 4


def _card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    return frame, layout


class HomePage(QWidget):
    openTutorialRequested = Signal(str)
    libraryRequested = Signal()
    populated = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.greeting = heading_label("", level=1)

        continue_card, continue_layout = _card()
        continue_layout.addWidget(heading_label(self.tr("Continuer la lecture"), level=2))
        self.continue_title = QLabel()
        self.continue_title.setWordWrap(True)
        self.continue_button = QPushButton(self.tr("&Reprendre"))
        self.continue_button.clicked.connect(self._continue)
        continue_layout.addWidget(self.continue_title)
        continue_layout.addWidget(self.continue_button, alignment=Qt.AlignmentFlag.AlignLeft)
        continue_layout.addStretch(1)

        progress_card, progress_layout = _card()
        progress_layout.addWidget(heading_label(self.tr("Votre progression"), level=2))
        self.completed_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Tutoriels terminés"))
        self.time_label = muted_label()
        self.library_button = QPushButton(self.tr("Voir tous les &tutoriels"))
        self.library_button.clicked.connect(self.libraryRequested)
        progress_layout.addWidget(self.completed_label)
        progress_layout.addWidget(self.progress_bar)
        progress_layout.addWidget(self.time_label)
        progress_layout.addWidget(self.library_button, alignment=Qt.AlignmentFlag.AlignLeft)
        progress_layout.addStretch(1)

        recent_card, recent_layout = _card()
        recent_layout.addWidget(heading_label(self.tr("Lus récemment"), level=2))
        self.recent_list = self._tutorial_list(self.tr("Tutoriels lus récemment"))
        self.recent_empty = muted_label(self.tr("Aucun tutoriel ouvert pour l'instant."))
        recent_layout.addWidget(self.recent_list)
        recent_layout.addWidget(self.recent_empty)

        suggest_card, suggest_layout = _card()
        self.suggest_title = heading_label(self.tr("Pour commencer"), level=2)
        self.suggest_list = self._tutorial_list(self.tr("Tutoriels suggérés"))
        suggest_layout.addWidget(self.suggest_title)
        suggest_layout.addWidget(self.suggest_list)

        grid = QGridLayout()
        grid.addWidget(continue_card, 0, 0)
        grid.addWidget(progress_card, 0, 1)
        grid.addWidget(recent_card, 1, 0)
        grid.addWidget(suggest_card, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.greeting)
        layout.addLayout(grid, 1)
        self._continue_id: str | None = None
        context.hub.changesApplied.connect(self._on_changes)

    def _tutorial_list(self, name: str) -> QListWidget:
        widget = QListWidget()
        widget.setAccessibleName(name)
        widget.setWordWrap(True)
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.itemActivated.connect(self._open_item)
        return widget

    def refresh(self) -> None:
        profile = self._context.profile
        if profile is None:
            return
        self.greeting.setText(self.tr("Bonjour %1").replace("%1", profile.display_name))

        def load() -> tuple[HomeSummary, dict[str, TutorialState]]:
            return self._context.library.home_summary(profile), self._context.library.states(profile)

        QueryOp(parent=self, op=load).success(self._show).run()

    @Slot(object)
    def _show(self, data: tuple[HomeSummary, dict[str, TutorialState]]) -> None:
        summary, states = data
        if summary.continue_reading is not None:
            self._continue_id = summary.continue_reading.id
            self.continue_title.setText(summary.continue_reading.title)
            self.continue_button.setText(self.tr("&Reprendre"))
        else:
            first = self._suggestions(states, 1)
            self._continue_id = first[0].id if first else None
            self.continue_title.setText(
                self.tr("Rien en cours. Suggestion : %1").replace("%1", first[0].title) if first
                else self.tr("Vous avez terminé tous les tutoriels. Bravo !")
            )  # fmt: skip
            self.continue_button.setText(self.tr("&Commencer"))
        self.continue_button.setEnabled(self._continue_id is not None)

        self.completed_label.setText(
            self.tr("%1 tutoriel(s) terminé(s) sur %2")
            .replace("%1", str(summary.completed_count))
            .replace("%2", str(summary.total_count))
        )
        self.progress_bar.setRange(0, max(1, summary.total_count))
        self.progress_bar.setValue(summary.completed_count)
        self.time_label.setText(
            self.tr("Temps de lecture total : %1").replace("%1", format_duration(summary.total_reading_seconds))
        )
        self._fill(self.recent_list, list(summary.recent))
        self.recent_list.setVisible(bool(summary.recent))
        self.recent_empty.setVisible(not summary.recent)
        self._fill(self.suggest_list, self._suggestions(states, SUGGESTION_COUNT))
        self.populated.emit()

    def _suggestions(self, states: dict[str, TutorialState], count: int) -> list[Tutorial]:
        """Unread tutorials for the profile's role first, shortest and easiest first."""
        profile = self._context.profile
        role = profile.role.value if profile else None
        unread = [t for t in self._context.tutorials if states.get(t.id) is None or states[t.id].last_seen_at is None]
        level_rank = {"debutant": 0, "intermediaire": 1, "avance": 2}
        unread.sort(key=lambda t: (role not in t.audiences, level_rank.get(t.level, 3), t.duration_minutes))
        return unread[:count]

    @staticmethod
    def _fill(widget: QListWidget, tutorials: list[Tutorial]) -> None:
        widget.clear()
        for tutorial in tutorials:
            item = QListWidgetItem(f"{tutorial.title} · {tutorial.duration_minutes} min")
            item.setToolTip(tutorial.summary)
            item.setData(Qt.ItemDataRole.UserRole, tutorial.id)
            widget.addItem(item)

    @Slot(QListWidgetItem)
    def _open_item(self, item: QListWidgetItem) -> None:
        self.openTutorialRequested.emit(item.data(Qt.ItemDataRole.UserRole))

    @Slot()
    def _continue(self) -> None:
        if self._continue_id:
            self.openTutorialRequested.emit(self._continue_id)

    @Slot(object, object)
    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.progress or changes.profile:
            self.refresh()
