"""The form a teacher fills in to write or edit one of their own practices."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ent_coach.content.practices import OwnPracticeInvalid
from ent_coach.domain.practices import (
    DISCIPLINES,
    SCHOOL_LEVELS,
    SERVICES,
    Practice,
    PracticeDraft,
    PracticeSource,
)
from ent_coach.domain.text import plural
from ent_coach.ui.ops import call_in_worker
from ent_coach.ui.widgets import error_label, muted_label

# « 1. », « 2) », « - », « • » typed at the start of a line are list marks, not text.
_LIST_MARK = re.compile(r"^\s*(?:[-•*–]|\d{1,2}[.)])\s+")


def lines_of(text: str) -> tuple[str, ...]:
    return tuple(_LIST_MARK.sub("", line).strip() for line in text.splitlines() if line.strip())


def _without_field_name(message: str) -> str:
    """« Étapes, ligne 2 : trop court » shown under the Étapes field reads « Ligne 2 : trop
    court »; « Titre : trop court » under the title reads « Trop court »."""
    where, _, what = message.partition(" : ")
    if not what:
        return message
    _field, comma, detail = where.partition(", ")
    text = f"{detail} : {what}" if comma else what
    return text[:1].upper() + text[1:]


class CheckList(QListWidget):
    """A list of checkable entries (id, label)."""

    def __init__(
        self,
        items: list[tuple[str, str]],
        *,
        name: str,
        rows: int,
        parent: QWidget,
        fixed: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        indicator = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorHeight)
        row_height = max(self.fontMetrics().height(), indicator) + 8
        for key, label in items:
            item = QListWidgetItem(label, self)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(label)
            item.setSizeHint(QSize(0, row_height))
        shown = min(rows, max(1, self.count()))
        height = row_height * shown + 2 * self.frameWidth() + 2
        if fixed:
            self.setFixedHeight(height)
        else:
            self.setMinimumHeight(height)

    def checked(self) -> tuple[str, ...]:
        return tuple(
            self.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        )

    def set_checked(self, keys: tuple[str, ...]) -> None:
        for row in range(self.count()):
            item = self.item(row)
            state = item.data(Qt.ItemDataRole.UserRole) in keys
            item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)

    def keyPressEvent(self, event) -> None:
        # Space toggles the current entry, as a checkbox does.
        item = self.currentItem()
        if event.key() == Qt.Key.Key_Space and item is not None:
            checked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
            return
        super().keyPressEvent(event)


class PracticeFormDialog(QDialog):
    """Write or edit an own practice.

    The draft is checked by ``validate`` (no I/O) and each problem is shown under its field;
    only a valid draft is handed to ``save``, which runs on the database worker. The dialog
    stays open (nothing typed is lost) if saving fails. ``saved`` holds the stored practice.
    """

    def __init__(
        self,
        *,
        parent: QWidget,
        tutorials: list[tuple[str, str]],
        competences: list[tuple[str, str]],
        validate: Callable[[PracticeDraft], object],
        save: Callable[[PracticeDraft], Practice],
        initial: PracticeDraft | None = None,
    ) -> None:
        super().__init__(parent)
        editing = initial is not None
        self.setWindowTitle(
            self.tr("Modifier la pratique") if editing else self.tr("Nouvelle pratique")
        )
        self._validate = validate
        self._save = save
        self.saved: Practice | None = None

        body = QWidget(self)
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._errors: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}

        def add(key: str, label: str, widget: QWidget, hint: str = "") -> None:
            box = QWidget(body)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            if hint:
                column.addWidget(muted_label(hint, box))
            error = error_label(box)
            column.addWidget(error)
            self._errors[key] = error
            self._fields.setdefault(key, widget)
            caption = QLabel(label, body)
            caption.setBuddy(widget)
            form.addRow(caption, box)

        self.title_edit = QLineEdit(body)
        self.title_edit.setMaxLength(100)
        self.title_edit.setAccessibleName(self.tr("Titre"))
        add("title", self.tr("&Titre :"), self.title_edit)
        self.summary_edit = QLineEdit(body)
        self.summary_edit.setMaxLength(200)
        self.summary_edit.setAccessibleName(self.tr("Résumé"))
        add(
            "summary",
            self.tr("&Résumé :"),
            self.summary_edit,
            self.tr("Une phrase : qui fait quoi, avec quel service."),
        )

        levels = QWidget(body)
        grid = QGridLayout(levels)
        grid.setContentsMargins(0, 0, 0, 0)
        self.level_boxes: dict[str, QCheckBox] = {}
        for position, (key, label) in enumerate(SCHOOL_LEVELS.items()):
            box = QCheckBox(label, levels)
            self.level_boxes[key] = box
            grid.addWidget(box, position // 3, position % 3)
        add("levels", self.tr("Niveaux :"), levels)
        self._fields["levels"] = next(iter(self.level_boxes.values()))

        self.discipline_list = CheckList(
            list(DISCIPLINES.items()), name=self.tr("Disciplines"), rows=5, parent=body
        )
        add(
            "disciplines",
            self.tr("&Disciplines :"),
            self.discipline_list,
            self.tr("Trois au plus ; Espace coche ou décoche."),
        )
        self.service_list = CheckList(
            list(SERVICES.items()), name=self.tr("Services ENT"), rows=5, parent=body
        )
        add("services", self.tr("&Services ENT :"), self.service_list, self.tr("Quatre au plus."))
        self.duration_edit = QLineEdit(body)
        self.duration_edit.setMaxLength(60)
        self.duration_edit.setPlaceholderText(self.tr("ex. : une séance de 55 min, toute l'année…"))
        self.duration_edit.setAccessibleName(self.tr("Durée"))
        add("duration", self.tr("D&urée :"), self.duration_edit)

        def text_area(name: str, lines: int) -> QPlainTextEdit:
            edit = QPlainTextEdit(body)
            edit.setAccessibleName(name)
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 12)
            return edit

        self.description_edit = text_area(self.tr("Description"), 4)
        add(
            "description",
            self.tr("D&escription :"),
            self.description_edit,
            self.tr("40 caractères au moins : le contexte, ce que font les élèves."),
        )
        self.steps_edit = text_area(self.tr("Étapes"), 4)
        add(
            "steps",
            self.tr("É&tapes :"),
            self.steps_edit,
            self.tr("Une étape par ligne, dans l'ordre."),
        )
        self.benefits_edit = text_area(self.tr("Ce que cela apporte"), 2)
        add(
            "benefits",
            self.tr("Ce que cela &apporte :"),
            self.benefits_edit,
            self.tr("Un apport par ligne."),
        )
        self.vigilance_edit = text_area(self.tr("Points de vigilance"), 2)
        add(
            "vigilance",
            self.tr("Points de &vigilance :"),
            self.vigilance_edit,
            self.tr("Un point par ligne : données personnelles, images, modération…"),
        )

        self.tutorial_list = CheckList(
            tutorials, name=self.tr("Tutoriels liés"), rows=4, parent=body
        )
        add(
            "tutorials",
            self.tr("Tutoriels liés :"),
            self.tutorial_list,
            self.tr("Facultatif, quatre au plus."),
        )
        self.competence_list = CheckList(
            competences, name=self.tr("Compétences liées"), rows=4, parent=body
        )
        add(
            "competences",
            self.tr("Compétences liées :"),
            self.competence_list,
            self.tr("Facultatif, quatre au plus."),
        )

        source = QWidget(body)
        source_form = QFormLayout(source)
        source_form.setContentsMargins(0, 0, 0, 0)
        self.source_publisher = QLineEdit(source)
        self.source_publisher.setAccessibleName(self.tr("Éditeur de la source"))
        self.source_title = QLineEdit(source)
        self.source_title.setAccessibleName(self.tr("Titre de la source"))
        self.source_url = QLineEdit(source)
        self.source_url.setPlaceholderText("https://…")
        self.source_url.setAccessibleName(self.tr("Adresse de la source"))
        source_form.addRow(self.tr("Éditeur :"), self.source_publisher)
        source_form.addRow(self.tr("Titre :"), self.source_title)
        source_form.addRow(self.tr("Adresse :"), self.source_url)
        add(
            "sources",
            self.tr("S&ource :"),
            source,
            self.tr("Facultative ; l'adresse commence par https://."),
        )
        self._fields["sources"] = self.source_publisher

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self._scroll = scroll
        self.summary_error = error_label(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Enregistrer"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.summary_error)
        layout.addWidget(buttons)
        if initial is not None:
            self.set_draft(initial)
        self.resize(760, 680)

    # --- draft in and out -------------------------------------------------------------------

    def set_draft(self, draft: PracticeDraft) -> None:
        self.title_edit.setText(draft.title)
        self.summary_edit.setText(draft.summary)
        for key, box in self.level_boxes.items():
            box.setChecked(key in draft.levels)
        self.discipline_list.set_checked(draft.disciplines)
        self.service_list.set_checked(draft.services)
        self.duration_edit.setText(draft.duration)
        self.description_edit.setPlainText(draft.description)
        self.steps_edit.setPlainText("\n".join(draft.steps))
        self.benefits_edit.setPlainText("\n".join(draft.benefits))
        self.vigilance_edit.setPlainText("\n".join(draft.vigilance))
        self.tutorial_list.set_checked(draft.tutorials)
        self.competence_list.set_checked(draft.competences)
        source = draft.sources[0] if draft.sources else PracticeSource("", "", "")
        self.source_publisher.setText(source.publisher)
        self.source_title.setText(source.title)
        self.source_url.setText(source.url)

    def draft(self) -> PracticeDraft:
        publisher, title, url = (
            self.source_publisher.text().strip(),
            self.source_title.text().strip(),
            self.source_url.text().strip(),
        )
        sources = (PracticeSource(publisher, title, url),) if publisher or title or url else ()
        return PracticeDraft(
            title=self.title_edit.text().strip(),
            summary=self.summary_edit.text().strip(),
            levels=tuple(key for key, box in self.level_boxes.items() if box.isChecked()),
            disciplines=self.discipline_list.checked(),
            services=self.service_list.checked(),
            duration=self.duration_edit.text().strip(),
            description=self.description_edit.toPlainText().strip(),
            steps=lines_of(self.steps_edit.toPlainText()),
            benefits=lines_of(self.benefits_edit.toPlainText()),
            vigilance=lines_of(self.vigilance_edit.toPlainText()),
            tutorials=self.tutorial_list.checked(),
            competences=self.competence_list.checked(),
            sources=sources,
        )

    # --- checking and saving ----------------------------------------------------------------

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        for error in self._errors.values():
            error.hide()
        messages: dict[str, list[str]] = {}
        for key, message in problems:
            messages.setdefault(key if key in self._errors else "", []).append(message)
        for key, texts in messages.items():
            if key:
                self._errors[key].setText("\n".join(_without_field_name(t) for t in texts))
                self._errors[key].show()
        count = len(problems)
        if count:
            where = list(dict.fromkeys(message.split(" : ", 1)[0] for _key, message in problems))
            self.summary_error.setText(
                plural(
                    count,
                    self.tr("%n problème à corriger, détaillé sous le champ : %2."),
                    self.tr("%n problèmes à corriger, détaillés sous chaque champ : %2."),
                ).replace("%2", ", ".join(where))
            )
            self.summary_error.show()
            first = next((key for key, _ in problems if key in self._fields), None)
            if first is not None:
                self._scroll.ensureWidgetVisible(self._fields[first])
                self._fields[first].setFocus()
        else:
            self.summary_error.hide()

    @Slot()
    def _submit(self) -> None:
        draft = self.draft()
        try:
            self._validate(draft)
        except OwnPracticeInvalid as invalid:
            self.show_problems([(p.field, p.message) for p in invalid.problems])
            return
        self.show_problems([])
        try:
            self.saved = call_in_worker(lambda: self._save(draft))
        except Exception as error:  # a store error: keep the dialog and what was typed
            self.summary_error.setText(
                self.tr("La pratique n'a pas été enregistrée : %1").replace("%1", str(error))
            )
            self.summary_error.show()
            return
        self.accept()
