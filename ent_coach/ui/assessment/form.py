"""The questionnaire: one competence at a time, its levels with « Je sais… » descriptors, and
an optional note of evidence. Ratings live here until « Enregistrer ».

Only the levels scroll: the note, « ← Précédente » / « Suivante → » and « Enregistrer » stay
in view at any window size, and each competence opens at its top with the keyboard on its
chosen level (else Niveau 1): ↑ ↓ choose, Entrée goes on to the next competence."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.assessment import EVIDENCE_MAX_LENGTH, Assessment, Rating
from ent_coach.domain.competences import Competence, Framework
from ent_coach.domain.text import plural
from ent_coach.ui.widgets import (
    confirm,
    error_colour,
    heading_label,
    muted_label,
    scoped_shortcut,
    wrap_tree_column,
)

ID_ROLE = Qt.ItemDataRole.UserRole
UNSURE = 0  # « Je ne sais pas me situer » : the competence is left out of the sitting


class AssessmentForm(QWidget):
    """Emits ``submitted`` with the ratings, or ``cancelled``."""

    submitted = Signal(object)  # dict[str, Rating]
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._framework: Framework | None = None
        self._levels: dict[str, int] = {}
        self._evidence: dict[str, str] = {}
        self._unsure: set[str] = set()  # answered « je ne sais pas », kept while moving around
        self._changed = False
        self._current: Competence | None = None

        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Compétence"), self.tr("Niveau")])
        self.tree.setAccessibleName(self.tr("Compétences du référentiel"))
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        # Whole names, on two lines if needed (« 2.4 S'insérer dans le monde professionnel »).
        wrap_tree_column(self.tree, 0)
        self.tree.setMinimumWidth(240)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._on_tree)

        panel = QWidget(self)
        self.title = heading_label("", level=2, parent=panel)
        self.domain = muted_label("", panel)
        self.summary = QLabel(panel)
        self.summary.setWordWrap(True)
        self.question = QLabel(self.tr("Où vous situez-vous aujourd'hui ?"), panel)
        bold = QFont(self.question.font())
        bold.setBold(True)
        self.question.setFont(bold)  # not a style sheet: its colour stayed dark in the dark theme
        self.keys_hint = muted_label(
            self.tr("Au clavier : ↑ ↓ pour choisir un niveau, Entrée pour passer à la compétence suivante."),
            panel,
        )

        self.levels_box = QWidget(panel)
        grid = QGridLayout(self.levels_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        self.group = QButtonGroup(self)
        self.radios: dict[int, QRadioButton] = {}
        self.descriptors: dict[int, QLabel] = {}
        for row, level in enumerate(range(1, 9)):
            radio = QRadioButton(self.levels_box)
            self.group.addButton(radio, level)
            self.radios[level] = radio
            text = QLabel(self.levels_box)
            text.setWordWrap(True)
            text.setBuddy(radio)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            # A click on the descriptor selects the level, as on the radio button.
            text.mousePressEvent = lambda _e, radio=radio: radio.click()  # type: ignore[method-assign]
            self.descriptors[level] = text
            grid.addWidget(radio, row * 2, 0, 1, 2)
            grid.addWidget(text, row * 2 + 1, 1)
            grid.setRowMinimumHeight(row * 2 + 1, 4)
        unsure = QRadioButton(self.tr("Je ne sais pas me situer pour l'instant"), self.levels_box)
        self.group.addButton(unsure, UNSURE)
        self.radios[UNSURE] = unsure
        grid.addWidget(unsure, 16, 0, 1, 2)
        grid.setColumnMinimumWidth(0, 22)
        self.group.idToggled.connect(self._on_level)

        # The note and the navigation sit below the scrolling levels, always in view.
        footer = QWidget(self)
        self.evidence_label = QLabel(self.tr("Une preuve ou un exemple (facultatif) :"), footer)
        self.evidence = QPlainTextEdit(footer)
        self.evidence.setPlaceholderText(
            self.tr("Par exemple : « J'ai créé le blog de ma classe avec des commentaires modérés. »")
        )
        self.evidence.setAccessibleName(self.tr("Preuve ou exemple"))
        self.evidence.setTabChangesFocus(True)
        lines = self.evidence.fontMetrics().lineSpacing()
        self.evidence.setFixedHeight(3 * lines + 12)
        self.evidence.textChanged.connect(self._on_evidence)
        self.evidence_label.setBuddy(self.evidence)
        self.evidence_count = muted_label("", footer)

        self.previous = QPushButton(self.tr("← Précédente"), footer)
        self.previous.setToolTip(self.tr("Compétence précédente (Ctrl+Page précédente)"))
        self.previous.clicked.connect(lambda: self._move(-1))
        self.next = QPushButton(self.tr("Suivante →"), footer)
        self.next.setToolTip(self.tr("Compétence suivante (Ctrl+Page suivante)"))
        self.next.clicked.connect(lambda: self._move(1))

        panel_layout = QVBoxLayout(panel)
        panel_layout.addWidget(self.domain)
        panel_layout.addWidget(self.title)
        panel_layout.addWidget(self.summary)
        panel_layout.addSpacing(6)
        panel_layout.addWidget(self.question)
        panel_layout.addWidget(self.keys_hint)
        panel_layout.addWidget(self.levels_box)
        panel_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(panel)
        self.scroll = scroll

        footer_layout = QGridLayout(footer)
        footer_layout.setContentsMargins(9, 4, 9, 0)
        footer_layout.addWidget(self.evidence_label, 0, 0, 1, 3)
        footer_layout.addWidget(self.evidence, 1, 0, 1, 3)
        footer_layout.addWidget(self.previous, 2, 0)
        footer_layout.addWidget(self.evidence_count, 2, 1, Qt.AlignmentFlag.AlignCenter)
        footer_layout.addWidget(self.next, 2, 2)
        footer_layout.setColumnStretch(1, 1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(scroll, 1)
        right_layout.addWidget(footer)

        splitter = QSplitter(self)
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([400, 600])

        self.progress = muted_label("", self)
        self.cancel = QPushButton(self.tr("Abandonner"), self)
        self.cancel.clicked.connect(self._cancel)
        self.save = QPushButton(self.tr("Enregistrer l'auto-évaluation"), self)
        self.save.setDefault(True)
        self.save.setToolTip(self.tr("Enregistrer (Ctrl+S)"))
        self.save.clicked.connect(self._submit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel)
        bottom.addWidget(self.save)

        self.intro = muted_label("", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        for sequence, slot in (
            ("Ctrl+PgDown", lambda: self._move(1)),
            ("Ctrl+PgUp", lambda: self._move(-1)),
            ("Ctrl+S", self._submit),
        ):
            scoped_shortcut(sequence, self, slot)
        # Entrée on a level: that level is the answer, on to the next competence.
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            scoped_shortcut(key, self.levels_box, self._advance)

    # -- filling -----------------------------------------------------------------------

    def start(self, framework: Framework, previous: Assessment | None) -> None:
        """A new sitting, prefilled with the previous one so that only changes need a click."""
        self._framework = framework
        self._levels = dict(previous.levels) if previous else {}
        self._evidence = {cid: r.evidence for cid, r in previous.ratings.items() if r.evidence} if previous else {}
        self._unsure = {cid for cid, r in previous.ratings.items() if r.unsure} if previous else set()
        self._changed = False
        self.intro.setText(
            self.tr(
                "Pour chaque compétence, choisissez le niveau dont la description vous ressemble le "
                "plus. Vos réponses précédentes sont préremplies : modifiez ce qui a changé."
            )
            if previous
            else self.tr(
                "Pour chaque compétence, choisissez le niveau dont la description vous ressemble le "
                "plus. Les niveaux 1 à 5 décrivent la plupart des usages ; répondez honnêtement, "
                "personne d'autre ne voit ces réponses."
            )
        )
        self.tree.clear()
        first: QTreeWidgetItem | None = None
        for domain in framework.domains:
            parent = QTreeWidgetItem(self.tree, [f"{domain.id}. {domain.title}"])
            parent.setToolTip(0, f"{domain.id}. {domain.title}")
            parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            for competence in domain.competences:
                item = QTreeWidgetItem(parent, [f"{competence.id} {competence.title}", ""])
                item.setData(0, ID_ROLE, competence.id)
                item.setToolTip(0, f"{competence.id} {competence.title}")
                first = first or item
            parent.setExpanded(True)
        self.tree.resizeColumnToContents(1)
        self._refresh_tree()
        self.tree.setCurrentItem(first)
        self.focus_level()

    def _competence_items(self) -> list[QTreeWidgetItem]:
        items = []
        for top in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(top)
            items += [parent.child(i) for i in range(parent.childCount())]
        return items

    def _refresh_tree(self) -> None:
        for item in self._competence_items():
            level = self._levels.get(item.data(0, ID_ROLE))
            item.setText(1, self.tr("Niveau %1").replace("%1", str(level)) if level else "—")
        total = len(self._competence_items())
        self.progress.setText(
            plural(
                len(self._levels),
                self.tr("%n compétence évaluée sur %2"),
                self.tr("%n compétences évaluées sur %2"),
            ).replace("%2", str(total))
        )
        self.save.setEnabled(bool(self._levels))

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_tree(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is None or self._framework is None:
            return
        competence_id = current.data(0, ID_ROLE)
        if competence_id is None:  # a domain row: go to its first competence
            if current.childCount():
                self.tree.setCurrentItem(current.child(0))
            return
        self._show(self._framework.competence(competence_id))

    def _show(self, competence: Competence | None) -> None:
        if competence is None or self._framework is None:
            return
        self._current = competence
        domain = next(d for d in self._framework.domains if d.id == competence.domain)
        self.domain.setText(self.tr("Domaine %1 · %2").replace("%1", domain.id).replace("%2", domain.title))
        self.title.setText(f"{competence.id} {competence.title}")
        self.summary.setText(competence.summary)
        for level in range(1, 9):
            known = level <= len(self._framework.levels)
            self.radios[level].setVisible(known)
            self.descriptors[level].setVisible(known)
            if not known:
                continue
            band = self._framework.level(level).band
            self.radios[level].setText(self.tr("Niveau %1 · %2").replace("%1", str(level)).replace("%2", band))
            own = competence.descriptors.get(level)
            text = own or self._framework.level(level).summary
            self.descriptors[level].setText(text)
            self.radios[level].setAccessibleDescription(text)
        self.group.blockSignals(True)
        chosen = self._levels.get(competence.id, UNSURE if competence.id in self._unsure else None)
        self.group.setExclusive(False)
        for radio in self.radios.values():
            radio.setChecked(False)
        self.group.setExclusive(True)
        if chosen is not None:
            self.radios[chosen].setChecked(True)
        self.group.blockSignals(False)
        self.evidence.blockSignals(True)
        self.evidence.setPlainText(self._evidence.get(competence.id, ""))
        self.evidence.blockSignals(False)
        self._update_count()
        items = self._competence_items()
        index = next(i for i, item in enumerate(items) if item.data(0, ID_ROLE) == competence.id)
        self.previous.setEnabled(index > 0)
        self.next.setEnabled(index < len(items) - 1)
        self.scroll.verticalScrollBar().setValue(0)
        self._update_tab_stop()
        if self.levels_box.isAncestorOf(QApplication.focusWidget()):
            self.focus_level()  # the keyboard stays on this competence's levels

    def _update_tab_stop(self) -> QRadioButton:
        """Tab into the levels lands on the chosen one, else on Niveau 1 (not on the level
        that had the focus for the previous competence): the others are left out of the Tab
        chain; ↑ ↓ still reach them."""
        target = self.group.checkedButton() or self.radios[1]
        for radio in self.radios.values():
            radio.setFocusPolicy(Qt.FocusPolicy.StrongFocus if radio is target else Qt.FocusPolicy.ClickFocus)
        return target  # type: ignore[return-value]

    def focus_level(self) -> None:
        """The keyboard on the chosen level, else on Niveau 1, scrolled into view."""
        target = self._update_tab_stop()
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        # Once laid out: measured before, the levels scrolled past the competence's title.
        QTimer.singleShot(0, self, lambda: self.scroll.ensureWidgetVisible(target, 0, 24))

    @Slot()
    def _advance(self) -> None:
        items = self._competence_items()
        if items and self.tree.currentItem() is items[-1]:
            self.save.setFocus(Qt.FocusReason.OtherFocusReason)  # the last one: on to saving
        else:
            self._move(1)

    # -- editing -----------------------------------------------------------------------

    @Slot(int, bool)
    def _on_level(self, level: int, checked: bool) -> None:
        if not checked or self._current is None:
            return
        if level == UNSURE:
            self._levels.pop(self._current.id, None)
            self._unsure.add(self._current.id)
        else:
            self._levels[self._current.id] = level
            self._unsure.discard(self._current.id)
        self._changed = True
        self._refresh_tree()
        self._update_tab_stop()

    @Slot()
    def _on_evidence(self) -> None:
        if self._current is None:
            return
        text = self.evidence.toPlainText()
        if text.strip():
            self._evidence[self._current.id] = text
        else:
            self._evidence.pop(self._current.id, None)
        self._changed = True
        self._update_count()

    def _update_count(self) -> None:
        length = len(self.evidence.toPlainText().strip())
        self.evidence_count.setText(
            self.tr("%1 / %2 caractères").replace("%1", str(length)).replace("%2", str(EVIDENCE_MAX_LENGTH))
        )
        self.evidence_count.setEnabled(length <= EVIDENCE_MAX_LENGTH)
        too_long = f"color: {error_colour(QApplication.palette())};"
        self.evidence_count.setStyleSheet("" if length <= EVIDENCE_MAX_LENGTH else too_long)

    def _move(self, step: int) -> None:
        items = self._competence_items()
        current = self.tree.currentItem()
        if current not in items:
            return
        index = items.index(current) + step
        if 0 <= index < len(items):
            self.tree.setCurrentItem(items[index])
            self.focus_level()

    def ratings(self) -> dict[str, Rating]:
        """Levels given, and « je ne sais pas me situer » answers with their notes."""
        ratings = {
            cid: Rating(cid, level, self._evidence.get(cid, "").strip())
            for cid, level in self._levels.items()
        }
        for cid in self._unsure - set(ratings):
            ratings[cid] = Rating(cid, None, self._evidence.get(cid, "").strip())
        return ratings

    def has_changes(self) -> bool:
        return self._changed

    @Slot()
    def _submit(self) -> None:
        if not self._levels:
            return
        # Answered « je ne sais pas » is an answer: only competences left untouched are asked about.
        missing = len(self._competence_items()) - len(self._levels) - len(self._unsure - set(self._levels))
        if missing and not confirm(
            self,
            self.tr("Enregistrer l'auto-évaluation"),
            plural(
                missing,
                self.tr(
                    "%n compétence n'est pas évaluée : elle n'apparaîtra pas dans ce bilan. "
                    "Enregistrer quand même ?"
                ),
                self.tr(
                    "%n compétences ne sont pas évaluées : elles n'apparaîtront pas dans ce "
                    "bilan. Enregistrer quand même ?"
                ),
            ),
        ):
            return
        self.submitted.emit(self.ratings())

    @Slot()
    def _cancel(self) -> None:
        if self._changed and not confirm(
            self,
            self.tr("Abandonner l'auto-évaluation"),
            self.tr("Vos réponses de cette séance ne seront pas enregistrées. Abandonner ?"),
        ):
            return
        self.cancelled.emit()
