"""Main window: sidebar of working sections, a page stack, the profile menu, shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.profiles import Profile
from ent_coach.ui import keyboard
from ent_coach.ui import settings as options
from ent_coach.ui.context import AppContext
from ent_coach.ui.home import HomePage
from ent_coach.ui.hub import Changes
from ent_coach.ui.ops import CollectionOp, QueryOp, call_in_worker
from ent_coach.ui.pathways.step_bar import StepBar
from ent_coach.ui.profiles import ManageProfilesDialog, WelcomePage, ask_pin
from ent_coach.ui.theme import apply_theme

if TYPE_CHECKING:
    from ent_coach.domain.pathways import PathwayStep
    from ent_coach.ui.about import AboutPage
    from ent_coach.ui.assessment.page import AssessmentPage
    from ent_coach.ui.coaching.page import CoachingPage
    from ent_coach.ui.library import LibraryPage
    from ent_coach.ui.mydata import MyDataPage
    from ent_coach.ui.pathways.page import PathwaysPage
    from ent_coach.ui.practices.page import PracticesPage
    from ent_coach.ui.quiz.page import QuizPage
    from ent_coach.ui.reader import ReaderPage
    from ent_coach.ui.sandbox.page import SandboxPage
    from ent_coach.ui.search import SearchPage
    from ent_coach.ui.settings_page import SettingsPage
    from ent_coach.ui.shortcuts_page import ShortcutsPage

SHORTCUTS = "raccourcis"  # the « Raccourcis clavier » screen (F1), outside the sidebar
HOME, PATHWAYS, LIBRARY, QUIZ, SANDBOX, ASSESSMENT, PRACTICES, SEARCH, MY_DATA, SETTINGS, ABOUT = (
    "accueil", "parcours", "tutoriels", "quiz", "bac-a-sable", "auto-evaluation",
    "bonnes-pratiques", "recherche", "mes-donnees", "reglages", "a-propos",
)  # fmt: skip
SEANCES = "seances"


class MainWindow(QMainWindow):
    profileOpened = Signal(object)

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self._context = context
        # Tab out of lists and tables, the focus ring: for every window and dialog of the app.
        keyboard.install(QApplication.instance())  # type: ignore[arg-type]
        self.setWindowTitle(self.tr("ENT Coach"))
        self.setMinimumSize(QSize(760, 520))

        self.home = HomePage(context)
        # Pages not needed for the first screen are built on first use (start-up time).
        self._lazy_pages: dict[str, QWidget] = {}

        self.stack = QStackedWidget()
        self.stack.addWidget(self.home)

        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName(self.tr("Sections"))
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(190)
        for key, label, shortcut in (
            (HOME, self.tr("Accueil"), "Ctrl+1"),
            (PATHWAYS, self.tr("Parcours"), "Ctrl+2"),
            (LIBRARY, self.tr("Tutoriels"), "Ctrl+3"),
            (QUIZ, self.tr("Quiz juridique"), "Ctrl+4"),
            (SANDBOX, self.tr("Bac à sable"), "Ctrl+5"),
            (ASSESSMENT, self.tr("Auto-évaluation"), "Ctrl+6"),
            (PRACTICES, self.tr("Bonnes pratiques"), "Ctrl+7"),
            # Ctrl+digits follow the sidebar's order; the search has its own Ctrl+K.
            (SEANCES, self.tr("Séances"), "Ctrl+8"),
            (SEARCH, self.tr("Recherche"), ""),
            (MY_DATA, self.tr("Mes données"), "Ctrl+9"),
            (SETTINGS, self.tr("Réglages"), "Ctrl+0"),
            (ABOUT, self.tr("À propos"), ""),
        ):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            shown = shortcut or ("Ctrl+K" if key == SEARCH else "")
            item.setToolTip(f"{label} ({shown})" if shown else label)
            item.setSizeHint(QSize(0, 34))
            self.sidebar.addItem(item)
            if shortcut:
                go = QShortcut(QKeySequence(shortcut), self, lambda key=key: self.show_section(key))
                go.setWhatsThis(self.tr("Aller à « %1 »").replace("%1", label))  # for the F1 list
        self.sidebar.currentItemChanged.connect(self._on_sidebar)

        self.profile_button = QToolButton()
        self.profile_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.profile_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.profile_button.setAccessibleName(self.tr("Profil"))
        menu = QMenu(self.profile_button)
        self.switch_action = QAction(self.tr("&Changer de profil"), self)
        self.switch_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.switch_action.triggered.connect(self.switch_profile)
        self.manage_action = QAction(self.tr("&Gérer les profils…"), self)
        self.manage_action.triggered.connect(self._manage_profiles)
        self.shortcuts_action = QAction(self.tr("&Raccourcis clavier"), self)
        self.shortcuts_action.setShortcut(QKeySequence("F1"))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        menu.addAction(self.switch_action)
        menu.addAction(self.manage_action)
        menu.addSeparator()
        menu.addAction(self.shortcuts_action)
        self.profile_button.setMenu(menu)
        self.addAction(self.switch_action)
        self.addAction(self.shortcuts_action)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.sidebar, 1)
        side_layout.addWidget(self.profile_button)
        self.side = side

        # The pathway bar sits above the page while a step opened from a pathway is shown.
        self.step_bar = StepBar()
        self.step_bar.nextStepRequested.connect(self.open_step)
        self.step_bar.pathwayRequested.connect(self.open_pathway)
        self._opening_step = False
        self._reader_origin = LIBRARY  # the section « Retour » leads back to from the reader
        self._step_context: tuple[str, str] | None = None  # (pathway id, step id) on screen
        page_column = QVBoxLayout()
        page_column.setContentsMargins(0, 0, 0, 0)
        page_column.addWidget(self.step_bar)
        page_column.addWidget(self.stack, 1)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(side)
        layout.addLayout(page_column, 1)
        self.setCentralWidget(central)

        for sequence in (QKeySequence("Ctrl+K"), QKeySequence(QKeySequence.StandardKey.Find)):
            QShortcut(sequence, self, self.open_search)
        # Ctrl+Q everywhere: the platform's standard Quit is empty on some systems.
        QShortcut(QKeySequence("Ctrl+Q"), self, self.close)

        self.home.openTutorialRequested.connect(self.open_tutorial)
        self.home.libraryRequested.connect(lambda: self.show_section(LIBRARY))
        self.home.stepRequested.connect(self.open_step)
        self.home.pathwayRequested.connect(self.open_pathway)
        self.home.pathwaysRequested.connect(lambda: self.show_section(PATHWAYS))
        self.home.reviewRequested.connect(self.start_quiz_review)
        self.home.assessmentProfileRequested.connect(lambda: self.show_section(ASSESSMENT))
        context.hub.changesApplied.connect(self._on_changes)
        self._restore_geometry()

    # -- pages built on first use ------------------------------------------------------------

    def _lazy(self, key: str, build: Callable[[], QWidget]) -> QWidget:
        page = self._lazy_pages.get(key)
        if page is None:
            page = build()
            self._lazy_pages[key] = page
            self.stack.addWidget(page)
        return page

    @property
    def welcome(self) -> WelcomePage:
        def build() -> WelcomePage:
            page = WelcomePage(self._context)
            page.profileOpened.connect(self.open_profile)
            return page

        return self._lazy("bienvenue", build)  # type: ignore[return-value]

    @property
    def pathways(self) -> PathwaysPage:
        def build() -> PathwaysPage:
            from ent_coach.ui.pathways.page import PathwaysPage

            page = PathwaysPage(self._context)
            page.stepRequested.connect(self.open_step)
            return page

        return self._lazy(PATHWAYS, build)  # type: ignore[return-value]

    @property
    def library(self) -> LibraryPage:
        def build() -> LibraryPage:
            from ent_coach.ui.library import LibraryPage

            page = LibraryPage(self._context)
            page.openTutorialRequested.connect(self.open_tutorial)
            return page

        return self._lazy(LIBRARY, build)  # type: ignore[return-value]

    @property
    def reader(self) -> ReaderPage:
        def build() -> ReaderPage:
            from ent_coach.ui.reader import ReaderPage

            page = ReaderPage(self._context)
            page.backRequested.connect(lambda: self.show_section(self._reader_origin))
            page.tutorialShown.connect(self._tutorial_shown)
            splitter = self._context.settings.window_state("lecteur")
            if splitter is not None:
                page.splitter.restoreState(splitter)
            return page

        return self._lazy("lecteur", build)  # type: ignore[return-value]

    @property
    def quiz(self) -> QuizPage:
        def build() -> QuizPage:
            from ent_coach.ui.quiz.page import QuizPage

            return QuizPage(self._context)

        return self._lazy(QUIZ, build)  # type: ignore[return-value]

    @property
    def sandbox(self) -> SandboxPage:
        def build() -> SandboxPage:
            from ent_coach.ui.sandbox.page import SandboxPage

            page = SandboxPage(self._context)
            page.tutorialRequested.connect(self.open_tutorial)
            return page

        return self._lazy(SANDBOX, build)  # type: ignore[return-value]

    @property
    def assessment(self) -> AssessmentPage:
        def build() -> AssessmentPage:
            from ent_coach.ui.assessment.page import AssessmentPage

            page = AssessmentPage(self._context)
            page.tutorialRequested.connect(self.open_tutorial)
            page.quizThemeRequested.connect(self.open_quiz_theme)
            page.scenarioRequested.connect(self.open_scenario)
            return page

        return self._lazy(ASSESSMENT, build)  # type: ignore[return-value]

    @property
    def practices(self) -> PracticesPage:
        def build() -> PracticesPage:
            from ent_coach.ui.practices.page import PracticesPage

            page = PracticesPage(self._context)
            page.tutorialRequested.connect(self.open_tutorial)
            return page

        return self._lazy(PRACTICES, build)  # type: ignore[return-value]

    @property
    def mydata(self) -> MyDataPage:
        def build() -> MyDataPage:
            from ent_coach.ui.mydata import MyDataPage

            page = MyDataPage(self._context)
            page.profileOpened.connect(self.open_profile)
            return page

        return self._lazy(MY_DATA, build)  # type: ignore[return-value]

    @property
    def search(self) -> SearchPage:
        def build() -> SearchPage:
            from ent_coach.ui.search import SearchPage

            page = SearchPage(self._context)
            page.openTutorialRequested.connect(self.open_tutorial)
            page.practiceRequested.connect(self.open_practice)
            page.scenarioRequested.connect(self.open_scenario)
            page.pathwayRequested.connect(self.open_pathway)
            page.quizThemeRequested.connect(self.open_quiz_theme)
            return page

        return self._lazy(SEARCH, build)  # type: ignore[return-value]

    @property
    def settings_page(self) -> SettingsPage:
        def build() -> SettingsPage:
            from ent_coach.ui.settings_page import SettingsPage

            page = SettingsPage(self._context)
            page.appearanceChanged.connect(self._apply_appearance)
            return page

        return self._lazy(SETTINGS, build)  # type: ignore[return-value]

    @property
    def coaching(self) -> CoachingPage:
        def build() -> CoachingPage:
            from ent_coach.ui.coaching.page import CoachingPage

            page = CoachingPage(self._context)
            page.pathwayRequested.connect(self.open_pathway)
            page.projectionChanged.connect(self._projection_changed)
            return page

        return self._lazy(SEANCES, build)  # type: ignore[return-value]

    @property
    def about(self) -> AboutPage:
        def build() -> AboutPage:
            from ent_coach.ui.about import AboutPage

            page = AboutPage(self._context)
            page.shortcutsRequested.connect(self.show_shortcuts)
            return page

        return self._lazy(ABOUT, build)  # type: ignore[return-value]

    @property
    def shortcuts_page(self) -> ShortcutsPage:
        def build() -> ShortcutsPage:
            from ent_coach.ui.shortcuts_page import ShortcutsPage

            return ShortcutsPage()

        return self._lazy(SHORTCUTS, build)  # type: ignore[return-value]

    @Slot()
    def show_shortcuts(self) -> None:
        """« Raccourcis clavier »: the shortcuts of the screens built so far, and the described
        ones of the screens not built yet (building them all just to list them was slow)."""
        from ent_coach.ui.shortcuts_page import EVERYWHERE, READER, collect

        if self._context.profile is None:
            return
        labels = {EVERYWHERE: self.tr("Partout")}
        for row in range(self.sidebar.count()):
            item = self.sidebar.item(row)
            labels[item.data(Qt.ItemDataRole.UserRole)] = item.text()
            if item.data(Qt.ItemDataRole.UserRole) == LIBRARY:
                labels[READER] = self.tr("Lecture d'un tutoriel")
        pages: dict[QWidget, str] = {self.home: HOME}
        pages.update({page: key for key, page in self._lazy_pages.items() if key in labels})
        page = self.shortcuts_page
        page.show_entries(collect(self, pages), labels)
        self.stack.setCurrentWidget(page)
        self.sidebar.blockSignals(True)
        self.sidebar.setCurrentRow(-1)
        self.sidebar.blockSignals(False)
        page.scroll.setFocus()

    def _page(self, key: str) -> QWidget:
        return {
            HOME: lambda: self.home, PATHWAYS: lambda: self.pathways,
            LIBRARY: lambda: self.library, QUIZ: lambda: self.quiz,
            SANDBOX: lambda: self.sandbox, ASSESSMENT: lambda: self.assessment,
            PRACTICES: lambda: self.practices, SEANCES: lambda: self.coaching,
            SEARCH: lambda: self.search,
            MY_DATA: lambda: self.mydata,
            SETTINGS: lambda: self.settings_page, ABOUT: lambda: self.about,
        }[key]()  # fmt: skip

    def _reader_open(self) -> bool:
        return "lecteur" in self._lazy_pages and self.stack.currentWidget() is self._lazy_pages["lecteur"]

    # -- profile ---------------------------------------------------------------------------

    def start(self) -> None:
        """Reopen the last profile (asking its PIN if it has one), else show the welcome."""
        last = call_in_worker(self._context.profiles.last_profile)
        if last is not None and last.has_pin:
            # The profiles of this computer behind the question, not a half-built home.
            self.show_welcome()
        if last is not None and (not last.has_pin or ask_pin(self, self._context, last)):
            # Shown from the plain-SQL read at once; "last used" is written in the background.
            self.open_profile(last)
            self._after_first_screen(lambda: self._context.profiles.open(last.id))
        else:
            self.show_welcome()
            self._after_first_screen(lambda: None)

    def _after_first_screen(self, write: Callable[[], object]) -> None:
        """Once the first screen is up, do the deferred work on the worker: the start-up write
        ("last used"), loading the ORM and the search index, so the first click does not pay
        for them and the first paint does not wait for them."""

        def deferred() -> None:
            write()
            self._context.warm_up()

        def run_once() -> None:
            if self._deferred_pending:
                self._deferred_pending = False
                CollectionOp(parent=self, op=deferred).success(lambda _: None).run()

        self._deferred_pending = True
        if self.stack.currentWidget() is self.home:
            self.home.populated.connect(run_once, Qt.ConnectionType.SingleShotConnection)
        else:
            QTimer.singleShot(0, run_once)

    def show_welcome(self) -> None:
        self.side.setVisible(False)
        self.stack.setCurrentWidget(self.welcome)
        self.welcome.refresh()

    @Slot(object)
    def open_profile(self, profile: Profile) -> None:
        self._context.profile = profile
        self.profile_button.setText(self.tr("Profil : %1").replace("%1", profile.display_name))
        self.profile_button.setToolTip(profile.role.label)
        self.side.setVisible(True)
        if LIBRARY in self._lazy_pages:
            self.library.set_audience(None)
            self.library.mark_stale()
        if PATHWAYS in self._lazy_pages:
            self.pathways.reset()
        if QUIZ in self._lazy_pages:
            self.quiz.reset()  # never show another profile's attempt
        if SANDBOX in self._lazy_pages:
            self.sandbox.reset()
        if ASSESSMENT in self._lazy_pages:
            self.assessment.reset()
        if PRACTICES in self._lazy_pages:
            self.practices.reset()
        if MY_DATA in self._lazy_pages:
            self.mydata.reset()
        if SEANCES in self._lazy_pages:
            self.coaching.reset()
        self.show_section(HOME)  # refreshes the home, once
        self.profileOpened.emit(profile)

    @Slot()
    def switch_profile(self) -> None:
        self._leave_step()
        if self._reader_open():
            self.reader.leave()
        self._context.profile = None
        self.show_welcome()

    @Slot()
    def _manage_profiles(self) -> None:
        ManageProfilesDialog(self._context, self).exec()

    @Slot(object, object)
    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.progress and self._step_context is not None:
            self._show_step_bar(*self._step_context, announce=True)  # the step may just be done
        if not changes.profile:
            return
        if self._context.profile is None:
            self.show_welcome()
        else:
            self.profile_button.setText(self.tr("Profil : %1").replace("%1", self._context.profile.display_name))

    # -- navigation ------------------------------------------------------------------------

    def show_section(self, key: str) -> None:
        if self._context.profile is None:
            return
        if not self._opening_step:
            self._leave_step()  # elsewhere than the step: the bar would be out of place
        if key != SEANCES and SEANCES in self._lazy_pages and self.side.isHidden():
            # The sidebar is hidden only while a séance is projected.
            self.coaching.end_projection()  # the sidebar comes back with any other section
        page = self._page(key)
        self.stack.setCurrentWidget(page)
        self._select_sidebar(key)
        if key == HOME:
            self.home.scroll_to_top()
            self.home.refresh()  # back from a step: the pathway's progress is recomputed
        elif key == PATHWAYS:
            self.pathways.on_shown()
        elif key == LIBRARY:
            self.library.focus_list()
        elif key == QUIZ:
            self.quiz.on_shown()
        elif key == SANDBOX:
            self.sandbox.on_shown()
        elif key == ASSESSMENT:
            self.assessment.on_shown()
        elif key == PRACTICES:
            self.practices.on_shown()
        elif key == MY_DATA:
            self.mydata.on_shown()
        elif key == SEANCES:
            self.coaching.on_shown()
        elif key == SEARCH:
            self.search.on_shown()

    @Slot(bool)
    def _projection_changed(self, on: bool) -> None:
        # A séance's dashboard is projected: the room sees it alone, without the sections.
        self.side.setVisible(not on)

    def _select_sidebar(self, key: str) -> None:
        for row in range(self.sidebar.count()):
            if self.sidebar.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.sidebar.blockSignals(True)
                self.sidebar.setCurrentRow(row)
                self.sidebar.blockSignals(False)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_sidebar(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.show_section(current.data(Qt.ItemDataRole.UserRole))

    @Slot()
    def open_search(self) -> None:
        self.show_section(SEARCH)

    @Slot(str)
    def open_tutorial(self, tutorial_id: str, terms: tuple[str, ...] | None = None) -> None:
        if self._context.profile is None:
            return
        if not self._opening_step:
            self._leave_step()
        from_reader = self._reader_open()
        if not from_reader:
            origin = self._section_shown()
            self._reader_origin = origin
            self.reader.set_origin(self._section_titles().get(origin, self.tr("Bibliothèque")))
        if self._context.library.tutorial(tutorial_id) is not None:
            # Shown first, so that scrolling to a search match uses the real page size.
            self.stack.setCurrentWidget(self.reader)
            self._select_sidebar(LIBRARY)
        if self.reader.show_tutorial(
            tutorial_id, highlight=tuple(terms) if terms else None, remember=from_reader
        ):
            self.reader.browser.setFocus()

    def _section_shown(self) -> str:
        """The section whose page is on screen (the library when none is)."""
        current = self.stack.currentWidget()
        if current is self.home:
            return HOME
        titles = self._section_titles()
        shown = (key for key, page in self._lazy_pages.items() if page is current and key in titles)
        return next(shown, LIBRARY)

    def _section_titles(self) -> dict[str, str]:
        return {
            self.sidebar.item(row).data(Qt.ItemDataRole.UserRole): self.sidebar.item(row).text()
            for row in range(self.sidebar.count())
        }

    @Slot(str)
    def _tutorial_shown(self, tutorial_id: str) -> None:
        """A link led to another tutorial: the pathway bar belongs to the step's own."""
        from ent_coach.domain.pathways import StepKind

        if self._step_context is None or self._opening_step:
            return
        pathway = self._context.pathways.pathway(self._step_context[0])
        step = pathway.step(self._step_context[1]) if pathway is not None else None
        if step is None or step.kind is not StepKind.TUTORIAL or step.reference != tutorial_id:
            self._leave_step()

    @Slot(str)
    def open_quiz_theme(self, theme: str) -> None:
        """Training on a quiz theme, started from a suggestion elsewhere."""
        self.show_section(QUIZ)
        self.quiz.start_training(theme)

    @Slot(str)
    def open_scenario(self, scenario_id: str) -> None:
        self.show_section(SANDBOX)
        self.sandbox.open_scenario(scenario_id)

    @Slot(str)
    def open_practice(self, practice_id: str) -> None:
        self.show_section(PRACTICES)
        self.practices.show_practice(practice_id)

    @Slot()
    def start_quiz_review(self) -> None:
        self.show_section(QUIZ)
        self.quiz.start_review()

    @Slot(str)
    def open_pathway(self, pathway_id: str) -> None:
        self.show_section(PATHWAYS)
        self.pathways.show_pathway(pathway_id)

    @Slot(str, str)
    def open_step(self, pathway_id: str, step: PathwayStep | str) -> None:
        """« Continuer »: open a pathway's step in the section that shows it."""
        from ent_coach.domain.pathways import StepKind  # not on the start-up path

        if self._context.profile is None:
            return
        if isinstance(step, str):
            pathway = self._context.pathways.pathway(pathway_id)
            found = pathway.step(step) if pathway is not None else None
            if found is None:
                self.open_pathway(pathway_id)  # gone with a content update: show what is left
                return
            step = found
        reference = step.reference or ""
        self._opening_step = True
        try:
            self._open_step_screen(pathway_id, step, reference)
        finally:
            self._opening_step = False
        if step.kind is not StepKind.ACTIVITY:  # an activity opens on the pathway's own page
            self._show_step_bar(pathway_id, step.id)
        if step.kind is StepKind.TUTORIAL or "lecteur" in self._lazy_pages:
            # Inside a tutorial step, « Suivant » in library order would leave the pathway.
            self.reader.set_library_steps_shown(step.kind is not StepKind.TUTORIAL)

    def _open_step_screen(self, pathway_id: str, step: PathwayStep, reference: str) -> None:
        from ent_coach.domain.pathways import StepKind  # not on the start-up path

        match step.kind:
            case StepKind.TUTORIAL:
                self.open_tutorial(reference)
            case StepKind.QUIZ_THEME:
                self.open_quiz_theme(reference)
            case StepKind.QUIZ_ASSESSMENT:
                self.show_section(QUIZ)
                self.quiz.start_assessment(step.seed)
            case StepKind.SCENARIO:
                self.open_scenario(reference)
            case StepKind.SELF_ASSESSMENT:
                self.show_section(ASSESSMENT)
                self.assessment.start_when_loaded()
            case StepKind.PRACTICE:
                self.show_section(PRACTICES)
                self.practices.show_practice(reference)
            case StepKind.ACTIVITY:
                self.show_section(PATHWAYS)
                self.pathways.open_activity(pathway_id, step.id)

    def _leave_step(self) -> None:
        self._step_context = None
        self.step_bar.clear()
        if "lecteur" in self._lazy_pages:
            self.reader.set_library_steps_shown(True)

    def _show_step_bar(self, pathway_id: str, step_id: str, *, announce: bool = False) -> None:
        """Show (or refresh) the pathway bar for that step, from the pathway's progress."""
        profile = self._context.profile
        if profile is None:
            return
        service = self._context.pathways

        def shown(progress: object) -> None:
            if self._context.profile is not profile or self._step_context != (pathway_id, step_id):
                return  # another profile, or the learner went elsewhere meanwhile
            self.step_bar.show_step(progress, step_id, announce=announce)  # type: ignore[arg-type]

        self._step_context = (pathway_id, step_id)

        QueryOp(parent=self, op=lambda: service.progress(profile, pathway_id)).success(shown).run()

    # -- appearance and geometry --------------------------------------------------------

    @Slot()
    def _apply_appearance(self) -> None:
        apply_theme(
            QApplication.instance(),  # type: ignore[arg-type]
            theme=self._context.settings.get(options.THEME),
            text_scale=self._context.settings.get(options.TEXT_SCALE),
        )
        if "lecteur" in self._lazy_pages:
            self.reader.restyle()

    def _restore_geometry(self) -> None:
        geometry = self._context.settings.window_state("geometrie")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1100, 720)

    def save_pending(self) -> None:
        """Write what is not saved yet (note being typed, reading time, window state) and wait
        for it; on closing, and when the session manager asks before a logout."""
        self._context.settings.set_window_state("geometrie", self.saveGeometry())
        if "lecteur" in self._lazy_pages:
            self.reader.leave()
            self._context.settings.set_window_state("lecteur", self.reader.splitter.saveState())
        self._context.settings.sync()
        # Let pending writes (reading time, last note) finish before the window goes.
        call_in_worker(lambda: None)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_pending()
        super().closeEvent(event)
