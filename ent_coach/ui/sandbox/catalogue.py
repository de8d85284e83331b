"""The sandbox catalogue: scenarios with the learner's progress, and the free-mode templates."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.sandbox.checks import RISK_CHECKS
from ent_coach.domain.sandbox.saved import SandboxMode, SavedWorkspace
from ent_coach.domain.sandbox.scenario import Scenario, Template
from ent_coach.domain.text import plural
from ent_coach.ui.widgets import RoomyTabBar, heading_label, muted_label

ID_ROLE = Qt.ItemDataRole.UserRole


def scenario_status(saved: SavedWorkspace | None) -> str:
    if saved is None:
        return "À faire"
    if saved.passed:
        return "Réussi"
    return "En cours"


class _Pane(QWidget):
    """A list on the left, the selected entry's description and the start button."""

    opened = Signal(str)

    def __init__(self, button_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Liste"))
        self.list.setSpacing(3)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._describe)
        self.list.itemActivated.connect(lambda row: self.opened.emit(row.data(ID_ROLE)))
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.setAccessibleName(self.tr("Description"))
        self.start = QPushButton(button_text)
        self.start.setDefault(True)
        self.start.clicked.connect(self._open_current)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.details, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start)
        right_layout.addLayout(row)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._html: dict[str, str] = {}
        self._buttons: dict[str, str] = {}
        self._default_button = button_text

    def fill(self, rows: list[tuple[str, str, str, str]]) -> None:
        """(id, list text, details HTML, button text)."""
        current = self.list.currentItem().data(ID_ROLE) if self.list.currentItem() else None
        self.list.clear()
        self._html.clear()
        self._buttons.clear()
        for ident, text, html, button in rows:
            row = QListWidgetItem(text)
            row.setData(ID_ROLE, ident)
            self.list.addItem(row)
            self._html[ident] = html
            self._buttons[ident] = button
        target = next(
            (i for i in range(self.list.count()) if self.list.item(i).data(ID_ROLE) == current), 0
        )
        if self.list.count():
            self.list.setCurrentRow(target)

    @Slot()
    def _describe(self) -> None:
        row = self.list.currentItem()
        if row is None:
            self.details.clear()
            self.start.setEnabled(False)
            return
        ident = row.data(ID_ROLE)
        self.details.setHtml(self._html.get(ident, ""))
        self.start.setText(self._buttons.get(ident, self._default_button))
        self.start.setEnabled(True)

    @Slot()
    def _open_current(self) -> None:
        row = self.list.currentItem()
        if row is not None:
            self.opened.emit(row.data(ID_ROLE))


class SandboxCatalogue(QWidget):
    scenarioRequested = Signal(str)
    templateRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(self.tr("Bac à sable"), level=1))
        self.summary = muted_label(
            self.tr(
                "Entraînez-vous à configurer un ENT simulé, sans risque pour de vrais élèves. "
                "Chaque scénario est vérifié sur le résultat : qui voit quoi, qui peut écrire, "
                "publier ou commenter."
            )
        )
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.tabs.setTabBar(RoomyTabBar())
        self.scenarios = _Pane(self.tr("Commencer"))
        self.templates = _Pane(self.tr("Ouvrir en mode libre"))
        self.tabs.addTab(self.scenarios, self.tr("Scénarios"))
        self.tabs.addTab(self.templates, self.tr("Mode libre"))
        layout.addWidget(self.tabs, 1)
        self.scenarios.opened.connect(self.scenarioRequested.emit)
        self.templates.opened.connect(self.templateRequested.emit)
        QShortcut(
            QKeySequence("Ctrl+Tab"),
            self,
            lambda: self.tabs.setCurrentIndex(1 - self.tabs.currentIndex()),
        )

    def populate(
        self,
        scenarios: tuple[Scenario, ...],
        templates: tuple[Template, ...],
        saved: dict[tuple[SandboxMode, str], SavedWorkspace],
    ) -> None:
        rows = []
        passed = 0
        # Shortest first: the number of actions a scenario needs is a fair proxy for its size.
        for scenario in sorted(scenarios, key=lambda s: (s.recommended_actions, s.title)):
            progress = saved.get((SandboxMode.SCENARIO, scenario.id))
            status = scenario_status(progress)
            passed += status == "Réussi"
            risks = "".join(
                f"<li>{escape(RISK_CHECKS[r].title)}</li>" for r in scenario.risk_checks
            )
            html = (
                f"<h2>{escape(scenario.title)}</h2><p><b>État :</b> {status}"
                f" · <b>Objectifs :</b> {len(scenario.goals)}"
                f" · <b>Actions recommandées :</b> {scenario.recommended_actions} au plus</p>"
                f"<p>{escape(scenario.brief)}</p>"
                + (f"<h3>Risques surveillés</h3><ul>{risks}</ul>" if risks else "")
            )
            mark = {"Réussi": "✔ ", "En cours": "… "}.get(status, "")
            button = (
                self.tr("Reprendre")
                if status == "En cours"
                else (self.tr("Refaire") if status == "Réussi" else self.tr("Commencer"))
            )
            rows.append((scenario.id, f"{mark}{scenario.title}\n{status}", html, button))
        self.scenarios.fill(rows)
        self.summary.setText(
            self.tr(
                "Entraînez-vous à configurer un ENT simulé, sans risque pour de vrais élèves. "
                "Chaque scénario est vérifié sur le résultat : qui voit quoi, qui peut écrire, "
                "publier ou commenter. Scénarios réussis : %1 sur %2."
            )
            .replace("%1", str(passed))
            .replace("%2", str(len(scenarios)))
        )
        rows = []
        for template in templates:
            progress = saved.get((SandboxMode.LIBRE, template.id))
            button = (
                self.tr("Reprendre")
                if progress and progress.steps
                else self.tr("Ouvrir en mode libre")
            )
            html = f"<h2>{escape(template.title)}</h2><p>{escape(template.description)}</p>"
            if progress and progress.steps:
                resume = plural(
                    len(progress.steps),
                    self.tr("%n action enregistrée : vous reprendrez là où vous en étiez."),
                    self.tr("%n actions enregistrées : vous reprendrez là où vous en étiez."),
                )
                html += f"<p><i>{escape(resume)}</i></p>"
            rows.append((template.id, template.title, html, button))
        self.templates.fill(rows)

    def focus_default(self) -> None:
        pane = self.scenarios if self.tabs.currentIndex() == 0 else self.templates
        pane.list.setFocus()
