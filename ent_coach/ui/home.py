"""Home screen: « Continuer » (the next step of the current pathway), the followed pathways,
quiz items due for review, reading progress and recent reading, suggestions, a discreet
self-assessment summary, and a guided welcome the first time a profile opens.

Signals (the main window routes them):
- ``openTutorialRequested(str)`` — a tutorial id; ``libraryRequested()`` — the tutorials;
- ``stepRequested(str, str)`` — open a pathway step (pathway id, step id);
- ``pathwayRequested(str)`` — show that pathway's page; ``pathwaysRequested()`` — the catalogue;
- ``reviewRequested()`` — start the quiz review; ``assessmentProfileRequested()`` — the
  self-assessment profile;
- ``populated()`` — the first part of the page is on screen (start-up work may begin);
- ``nextActionShown()`` — the « Continuer » card holds the next action.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.profiles import Profile
from ent_coach.domain.text import format_duration, plural
from ent_coach.domain.tutorials import Tutorial
from ent_coach.services.library import HomeSummary, TutorialState
from ent_coach.ui.context import AppContext
from ent_coach.ui.hub import Changes
from ent_coach.ui.ops import CollectionOp, QueryOp
from ent_coach.ui.profiles import GuidedWelcome, mark_welcome_seen, welcome_seen
from ent_coach.ui.widgets import heading_label, muted_label, scoped_shortcut

if TYPE_CHECKING:
    from ent_coach.domain.pathways import Pathway
    from ent_coach.services.pathways import PathwayOverview

log = logging.getLogger(__name__)

SUGGESTION_COUNT = 4
LIST_HEIGHT = 150


def _today() -> dt.date:
    return dt.date.today()


@dataclass(frozen=True)
class PathwayHome:
    """What the pathway part of the home shows, loaded on the worker."""

    current: PathwayOverview | None  # the followed pathway « Continuer » carries on
    followed: list[PathwayOverview] = field(default_factory=list)
    recommended: Pathway | None = None  # offered when nothing is followed
    next_pathway: Pathway | None = None  # offered when every followed pathway is finished
    guide: Pathway | None = None  # whose order the reading suggestions follow
    due_reviews: int = 0
    last_self_assessment: dt.datetime | None = None


@dataclass(frozen=True)
class HomeExtras:
    """Quiz items due and the last self-assessment: read after the next step is shown (they
    need the quiz bank and the competence framework)."""

    due_reviews: int = 0
    last_self_assessment: dt.datetime | None = None


def _card(parent: QWidget) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame(parent)
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    return frame, layout


def load_next_step(context: AppContext, profile: Profile) -> PathwayHome:
    """On the worker: record what was done elsewhere, then find the next step."""
    from ent_coach.domain.pathways import pathways_for_role

    service = context.pathways
    service.record_progress(profile)
    overview = service.overview(profile)
    followed = [row for row in overview if row.followed]

    def last_active(row: PathwayOverview) -> dt.datetime:
        times = service.step_times(profile, row.pathway.id)
        moments = [t.completed_at for t in times.values() if t.completed_at is not None]
        if row.started_at is not None:
            moments.append(row.started_at)
        return max(moments, default=dt.datetime.min)

    unfinished = [row for row in followed if row.progress.next_step is not None]
    current = max(unfinished, key=last_active, default=None)
    recommended = service.recommended(profile.role)
    next_pathway = None
    if followed and current is None:
        # Every followed pathway is finished: the next one for the role, in its order.
        done = {row.pathway.id for row in followed}
        next_pathway = next(
            (p for p in pathways_for_role(service.pathways(), profile.role) if p.id not in done), None
        )
    return PathwayHome(
        current=current,
        followed=followed,
        recommended=recommended if not followed else None,
        next_pathway=next_pathway,
        guide=current.pathway if current is not None else (next_pathway or recommended),
    )


def load_home_extras(context: AppContext, profile: Profile, today: dt.date) -> HomeExtras:
    due = 0
    try:
        due = sum(state.is_due(today) for state in context.quiz.review_queue(profile))
    except Exception as error:  # the quiz bank may be unreadable: the rest of the home stays
        log.warning("Révisions du quiz indisponibles sur l'accueil : %s", error)
    last = None
    try:
        history = context.assessment.history(profile)
        last = history[-1].created_at if history else None
    except Exception as error:
        log.warning("Auto-évaluation indisponible sur l'accueil : %s", error)
    return HomeExtras(due_reviews=due, last_self_assessment=last)


class HomePage(QWidget):
    openTutorialRequested = Signal(str)
    libraryRequested = Signal()
    stepRequested = Signal(str, str)
    pathwayRequested = Signal(str)
    pathwaysRequested = Signal()
    reviewRequested = Signal()
    assessmentProfileRequested = Signal()
    populated = Signal()
    nextActionShown = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._continue_id: str | None = None
        self._next: tuple[str, str] | None = None  # (pathway id, step id) « Continuer » opens
        self._offered: str | None = None  # recommended pathway offered to follow
        self.pathway_data: PathwayHome | None = None

        content = QWidget(self)
        self.greeting = heading_label("", level=1, parent=content)
        # The guided welcome is built the first time it is shown (most openings never show it).
        self._welcome: GuidedWelcome | None = None
        self._welcome_holder = QWidget(content)
        self._welcome_layout = QVBoxLayout(self._welcome_holder)
        self._welcome_layout.setContentsMargins(0, 0, 0, 0)

        # -- « Continuer »: the next step of the current pathway ---------------------------
        next_card, next_layout = _card(content)
        self.next_card = next_card
        self.next_heading = heading_label(self.tr("Continuer"), level=2, parent=next_card)
        self.next_context = muted_label("", next_card)
        self.next_title = QLabel(next_card)
        self.next_title.setWordWrap(True)
        font = QFont(self.next_title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.next_title.setFont(font)
        self.next_detail = muted_label("", next_card)
        self.next_button = QPushButton(self.tr("&Continuer"), next_card)
        self.next_button.setAutoDefault(True)
        self.next_button.setDefault(True)
        self.next_button.setMinimumHeight(self.next_button.sizeHint().height() + 10)
        self.next_button.setMinimumWidth(180)
        self.next_button.clicked.connect(self._next_clicked)
        self.all_pathways_button = QPushButton(self.tr("Voir tous les &parcours"), next_card)
        self.all_pathways_button.clicked.connect(self.pathwaysRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.all_pathways_button)
        buttons.addStretch(1)
        for widget in (self.next_heading, self.next_context, self.next_title, self.next_detail):
            next_layout.addWidget(widget)
        next_layout.addLayout(buttons)
        next_layout.addStretch(1)

        # -- followed pathways -----------------------------------------------------------
        followed_card, followed_layout = _card(content)
        followed_layout.addWidget(heading_label(self.tr("Vos parcours"), level=2, parent=followed_card))
        self.followed_box = QVBoxLayout()
        followed_layout.addLayout(self.followed_box)
        self.followed_empty = muted_label(
            self.tr("Vous ne suivez aucun parcours pour l'instant."), followed_card
        )
        followed_layout.addWidget(self.followed_empty)
        followed_layout.addStretch(1)
        self.followed_rows: list[tuple[QPushButton, QProgressBar, QLabel]] = []
        self._followed_card = followed_card

        # -- reading: continue and overall progress (kept from the first home) -------------
        reading_card, reading_layout = _card(content)
        reading_layout.addWidget(heading_label(self.tr("Votre lecture"), level=2, parent=reading_card))
        self.continue_title = QLabel(reading_card)
        self.continue_title.setWordWrap(True)
        self.continue_button = QPushButton(self.tr("&Reprendre"), reading_card)
        self.continue_button.clicked.connect(self._continue)
        self.completed_label = QLabel(reading_card)
        self.progress_bar = QProgressBar(reading_card)
        self.progress_bar.setAccessibleName(self.tr("Tutoriels terminés"))
        self.time_label = muted_label("", reading_card)
        self.library_button = QPushButton(self.tr("Voir tous les &tutoriels"), reading_card)
        self.library_button.clicked.connect(self.libraryRequested)
        reading_buttons = QHBoxLayout()
        reading_buttons.addWidget(self.continue_button)
        reading_buttons.addWidget(self.library_button)
        reading_buttons.addStretch(1)
        for widget in (self.continue_title, self.completed_label, self.progress_bar, self.time_label):
            reading_layout.addWidget(widget)
        reading_layout.addLayout(reading_buttons)
        self._reading_layout = reading_layout
        reading_layout.addStretch(1)

        # -- quiz reviews due --------------------------------------------------------------
        review_card, review_layout = _card(content)
        review_layout.addWidget(heading_label(self.tr("À revoir"), level=2, parent=review_card))
        self.review_label = QLabel(review_card)
        self.review_label.setWordWrap(True)
        self.review_button = QPushButton(self.tr("Ré&viser maintenant"), review_card)
        self.review_button.clicked.connect(self.reviewRequested)
        self.review_button.setEnabled(False)  # until the quiz items due are counted
        review_layout.addWidget(self.review_label)
        review_layout.addWidget(self.review_button, alignment=Qt.AlignmentFlag.AlignLeft)
        review_layout.addStretch(1)

        # -- recent reading and suggestions -----------------------------------------------
        recent_card, recent_layout = _card(content)
        recent_layout.addWidget(heading_label(self.tr("Lus récemment"), level=2, parent=recent_card))
        self.recent_list = self._tutorial_list(self.tr("Tutoriels lus récemment"), recent_card)
        self.recent_empty = muted_label(self.tr("Aucun tutoriel ouvert pour l'instant."), recent_card)
        recent_layout.addWidget(self.recent_list)
        recent_layout.addWidget(self.recent_empty)
        recent_layout.addStretch(1)

        suggest_card, suggest_layout = _card(content)
        self.suggest_title = heading_label(self.tr("Pour commencer"), level=2, parent=suggest_card)
        self.suggest_list = self._tutorial_list(self.tr("Tutoriels suggérés"), suggest_card)
        suggest_layout.addWidget(self.suggest_title)
        suggest_layout.addWidget(self.suggest_list)
        suggest_layout.addStretch(1)

        # -- a discreet self-assessment line ----------------------------------------------
        self.assessment_box = QWidget(content)
        self.assessment_label = muted_label("", self.assessment_box)
        self.assessment_button = QPushButton(self.tr("Voir mon pro&fil"), self.assessment_box)
        self.assessment_button.clicked.connect(self.assessmentProfileRequested)
        assessment_row = QHBoxLayout(self.assessment_box)
        assessment_row.setContentsMargins(0, 0, 0, 0)
        assessment_row.addWidget(self.assessment_label)
        assessment_row.addWidget(self.assessment_button)
        assessment_row.addStretch(1)
        self.assessment_box.hide()
        # With the reading progress: the self-assessment is the other picture of where one is.
        self._reading_layout.insertWidget(self._reading_layout.count() - 1, self.assessment_box)

        grid = QGridLayout()
        grid.addWidget(next_card, 0, 0)
        grid.addWidget(followed_card, 0, 1)
        grid.addWidget(reading_card, 1, 0)
        grid.addWidget(review_card, 1, 1)
        grid.addWidget(recent_card, 2, 0)
        grid.addWidget(suggest_card, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        # The cards appear together once they hold something: empty cards with live buttons
        # (« Reprendre », « Réviser maintenant ») looked broken for a moment at each start.
        self.cards = QWidget(content)
        self.cards.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        self.cards.hide()
        column = QVBoxLayout(content)
        column.addWidget(self.greeting)
        column.addWidget(self._welcome_holder)
        column.addWidget(self.cards)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self._escape = scoped_shortcut(Qt.Key.Key_Escape, self, self._dismiss_welcome)
        self._escape.setEnabled(False)
        context.hub.changesApplied.connect(self._on_changes)

    def scroll_to_top(self) -> None:
        """Coming back to the home starts at its greeting, not where it was left."""
        self.scroll.verticalScrollBar().setValue(0)

    def _tutorial_list(self, name: str, parent: QWidget) -> QListWidget:
        widget = QListWidget(parent)
        widget.setAccessibleName(name)
        widget.setWordWrap(True)
        widget.setMaximumHeight(LIST_HEIGHT)
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.itemActivated.connect(self._open_item)
        return widget

    # -- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        profile = self._context.profile
        if profile is None:
            return
        self.greeting.setText(self.tr("Bonjour %1").replace("%1", profile.display_name))
        self._show_welcome(profile)
        context = self._context

        def load() -> tuple[HomeSummary, dict[str, TutorialState], PathwayHome | Exception]:
            summary, states = context.library.home_summary(profile), context.library.states(profile)
            try:
                pathways: PathwayHome | Exception = load_next_step(context, profile)
            except Exception as error:  # a broken pathway file: the reading part still shows
                pathways = error
            return summary, states, pathways

        def load_extras() -> None:
            today = _today()
            QueryOp(parent=self, op=lambda: load_home_extras(context, profile, today)).success(
                lambda extras: self._show_extras(profile, extras)
            ).run()

        # The next step comes with the first part of the page (one answer, one paint); the
        # quiz bank and the framework are read only once it is on screen.
        CollectionOp(parent=self, op=load).success(
            lambda data: (self._show(profile, data), load_extras())
        ).run()

    def _show(
        self, profile: Profile, data: tuple[HomeSummary, dict[str, TutorialState], PathwayHome | Exception]
    ) -> None:
        current_profile = self._context.profile
        if current_profile is None or current_profile.id != profile.id:
            return  # another profile opened meanwhile
        summary, states, pathways = data
        if isinstance(pathways, Exception):
            self._pathways_failed(pathways)
            guide = None
        else:
            self.pathway_data = pathways
            self._show_next(pathways)
            self._show_followed(pathways.followed)
            guide = pathways.guide
        self._show_reading(summary, states, guide)
        self.cards.show()
        self._focus_default()
        if self.isVisible():
            self.repaint()
        self.nextActionShown.emit()
        # Start-up work waits for this (it would hold the interpreter during the paint).
        self.populated.emit()

    def _show_reading(
        self, summary: HomeSummary, states: dict[str, TutorialState], guide: Pathway | None
    ) -> None:
        # One primary action on the page (« Continuer »): reading only offers to resume a
        # tutorial actually in progress, never a competing « Commencer ».
        if summary.continue_reading is not None:
            self._continue_id = summary.continue_reading.id
            self.continue_title.setText(
                self.tr("En cours : %1").replace("%1", summary.continue_reading.title)
            )
        else:
            self._continue_id = None
            self.continue_title.setText(
                self.tr("Aucun tutoriel en cours.") if summary.completed_count < summary.total_count
                else self.tr("Vous avez terminé tous les tutoriels. Bravo !")
            )  # fmt: skip
        self.continue_button.setVisible(self._continue_id is not None)
        self.completed_label.setText(
            plural(
                summary.completed_count,
                self.tr("%n tutoriel terminé sur %2"),
                self.tr("%n tutoriels terminés sur %2"),
            ).replace("%2", str(summary.total_count))
        )
        self.progress_bar.setRange(0, max(1, summary.total_count))
        self.progress_bar.setValue(summary.completed_count)
        self.time_label.setText(
            self.tr("Temps de lecture total : %1").replace("%1", format_duration(summary.total_reading_seconds))
        )
        self._fill(self.recent_list, list(summary.recent))
        self.recent_list.setVisible(bool(summary.recent))
        self.recent_empty.setVisible(not summary.recent)
        following = self.pathway_data is not None and self.pathway_data.current is not None
        self.suggest_title.setText(
            self.tr("Dans votre parcours") if following and guide is not None
            else self.tr("Pour commencer")
        )  # fmt: skip
        self._fill(self.suggest_list, self._suggestions(states, SUGGESTION_COUNT, guide))

    def _show_extras(self, profile: Profile, extras: HomeExtras) -> None:
        from ent_coach.ui.pathways import texts  # loaded after the first paint

        current_profile = self._context.profile
        if current_profile is None or current_profile.id != profile.id:
            return
        if self.pathway_data is not None:
            self.pathway_data = replace(
                self.pathway_data,
                due_reviews=extras.due_reviews,
                last_self_assessment=extras.last_self_assessment,
            )
        if extras.due_reviews:
            self.review_label.setText(
                (self.tr("%1 question du quiz à revoir aujourd'hui.") if extras.due_reviews == 1
                 else self.tr("%1 questions du quiz à revoir aujourd'hui."))
                .replace("%1", str(extras.due_reviews))
            )  # fmt: skip
        else:
            self.review_label.setText(
                self.tr("Rien à revoir aujourd'hui. Les questions manquées au quiz reviennent ici au bon moment.")
            )
        self.review_button.setEnabled(extras.due_reviews > 0)
        if extras.last_self_assessment is not None:
            self.assessment_label.setText(
                self.tr("Dernière auto-évaluation : %1").replace(
                    "%1", texts.french_date(extras.last_self_assessment)
                )
            )
        self.assessment_box.setVisible(extras.last_self_assessment is not None)

    def _show_next(self, data: PathwayHome) -> None:
        from ent_coach.ui.pathways import texts  # loaded after the first paint

        self._next, self._offered = None, None
        current = data.current
        if current is not None and current.progress.next_step is not None:
            step = current.progress.next_step.step
            number = current.progress.steps.index(current.progress.next_step) + 1
            self._next = (current.pathway.id, step.id)
            self.next_heading.setText(self.tr("Continuer"))
            self.next_context.setText(
                self.tr("Parcours « %1 » · étape %2 sur %3")
                .replace("%1", current.pathway.title)
                .replace("%2", str(number))
                .replace("%3", str(len(current.pathway.steps)))
            )
            self.next_title.setText(step.title)
            self.next_detail.setText(
                f"{texts.kind_label(step.kind)} · {texts.about(step.minutes)}"
            )
            self.next_button.setText(self.tr("&Continuer"))
        elif data.followed and data.next_pathway is not None:
            self._offered = data.next_pathway.id
            self.next_heading.setText(self.tr("Parcours terminé. Et ensuite ?"))
            self.next_context.setText(
                self.tr("Vous avez terminé les parcours que vous suivez. Bravo ! Pour aller plus loin :")
            )
            self.next_title.setText(data.next_pathway.title)
            self.next_detail.setText(
                f"{data.next_pathway.goal} ({texts.about(data.next_pathway.duration_minutes)})"
            )
            self.next_button.setText(self.tr("&Suivre ce parcours"))
        elif data.followed:
            self.next_heading.setText(self.tr("Parcours terminés"))
            self.next_context.setText("")
            self.next_title.setText(self.tr("Vous avez terminé les parcours proposés pour votre rôle. Bravo !"))
            self.next_detail.setText(self.tr("Les autres parcours restent ouverts dans « Parcours »."))
        elif data.recommended is not None:
            self._offered = data.recommended.id
            self.next_heading.setText(self.tr("Par où commencer ?"))
            self.next_context.setText(self.tr("Parcours recommandé pour votre rôle"))
            self.next_title.setText(data.recommended.title)
            self.next_detail.setText(
                f"{data.recommended.goal} ({texts.about(data.recommended.duration_minutes)})"
            )
            self.next_button.setText(self.tr("&Suivre ce parcours"))
        else:
            self.next_heading.setText(self.tr("Par où commencer ?"))
            self.next_context.setText("")
            self.next_title.setText(self.tr("Choisissez un parcours parmi ceux proposés."))
            self.next_detail.setText("")
        self.next_context.setVisible(bool(self.next_context.text()))
        self.next_detail.setVisible(bool(self.next_detail.text()))
        self.next_button.setVisible(self._next is not None or self._offered is not None)

    def _show_followed(self, followed: list[PathwayOverview]) -> None:
        from ent_coach.ui.pathways import texts  # loaded after the first paint

        for button, bar, label in self.followed_rows:
            for widget in (button, bar, label):
                self.followed_box.removeWidget(widget)
                widget.deleteLater()
        self.followed_rows = []
        parent = self._followed_card
        for row in followed:
            button = QPushButton(row.pathway.title, parent)
            button.setFlat(True)
            button.setStyleSheet("text-align: left; font-weight: bold;")
            button.setToolTip(self.tr("Ouvrir la page du parcours"))
            button.clicked.connect(lambda _=False, pid=row.pathway.id: self.pathwayRequested.emit(pid))
            bar = QProgressBar(parent)
            bar.setRange(0, 100)
            bar.setValue(row.progress.percent_steps)
            bar.setAccessibleName(self.tr("Progression : %1").replace("%1", row.pathway.title))
            label = muted_label(texts.progress_summary(row.progress), parent)
            for widget in (button, bar, label):
                self.followed_box.addWidget(widget)
            self.followed_rows.append((button, bar, label))
        self.followed_empty.setVisible(not followed)

    @Slot(Exception)
    def _pathways_failed(self, error: Exception) -> None:
        log.warning("Parcours indisponibles sur l'accueil : %s", error)
        self.next_title.setText(self.tr("Les parcours n'ont pas pu être chargés : %1").replace("%1", str(error)))
        self.next_button.hide()

    def _focus_default(self) -> None:
        """« Entrée » continues: the main button takes the focus when the home is on screen
        and the person is not already working in it."""
        if not self.isVisible():
            return
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused) and focused is not self.next_button:
            return
        if self._welcome is not None and self._welcome.isVisible():
            self._welcome.dismiss_button.setFocus()
        elif self.next_button.isVisible():
            self.next_button.setFocus()

    # -- the guided welcome ---------------------------------------------------------------------

    @property
    def welcome(self) -> GuidedWelcome:
        if self._welcome is None:
            self._welcome = GuidedWelcome(self._welcome_holder)
            self._welcome.hide()
            self._welcome.dismissed.connect(self._dismiss_welcome)
            self._welcome_layout.addWidget(self._welcome)
        return self._welcome

    def _show_welcome(self, profile: Profile) -> None:
        show = not welcome_seen(self._context.settings, profile)
        if show:
            self.welcome.greet(profile)
        if self._welcome is not None:
            self._welcome.setVisible(show)
        self._escape.setEnabled(show)

    @Slot()
    def _dismiss_welcome(self) -> None:
        profile = self._context.profile
        if profile is not None:
            mark_welcome_seen(self._context.settings, profile)
        if self._welcome is not None:
            self._welcome.hide()
        self._escape.setEnabled(False)
        if self.next_button.isVisible():
            self.next_button.setFocus()

    # -- acting --------------------------------------------------------------------------------

    @Slot()
    def _next_clicked(self) -> None:
        if self._next is not None:
            self.stepRequested.emit(*self._next)
        elif self._offered is not None:
            self.follow_recommended()

    def follow_recommended(self) -> None:
        """Follow the pathway offered for the role, then show its page."""
        profile = self._context.profile
        pathway_id = self._offered
        if profile is None or pathway_id is None:
            return
        service = self._context.pathways

        def followed(_: object) -> None:
            self._context.hub.changesApplied.emit(Changes(progress=True), self)
            self.pathwayRequested.emit(pathway_id)

        CollectionOp(parent=self, op=lambda: service.follow(profile, pathway_id)).success(followed).run()

    def _suggestions(
        self, states: dict[str, TutorialState], count: int, guide: Pathway | None = None
    ) -> list[Tutorial]:
        """Unread tutorials: those of the guiding pathway first, in its order; then the
        profile's role's, easiest and shortest first."""
        profile = self._context.profile
        role = profile.role.value if profile else None
        unread = [t for t in self._context.tutorials if states.get(t.id) is None or states[t.id].last_seen_at is None]
        in_guide: dict[str, int] = {}
        if guide is not None:
            from ent_coach.domain.pathways import StepKind

            for position, step in enumerate(guide.steps):
                if step.kind is StepKind.TUTORIAL and step.reference:
                    in_guide.setdefault(step.reference, position)
        level_rank = {"debutant": 0, "intermediaire": 1, "avance": 2}
        unread.sort(
            key=lambda t: (
                in_guide.get(t.id, len(in_guide) + 1),
                role not in t.audiences,
                level_rank.get(t.level, 3),
                t.duration_minutes,
            )
        )
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
    def _on_changes(self, changes: Changes, initiator: object) -> None:
        if initiator is self:
            return  # following from here: the pathway page is shown next
        if changes.progress or changes.profile:
            self.refresh()
