"""Quiz use cases: start, answer, finish, resume or abandon an attempt; history, mastery and
the review queue. Every answer is written (with its statement) as soon as it is given, so an
attempt interrupted by closing the application loses nothing."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ent_coach.domain import statements as xapi
from ent_coach.domain.profiles import Profile
from ent_coach.domain.quiz import draw as draws
from ent_coach.domain.quiz.attempts import Answer, Attempt, AttemptStatus, QuizMode
from ent_coach.domain.quiz.model import QUIZ_THEMES, QuizBank, QuizItem, degree_of_role
from ent_coach.domain.quiz.presentation import MAX_SEED, new_seed, presented_order
from ent_coach.domain.quiz.review import ReviewState, next_state
from ent_coach.domain.quiz.scoring import (
    PASS_MARK,
    AttemptScore,
    MarkedAnswer,
    is_complete,
    is_correct,
    normalise_response,
    score_attempt,
)
from ent_coach.store.database import Store

QUIZ_KIND = "quiz"


class QuizError(ValueError):
    """A request the quiz cannot honour, with a French message for the learner."""


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    item: QuizItem
    answer: Answer


@dataclass(frozen=True, slots=True)
class ThemeMastery:
    theme: str
    mastered: int  # items whose last scored answer was right
    answered: int
    total: int

    @property
    def label(self) -> str:
        return QUIZ_THEMES[self.theme]

    @property
    def ratio(self) -> float:
        return self.mastered / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class AttemptResult:
    attempt: Attempt
    items: tuple[QuizItem | None, ...]  # None: the item left the bank since the attempt
    score: AttemptScore
    passed: bool
    pass_mark: float

    def marked(self) -> list[MarkedAnswer]:
        return marked_answers(self.attempt, self.items)

    def missed(self) -> list[QuizItem]:
        """Items answered wrongly or left unanswered, still in the bank, in question order."""
        answers = self.attempt.first_tries()
        return [
            item
            for position, item in enumerate(self.items)
            if item is not None and (position not in answers or not answers[position].correct)
        ]


def marked_answers(attempt: Attempt, items: Sequence[QuizItem | None]) -> list[MarkedAnswer]:
    """The scored answers (first tries), in question order."""
    out = []
    for position, answer in sorted(attempt.first_tries().items()):
        item = items[position]
        theme = item.theme if item else "?"
        out.append(MarkedAnswer(answer.item_id, theme, answer.correct, answer.certainty))
    return out


def quiz_name(mode: QuizMode, theme: str | None) -> str:
    if mode is QuizMode.TRAINING and theme:
        return f"Entraînement : {QUIZ_THEMES.get(theme, theme)}"
    if mode is QuizMode.ASSESSMENT:
        return "Évaluation juridique et RGPD"
    if mode is QuizMode.MISTAKES:
        return "Reprise des questions manquées"
    return "Révision des questions manquées"


def _writes():
    from ent_coach.store import profiles, progress, quiz

    return profiles, progress, quiz


class QuizService:
    def __init__(self, store: Store, load_bank: Callable[[], QuizBank]) -> None:
        self._store = store
        self._load_bank = load_bank
        self._bank: QuizBank | None = None
        self._lock = threading.Lock()

    # --- content -----------------------------------------------------------------------

    @property
    def bank(self) -> QuizBank:
        with self._lock:
            if self._bank is None:
                self._bank = self._load_bank()
            return self._bank

    def item(self, item_id: str) -> QuizItem | None:
        return self.bank.by_id().get(item_id)

    def items_of(self, attempt: Attempt) -> tuple[QuizItem | None, ...]:
        by_id = self.bank.by_id()
        return tuple(by_id.get(item_id) for item_id in attempt.item_ids)

    # --- attempts ----------------------------------------------------------------------

    def start(
        self,
        profile: Profile,
        mode: QuizMode,
        *,
        theme: str | None = None,
        seed: int | None = None,
        cbm: bool = False,
        today: dt.date | None = None,
    ) -> Attempt:
        if seed is not None and not 0 <= seed <= MAX_SEED:
            raise QuizError("Le code de tirage doit être un nombre entier de 1 à 9 chiffres.")
        if mode is QuizMode.MISTAKES:
            raise QuizError("Une reprise des erreurs part d'une tentative terminée.")
        # A seed given by a tutor is shared by a group: the draw ignores levels for it.
        degree = degree_of_role(profile.role) if seed is None else None
        seed = new_seed() if seed is None else seed
        items = self._draw(profile, mode, theme, seed, today or _now().date(), degree)
        return self._open(profile, mode, theme, seed, items, cbm)

    def continue_or_start(
        self,
        profile: Profile,
        mode: QuizMode,
        *,
        theme: str | None = None,
        seed: int | None = None,
        cbm: bool = False,
    ) -> Attempt:
        """« Continuer »: the unfinished attempt of this kind (same theme, same seed when one
        is given) where it stopped; otherwise a new attempt."""
        pending = self.resumable(profile)
        if pending is not None and same_kind(pending, mode, theme, seed):
            return pending
        return self.start(profile, mode, theme=theme, seed=seed, cbm=cbm)

    def retry_mistakes(self, profile: Profile, attempt_id: str, *, cbm: bool = False) -> Attempt:
        """The questions missed in a finished attempt, asked again now, in a new order. The
        spaced review is untouched: a right answer before its date does not move an item up."""
        source = self.attempt(profile, attempt_id)
        if source is None:
            raise QuizError("Tentative introuvable.")
        if source.status is not AttemptStatus.FINISHED:
            raise QuizError("Terminez la tentative avant d'en reprendre les erreurs.")
        missed = self._result(source).missed()
        if not missed:
            raise QuizError("Aucune question manquée dans cette tentative : rien à reprendre.")
        seed = new_seed()
        return self._open(
            profile, QuizMode.MISTAKES, None, seed, draws.draw_mistakes(missed, seed), cbm
        )

    def _open(
        self,
        profile: Profile,
        mode: QuizMode,
        theme: str | None,
        seed: int,
        items: Sequence[QuizItem],
        cbm: bool,
    ) -> Attempt:
        now = _now()
        attempt = Attempt(
            id=str(uuid.uuid4()),
            mode=mode,
            theme=theme if mode is QuizMode.TRAINING else None,
            seed=seed,
            item_ids=tuple(item.id for item in items),
            cbm=cbm,
            status=AttemptStatus.IN_PROGRESS,
            started_at=now.replace(tzinfo=None),
        )
        _, progress_queries, quiz_queries = _writes()
        with self._store.session() as session:
            # One attempt at a time: an unfinished one is abandoned, its answers kept.
            for old in quiz_queries.attempts_of(
                session, profile_id=profile.id, status=AttemptStatus.IN_PROGRESS
            ):
                quiz_queries.close_attempt(
                    session, attempt_id=old.id, status=AttemptStatus.ABANDONED,
                    finished_at=attempt.started_at,
                )  # fmt: skip
            quiz_queries.create_attempt(session, profile_id=profile.id, attempt=attempt)
            progress_queries.record_activity(
                session, profile_id=profile.id, activity_id=xapi.quiz_iri(mode.value, attempt.theme),
                kind=QUIZ_KIND, now=attempt.started_at, new_attempt=True,
            )  # fmt: skip
        return attempt

    def _draw(
        self,
        profile: Profile,
        mode: QuizMode,
        theme: str | None,
        seed: int,
        today: dt.date,
        degree: str | None,
    ) -> list[QuizItem]:
        items = self.bank.items
        try:
            if mode is QuizMode.ASSESSMENT:
                return draws.draw_assessment(items, seed, degree=degree)
            if mode is QuizMode.TRAINING:
                if theme not in QUIZ_THEMES:
                    raise QuizError(f"Thème inconnu : {theme}")
                previous = self._last_training_order(profile, theme)
                return draws.draw_training(items, theme, seed, degree=degree, previous=previous)
        except draws.DrawError as exc:
            raise QuizError(f"Tirage impossible : {exc}.") from exc
        due = self.due_items(profile, today)
        if not due:
            raise QuizError("Aucune question à réviser aujourd'hui.")
        return draws.order_review(due, seed)

    def _last_training_order(self, profile: Profile, theme: str) -> tuple[str, ...]:
        _, _, quiz_queries = _writes()
        with self._store.session() as session:
            return quiz_queries.last_item_order(
                session, profile_id=profile.id, mode=QuizMode.TRAINING, theme=theme
            )

    def answer(
        self,
        profile: Profile,
        attempt: Attempt,
        position: int,
        response: Sequence[str],
        *,
        certainty: int | None = None,
        today: dt.date | None = None,
    ) -> AnswerOutcome:
        if not 0 <= position < len(attempt.item_ids):
            raise QuizError("Cette question ne fait pas partie de la tentative.")
        item = self.item(attempt.item_ids[position])
        if item is None:
            raise QuizError("Cette question a été retirée de la banque depuis le début du quiz.")
        if not is_complete(item, response):
            raise QuizError("Réponse incomplète : choisissez une réponse avant de valider.")
        if attempt.cbm and certainty not in (1, 2, 3):
            raise QuizError("Indiquez votre degré de certitude avant de valider.")
        now = _now()
        today = today or now.date()
        correct = is_correct(item, response)
        profile_queries, progress_queries, quiz_queries = _writes()
        with self._store.session() as session:
            try_number = quiz_queries.next_try_number(
                session, attempt_id=attempt.id, position=position
            )
            if try_number > 1 and not attempt.mode.practice:
                raise QuizError("Cette question a déjà reçu une réponse.")
            answer = Answer(
                position=position,
                item_id=item.id,
                response=normalise_response(item, response),
                correct=correct,
                certainty=certainty if attempt.cbm else None,
                answered_at=now.replace(tzinfo=None),
                try_number=try_number,
            )
            quiz_queries.add_answer(session, attempt_id=attempt.id, answer=answer)
            shown = presented_order(item, attempt.seed)
            statement = xapi.answered_statement(
                actor_=xapi.actor(
                    install_id=profile_queries.install_id(session), pseudonym=profile.pseudonym
                ),
                registration=attempt.id,
                quiz_id=xapi.quiz_iri(attempt.mode.value, attempt.theme),
                item_id=item.id,
                title=item.title,
                interaction_type="sequencing" if item.is_ordering else "choice",
                choices=[(key, item.option(key).text) for key in shown],
                correct_pattern="[,]".join(item.correct_response),
                response="[,]".join(answer.response),
                success=correct,
                position=position,
                try_number=try_number,
                certainty=answer.certainty,
                timestamp=now,
            )
            progress_queries.append_statement(session, profile_id=profile.id, statement=statement)
            if try_number == 1:  # a retry after seeing the feedback proves nothing
                current = quiz_queries.review_state(session, profile_id=profile.id, item_id=item.id)
                updated = next_state(current, item_id=item.id, correct=correct, today=today)
                if updated != current:
                    quiz_queries.save_review_state(
                        session, profile_id=profile.id, item_id=item.id, state=updated
                    )
        return AnswerOutcome(item=item, answer=answer)

    def finish(self, profile: Profile, attempt_id: str) -> AttemptResult:
        profile_queries, progress_queries, quiz_queries = _writes()
        now = _now()
        with self._store.session() as session:
            attempt = quiz_queries.load_attempt(
                session, profile_id=profile.id, attempt_id=attempt_id
            )
            if attempt is None:
                raise QuizError("Tentative introuvable.")
            if attempt.status is not AttemptStatus.IN_PROGRESS:
                return self._result(attempt)
            result = self._result(attempt)
            quiz_id = xapi.quiz_iri(attempt.mode.value, attempt.theme)
            statements = xapi.attempt_statements(
                actor_=xapi.actor(
                    install_id=profile_queries.install_id(session), pseudonym=profile.pseudonym
                ),
                registration=attempt.id,
                quiz_id=quiz_id,
                quiz_name=quiz_name(attempt.mode, attempt.theme),
                raw=result.score.raw,
                max_=result.score.max,
                passed=result.passed,
                pass_mark=PASS_MARK,
                seed=attempt.seed,
                duration_seconds=(now.replace(tzinfo=None) - attempt.started_at).total_seconds(),
                cbm_total=result.score.cbm_total,
                timestamp=now,
            )
            for statement in statements:
                progress_queries.append_statement(
                    session, profile_id=profile.id, statement=statement
                )
            progress_queries.record_activity(
                session, profile_id=profile.id, activity_id=quiz_id, kind=QUIZ_KIND,
                now=now.replace(tzinfo=None), completed=result.passed,
            )  # fmt: skip
            quiz_queries.update_best_score(
                session, profile_id=profile.id, activity_id=quiz_id, scaled=result.score.scaled
            )
            quiz_queries.close_attempt(
                session, attempt_id=attempt.id, status=AttemptStatus.FINISHED,
                finished_at=now.replace(tzinfo=None), raw=result.score.raw,
                max_=result.score.max, cbm_total=result.score.cbm_total,
            )  # fmt: skip
            finished = quiz_queries.load_attempt(
                session, profile_id=profile.id, attempt_id=attempt_id
            )
        assert finished is not None
        return self._result(finished)

    def abandon(self, profile: Profile, attempt_id: str) -> None:
        _, _, quiz_queries = _writes()
        with self._store.session() as session:
            attempt = quiz_queries.load_attempt(
                session, profile_id=profile.id, attempt_id=attempt_id
            )
            if attempt is not None and attempt.status is AttemptStatus.IN_PROGRESS:
                quiz_queries.close_attempt(
                    session, attempt_id=attempt_id, status=AttemptStatus.ABANDONED,
                    finished_at=_now().replace(tzinfo=None),
                )  # fmt: skip

    def _result(self, attempt: Attempt) -> AttemptResult:
        items = self.items_of(attempt)
        score = score_attempt(marked_answers(attempt, items), len(attempt.item_ids))
        return AttemptResult(
            attempt=attempt, items=items, score=score, passed=score.passed(PASS_MARK),
            pass_mark=PASS_MARK,
        )  # fmt: skip

    # --- reading -----------------------------------------------------------------------

    def resumable(self, profile: Profile) -> Attempt | None:
        _, _, quiz_queries = _writes()
        with self._store.session() as session:
            pending = quiz_queries.attempts_of(
                session, profile_id=profile.id, status=AttemptStatus.IN_PROGRESS
            )
        return pending[0] if pending else None

    def attempt(self, profile: Profile, attempt_id: str) -> Attempt | None:
        _, _, quiz_queries = _writes()
        with self._store.session() as session:
            return quiz_queries.load_attempt(session, profile_id=profile.id, attempt_id=attempt_id)

    def result(self, profile: Profile, attempt_id: str) -> AttemptResult:
        attempt = self.attempt(profile, attempt_id)
        if attempt is None:
            raise QuizError("Tentative introuvable.")
        return self._result(attempt)

    def history(self, profile: Profile) -> list[AttemptResult]:
        """Finished attempts, newest first."""
        _, _, quiz_queries = _writes()
        with self._store.session() as session:
            attempts = quiz_queries.attempts_of(
                session, profile_id=profile.id, status=AttemptStatus.FINISHED
            )
        return [self._result(attempt) for attempt in attempts]

    def mastery(self, profile: Profile) -> list[ThemeMastery]:
        _, _, quiz_queries = _writes()
        with self._store.session() as session:
            latest = quiz_queries.latest_results(session, profile_id=profile.id)
        out = []
        for theme in self.bank.themes():
            ids = [item.id for item in self.bank.of_theme(theme)]
            answered = [i for i in ids if i in latest]
            out.append(
                ThemeMastery(
                    theme=theme,
                    mastered=sum(latest[i] for i in answered),
                    answered=len(answered),
                    total=len(ids),
                )
            )
        return out

    def review_queue(self, profile: Profile) -> list[ReviewState]:
        _, _, quiz_queries = _writes()
        with self._store.session() as session:
            states = quiz_queries.review_states(session, profile_id=profile.id)
        known = self.bank.by_id()
        return [state for state in states if state.item_id in known]

    def due_items(self, profile: Profile, today: dt.date) -> list[QuizItem]:
        known = self.bank.by_id()
        return [known[s.item_id] for s in self.review_queue(profile) if s.is_due(today)]


def same_kind(attempt: Attempt, mode: QuizMode, theme: str | None, seed: int | None) -> bool:
    """Whether an unfinished attempt is the one a step asks for."""
    if attempt.mode is not mode:
        return False
    if mode is QuizMode.TRAINING:
        return attempt.theme == theme
    return seed is None or attempt.seed == seed
