"""The self-assessment profile: chart per domain with an earlier sitting for comparison,
strengths, competences to work on with suggested content, and the detail over time."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.assessment import (
    Assessment,
    changes,
    domain_scores,
    strengths,
    to_work_on,
)
from ent_coach.domain.competences import Framework, Suggestions
from ent_coach.domain.text import plural
from ent_coach.ui.assessment.chart import ChartSeries, DomainChart, band_ranges
from ent_coach.ui.widgets import heading_label, muted_label

ADAPTED_NOTICE = (
    "Les descriptions « Je sais… » sont adaptées du CRCN au contexte de l'ENT par l'équipe "
    "d'ENT Coach : seules quelques-unes reprennent le document officiel par compétence. "
    "Aux niveaux 6 à 8, c'est la description générale du niveau qui s'affiche."
)
HISTORY_COLUMNS = 4


@dataclass(frozen=True)
class ProfileData:
    """Everything the view shows, loaded on the worker."""

    framework: Framework
    history: list[Assessment]
    # Titles of the suggested content: tutorial id → title, quiz theme → label, scenario id →
    # title. Content missing from this installation is simply absent.
    tutorials: dict[str, str] = field(default_factory=dict)
    quiz_themes: dict[str, str] = field(default_factory=dict)
    scenarios: dict[str, str] = field(default_factory=dict)


def short_date(assessment: Assessment) -> str:
    return assessment.created_at.strftime("%d/%m/%Y")


def long_date(assessment: Assessment) -> str:
    return assessment.created_at.strftime("%d/%m/%Y à %H:%M")


class ProfileView(QWidget):
    startRequested = Signal()
    linkRequested = Signal(str)  # "tutoriel:<id>", "quiz:<theme>", "scenario:<id>"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: ProfileData | None = None
        body = QWidget(self)
        self.heading = heading_label(self.tr("Auto-évaluation des compétences numériques"), level=1, parent=body)
        self.notice = QLabel(body)
        self.notice.setObjectName("assessmentNotice")
        self.notice.setWordWrap(True)
        self.notice.setFrameShape(QFrame.Shape.StyledPanel)
        self.notice.setMargin(8)
        self.saved_notice = QLabel(body)
        self.saved_notice.setObjectName("assessmentSaved")
        self.saved_notice.setWordWrap(True)
        bold = QFont(self.saved_notice.font())
        bold.setBold(True)
        self.saved_notice.setFont(bold)
        self.saved_notice.hide()
        self.status = QLabel(body)
        self.status.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Commencer l'auto-évaluation"), body)
        self.start_button.setToolTip(self.tr("Nouvelle auto-évaluation (Ctrl+N)"))
        self.start_button.clicked.connect(self.startRequested)

        self.compare_label = QLabel(self.tr("Comparer avec :"), body)
        self.compare = QComboBox(body)
        self.compare.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.compare.setAccessibleName(self.tr("Comparer avec une auto-évaluation précédente"))
        self.compare.currentIndexChanged.connect(self._draw_chart)
        self.compare_label.setBuddy(self.compare)
        self.chart_title = heading_label(self.tr("Niveau moyen par domaine"), level=2, parent=body)
        self.chart = DomainChart(body)
        self.details = QLabel(body)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.details.linkActivated.connect(self.linkRequested)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignTop)
        compare_row = QHBoxLayout()
        compare_row.addWidget(self.chart_title, 1)
        compare_row.addWidget(self.compare_label)
        compare_row.addWidget(self.compare)
        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        layout.addWidget(self.saved_notice)
        layout.addWidget(self.notice)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addLayout(compare_row)
        layout.addWidget(self.chart)
        layout.addSpacing(8)
        layout.addWidget(self.details)
        layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.empty_hint = muted_label("", body)
        layout.insertWidget(4, self.empty_hint)

    def announce(self, text: str) -> None:
        """A line at the top of the profile (« enregistrée »); empty: none."""
        self.saved_notice.setText(text)
        self.saved_notice.setAccessibleName(text)
        self.saved_notice.setVisible(bool(text))

    # -- showing -----------------------------------------------------------------------

    def show_data(self, data: ProfileData) -> None:
        self._data = data
        framework = data.framework
        self.notice.setText(
            f"{escape(framework.disclaimer)}<br>{escape(self.tr(ADAPTED_NOTICE))}"
        )
        self.chart.set_scale(
            len(framework.levels),
            band_ranges([(level.level, level.band) for level in framework.levels]),
        )
        has_history = bool(data.history)
        for widget in (self.chart_title, self.chart, self.details, self.compare, self.compare_label):
            widget.setVisible(has_history)
        self.empty_hint.setVisible(not has_history)
        if not has_history:
            self.status.setText(
                self.tr(
                    "Situez-vous sur les %1 compétences du %2, de « Novice » à « Expert », en "
                    "vous aidant de descriptions concrètes. Comptez une quinzaine de minutes. "
                    "Vous obtiendrez votre profil par domaine et des contenus d'ENT Coach pour "
                    "progresser là où vous vous sentez le moins à l'aise."
                )
                .replace("%1", str(len(framework.competences())))
                .replace("%2", framework.short_title)
            )
            self.empty_hint.setText(
                self.tr("Vous pourrez refaire l'auto-évaluation plus tard pour mesurer vos progrès.")
            )
            self.start_button.setText(self.tr("Commencer l'auto-évaluation"))
            return
        latest = data.history[-1]
        self.status.setText(
            plural(
                len(latest.levels),  # « Je ne sais pas me situer » is not a rating
                self.tr("Dernière auto-évaluation le %1 : %n compétence évaluée sur %3."),
                self.tr("Dernière auto-évaluation le %1 : %n compétences évaluées sur %3."),
            )
            .replace("%1", long_date(latest))
            .replace("%3", str(len(framework.competences())))
            + (
                self.tr(" Vous en avez fait %1 en tout.").replace("%1", str(len(data.history)))
                if len(data.history) > 1
                else ""
            )
        )
        self.start_button.setText(self.tr("Nouvelle auto-évaluation"))
        self.compare.blockSignals(True)
        self.compare.clear()
        self.compare.addItem(self.tr("aucune"), None)
        for index in range(len(data.history) - 2, -1, -1):
            self.compare.addItem(self.tr("le %1").replace("%1", long_date(data.history[index])), index)
        self.compare.setCurrentIndex(1 if len(data.history) > 1 else 0)
        self.compare.setEnabled(len(data.history) > 1)
        self.compare.blockSignals(False)
        self._draw_chart()
        self.details.setText(self._details_html(data))

    @Slot()
    def _draw_chart(self) -> None:
        data = self._data
        if data is None or not data.history:
            return
        latest = data.history[-1]
        current = ChartSeries(short_date(latest), tuple(domain_scores(data.framework, latest)))
        index = self.compare.currentData()
        earlier = None
        if index is not None:
            chosen = data.history[int(index)]
            earlier = ChartSeries(short_date(chosen), tuple(domain_scores(data.framework, chosen)))
        self.chart.set_series(current, earlier)

    # -- text parts --------------------------------------------------------------------

    def _details_html(self, data: ProfileData) -> str:
        framework = data.framework
        latest = data.history[-1]
        parts = []
        strong = strengths(framework, latest)
        parts.append(f"<h3>{escape(self.tr('Vos points forts'))}</h3>")
        if strong:
            parts.append("<ul>")
            for competence in strong:
                level = latest.level_of(competence.id) or 0
                parts.append(
                    f"<li><b>{escape(competence.id)} {escape(competence.title)}</b> — "
                    f"{escape(self._level_text(framework, level))}</li>"
                )
            parts.append("</ul>")
        else:
            parts.append(
                f"<p>{escape(self.tr('Le même niveau partout : aucun point fort ne se détache.'))}</p>"
            )
        parts.append(f"<h3>{escape(self.tr('À travailler en priorité'))}</h3>")
        parts.append("<ul>")
        for competence in to_work_on(framework, latest):
            level = latest.level_of(competence.id) or 0
            parts.append(
                f"<li><b>{escape(competence.id)} {escape(competence.title)}</b> — "
                f"{escape(self._level_text(framework, level))}"
            )
            links = self._suggestion_links(data, competence.suggestions)
            if links:
                parts.append("<br>" + escape(self.tr("Pour progresser : ")) + " · ".join(links))
            parts.append("</li>")
        parts.append("</ul>")
        parts.append(self._history_table(data))
        return "".join(parts)

    def _level_text(self, framework: Framework, level: int) -> str:
        return self.tr("niveau %1 (%2)").replace("%1", str(level)).replace("%2", framework.level(level).band)

    def _suggestion_links(self, data: ProfileData, suggestions: Suggestions) -> list[str]:
        """At most two tutorials, one quiz theme and one scenario: a short list gets read."""
        links = []
        for tutorial in [t for t in suggestions.tutorials if t in data.tutorials][:2]:
            if tutorial in data.tutorials:
                links.append(
                    f'<a href="tutoriel:{escape(tutorial)}">{escape(self.tr("tutoriel"))} '
                    f"« {escape(data.tutorials[tutorial])} »</a>"
                )
        for theme in [t for t in suggestions.quiz_themes if t in data.quiz_themes][:1]:
            if theme in data.quiz_themes:
                links.append(
                    f'<a href="quiz:{escape(theme)}">{escape(self.tr("quiz"))} '
                    f"« {escape(data.quiz_themes[theme])} »</a>"
                )
        for scenario in [s for s in suggestions.scenarios if s in data.scenarios][:1]:
            if scenario in data.scenarios:
                links.append(
                    f'<a href="scenario:{escape(scenario)}">{escape(self.tr("bac à sable"))} '
                    f"« {escape(data.scenarios[scenario])} »</a>"
                )
        return links

    def _history_table(self, data: ProfileData) -> str:
        framework = data.framework
        shown = data.history[-HISTORY_COLUMNS:]
        latest = shown[-1]
        delta = changes(framework, shown[0], latest) if len(shown) > 1 else {}
        head = "".join(f"<th align='center'>{escape(short_date(a))}</th>" for a in shown)
        rows = []
        for domain in framework.domains:
            rows.append(
                f"<tr><td colspan='{len(shown) + 3}'><b>{escape(domain.id)}. "
                f"{escape(domain.title)}</b></td></tr>"
            )
            for competence in domain.competences:
                cells = "".join(
                    f"<td align='center'>{a.level_of(competence.id) or '—'}</td>" for a in shown
                )
                change = delta.get(competence.id, 0)
                trend = f"+{change}" if change > 0 else (str(change).replace("-", "−") if change else "")
                rating = latest.ratings.get(competence.id)
                evidence = escape(rating.evidence) if rating and rating.evidence else ""
                rows.append(
                    f"<tr><td>{escape(competence.id)} {escape(competence.title)}</td>{cells}"
                    f"<td align='center'>{trend}</td><td><i>{evidence}</i></td></tr>"
                )
        title = escape(self.tr("Détail par compétence"))
        trend_head = escape(self.tr("Évolution"))
        evidence_head = escape(self.tr("Votre note (dernière fois)"))
        return (
            f"<h3>{title}</h3><table cellspacing='0' cellpadding='4' width='100%'>"
            f"<tr><th align='left'>{escape(self.tr('Compétence'))}</th>{head}"
            f"<th>{trend_head}</th><th align='left'>{evidence_head}</th></tr>"
            + "".join(rows)
            + "</table>"
        )
