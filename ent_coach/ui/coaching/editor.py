"""The séance plan editor: title, date, place, a note for trainees and the ordered items
(tutorials, quiz training, the quiz assessment, scenarios, good practices, pathway steps).

Saving goes through ``CoachingService.create_seance`` / ``update_seance`` on the worker; the
service's French refusals are shown next to the form.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QDate, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.coaching import (
    PLACE_MAX_CHARS,
    PLAN_KINDS,
    PLAN_MAX_ITEMS,
    TITLE_MAX_CHARS,
    PlanItem,
    SeancePlan,
    is_seance_pathway,
)
from ent_coach.domain.pathways import Pathway, StepKind
from ent_coach.domain.quiz.model import QUIZ_THEMES
from ent_coach.domain.quiz.presentation import new_seed
from ent_coach.domain.quiz.scoring import PASS_MARK
from ent_coach.ui.coaching import texts
from ent_coach.ui.ops import CollectionOp, QueryOp, call_in_worker, show_failure
from ent_coach.ui.pathways.texts import kind_label
from ent_coach.ui.widgets import error_label, heading_label, muted_label, scoped_shortcut

if TYPE_CHECKING:
    from ent_coach.ui.context import AppContext

KEY_ROLE = Qt.ItemDataRole.UserRole
PATHWAY_STEP = "etape-de-parcours"  # the chooser's extra entry: copy a step from a pathway

# Durations proposed for content that carries none (the tutor can change them).
DEFAULT_MINUTES: dict[StepKind, int] = {
    StepKind.QUIZ_THEME: 12,
    StepKind.QUIZ_ASSESSMENT: 25,
    StepKind.SCENARIO: 15,
    StepKind.PRACTICE: 10,
    StepKind.ACTIVITY: 30,
    StepKind.TUTORIAL: 12,
}
MAX_ITEM_MINUTES = 240


class FormState(NamedTuple):
    """The séance as the form would save it: the arguments of ``create_seance``."""

    title: str
    date: dt.date
    place: str
    tutor_note: str
    items: tuple[PlanItem, ...]


@dataclass(frozen=True)
class PlanContent:
    """What a plan can point at in this installation, loaded once on the worker."""

    tutorials: tuple[tuple[str, str, int], ...]  # id, title, minutes
    scenarios: tuple[tuple[str, str], ...]  # id, title
    practices: tuple[tuple[str, str], ...]  # id, title
    pathways: tuple[Pathway, ...]

    def title_of(self, kind: StepKind, reference: str | None) -> str | None:
        """The installed title of a referenced item, None when it is not installed."""
        if kind is StepKind.QUIZ_THEME:
            return QUIZ_THEMES.get(reference or "")
        rows: tuple[tuple[str, ...], ...] = {
            StepKind.TUTORIAL: self.tutorials,
            StepKind.SCENARIO: self.scenarios,
            StepKind.PRACTICE: self.practices,
        }.get(kind, ())
        return next((str(row[1]) for row in rows if row[0] == reference), None)


def load_plan_content(context: AppContext) -> PlanContent:
    """Runs on the worker: scenarios, practices and pathways are read from files."""
    return PlanContent(
        tutorials=tuple(
            (tutorial.id, tutorial.title, tutorial.duration_minutes)
            for tutorial in sorted(context.tutorials, key=lambda t: t.title.casefold())
        ),
        scenarios=tuple(
            (scenario.id, scenario.title)
            for scenario in sorted(context.sandbox.content.scenarios, key=lambda s: s.title.casefold())
        ),
        practices=tuple(
            (practice.id, practice.title)
            for practice in sorted(context.practices.shipped, key=lambda p: p.title.casefold())
        ),
        # Bundled pathways only: a séance received from another tutor is no model to copy.
        pathways=tuple(p for p in context.pathways.pathways() if not is_seance_pathway(p.id)),
    )


def next_item_id(items: list[PlanItem]) -> str:
    """Ids stay stable when items move (trainees' progress is keyed by them): a new item
    takes the next free number."""
    numbers = [int(item.id[1:]) for item in items if item.id[:1] == "i" and item.id[1:].isdigit()]
    return f"i{max(numbers, default=0) + 1}"


class AddItemDialog(QDialog):
    """Choose what to add: a kind on the left, the content on the right, then its duration."""

    def __init__(self, content: PlanContent, items: list[PlanItem], *, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Ajouter au plan"))
        self._content = content
        self._present = {(item.kind, item.reference) for item in items}
        self._has_assessment = any(item.kind is StepKind.QUIZ_ASSESSMENT for item in items)

        self.kinds = QListWidget(self)
        self.kinds.setAccessibleName(self.tr("Type d'élément"))
        for kind in PLAN_KINDS:
            if kind is StepKind.ACTIVITY:
                continue  # activities come with their checklist, from a pathway step
            row = QListWidgetItem(kind_label(kind), self.kinds)
            row.setData(KEY_ROLE, kind.value)
        row = QListWidgetItem(self.tr("Étape d'un parcours"), self.kinds)
        row.setData(KEY_ROLE, PATHWAY_STEP)
        self.kinds.setSpacing(2)  # room for the accent of « É » in the rows
        self.kinds.setFixedWidth(self.kinds.sizeHintForColumn(0) + 36)

        self.pathway_label = QLabel(self.tr("&Parcours :"), self)
        self.pathway_combo = QComboBox(self)
        self.pathway_label.setBuddy(self.pathway_combo)
        for pathway in content.pathways:
            self.pathway_combo.addItem(pathway.title, pathway.id)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filtrer la liste…"))
        self.filter_edit.setAccessibleName(self.tr("Filtrer la liste"))
        self.filter_edit.setClearButtonEnabled(True)
        self.choices = QListWidget(self)
        self.choices.setAccessibleName(self.tr("Contenu à ajouter"))
        self.choices.setWordWrap(True)
        self.choices.setSpacing(2)
        self.hint = muted_label("", self)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(1, MAX_ITEM_MINUTES)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setAccessibleName(self.tr("Durée prévue"))
        self.pass_mark = QSpinBox(self)
        self.pass_mark.setRange(50, 100)
        self.pass_mark.setSuffix(" %")
        self.pass_mark.setValue(round(PASS_MARK * 100))
        self.pass_mark.setAccessibleName(self.tr("Seuil de réussite"))
        self.pass_mark_label = QLabel(self.tr("&Seuil de réussite :"), self)
        self.pass_mark_label.setBuddy(self.pass_mark)
        minutes_label = QLabel(self.tr("&Durée prévue :"), self)
        minutes_label.setBuddy(self.minutes)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.add_button = self.buttons.addButton(self.tr("&Ajouter"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        right = QVBoxLayout()
        pathway_row = QHBoxLayout()
        pathway_row.addWidget(self.pathway_label)
        pathway_row.addWidget(self.pathway_combo, 1)
        right.addLayout(pathway_row)
        right.addWidget(self.filter_edit)
        right.addWidget(self.choices, 1)
        right.addWidget(self.hint)
        settings = QFormLayout()
        settings.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        settings.addRow(minutes_label, self.minutes)
        settings.addRow(self.pass_mark_label, self.pass_mark)
        right.addLayout(settings)
        body = QHBoxLayout()
        body.addWidget(self.kinds)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(self.tr("Que voulez-vous ajouter ?"), level=3, parent=self))
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 480)

        self.kinds.currentItemChanged.connect(self._kind_changed)
        self.pathway_combo.currentIndexChanged.connect(self._fill_choices)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.choices.currentItemChanged.connect(self._choice_changed)
        self.choices.itemActivated.connect(lambda _row: self.add_button.isEnabled() and self.accept())
        self.kinds.setCurrentRow(0)
        self.kinds.setFocus()

    # -- state ---------------------------------------------------------------------------------

    def kind_key(self) -> str:
        row = self.kinds.currentItem()
        return str(row.data(KEY_ROLE)) if row is not None else StepKind.TUTORIAL.value

    def select_kind(self, key: str) -> None:
        for index in range(self.kinds.count()):
            if self.kinds.item(index).data(KEY_ROLE) == key:
                self.kinds.setCurrentRow(index)
                return

    def select_choice(self, reference: str) -> bool:
        for index in range(self.choices.count()):
            row = self.choices.item(index)
            if row.data(KEY_ROLE) == reference and row.flags() & Qt.ItemFlag.ItemIsEnabled:
                self.choices.setCurrentRow(index)
                return True
        return False

    def _pathway(self) -> Pathway | None:
        pathway_id = self.pathway_combo.currentData()
        return next((p for p in self._content.pathways if p.id == pathway_id), None)

    @Slot()
    def _kind_changed(self) -> None:
        key = self.kind_key()
        is_pathway = key == PATHWAY_STEP
        is_assessment = key == StepKind.QUIZ_ASSESSMENT.value
        self.pathway_label.setVisible(is_pathway)
        self.pathway_combo.setVisible(is_pathway)
        self.filter_edit.setVisible(not is_assessment)
        self.choices.setVisible(not is_assessment)
        self.pass_mark_label.setVisible(is_assessment)
        self.pass_mark.setVisible(is_assessment)
        self.filter_edit.clear()
        self._fill_choices()

    @Slot()
    def _fill_choices(self) -> None:
        key = self.kind_key()
        self.choices.clear()
        rows: list[tuple[str, str, int, bool]] = []  # reference, title, minutes, already there
        if key == StepKind.TUTORIAL.value:
            rows = [
                (ident, title, minutes, (StepKind.TUTORIAL, ident) in self._present)
                for ident, title, minutes in self._content.tutorials
            ]
        elif key == StepKind.QUIZ_THEME.value:
            rows = [
                (theme, label, DEFAULT_MINUTES[StepKind.QUIZ_THEME], (StepKind.QUIZ_THEME, theme) in self._present)
                for theme, label in QUIZ_THEMES.items()
            ]
        elif key == StepKind.SCENARIO.value:
            rows = [
                (ident, title, DEFAULT_MINUTES[StepKind.SCENARIO], (StepKind.SCENARIO, ident) in self._present)
                for ident, title in self._content.scenarios
            ]
        elif key == StepKind.PRACTICE.value:
            rows = [
                (ident, title, DEFAULT_MINUTES[StepKind.PRACTICE], (StepKind.PRACTICE, ident) in self._present)
                for ident, title in self._content.practices
            ]
        elif key == PATHWAY_STEP:
            pathway = self._pathway()
            for step in pathway.steps if pathway is not None else ():
                if step.kind not in PLAN_KINDS:
                    continue  # self-assessment is personal: never part of a séance
                there = step.kind is not StepKind.ACTIVITY and (step.kind, step.reference) in self._present
                if step.kind is StepKind.QUIZ_ASSESSMENT:
                    there = self._has_assessment
                rows.append((step.id, f"{kind_label(step.kind)} — {step.title}", step.minutes, there))
        for reference, title, minutes, there in rows:
            text = title + (self.tr(" — déjà dans le plan") if there else "")
            row = QListWidgetItem(text, self.choices)
            row.setData(KEY_ROLE, reference)
            row.setData(KEY_ROLE + 1, minutes)
            if there:
                row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable)
        first = next(
            (i for i in range(self.choices.count()) if self.choices.item(i).flags() & Qt.ItemFlag.ItemIsEnabled),
            None,
        )
        if first is not None:
            self.choices.setCurrentRow(first)
        if key == StepKind.QUIZ_ASSESSMENT.value:
            self.minutes.setValue(DEFAULT_MINUTES[StepKind.QUIZ_ASSESSMENT])
        # Another pathway's steps: the words typed in the filter still apply.
        self._apply_filter(self.filter_edit.text())
        self._update_state()

    @Slot(str)
    def _apply_filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for index in range(self.choices.count()):
            row = self.choices.item(index)
            row.setHidden(bool(needle) and needle not in row.text().casefold())
        # A hidden row must not stay current: Entrée would add something the tutor no longer
        # sees. The first visible choice takes its place, or nothing (« Ajouter » disabled).
        current = self.choices.currentItem()
        if current is None or current.isHidden():
            visible = next(
                (
                    row
                    for row in (self.choices.item(i) for i in range(self.choices.count()))
                    if not row.isHidden() and row.flags() & Qt.ItemFlag.ItemIsEnabled
                ),
                None,
            )
            if visible is not None:
                self.choices.setCurrentItem(visible)
            else:
                self.choices.setCurrentRow(-1)
        self._update_state()

    @Slot()
    def _choice_changed(self) -> None:
        row = self.choices.currentItem()
        if row is not None and row.data(KEY_ROLE + 1):
            self.minutes.setValue(int(row.data(KEY_ROLE + 1)))
        self._update_state()

    def _update_state(self) -> None:
        key = self.kind_key()
        if key == StepKind.QUIZ_ASSESSMENT.value:
            if self._has_assessment:
                self.hint.setText(
                    self.tr("Le plan contient déjà une évaluation du quiz : une seule par séance.")
                )
                self.add_button.setEnabled(False)
            else:
                self.hint.setText(
                    self.tr(
                        "Tous les participants reçoivent les mêmes questions, dans le même ordre : "
                        "vous pourrez les corriger ensemble et comparer les résultats."
                    )
                )
                self.add_button.setEnabled(True)
            return
        if self.choices.count() == 0:
            self.hint.setText(self.tr("Rien à proposer ici dans cette installation."))
        elif all(self.choices.item(i).isHidden() for i in range(self.choices.count())):
            self.hint.setText(
                self.tr("Aucun titre ne contient « %1 ».").replace("%1", self.filter_edit.text().strip())
            )
        elif key == PATHWAY_STEP:
            self.hint.setText(
                self.tr("L'étape est copiée avec ses consignes et, pour une activité, sa liste de vérification.")
            )
        else:
            self.hint.setText("")
        current = self.choices.currentItem()
        self.add_button.setEnabled(
            current is not None
            and not current.isHidden()
            and bool(current.flags() & Qt.ItemFlag.ItemIsEnabled)
        )

    # -- result ----------------------------------------------------------------------------------

    def chosen(self) -> PlanItem | None:
        """The item to add, with an empty id (the editor numbers it)."""
        key = self.kind_key()
        minutes = self.minutes.value()
        if key == StepKind.QUIZ_ASSESSMENT.value:
            if self._has_assessment:
                return None
            return PlanItem(
                id="",
                kind=StepKind.QUIZ_ASSESSMENT,
                title=self.tr("Évaluation du quiz juridique"),
                minutes=minutes,
                pass_mark=self.pass_mark.value() / 100,
                # A fixed draw: the whole group gets the same questions in the same order.
                seed=new_seed(),
            )
        row = self.choices.currentItem()
        if row is None or row.isHidden() or not row.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        reference = str(row.data(KEY_ROLE))
        if key == PATHWAY_STEP:
            pathway = self._pathway()
            step = pathway.step(reference) if pathway is not None else None
            if step is None:
                return None
            is_assessment = step.kind is StepKind.QUIZ_ASSESSMENT
            return PlanItem(
                id="",
                kind=step.kind,
                title=step.title,
                minutes=minutes,
                reference=step.reference,
                pass_mark=step.pass_mark,
                seed=new_seed() if is_assessment else None,
                instructions=step.instructions,
                checklist=step.checklist,
            )
        kind = StepKind(key)
        title = row.text()
        if kind is StepKind.QUIZ_THEME:
            title = self.tr("Entraînement : %1").replace("%1", QUIZ_THEMES[reference])
        return PlanItem(id="", kind=kind, title=title, minutes=minutes, reference=reference)


class SeanceEditor(QWidget):
    """Edits one séance (new when ``code`` is None). Emits ``saved(SeancePlan)``."""

    saved = Signal(object)
    dirtyChanged = Signal(bool)

    TYPE, TITLE, MINUTES = range(3)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._code: str | None = None
        self._items: list[PlanItem] = []
        self._dirty = False
        self._loading = False
        self._content: PlanContent | None = None
        # What was loaded or last saved: « modifié » means different from it, so undoing an
        # edit (or moving an item back) is no change.
        self._baseline: FormState | None = None
        self._saving = False
        self._generation = 0  # bumped by load(): a save finishing later must not touch another séance

        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(TITLE_MAX_CHARS)
        self.title_edit.setPlaceholderText(self.tr("Par exemple : Prendre en main l'ENT de l'académie"))
        self.date_edit = QDateEdit(self)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setAccessibleName(self.tr("Date de la séance"))
        self.place_edit = QLineEdit(self)
        self.place_edit.setMaxLength(PLACE_MAX_CHARS)
        self.place_edit.setPlaceholderText(self.tr("Par exemple : INSPE, salle B12"))
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(
            self.tr("Facultatif : une consigne affichée aux stagiaires sous le titre de la séance.")
        )
        self.note_edit.setAccessibleName(self.tr("Note pour les stagiaires"))
        line = self.fontMetrics().lineSpacing()
        self.note_edit.setFixedHeight(line * 3 + 12)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        title_label = QLabel(self.tr("&Titre :"), self)
        title_label.setBuddy(self.title_edit)
        form.addRow(title_label, self.title_edit)
        date_label = QLabel(self.tr("&Date :"), self)
        date_label.setBuddy(self.date_edit)
        place_label = QLabel(self.tr("&Lieu :"), self)
        place_label.setBuddy(self.place_edit)
        when_where = QHBoxLayout()
        when_where.addWidget(self.date_edit)
        when_where.addSpacing(12)
        when_where.addWidget(place_label)
        when_where.addWidget(self.place_edit, 1)
        form.addRow(date_label, when_where)
        note_label = QLabel(self.tr("&Note :"), self)
        note_label.setBuddy(self.note_edit)
        form.addRow(note_label, self.note_edit)

        self.table = QTableWidget(0, 3, self)
        self.table.setAccessibleName(self.tr("Déroulé de la séance"))
        self.table.setHorizontalHeaderLabels([self.tr("Type"), self.tr("Titre"), self.tr("Durée")])
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.setMinimumHeight(120)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.TYPE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.MINUTES, QHeaderView.ResizeMode.ResizeToContents)
        # Row heights are measured when the rows are filled, often before the title column has
        # its final width: a one-line title then kept the height of five wrapped lines and the
        # table showed a single row at 800×560. Measure again whenever the column changes.
        header.sectionResized.connect(self._column_resized)
        self.empty_hint = muted_label(
            self.tr(
                "Le plan est vide. « Ajouter… » propose les tutoriels, les thèmes du quiz, "
                "une évaluation commune, les scénarios du bac à sable, les bonnes pratiques "
                "et les étapes des parcours."
            ),
            self,
        )

        self.add_button = QPushButton(self.tr("A&jouter…"), self)
        # No letter for « Monter » / « Descendre »: Alt+M is « ← Mes séances » above, Alt+E
        # « Enregistrer » below (a shared letter only cycles the focus); Alt+Haut / Alt+Bas
        # are their keys, named in the tooltips.
        self.up_button = QPushButton(self.tr("Monter"), self)
        self.up_button.setToolTip(self.tr("Monter l'élément (Alt+Haut)"))
        self.down_button = QPushButton(self.tr("Descendre"), self)
        self.down_button.setToolTip(self.tr("Descendre l'élément (Alt+Bas)"))
        self.remove_button = QPushButton(self.tr("&Retirer"), self)
        self.remove_button.setToolTip(self.tr("Retirer l'élément du plan (Suppr)"))
        side = QVBoxLayout()
        for button in (self.add_button, self.up_button, self.down_button, self.remove_button):
            side.addWidget(button)
        side.addStretch(1)

        self.item_minutes = QSpinBox(self)
        self.item_minutes.setRange(1, MAX_ITEM_MINUTES)
        self.item_minutes.setSuffix(self.tr(" min"))
        self.item_minutes.setAccessibleName(self.tr("Durée de l'élément sélectionné"))
        self.item_pass_mark = QSpinBox(self)
        self.item_pass_mark.setRange(50, 100)
        self.item_pass_mark.setSuffix(" %")
        self.item_pass_mark.setAccessibleName(self.tr("Seuil de réussite de l'évaluation"))
        minutes_label = QLabel(self.tr("D&urée :"), self)
        minutes_label.setBuddy(self.item_minutes)
        self.pass_mark_label = QLabel(self.tr("&Seuil de réussite :"), self)
        self.pass_mark_label.setBuddy(self.item_pass_mark)
        self.total_label = QLabel(self)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item_row = QHBoxLayout()
        item_row.addWidget(minutes_label)
        item_row.addWidget(self.item_minutes)
        item_row.addSpacing(12)
        item_row.addWidget(self.pass_mark_label)
        item_row.addWidget(self.item_pass_mark)
        item_row.addStretch(1)

        self.error = error_label(self)
        self.status = muted_label("", self)
        self.save_button = QPushButton(self.tr("&Enregistrer"), self)
        self.save_button.setToolTip(self.tr("Enregistrer la séance (Ctrl+S)"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)

        plan_row = QHBoxLayout()
        plan_column = QVBoxLayout()
        plan_column.addWidget(self.table, 1)
        plan_column.addWidget(self.empty_hint)
        plan_column.addLayout(item_row)
        plan_row.addLayout(plan_column, 1)
        plan_row.addLayout(side)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(form)
        plan_heading = QHBoxLayout()
        plan_heading.addWidget(heading_label(self.tr("Déroulé"), level=3, parent=self), 1)
        plan_heading.addWidget(self.total_label)
        layout.addLayout(plan_heading)
        layout.addLayout(plan_row, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)

        self.add_button.clicked.connect(self.add_item)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button.clicked.connect(self.remove_selected)
        self.save_button.clicked.connect(self.save)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.item_minutes.valueChanged.connect(self._minutes_changed)
        self.item_pass_mark.valueChanged.connect(self._pass_mark_changed)
        for edit in (self.title_edit, self.place_edit):
            edit.textChanged.connect(self._mark_dirty)
        self.date_edit.dateChanged.connect(self._mark_dirty)
        self.note_edit.textChanged.connect(self._mark_dirty)
        scoped_shortcut("Ctrl+S", self, self.save)
        scoped_shortcut(
            QKeySequence.StandardKey.Delete, self.table, self.remove_selected,
            Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        # Moving belongs to the list and its buttons: from the date field (where Alt+Bas opens
        # the calendar) or the title, Alt+Haut / Alt+Bas must not reorder the plan unseen.
        for widget in (self.table, self.add_button, self.up_button, self.down_button, self.remove_button):
            for sequence, offset in (("Alt+Up", -1), ("Alt+Down", 1)):
                scoped_shortcut(
                    sequence, widget, lambda offset=offset: self.move_selected(offset),
                    Qt.ShortcutContext.WidgetShortcut,
                )  # fmt: skip
        self.load(None)

    # -- loading and state -----------------------------------------------------------------------

    @property
    def code(self) -> str | None:
        return self._code

    @property
    def items(self) -> tuple[PlanItem, ...]:
        return tuple(self._items)

    def load(
        self, plan: SeancePlan | None, *, today: dt.date | None = None, select: int = 0
    ) -> None:
        """Show ``plan``, or an empty new séance dated today."""
        self._generation += 1
        self._loading = True
        self._code = plan.code if plan else None
        self.title_edit.setText(plan.title if plan else "")
        day = plan.date if plan else today
        self.date_edit.setDate(QDate(day.year, day.month, day.day) if day else QDate.currentDate())
        self.place_edit.setText(plan.place if plan else "")
        self.note_edit.setPlainText(plan.tutor_note if plan else "")
        self._items = list(plan.items) if plan else []
        self.error.hide()
        self.status.setText("")
        self._loading = False
        self._fill_table(select=select)
        self._baseline = self._snapshot()
        self._set_dirty(False)

    def is_dirty(self) -> bool:
        return self._dirty

    def _snapshot(self) -> FormState:
        """The séance as it would be saved."""
        qdate = self.date_edit.date()
        return FormState(
            " ".join(self.title_edit.text().split()),
            dt.date(qdate.year(), qdate.month(), qdate.day()),
            " ".join(self.place_edit.text().split()),
            self.note_edit.toPlainText().strip(),
            tuple(self._items),
        )

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirtyChanged.emit(dirty)
        unsaved = self.tr("Modifications non enregistrées.")
        if dirty:
            self.status.setText(unsaved)
        elif self.status.text() == unsaved:
            self.status.setText("")

    @Slot()
    def _mark_dirty(self) -> None:
        if not self._loading:
            self._set_dirty(self._snapshot() != self._baseline)

    def focus_default(self) -> None:
        (self.title_edit if not self.title_edit.text() else self.table).setFocus()

    # -- the item list ---------------------------------------------------------------------------

    @Slot(int, int, int)
    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if column == self.TITLE:
            # Once the header has laid the columns out: measured inside the signal, the rows
            # would still see the old width.
            QTimer.singleShot(0, self.table, self.table.resizeRowsToContents)

    def _fill_table(self, *, select: int | None = None) -> None:
        self._loading = True
        self.table.setRowCount(len(self._items))
        for row, item in enumerate(self._items):
            kind_cell = QTableWidgetItem(kind_label(item.kind))
            title_cell = QTableWidgetItem(item.title)
            title_cell.setToolTip(item.title)
            minutes_cell = QTableWidgetItem(texts.tr("%1 min").replace("%1", str(item.minutes)))
            minutes_cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, self.TYPE, kind_cell)
            self.table.setItem(row, self.TITLE, title_cell)
            self.table.setItem(row, self.MINUTES, minutes_cell)
        self._loading = False
        self.empty_hint.setVisible(not self._items)
        self.total_label.setText(texts.items_summary(len(self._items), sum(i.minutes for i in self._items)))
        if select is not None and self._items:
            self.table.selectRow(max(0, min(select, len(self._items) - 1)))
        self._selection_changed()

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    @Slot()
    def _selection_changed(self) -> None:
        row = self.selected_row()
        item = self._items[row] if row is not None and row < len(self._items) else None
        self._loading = True
        self.item_minutes.setEnabled(item is not None)
        if item is not None:
            self.item_minutes.setValue(item.minutes)
        is_assessment = item is not None and item.kind is StepKind.QUIZ_ASSESSMENT
        self.pass_mark_label.setVisible(is_assessment)
        self.item_pass_mark.setVisible(is_assessment)
        if is_assessment and item is not None:
            self.item_pass_mark.setValue(round((item.pass_mark or PASS_MARK) * 100))
        self._loading = False
        self.up_button.setEnabled(row is not None and row > 0)
        self.down_button.setEnabled(row is not None and row < len(self._items) - 1)
        self.remove_button.setEnabled(item is not None)
        full = len(self._items) >= PLAN_MAX_ITEMS
        self.add_button.setEnabled(not full)
        self.add_button.setToolTip(
            self.tr("Un plan compte au plus %1 éléments.").replace("%1", str(PLAN_MAX_ITEMS)) if full else ""
        )

    def _replace_selected(self, **changes: object) -> None:
        row = self.selected_row()
        if row is None or self._loading:
            return
        self._items[row] = dataclasses.replace(self._items[row], **changes)  # type: ignore[arg-type]
        if "minutes" in changes:
            self.table.item(row, self.MINUTES).setText(
                texts.tr("%1 min").replace("%1", str(self._items[row].minutes))
            )
            self.total_label.setText(
                texts.items_summary(len(self._items), sum(i.minutes for i in self._items))
            )
        self._mark_dirty()

    @Slot(int)
    def _minutes_changed(self, value: int) -> None:
        self._replace_selected(minutes=value)

    @Slot(int)
    def _pass_mark_changed(self, value: int) -> None:
        self._replace_selected(pass_mark=value / 100)

    def append_item(self, item: PlanItem) -> None:
        """Add ``item`` at the end, numbered after the existing ones."""
        if item.kind is StepKind.QUIZ_ASSESSMENT and item.seed is None:
            item = dataclasses.replace(item, seed=new_seed())
        self._items.append(dataclasses.replace(item, id=next_item_id(self._items)))
        self._fill_table(select=len(self._items) - 1)
        self._mark_dirty()

    @Slot()
    def add_item(self) -> None:
        if len(self._items) >= PLAN_MAX_ITEMS:
            return
        if self._content is not None:
            self._open_add_dialog(self._content)
            return
        context = self._context
        self.add_button.setEnabled(False)

        def loaded(content: PlanContent) -> None:
            self._content = content
            self.add_button.setEnabled(True)
            self._open_add_dialog(content)

        def failed(error: Exception) -> None:
            self.add_button.setEnabled(True)
            show_failure(self, error)

        QueryOp(parent=self, op=lambda: load_plan_content(context)).success(loaded).failure(failed).run()

    def _open_add_dialog(self, content: PlanContent) -> None:
        dialog = AddItemDialog(content, self._items, parent=self)
        if dialog.exec():
            chosen = dialog.chosen()
            if chosen is not None:
                self.append_item(chosen)
        dialog.deleteLater()
        self.table.setFocus()

    def move_selected(self, offset: int) -> None:
        row = self.selected_row()
        if row is None:
            return
        target = row + offset
        if not 0 <= target < len(self._items):
            return
        self._items[row], self._items[target] = self._items[target], self._items[row]
        self._fill_table(select=target)
        self._mark_dirty()

    @Slot()
    def remove_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        del self._items[row]
        self._fill_table(select=row)
        self._mark_dirty()

    # -- saving ------------------------------------------------------------------------------

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _writer(self) -> tuple[Callable[[], SeancePlan], FormState] | None:
        """The write to run on the worker and the state it stores; None, with the reason shown
        next to the form, when the séance cannot be saved as it is."""
        state = self._snapshot()
        if not state.title:
            self._show_error(
                self.tr("Le titre de la séance est vide : donnez-lui un nom que les stagiaires reconnaîtront.")
            )
            self.title_edit.setFocus()
            return None
        profile = self._context.require_profile()
        service = self._context.coaching
        code = self._code
        values = state._asdict()

        def write() -> SeancePlan:
            if code is None:
                return service.create_seance(profile, **values)
            return service.update_seance(profile, code, **values)

        return write, state

    @Slot()
    def save(self, then: object = None) -> None:
        """Create or update the séance; ``then`` (a callable) runs after a successful save."""
        if self._saving:
            return  # Ctrl+S again before the answer: a second create would make a second séance
        prepared = self._writer()
        if prepared is None:
            return
        write, sent = prepared
        generation = self._generation
        self._start_saving()

        def done(plan: SeancePlan) -> None:
            self._end_saving()
            if self._apply_saved(plan, sent, generation) and callable(then):
                then()

        def failed(error: Exception) -> None:
            self._end_saving()
            self._save_failed(error, generation)

        CollectionOp(parent=self, op=write).success(done).failure(failed).run()

    def _save_and_wait(self) -> bool:
        """Save now, waiting for the worker (the caller leaves only once the séance is stored)."""
        prepared = self._writer()
        if prepared is None:
            return False
        write, sent = prepared
        generation = self._generation
        self._start_saving()
        try:
            plan = call_in_worker(write)
        except Exception as error:
            self._end_saving()
            self._save_failed(error, generation)
            return False
        self._end_saving()
        return self._apply_saved(plan, sent, generation)

    def _start_saving(self) -> None:
        self._saving = True
        self.error.hide()
        self.save_button.setEnabled(False)

    def _end_saving(self) -> None:
        self._saving = False
        self.save_button.setEnabled(True)

    def _save_failed(self, error: Exception, generation: int) -> None:
        if isinstance(error, ValueError) and generation == self._generation:
            self._show_error(str(error))
        else:
            show_failure(self, error)

    def _apply_saved(self, plan: SeancePlan, sent: FormState, generation: int) -> bool:
        """Show the stored séance; False when the editor moved on to another one meanwhile."""
        if generation != self._generation:
            return False  # never fill another séance's form with this one
        if self._snapshot() == sent:
            self.load(plan, select=self.selected_row() or 0)
        else:
            # The tutor kept typing while the worker wrote: keep those edits on top of what
            # was stored, with the ids and draws the service gave the items.
            self._code = plan.code
            self._adopt_saved_items(sent.items, plan.items)
            self._baseline = FormState(plan.title, plan.date, plan.place, plan.tutor_note, plan.items)
            self._mark_dirty()
        if not self._dirty:
            self.status.setText(self.tr("Séance enregistrée."))
        self.saved.emit(plan)
        return True

    def _adopt_saved_items(self, sent: tuple[PlanItem, ...], stored: tuple[PlanItem, ...]) -> None:
        if len(sent) != len(stored):
            return
        renamed = {old.id: new for old, new in zip(sent, stored, strict=True)}
        known = [
            dataclasses.replace(item, id=renamed[item.id].id, seed=renamed[item.id].seed)
            if item.id in renamed
            else None
            for item in self._items
        ]
        taken = [item for item in known if item is not None]
        adopted: list[PlanItem] = []
        for item, saved in zip(self._items, known, strict=True):
            if saved is None:  # added during the save: numbered after the stored ones
                saved = dataclasses.replace(item, id=next_item_id(taken))
                taken.append(saved)
            adopted.append(saved)
        self._items = adopted

    def confirm_leave(self) -> bool:
        """Ask before unsaved changes are dropped; True when it is fine to leave now.

        « Oui » saves first and lets the caller go on once the séance is stored; a refusal
        (an empty title…) keeps the tutor here, the reason shown next to the form."""
        if self._saving:
            call_in_worker(lambda: None)  # the one worker answers in order: the save is applied
        if not self._dirty:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Modifications non enregistrées"),
            self.tr(
                "La séance « %1 » a des modifications non enregistrées. Les enregistrer avant de continuer ?"
            ).replace("%1", " ".join(self.title_edit.text().split()) or self.tr("nouvelle séance")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            return self._save_and_wait()
        return answer == QMessageBox.StandardButton.No
