"""The quiz section: home → questions → results → review, all database work on the worker."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QStackedWidget, QWidget

from ent_coach.domain.quiz.attempts import Attempt, QuizMode
from ent_coach.domain.quiz.model import QuizItem
from ent_coach.domain.quiz.presentation import presented_order
from ent_coach.services.quiz import AnswerOutcome, AttemptResult, quiz_name, same_kind
from ent_coach.ui import settings as options
from ent_coach.ui.context import AppContext
from ent_coach.ui.hub import Changes
from ent_coach.ui.ops import CollectionOp, QueryOp
from ent_coach.ui.quiz.feedback import plural
from ent_coach.ui.quiz.home import QuizHome
from ent_coach.ui.quiz.question import QuestionView
from ent_coach.ui.quiz.results import AttemptReview, ResultsView
from ent_coach.ui.widgets import confirm


def _today() -> dt.date:
    return dt.date.today()


class QuizPage(QStackedWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.attempt: Attempt | None = None
        self.items: tuple[QuizItem | None, ...] = ()
        self.position = 0

        self.home = QuizHome()
        self.question = QuestionView()
        self.results = ResultsView()
        self.review = AttemptReview()
        for widget in (self.home, self.question, self.results, self.review):
            self.addWidget(widget)

        self.home.trainingRequested.connect(self._start_training)
        self.home.assessmentRequested.connect(self._start_assessment)
        self.home.reviewRequested.connect(self._start_review)
        self.home.resumeRequested.connect(self._resume)
        self.home.abandonRequested.connect(self._abandon)
        self.home.attemptRequested.connect(self._open_attempt)
        self.home.cbmToggled.connect(lambda on: context.settings.set(options.QUIZ_CBM, on))
        self.question.answerSubmitted.connect(self._on_answer)
        self.question.nextRequested.connect(self._next)
        self.question.retryRequested.connect(self._show_current)
        self.question.quitRequested.connect(self.show_home)
        self.results.reviewRequested.connect(self._open_attempt)
        self.results.mistakesRequested.connect(self._retry_mistakes)
        self.review.mistakesRequested.connect(self._retry_mistakes)
        self.results.backRequested.connect(self.show_home)
        self.review.backRequested.connect(self.show_home)

    # -- home --------------------------------------------------------------------------------

    def on_shown(self) -> None:
        """Coming back to the section: an attempt on screen stays where it was."""
        if self.currentWidget() is self.home:
            self.refresh()

    def reset(self) -> None:
        self.attempt, self.items, self.position = None, (), 0
        self.setCurrentWidget(self.home)

    def show_home(self) -> None:
        self.setCurrentWidget(self.home)
        self.refresh()

    def refresh(self) -> None:
        profile = self._context.profile
        if profile is None:
            return
        service = self._context.quiz
        today = _today()

        def load() -> dict:
            queue = service.review_queue(profile)
            return {
                "item_count": len(service.bank.items),
                "mastery": service.mastery(profile),
                "due": sum(state.is_due(today) for state in queue),
                "waiting": len(queue),
                "history": service.history(profile),
                "pending": service.resumable(profile),
            }

        def show(data: dict) -> None:
            self.home.populate(**data, cbm=self._context.settings.get(options.QUIZ_CBM))
            if self.currentWidget() is self.home:
                self.home.focus_default()

        QueryOp(parent=self, op=load).success(show).run()

    # -- starting ------------------------------------------------------------------------

    def _start(
        self,
        mode: QuizMode,
        *,
        theme: str | None = None,
        seed: int | None = None,
        resume: bool = False,
    ) -> None:
        """A new attempt; with ``resume``, the unfinished one of the same kind if any."""
        profile = self._context.require_profile()
        cbm = bool(self._context.settings.get(options.QUIZ_CBM))
        service = self._context.quiz

        def start() -> tuple[Attempt, tuple[QuizItem | None, ...]]:
            opener = service.continue_or_start if resume else service.start
            attempt = opener(profile, mode, theme=theme, seed=seed, cbm=cbm)
            return attempt, service.items_of(attempt)

        CollectionOp(parent=self, op=start).success(lambda pair: self._begin(*pair)).run()

    def start_training(self, theme: str) -> None:
        """Training on a theme asked from another section (« Continuer », a suggestion): the
        unfinished training on that theme where it stopped, or a new round."""
        self._request(QuizMode.TRAINING, self.tr("l'entraînement proposé"), theme=theme)

    def start_assessment(self, seed: int | None = None) -> None:
        """The 20-question assessment asked from another section (a pathway step). A séance
        plan passes its seed so the whole group gets the same questions in the same order."""
        self._request(QuizMode.ASSESSMENT, self.tr("l'évaluation"), seed=seed)

    def start_review(self) -> None:
        """The review of due items asked from another section (the home page)."""
        self._request(QuizMode.REVIEW, self.tr("la révision"))

    def _request(
        self, mode: QuizMode, wanted: str, *, theme: str | None = None, seed: int | None = None
    ) -> None:
        """Results or history on screen are no obstacle. An attempt being answered is never
        dropped silently: if it is the one asked for it simply stays; otherwise the learner
        chooses between keeping it and abandoning it for the new one."""
        on_screen = self.attempt if self.currentWidget() is self.question else None
        if on_screen is not None:
            if same_kind(on_screen, mode, theme, seed):
                self.question.options.setFocus()
                return
            if not self._drop_for(on_screen, wanted):
                return
        self._start(mode, theme=theme, seed=seed, resume=True)

    def _drop_for(self, attempt: Attempt, wanted: str) -> bool:
        answered = len(attempt.first_tries())
        return confirm(
            self,
            self.tr("Quiz en cours"),
            self.tr("« %1 » est en cours (%2 sur %3). L'abandonner pour commencer %4 ? Les "
                    "réponses déjà données restent enregistrées, mais la tentative ne sera pas notée.")
            .replace("%1", quiz_name(attempt.mode, attempt.theme))
            .replace("%2", plural(answered, self.tr("%1 réponse"), self.tr("%1 réponses")))
            .replace("%3", str(len(attempt.item_ids)))
            .replace("%4", wanted),
        )

    @Slot(str)
    def _start_training(self, theme: str) -> None:
        self._start(QuizMode.TRAINING, theme=theme)

    @Slot(object)
    def _start_assessment(self, seed: int | None) -> None:
        self._start(QuizMode.ASSESSMENT, seed=seed)

    @Slot()
    def _start_review(self) -> None:
        self._start(QuizMode.REVIEW)

    @Slot(str)
    def _retry_mistakes(self, attempt_id: str) -> None:
        """« Refaire mes erreurs »: the missed questions of an attempt, now."""
        profile = self._context.require_profile()
        cbm = bool(self._context.settings.get(options.QUIZ_CBM))
        service = self._context.quiz

        def start() -> tuple[Attempt, tuple[QuizItem | None, ...]]:
            attempt = service.retry_mistakes(profile, attempt_id, cbm=cbm)
            return attempt, service.items_of(attempt)

        CollectionOp(parent=self, op=start).success(lambda pair: self._begin(*pair)).run()

    @Slot()
    def _resume(self) -> None:
        profile = self._context.require_profile()
        service = self._context.quiz

        def load() -> tuple[Attempt, tuple[QuizItem | None, ...]] | None:
            attempt = service.resumable(profile)
            return None if attempt is None else (attempt, service.items_of(attempt))

        def resume(pair: tuple[Attempt, tuple[QuizItem | None, ...]] | None) -> None:
            if pair is None:
                self.refresh()
            else:
                self._begin(*pair)

        QueryOp(parent=self, op=load).success(resume).run()

    @Slot()
    def _abandon(self) -> None:
        if not confirm(
            self,
            self.tr("Abandonner la tentative"),
            self.tr(
                "Abandonner la tentative en cours ? Les réponses déjà données restent enregistrées, "
                "mais la tentative ne sera pas notée."
            ),
        ):
            return
        profile = self._context.require_profile()
        service = self._context.quiz

        def abandon() -> None:
            pending = service.resumable(profile)
            if pending is not None:
                service.abandon(profile, pending.id)

        CollectionOp(parent=self, op=abandon).success(lambda _: self.refresh()).run()

    def _begin(self, attempt: Attempt, items: tuple[QuizItem | None, ...]) -> None:
        self.attempt, self.items = attempt, items
        self.position = attempt.next_position
        self._skip_missing()
        if self.position >= len(items):
            self._finish()
            return
        self.setCurrentWidget(self.question)
        self._show_current()

    def _skip_missing(self) -> None:
        """An item removed from the bank since the attempt began is passed over."""
        while self.position < len(self.items) and self.items[self.position] is None:
            self.position += 1

    # -- answering -------------------------------------------------------------------------

    @Slot()
    def _show_current(self) -> None:
        attempt = self.attempt
        if attempt is None:
            return
        item = self.items[self.position]
        assert item is not None
        self.question.show_item(
            item, presented_order(item, attempt.seed), position=self.position,
            total=len(self.items), cbm=attempt.cbm, mode_label=attempt.mode.label,
        )  # fmt: skip

    @Slot(list, object)
    def _on_answer(self, response: list[str], certainty: int | None) -> None:
        attempt = self.attempt
        profile = self._context.require_profile()
        if attempt is None:
            return
        position = self.position
        service = self._context.quiz

        def answer() -> AnswerOutcome:
            return service.answer(profile, attempt, position, response, certainty=certainty)

        def answered(outcome: AnswerOutcome) -> None:
            if attempt.mode is QuizMode.ASSESSMENT:
                self.question.lock_answered()
                self._next()
            else:
                self.question.show_feedback(
                    outcome.answer.correct, outcome.answer.response,
                    can_retry=attempt.mode.practice, certainty=outcome.answer.certainty,
                )  # fmt: skip

        CollectionOp(parent=self, op=answer).success(answered).run()

    @Slot()
    def _next(self) -> None:
        self.position += 1
        self._skip_missing()
        if self.position >= len(self.items):
            self._finish()
        else:
            self._show_current()

    def _finish(self) -> None:
        attempt = self.attempt
        profile = self._context.require_profile()
        if attempt is None:
            return
        service = self._context.quiz

        def finished(result: AttemptResult) -> None:
            self.attempt = None
            self.results.show_result(result)
            self.setCurrentWidget(self.results)
            self._context.hub.changesApplied.emit(Changes(progress=True), self)

        CollectionOp(parent=self, op=lambda: service.finish(profile, attempt.id)).success(finished).run()

    # -- review ------------------------------------------------------------------------------

    @Slot(str)
    def _open_attempt(self, attempt_id: str) -> None:
        profile = self._context.require_profile()
        service = self._context.quiz

        def shown(result: AttemptResult) -> None:
            self.review.show_attempt(result)
            self.setCurrentWidget(self.review)

        QueryOp(parent=self, op=lambda: service.result(profile, attempt_id)).success(shown).run()
