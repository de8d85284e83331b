"""HTML shared by the feedback after an answer and the review of a past attempt."""

from __future__ import annotations

from html import escape

from ent_coach.domain.quiz.model import QuizItem
from ent_coach.domain.quiz.scoring import CERTAINTY_LEVELS, PartialAnswer, cbm_mark, partial_answer
from ent_coach.domain.tutorials import Source

LETTERS = "ABCDEF"


def plural(count: int, one: str, many: str) -> str:
    """``one`` or ``many`` with ``%1`` replaced by ``count``: French uses the singular for 0
    and 1 (« 0 bonne réponse », « 1 bonne réponse », « 2 bonnes réponses »)."""
    return (one if -2 < count < 2 else many).replace("%1", str(count))


# One line after each answer given with a certainty: what the marking made of it.
_CERTAINTY_COMMENTS: dict[tuple[bool, int], str] = {
    (True, 1): "vous en saviez plus que vous ne le pensiez.",
    (True, 2): "bonne réponse, bien jugée.",
    (True, 3): "confiance justifiée.",
    (False, 1): "vous aviez bien senti le doute.",
    (False, 2): "une erreur qui coûte : à revoir.",
    (False, 3): "une idée fausse affirmée avec assurance : à revoir en priorité.",
}


def certainty_line(correct: bool, certainty: int) -> str:
    """« Très sûr·e et juste : +3 points, confiance justifiée. » (plain text)."""
    mark = cbm_mark(correct, certainty)
    points = plural(abs(mark), "%1 point", "%1 points")
    sign = "+" if mark > 0 else ("−" if mark < 0 else "")
    outcome = "juste" if correct else "faux"
    return (
        f"{CERTAINTY_LEVELS[certainty]} et {outcome} : {sign}{points}, "
        f"{_CERTAINTY_COMMENTS[(correct, certainty)]}"
    )


def partial_text(partial: PartialAnswer) -> str:
    """« Réponse incomplète : 2 bonnes réponses sur 3. » and its variant with wrong ticks."""
    right = plural(partial.right, "%1 bonne réponse", "%1 bonnes réponses")
    if not partial.wrong:
        return f"Réponse incomplète : {right} sur {partial.expected}."
    wrong = plural(partial.wrong, "%1 réponse fausse cochée", "%1 réponses fausses cochées")
    return f"Réponse incorrecte : {right} sur {partial.expected}, mais aussi {wrong}."


def sources_html(sources: tuple[Source, ...]) -> str:
    rows = []
    for source in sources:
        section = f", {escape(source.section)}" if source.section else ""
        rows.append(
            f"<li>{escape(source.publisher)}, <a href=\"{escape(source.url)}\">"
            f"{escape(source.title)}</a>{section}</li>"
        )
    return "<p><b>Sources</b></p><ul>" + "".join(rows) + "</ul>"


def verdict_html(correct: bool | None, partial: PartialAnswer | None = None) -> str:
    """``None``: the question was left unanswered (an abandoned or resumed attempt). A partly
    right multiple answer says how many of the right options were ticked."""
    if correct is None:
        return "<p><b>Sans réponse.</b></p>"
    if correct:
        return '<p class="verdict ok"><b>✔ Bonne réponse.</b></p>'
    if partial is not None:
        return f'<p class="verdict ko"><b>✘ {escape(partial_text(partial))}</b></p>'
    return '<p class="verdict ko"><b>✘ Réponse incorrecte.</b></p>'


def options_html(item: QuizItem, shown: tuple[str, ...], response: tuple[str, ...]) -> str:
    """Every option in the order it was shown, marked as chosen / right, with its feedback.
    Marks are words as well as colours, for screen readers and colour-blind readers."""
    if item.is_ordering:
        rows = []
        for rank, key in enumerate(item.correct_response, start=1):
            option = item.option(key)
            given = response.index(key) + 1 if key in response else None
            place = "" if given == rank else f" (vous l'aviez placée en {given}ᵉ position)"
            rows.append(
                f"<li><b>{escape(option.text)}</b>{escape(place)}<br>{escape(option.feedback)}</li>"
            )
        return "<p><b>L'ordre attendu</b></p><ol>" + "".join(rows) + "</ol>"
    rows = []
    for index, key in enumerate(shown):
        option = item.option(key)
        chosen = key in response
        marks = []
        if option.correct:
            marks.append("bonne réponse")
        if chosen:
            marks.append("votre choix")
        css = "ok" if option.correct else ("ko" if chosen else "")
        label = f" — <i>{', '.join(marks)}</i>" if marks else ""
        rows.append(
            f'<li class="{css}"><b>{LETTERS[index]}. {escape(option.text)}</b>{label}<br>'
            f"{escape(option.feedback)}</li>"
        )
    return "<ul>" + "".join(rows) + "</ul>"


def item_feedback_html(
    item: QuizItem,
    shown: tuple[str, ...],
    response: tuple[str, ...],
    correct: bool | None,
    *,
    with_question: bool = False,
    certainty: int | None = None,
) -> str:
    parts = []
    if with_question:
        parts.append(f"<h3>{escape(item.title)}</h3>")
        if item.situation:
            parts.append(f"<p><i>{escape(item.situation)}</i></p>")
        parts.append(f"<p><b>{escape(item.question)}</b></p>")
    partial = partial_answer(item, response) if correct is False else None
    parts.append(verdict_html(correct, partial))
    if certainty in CERTAINTY_LEVELS and correct is not None:
        parts.append(f"<p>Certitude : {escape(certainty_line(correct, certainty))}</p>")
    parts.append(options_html(item, shown, response))
    parts.append(f"<p><b>À retenir.</b> {escape(item.explanation)}</p>")
    parts.append(sources_html(item.sources))
    return "".join(parts)


def feedback_stylesheet(*, dark: bool) -> str:
    ok, ko = ("#7bd88f", "#ff8a80") if dark else ("#1b7f3b", "#b3261e")
    return f".ok {{ color: {ok}; }} .ko {{ color: {ko}; }} li {{ margin-bottom: 6px; }}"
