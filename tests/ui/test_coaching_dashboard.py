"""The séance dashboard view, its matrix model, the participant and question details, and the
PDF report and attestations, on small hand-made dashboards."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from ent_coach.domain.coaching import (
    AnswerReview,
    Cell,
    Dashboard,
    ItemStatus,
    MissedItem,
    Participant,
    ParticipantRow,
    PlanItem,
    SeancePlan,
    display_code,
)
from ent_coach.domain.coaching_dashboard import matrix_table, participant_initials
from ent_coach.domain.pathways import StepKind
from ent_coach.domain.quiz.model import Option, QuizFormat, QuizItem
from ent_coach.domain.tutorials import Source
from ent_coach.ui.coaching.dashboard import DashboardView
from ent_coach.ui.coaching.matrix_model import ROW_ROLE, STATUS_RANK, STATUS_ROLE
from ent_coach.ui.coaching.participant import ParticipantDialog, QuestionDialog
from ent_coach.ui.coaching.report import (
    ATTESTATION_DISCLAIMER,
    attestation_file_names,
    attestation_html,
    completion_text,
    report_html,
    write_attestation_pdf,
    write_attestations,
    write_report_pdf,
)

NOW = dt.datetime(2026, 3, 10, 11, 30, tzinfo=dt.UTC)
PLAN = SeancePlan(
    code="K7P4QX",
    title="Demi-journée ENT du collège",
    date=dt.date(2026, 3, 10),
    place="INSPE, salle B12",
    items=(
        PlanItem("i1", StepKind.TUTORIAL, "Découvrir l'espace documentaire", 10, "espace-doc"),
        PlanItem("i2", StepKind.QUIZ_ASSESSMENT, "Évaluation RGPD", 20, None, 0.7, 77),
        PlanItem("i3", StepKind.SCENARIO, "Régler le blog de la classe", 15, "blog-6a"),
        PlanItem("i4", StepKind.ACTIVITY, "Publier une actualité", 10),
    ),
)
PHOTO_QUESTION = QuizItem(
    id="q-photo",
    format=QuizFormat.SINGLE,
    themes=("droit-image",),
    difficulty=2,
    title="Photo d'élève sur le blog",
    situation="Une enseignante veut publier une photo de classe.",
    question="Que faut-il avant de publier ?",
    options=(
        Option(
            "a", "L'autorisation des représentants légaux", True, "Oui : c'est le droit à l'image."
        ),
        Option("b", "Rien, le blog est privé", False, "Non : un blog reste une diffusion."),
    ),
    explanation="L'image d'un élève ne se diffuse qu'avec l'accord écrit de ses représentants légaux.",
    sources=(Source("CNIL", "Le droit à l'image", "https://www.cnil.fr/fr/droit-image"),),
    last_verified=dt.date(2026, 1, 5),
    volatile=False,
    shuffle=True,
)


def _row(name: str | None, pseudonym: str, cells: dict[str, Cell], answers=()) -> ParticipantRow:
    full = {item.id: cells.get(item.id, Cell(ItemStatus.NOT_STARTED)) for item in PLAN.items}
    return ParticipantRow(
        participant=Participant(pseudonym, name, NOW),
        cells=full,
        total_seconds=sum(cell.seconds for cell in full.values()),
        done_count=sum(cell.status is ItemStatus.DONE for cell in full.values()),
        needs_help=any(cell.status is ItemStatus.NEEDS_HELP for cell in full.values()),
        answers=tuple(answers),
    )


def make_dashboard() -> Dashboard:
    rows = (
        _row(
            "Léa Martin",
            "p-lea",
            {
                "i1": Cell(ItemStatus.DONE, 600, attempts=1),
                "i2": Cell(ItemStatus.DONE, 900, 0.85, 1),
                "i3": Cell(ItemStatus.DONE, 700, 1.0, 2),
                "i4": Cell(ItemStatus.IN_PROGRESS, 120),
            },
            answers=(
                AnswerReview("q-conservation", "Durée de conservation", "a", True, 1),
                AnswerReview("q-photo", "Photo d'élève sur le blog", "b", False, 2),
            ),
        ),
        _row(
            None,
            "p-anonyme",
            {
                "i2": Cell(
                    ItemStatus.NEEDS_HELP, 800, 0.3, 1, "Meilleur score à l'évaluation : 30 %"
                ),
                "i3": Cell(ItemStatus.NEEDS_HELP, 1500, 0.2, 3, "3 essais échoués sur ce scénario"),
            },
        ),
        _row("Hugo Bernard", "p-hugo", {}),
        _row(
            "Anne de La Tour",
            "p-anne",
            {
                "i1": Cell(ItemStatus.IN_PROGRESS, 4000),
                "i2": Cell(ItemStatus.IN_PROGRESS, 300, 0.6, 1),
            },
        ),
    )
    return Dashboard(
        plan=PLAN,
        rows=rows,
        completion={"i1": 1, "i2": 1, "i3": 1, "i4": 0},
        missed=(
            MissedItem("q-photo", "Photo d'élève sur le blog", 3, 1),
            MissedItem("q-inconnue", "Une question retirée de la banque", 2, 1),
            MissedItem("q-conservation", "Durée de conservation", 3, 2),
        ),
        score_bins=(0, 0, 0, 1, 0, 0, 1, 0, 1, 0),
        generated_at=NOW,
    )


def lookup(item_id: str) -> QuizItem | None:
    return PHOTO_QUESTION if item_id == PHOTO_QUESTION.id else None


@pytest.fixture
def view(qtbot) -> Iterator[DashboardView]:
    window = QWidget()  # kept referenced until the test ends: it owns the view
    qtbot.addWidget(window)
    window.resize(1200, 800)
    dashboard_view = DashboardView(window, question_lookup=lookup)
    dashboard_view.resize(1200, 800)
    window.show()
    dashboard_view.set_dashboard(make_dashboard())
    yield dashboard_view
    window.close()


def shown_table(view: DashboardView) -> list[list[str]]:
    proxy = view.proxy
    return [
        [proxy.index(row, column).data() for column in range(proxy.columnCount())]
        for row in range(proxy.rowCount())
    ]


def shown_header(view: DashboardView) -> list[str]:
    proxy = view.proxy
    return [
        proxy.headerData(column, Qt.Orientation.Horizontal) for column in range(proxy.columnCount())
    ]


@pytest.mark.parametrize("anonymise", [False, True])
def test_matrix_shows_exactly_the_csv_text(view: DashboardView, anonymise: bool) -> None:
    view.set_anonymised(anonymise)
    assert view.anonymised() is anonymise
    header, rows = matrix_table(make_dashboard(), anonymise=anonymise)
    assert shown_header(view) == header
    assert shown_table(view) == rows
    names = [row[0] for row in shown_table(view)]
    if anonymise:
        assert names == ["Participant 1", "Participant 2", "Participant 3", "Participant 4"]
    else:
        assert names == ["Léa Martin", "Participant 2", "Hugo Bernard", "Anne de La Tour"]


def test_header_counts_and_help_rule(view: DashboardView) -> None:
    assert view.summary.text() == "4 participants · 4 éléments · 1 a besoin d'aide"
    assert "scénario échoué 3 fois" in view.rule.text()
    assert "50 %" in view.rule.text()


def test_sort_by_status_then_by_time(view: DashboardView) -> None:
    proxy = view.proxy
    assessment_column = 2
    view.table.sortByColumn(assessment_column, Qt.SortOrder.AscendingOrder)
    statuses = [
        ItemStatus(proxy.index(row, assessment_column).data(STATUS_ROLE))
        for row in range(proxy.rowCount())
    ]
    assert statuses[0] is ItemStatus.NEEDS_HELP
    assert statuses[-1] is ItemStatus.DONE
    ranks = [STATUS_RANK[status] for status in statuses]
    assert ranks == sorted(ranks)

    time_column = view.model.time_column()
    view.table.sortByColumn(time_column, Qt.SortOrder.DescendingOrder)
    dashboard = make_dashboard()
    order = [proxy.index(row, 0).data(ROW_ROLE) for row in range(proxy.rowCount())]
    seconds = [dashboard.rows[row].total_seconds for row in order]
    assert seconds == sorted(seconds, reverse=True)
    assert order[0] == 3  # Anne: 4 300 s
    assert proxy.index(0, 0).data() == "Anne de La Tour"


def test_filters_by_help_by_start_and_by_text(view: DashboardView) -> None:
    combo = view.filter_combo
    combo.setCurrentIndex(combo.findText("Besoin d'aide"))
    assert [row[0] for row in shown_table(view)] == ["Participant 2"]
    assert view.shown_count.text() == "1 affiché sur 4"
    combo.setCurrentIndex(combo.findText("Pas encore commencé"))
    assert [row[0] for row in shown_table(view)] == ["Hugo Bernard"]
    combo.setCurrentIndex(combo.findText("Tous"))
    assert view.proxy.rowCount() == 4

    view.filter_edit.setText("LEA")  # case and accents do not matter
    assert [row[0] for row in shown_table(view)] == ["Léa Martin"]
    view.set_anonymised(True)  # hidden names cannot be searched
    assert view.proxy.rowCount() == 0
    view.filter_edit.setText("participant 3")
    assert [row[0] for row in shown_table(view)] == ["Participant 3"]


def test_enter_on_a_row_opens_the_participant_with_answers(view: DashboardView) -> None:
    view.table.setFocus()
    view.table.setCurrentIndex(view.proxy.index(0, 1))
    QTest.keyClick(view.table, Qt.Key.Key_Return)
    dialog = view.open_dialog()
    assert isinstance(dialog, ParticipantDialog)
    assert "Léa Martin" in dialog.windowTitle()
    assert dialog.items.rowCount() == len(PLAN.items)
    assert dialog.items.item(1, 2).text() == "Terminé · 85 %"
    answers = dialog.answers.toPlainText()
    assert "Photo d'élève sur le blog" in answers
    assert "Réponse incorrecte" in answers
    # The response is given in words, with the expected answer and the explanation.
    assert "Rien, le blog est privé" in answers
    assert "L'autorisation des représentants légaux" in answers
    assert PHOTO_QUESTION.explanation in answers
    dialog.close()


def test_participant_detail_keeps_names_hidden_when_anonymised(view: DashboardView) -> None:
    view.set_anonymised(True)
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    view.detail_button.click()
    dialog = view.open_dialog()
    assert isinstance(dialog, ParticipantDialog)
    assert "Participant 1" in dialog.windowTitle()
    assert "Léa" not in dialog.windowTitle() + dialog.heading.text()
    dialog.close()


def test_a_missed_question_opens_with_its_explanation(view: DashboardView) -> None:
    missed = view.missed_list
    assert missed.topLevelItem(0).text(0) == "Photo d'élève sur le blog"
    assert missed.topLevelItem(0).text(1) == "33 %"
    missed.setFocus()
    missed.setCurrentItem(missed.topLevelItem(0))
    QTest.keyClick(missed, Qt.Key.Key_Return)
    dialog = view.open_dialog()
    assert isinstance(dialog, QuestionDialog)
    text = dialog.text()
    assert PHOTO_QUESTION.question in text
    assert "L'autorisation des représentants légaux — bonne réponse" in text
    assert "Rien, le blog est privé — bonne réponse" not in text
    assert PHOTO_QUESTION.explanation in text
    assert "CNIL" in text
    assert "33 % de bonnes réponses" in text
    dialog.close()

    missed.setCurrentItem(missed.topLevelItem(1))
    QTest.keyClick(missed, Qt.Key.Key_Return)
    unknown = view.open_dialog()
    assert isinstance(unknown, QuestionDialog)
    assert "ne figure pas dans la banque" in unknown.text()
    unknown.close()


def test_projector_mode_enlarges_and_replaces_names(view: DashboardView) -> None:
    normal_size = view.table.font().pointSizeF()
    view.projector_button.click()
    assert view.projector_mode()
    assert view.table.font().pointSizeF() >= normal_size * 1.5
    assert view.anonymised()
    assert not view.anonymise_button.isEnabled()
    dashboard = make_dashboard()
    initials = [participant_initials(row.participant, i) for i, row in enumerate(dashboard.rows)]
    assert initials == ["LM", "P2", "HB", "AT"]
    assert [row[0] for row in shown_table(view)] == initials
    view.numbers_button.click()
    assert [row[0] for row in shown_table(view)] == [f"Participant {n}" for n in range(1, 5)]

    view.projector_button.click()
    assert not view.projector_mode()
    assert view.table.font().pointSizeF() == pytest.approx(normal_size)
    assert not view.anonymised()
    assert shown_table(view)[0][0] == "Léa Martin"


def test_the_matrix_keeps_most_of_the_height_in_any_window_and_the_tutors_choice(
    view: DashboardView, qtbot
) -> None:
    def matrix_share() -> float:
        sizes = view.splitter.sizes()
        return sizes[0] / sum(sizes)

    view.resize(800, 420)  # a small laptop window: the charts keep about three lines
    qtbot.waitUntil(lambda: sum(view.splitter.sizes()) > 0)
    assert matrix_share() >= 0.6
    view.projector_button.click()
    view.resize(1024, 640)
    assert matrix_share() >= 0.75  # 0.8, unless the charts are down to their three lines
    view.splitter.moveSplitter(sum(view.splitter.sizes()) // 2, 1)  # the tutor drags
    view.resize(1200, 780)
    assert matrix_share() == pytest.approx(0.5, abs=0.02)
    view.projector_button.click()
    assert matrix_share() == pytest.approx(0.7, abs=0.02)


def test_empty_states(view: DashboardView) -> None:
    view.set_dashboard(None)
    assert view.stack.currentWidget() is view.empty_hint
    assert "importez les fichiers de progression" in view.empty_hint.text()
    empty = Dashboard(PLAN, (), {}, (), (0,) * 10, NOW)
    view.set_dashboard(empty)
    assert view.stack.currentWidget() is view.empty_hint
    assert PLAN.title in view.empty_hint.text()
    view.set_dashboard(make_dashboard())
    assert view.stack.currentWidget() is view.content


def test_charts_have_text_equivalents(view: DashboardView) -> None:
    description = view.completion_chart.accessibleDescription()
    assert "1. Découvrir l'espace documentaire : 1/4 terminé (25 %)" in description
    histogram = view.histogram.accessibleDescription()
    assert "30–39 % : 1 participant" in histogram
    assert "90–100 % : 0 participant" in histogram


# -- report and attestations ---------------------------------------------------------------


def test_report_html_holds_the_plan_matrix_and_help_list() -> None:
    dashboard = make_dashboard()
    html = report_html(dashboard, anonymise=False)
    assert "Rapport de séance" in html
    assert display_code(PLAN.code) in html
    assert escape(PLAN.place) in html
    assert completion_text(1, 4) == "1/4 (25 %)"
    assert "1/4 (25 %)" in html
    _header, rows = matrix_table(dashboard, anonymise=False)
    for row in rows:
        for text in row:
            assert escape(text) in html
    assert escape("3 essais échoués sur ce scénario") in html
    assert escape("Photo d'élève sur le blog") in html
    assert "Généré par ENT Coach le" in html

    hidden = report_html(dashboard, anonymise=True)
    assert "Léa" not in hidden and "Hugo" not in hidden
    assert "Participant 1" in hidden


def test_report_and_attestations_are_written_as_pdf(qtbot, tmp_path: Path) -> None:
    dashboard = make_dashboard()
    report = tmp_path / "rapport.pdf"
    write_report_pdf(dashboard, report, anonymise=False)
    data = report.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 3_000
    assert not list(tmp_path.glob(".*.tmp"))

    written = write_attestations(dashboard, tmp_path / "attestations")
    assert len(written) == len(dashboard.rows)
    assert len({path.name for path in written}) == len(written)
    for path in written:
        assert re.fullmatch(r"attestation-K7P4QX-[a-z0-9-]+\.pdf", path.name)
        content = path.read_bytes()
        assert content.startswith(b"%PDF") and len(content) > 3_000
    assert written[0].name == "attestation-K7P4QX-lea-martin.pdf"
    assert written[1].name == "attestation-K7P4QX-participant-2.pdf"


def test_attestation_text_and_errors(qtbot, tmp_path: Path) -> None:
    dashboard = make_dashboard()
    html = attestation_html(dashboard, 0)
    assert "Attestation de suivi" in html
    assert "Léa Martin" in html
    assert escape(ATTESTATION_DISCLAIMER) in html
    assert "ni une certification" in ATTESTATION_DISCLAIMER
    assert "Nom et signature du formateur ou de la formatrice" in html  # signed on paper
    assert "Participant 2" in attestation_html(dashboard, 1)
    assert "Léa" not in attestation_html(dashboard, 0, anonymise=True)

    with pytest.raises(KeyError):
        write_attestation_pdf(dashboard, "inconnu", tmp_path / "x.pdf")
    blocker = tmp_path / "un-fichier"
    blocker.write_text("pas un dossier", encoding="utf-8")
    with pytest.raises(OSError):
        write_attestation_pdf(dashboard, "p-lea", blocker / "attestation.pdf")


def test_attestation_file_names_are_safe_and_distinct() -> None:
    dashboard = make_dashboard()
    twins = Dashboard(
        PLAN,
        (
            _row("../../Léa Martin", "a", {}),
            _row("Léa  Martin", "b", {}),
            _row("***", "c", {}),
        ),
        {},
        (),
        (0,) * 10,
        NOW,
    )
    names = attestation_file_names(twins)
    assert names == [
        "attestation-K7P4QX-lea-martin.pdf",
        "attestation-K7P4QX-lea-martin-2.pdf",
        "attestation-K7P4QX-participant-3.pdf",
    ]
    assert all("/" not in name for name in attestation_file_names(dashboard))


def test_progress_file_names_differ_from_one_trainee_to_the_next() -> None:
    from ent_coach.ui.coaching.texts import bundle_file_name

    day = dt.date(2026, 3, 10)
    named = bundle_file_name("K7P4QX", day, pseudonym="3f9a2c1d-0000", display_name="Léa Martin")
    assert named == "progression-K7P4QX-2026-03-10-lea-martin.zip"
    anonymous = bundle_file_name("K7P4QX", day, pseudonym="3f9a2c1d-0000", display_name=None)
    assert anonymous == "progression-K7P4QX-2026-03-10-3f9a2c1d.zip"
    assert bundle_file_name(None, day, pseudonym="b2", display_name="***") == (
        "progression-complete-2026-03-10-b2.zip"
    )
