"""The « Bonnes pratiques » page: a searchable, filterable list on the left, the selected
practice on the right, favourites, the teacher's own practices and file sharing.

Signal: ``tutorialRequested(str)`` — a related tutorial's link was clicked (tutorial id); the
main window opens it in the reader.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ent_coach.content.practice_exchange import DEFAULT_FILE_NAME
from ent_coach.domain.practices import (
    DISCIPLINES,
    SCHOOL_LEVELS,
    SERVICES,
    Practice,
    PracticeDraft,
    PracticeFilter,
    PracticeOrigin,
    filter_practices,
    labels,
    practice_count_text,
)
from ent_coach.domain.profiles import Profile
from ent_coach.domain.text import plural
from ent_coach.services.practices import ImportPreview, ImportResult, PracticeCatalogue
from ent_coach.ui import file_dialogs
from ent_coach.ui.context import AppContext
from ent_coach.ui.html_delegate import HTML_ROLE, HtmlDelegate
from ent_coach.ui.hub import Changes
from ent_coach.ui.ops import CollectionOp, QueryOp, show_failure
from ent_coach.ui.practices.exchange import ExportDialog, ImportPreviewDialog
from ent_coach.ui.practices.form import PracticeFormDialog
from ent_coach.ui.practices.render import TUTORIAL_SCHEME, RenderColours, practice_html
from ent_coach.ui.widgets import (
    confirm,
    heading_label,
    muted_label,
    open_external_link,
    scoped_shortcut,
    show_saved_file,
)

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole
SEARCH_DELAY_MS = 150
ALL = ""
FILE_FILTER = "Pratiques ENT Coach (*.json);;Tous les fichiers (*)"


@dataclass(frozen=True, slots=True)
class _Loaded:
    catalogue: PracticeCatalogue
    competences: dict[str, str]  # id → title; empty when the framework cannot be read


def _blend(base: QColor, tint: QColor, amount: float) -> str:
    mixed = QColor(
        round(base.red() + (tint.red() - base.red()) * amount),
        round(base.green() + (tint.green() - base.green()) * amount),
        round(base.blue() + (tint.blue() - base.blue()) * amount),
    )
    return mixed.name()


class PracticesPage(QWidget):
    tutorialRequested = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._catalogue: PracticeCatalogue | None = None
        self._competences: dict[str, str] | None = None
        self._matching: list[str] | None = None  # search result ids, best first; None: no search
        self._shown: list[Practice] = []
        self._generation = 0  # drops answers that arrive after a profile change
        self._search_generation = 0
        self._details_id: str | None = None
        self._wanted_id: str | None = None  # asked by show_practice, selected once listed
        self._marked_read: set[str] = set()  # already sent to mark_read for this profile

        # --- left: search, filters, list ---------------------------------------------------
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("Rechercher une pratique…"))
        self.search_edit.setAccessibleName(self.tr("Rechercher une pratique"))
        self.search_edit.setToolTip(self.tr("Accents et majuscules ignorés (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.level_combo = self._combo(
            self.tr("Niveau"), self.tr("Tous les niveaux"), SCHOOL_LEVELS
        )
        self.discipline_combo = self._combo(
            self.tr("Discipline"), self.tr("Toutes les disciplines"), DISCIPLINES
        )
        self.service_combo = self._combo(
            self.tr("Service ENT"), self.tr("Tous les services"), SERVICES
        )
        self.origin_combo = self._combo(
            self.tr("Origine"), self.tr("Toutes"),
            {origin.value: label for origin, label in (
                (PracticeOrigin.SHIPPED, self.tr("Fournies avec ENT Coach")),
                (PracticeOrigin.OWN, self.tr("Mes pratiques")),
            )},
        )  # fmt: skip
        self.favourites_check = QCheckBox(self.tr("Fa&voris uniquement"), self)
        filters = QFormLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, combo in (
            (self.tr("&Niveau :"), self.level_combo),
            (self.tr("&Discipline :"), self.discipline_combo),
            (self.tr("&Service :"), self.service_combo),
            (self.tr("&Origine :"), self.origin_combo),
        ):
            label = QLabel(text, self)
            label.setBuddy(combo)
            filters.addRow(label, combo)
        filters.addRow("", self.favourites_check)

        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Liste des pratiques"))
        self.list.setWordWrap(True)
        self.list.setItemDelegate(HtmlDelegate(self.list))
        self.list.setUniformItemSizes(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.list.itemActivated.connect(lambda _item: self.details.setFocus())
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reset_filters_button = QPushButton(
            self.tr("&Réinitialiser la recherche et les filtres"), self
        )
        self.reset_filters_button.clicked.connect(lambda: self.reset_filters())
        empty = QWidget(self)
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.reset_filters_button, 0, Qt.AlignmentFlag.AlignCenter)
        empty_layout.addStretch(2)
        self.empty_state = empty
        self.list_stack = QStackedWidget(self)
        self.list_stack.addWidget(self.list)
        self.list_stack.addWidget(empty)
        self.count_label = muted_label("", self)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        left_layout.addWidget(self.search_edit)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.list_stack, 1)
        left_layout.addWidget(self.count_label)

        # --- right: the practice and what can be done with it --------------------------------
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        self.details.setAccessibleName(self.tr("Fiche de la pratique"))
        self.details.anchorClicked.connect(self._on_link)
        self.favourite_button = QPushButton(self)
        self.favourite_button.setToolTip(self.tr("Ctrl+D"))
        self.favourite_button.clicked.connect(self.toggle_favourite)
        self.edit_button = QPushButton(self.tr("&Modifier…"), self)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton(self.tr("Su&pprimer…"), self)
        self.delete_button.clicked.connect(self.delete_current)
        actions = QHBoxLayout()
        actions.addWidget(self.favourite_button)
        actions.addStretch(1)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.addWidget(self.details, 1)
        right_layout.addLayout(actions)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([380, 620])
        self.splitter = splitter

        # --- header -------------------------------------------------------------------------
        self.new_button = QPushButton(self.tr("Nouve&lle pratique…"), self)
        self.new_button.setToolTip(self.tr("Écrire une pratique personnelle (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_practice)
        self.import_button = QPushButton(self.tr("&Importer…"), self)
        self.import_button.setToolTip(self.tr("Importer le fichier de pratiques d'un collègue"))
        self.import_button.clicked.connect(self.import_file)
        self.export_button = QPushButton(self.tr("&Exporter…"), self)
        self.export_button.setToolTip(
            self.tr("Partager vos pratiques personnelles dans un fichier")
        )
        self.export_button.clicked.connect(self.export_file)
        header = QHBoxLayout()
        header.addWidget(heading_label(self.tr("Bonnes pratiques"), level=1, parent=self), 1)
        header.addWidget(self.new_button)
        header.addWidget(self.import_button)
        header.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(
            muted_label(
                self.tr(
                    "Des usages concrets de l'ENT en classe, avec leurs étapes et leurs points de "
                    "vigilance. Ajoutez les vôtres et partagez-les avec vos collègues."
                ),
                self,
            )
        )
        layout.addWidget(splitter, 1)

        # --- behaviour ----------------------------------------------------------------------
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self._focus_list)
        for combo in (
            self.level_combo,
            self.discipline_combo,
            self.service_combo,
            self.origin_combo,
        ):
            combo.currentIndexChanged.connect(self._render_list)
        self.favourites_check.toggled.connect(self._render_list)
        QShortcut(QKeySequence("Ctrl+D"), self, self.toggle_favourite)
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, self.new_practice)
        scoped_shortcut(
            QKeySequence.StandardKey.Delete, self.list, self.delete_current,
            Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.setTabOrder(self.search_edit, self.level_combo)
        self.setTabOrder(self.level_combo, self.discipline_combo)
        self.setTabOrder(self.discipline_combo, self.service_combo)
        self.setTabOrder(self.service_combo, self.origin_combo)
        self.setTabOrder(self.origin_combo, self.favourites_check)
        self.setTabOrder(self.favourites_check, self.list)
        self.setTabOrder(self.list, self.details)
        self.setTabOrder(self.details, self.favourite_button)
        self.setTabOrder(self.favourite_button, self.edit_button)
        self.setTabOrder(self.edit_button, self.delete_button)
        self.setFocusProxy(self.search_edit)
        self._show_practice(None)
        self._update_count()

    def _combo(self, name: str, any_label: str, items: dict[str, str]) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.addItem(any_label, ALL)
        for key, label in items.items():
            combo.addItem(label, key)
        return combo

    # --- section life --------------------------------------------------------------------------

    def on_shown(self) -> None:
        """Called each time the section is shown: reload from the database."""
        self.refresh()

    def reset(self) -> None:
        """The profile changed: forget everything shown."""
        self._generation += 1
        self._search_generation += 1
        self._catalogue = None
        self._matching = None
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self._search_timer.stop()
        self.reset_filters(search=False)
        self._wanted_id = None
        self._marked_read.clear()
        self.list.clear()
        self._shown = []
        self._show_practice(None)
        self._update_count()

    def refresh(self) -> None:
        profile = self._context.profile
        if profile is None:
            return
        generation = self._generation
        context = self._context
        known_competences = self._competences

        def load() -> _Loaded:
            catalogue = context.practices.catalogue(profile)
            competences = known_competences
            if competences is None:
                competences = _competence_titles(context)
            return _Loaded(catalogue, competences)

        QueryOp(parent=self, op=load).success(
            lambda loaded: self._on_loaded(loaded, generation)
        ).run()
        if self.search_edit.text().strip():
            self.run_search()

    def _on_loaded(self, loaded: _Loaded, generation: int) -> None:
        if generation != self._generation:
            return
        self._catalogue = loaded.catalogue
        self._competences = loaded.competences
        self._render_list()

    # --- search and filters --------------------------------------------------------------------

    def criteria(self) -> PracticeFilter:
        origin = self.origin_combo.currentData()
        return PracticeFilter(
            level=self.level_combo.currentData(),
            discipline=self.discipline_combo.currentData(),
            service=self.service_combo.currentData(),
            favourites_only=self.favourites_check.isChecked(),
            origin=PracticeOrigin(origin) if origin else None,
        )

    @Slot()
    def run_search(self) -> None:
        self._search_timer.stop()
        text = self.search_edit.text()
        self._search_generation += 1
        generation = self._search_generation
        profile = self._context.profile
        if not text.strip() or profile is None:
            self._matching = None
            self._render_list()
            return
        QueryOp(parent=self, op=lambda: self._context.practices.search(profile, text)).success(
            lambda ids: self._on_search(ids, generation)
        ).run()

    def _on_search(self, ids: list[str], generation: int) -> None:
        if generation != self._search_generation:
            return  # a newer query is on its way
        self._matching = ids
        self._render_list()

    def reset_filters(self, *, search: bool = True) -> None:
        """Back to every practice (``search``: also clear the search text)."""
        for combo in (
            self.level_combo,
            self.discipline_combo,
            self.service_combo,
            self.origin_combo,
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.favourites_check.blockSignals(True)
        self.favourites_check.setChecked(False)
        self.favourites_check.blockSignals(False)
        if search and self.search_edit.text():
            self.search_edit.clear()
            self.run_search()
        else:
            self._render_list()
        self.search_edit.setFocus()

    @Slot()
    def _render_list(self) -> None:
        catalogue = self._catalogue
        if catalogue is None:
            return
        current = self.current_id()
        self._shown = filter_practices(
            catalogue.practices, self.criteria(), catalogue.favourites, matching=self._matching
        )
        self.list.blockSignals(True)
        self.list.clear()
        for practice in self._shown:
            item = QListWidgetItem(practice.title, self.list)
            item.setData(ID_ROLE, practice.id)
            item.setData(HTML_ROLE, self._item_html(practice, practice.id in catalogue.favourites))
            item.setToolTip(practice.summary)
        self.list.blockSignals(False)
        self.list_stack.setCurrentWidget(self.list if self._shown else self.empty_state)
        self._update_empty_text()
        ids = [p.id for p in self._shown]
        if self._shown:
            self.list.setCurrentRow(ids.index(current) if current in ids else 0)
        if self._wanted_id is not None and self._wanted_id in ids:
            self.list.setCurrentRow(ids.index(self._wanted_id))
            self._wanted_id = None
            self.details.setFocus()
        self._on_current_changed()
        self._update_count()

    def show_practice(self, practice_id: str) -> None:
        """Select and show ``practice_id`` (asked by a pathway step), clearing the filters and
        the search that could hide it; works while the catalogue is still loading."""
        self._wanted_id = practice_id
        self.reset_filters()

    def _item_html(self, practice: Practice, favourite: bool) -> str:
        star = "★ " if favourite else ""
        facts = [
            ", ".join(labels(practice.levels, SCHOOL_LEVELS)),
            ", ".join(labels(practice.disciplines, DISCIPLINES)),
        ]
        if practice.is_own:
            facts.append(self.tr("Mes pratiques"))
        return (
            f"<b>{star}{escape(practice.title)}</b><br><small>{escape(' · '.join(facts))}</small>"
        )

    def _update_count(self) -> None:
        if self._catalogue is None:
            self.count_label.setText("")
            return
        self.count_label.setText(
            practice_count_text(len(self._shown), len(self._catalogue.practices))
        )

    def _update_empty_text(self) -> None:
        criteria = self.criteria()
        catalogue = self._catalogue
        no_own = catalogue is not None and not any(p.is_own for p in catalogue.practices)
        if criteria.origin is PracticeOrigin.OWN and no_own and not self.search_edit.text().strip():
            text = self.tr(
                "Vous n'avez pas encore de pratique personnelle.\nÉcrivez-en une avec "
                "« Nouvelle pratique… » ou importez le fichier d'un collègue."
            )
        elif criteria.favourites_only and catalogue is not None and not catalogue.favourites:
            text = self.tr(
                "Aucune pratique en favori pour l'instant.\nSélectionnez une pratique puis "
                "« Ajouter aux favoris » (Ctrl+D)."
            )
        else:
            text = self.tr("Aucune pratique ne correspond à votre recherche et à vos filtres.")
        self.empty_label.setText(text)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.list.doItemsLayout()  # wrapped titles change height with the width

    # --- the selected practice -----------------------------------------------------------------

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def current_practice(self) -> Practice | None:
        practice_id = self.current_id()
        if practice_id is None or self._catalogue is None:
            return None
        return self._catalogue.get(practice_id)

    @Slot()
    def _on_current_changed(self, *_args: object) -> None:
        self._show_practice(self.current_practice())

    def _colours(self) -> RenderColours:
        palette = self.details.palette()
        base = palette.color(QPalette.ColorRole.Base)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        dark = base.lightness() < 128
        return RenderColours(
            chip=_blend(base, highlight, 0.30 if dark else 0.12),
            muted=palette.color(QPalette.ColorRole.PlaceholderText).name(),
            warning_background=_blend(base, QColor(230, 140, 0), 0.22 if dark else 0.12),
            warning_border=QColor(230, 140, 0).name(),
            note_background=_blend(base, highlight, 0.20 if dark else 0.07),
        )

    def _show_practice(self, practice: Practice | None) -> None:
        has_profile = self._context.profile is not None
        self.new_button.setEnabled(has_profile)
        self.import_button.setEnabled(has_profile)
        self.export_button.setEnabled(has_profile)
        if practice is None:
            self.details.setHtml(
                f"<p style='color:{self._colours().muted};'>"
                + escape(self.tr("Choisissez une pratique dans la liste pour la lire ici."))
                + "</p>"
            )
            self.favourite_button.setText(self.tr("☆ Ajouter aux favoris"))
            for button in (self.favourite_button, self.edit_button, self.delete_button):
                button.setEnabled(False)
            return
        favourite = self._catalogue is not None and practice.id in self._catalogue.favourites
        scroll = self.details.verticalScrollBar().value() if self._details_id == practice.id else 0
        self.details.setHtml(
            practice_html(
                practice,
                colours=self._colours(),
                favourite=favourite,
                tutorial_title=self._tutorial_title,
                competence_title=lambda cid: (self._competences or {}).get(cid),
            )
        )
        self.details.verticalScrollBar().setValue(scroll)
        self._details_id = practice.id
        if not practice.is_own:
            self._mark_read(practice.id)
        self.favourite_button.setEnabled(True)
        self.favourite_button.setText(
            self.tr("★ Retirer des favoris") if favourite else self.tr("☆ Ajouter aux favoris")
        )
        self.favourite_button.setAccessibleName(self.favourite_button.text().lstrip("★☆ "))
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(practice.is_own)
        why = (
            ""
            if practice.is_own
            else self.tr(
                "Les pratiques fournies avec ENT Coach ne se modifient pas : seules vos pratiques "
                "personnelles peuvent être modifiées ou supprimées."
            )
        )
        self.edit_button.setToolTip(why)
        self.delete_button.setToolTip(why)

    def _mark_read(self, practice_id: str) -> None:
        """A shipped practice displayed counts as read (a pathway step may ask for it)."""
        profile = self._context.profile
        if profile is None or practice_id in self._marked_read:
            return
        self._marked_read.add(practice_id)
        service = self._context.practices
        generation = self._generation

        def done(newly: bool) -> None:
            if newly and generation == self._generation:
                self._context.hub.changesApplied.emit(Changes(progress=True), self)

        def failed(error: Exception) -> None:
            # Reading still works; only the pathway step will not see it yet.
            self._marked_read.discard(practice_id)
            log.warning("Lecture de la pratique %s non enregistrée : %s", practice_id, error)

        CollectionOp(parent=self, op=lambda: service.mark_read(profile, practice_id)).success(
            done
        ).failure(failed).run()

    def _tutorial_title(self, tutorial_id: str) -> str | None:
        tutorial = self._context.library.tutorial(tutorial_id)
        return tutorial.title if tutorial is not None else None

    @Slot(QUrl)
    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == TUTORIAL_SCHEME:
            self.tutorialRequested.emit(url.path())
        elif url.scheme() == "https":
            open_external_link(self, url)

    # --- favourites ------------------------------------------------------------------------------

    @Slot()
    def toggle_favourite(self) -> None:
        practice = self.current_practice()
        profile = self._context.profile
        if practice is None or profile is None or self._catalogue is None:
            return
        wanted = practice.id not in self._catalogue.favourites
        CollectionOp(
            parent=self,
            op=lambda: self._context.practices.set_favourite(profile, practice.id, wanted),
        ).success(lambda _result: self.refresh()).run()

    # --- own practices ---------------------------------------------------------------------------

    def _form(self, initial: PracticeDraft | None, save) -> PracticeFormDialog:  # type: ignore[no-untyped-def]
        tutorials = sorted(
            ((t.id, t.title) for t in self._context.tutorials), key=lambda pair: pair[1].casefold()
        )
        competences = self._competences or {}
        ids = set(competences)
        if not ids and self._catalogue is not None:
            # Framework unreadable: offer the competences the shipped practices refer to.
            ids = {cid for p in self._catalogue.practices for cid in p.competences}
        choices = [
            (cid, f"{cid} — {competences[cid]}" if cid in competences else cid)
            for cid in sorted(
                ids, key=lambda c: [int(part) if part.isdigit() else part for part in c.split(".")]
            )
        ]
        return PracticeFormDialog(
            parent=self,
            tutorials=tutorials,
            competences=choices,
            validate=self._context.practices.validate,
            save=save,
            initial=initial,
        )

    @Slot()
    def new_practice(self) -> None:
        profile = self._context.profile
        if profile is None:
            return
        dialog = self._form(None, lambda draft: self._context.practices.create(profile, draft))
        if dialog.exec() and dialog.saved is not None:
            self._after_write(dialog.saved.id)

    @Slot()
    def edit_current(self) -> None:
        practice = self.current_practice()
        profile = self._context.profile
        if practice is None or profile is None or not practice.is_own:
            return
        dialog = self._form(
            practice.draft(),
            lambda draft: self._context.practices.update(profile, practice.id, draft),
        )
        if dialog.exec() and dialog.saved is not None:
            self._after_write(dialog.saved.id)

    @Slot()
    def delete_current(self) -> None:
        practice = self.current_practice()
        profile = self._context.profile
        if practice is None or profile is None or not practice.is_own:
            return
        if not confirm(
            self,
            self.tr("Supprimer la pratique"),
            self.tr(
                "Supprimer définitivement votre pratique « %1 » ?\n\nPensez à l'exporter d'abord "
                "si vous voulez la garder dans un fichier."
            ).replace("%1", practice.title),
            no=QMessageBox.StandardButton.Cancel,
        ):
            return
        CollectionOp(
            parent=self, op=lambda: self._context.practices.delete(profile, practice.id)
        ).success(lambda _result: self._after_write(None)).run()

    def _after_write(self, select_id: str | None) -> None:
        """Reload, then select the practice just written; the filters and the search are
        cleared only if they would hide it."""
        profile = self._context.profile
        generation = self._generation
        if profile is None:
            return

        def done(catalogue: PracticeCatalogue) -> None:
            if generation != self._generation:
                return
            self._catalogue = catalogue
            self._render_list()
            if select_id is None:
                return
            if select_id not in [p.id for p in self._shown]:
                self._matching = None  # a new practice is not in the last search's answer
                self.reset_filters()
            ids = [p.id for p in self._shown]
            if select_id in ids:
                self.list.setCurrentRow(ids.index(select_id))

        QueryOp(parent=self, op=lambda: self._context.practices.catalogue(profile)).success(
            done
        ).run()
        if self.search_edit.text().strip():
            self.run_search()

    # --- sharing ---------------------------------------------------------------------------------

    @Slot()
    def export_file(self) -> None:
        profile = self._context.profile
        if profile is None or self._catalogue is None:
            return
        own = sorted(
            (p for p in self._catalogue.practices if p.is_own), key=lambda p: p.title.casefold()
        )
        if not own:
            QMessageBox.information(
                self,
                self.tr("Exporter mes pratiques"),
                self.tr(
                    "Vous n'avez pas encore de pratique personnelle à exporter. Seules les "
                    "pratiques que vous avez écrites ou importées peuvent être partagées."
                ),
            )
            return
        current = self.current_practice()
        dialog = ExportDialog(
            own, preselect=current.id if current and current.is_own else None, parent=self
        )
        if not dialog.exec() or not dialog.chosen():
            return
        chosen = dialog.chosen()
        chosen_path = file_dialogs.save_file(
            self, self._context.settings, file_dialogs.PRACTICES,
            title=self.tr("Enregistrer le fichier de pratiques"), file_name=DEFAULT_FILE_NAME,
            file_filter=FILE_FILTER,
        )  # fmt: skip
        if chosen_path is None:
            return
        path = chosen_path
        if not path.suffix:
            path = path.with_suffix(".json")

        def done(count: int) -> None:
            show_saved_file(
                self,
                path,
                title=self.tr("Exporter mes pratiques"),
                text=plural(
                    count,
                    self.tr("%n pratique exportée. Vos collègues peuvent l'importer avec "
                            "« Importer… » dans ENT Coach."),
                    self.tr("%n pratiques exportées. Vos collègues peuvent les importer avec "
                            "« Importer… » dans ENT Coach."),
                ),
            )  # fmt: skip

        CollectionOp(
            parent=self, op=lambda: self._context.practices.export(profile, chosen, path)
        ).success(done).run()

    @Slot()
    def import_file(self) -> None:
        profile = self._context.profile
        if profile is None:
            return
        path = file_dialogs.open_file(
            self, self._context.settings, file_dialogs.PRACTICES,
            title=self.tr("Importer un fichier de pratiques"), file_filter=FILE_FILTER,
        )  # fmt: skip
        if path is None:
            return
        known_tutorials = {t.id for t in self._context.tutorials}
        known_competences = set(self._competences) if self._competences else None
        QueryOp(
            parent=self,
            op=lambda: self._context.practices.preview_import(
                profile, path, known_tutorials=known_tutorials, known_competences=known_competences
            ),
        ).success(lambda preview: self._confirm_import(profile, preview)).failure(
            self._import_failed
        ).run()

    def _import_failed(self, error: Exception) -> None:
        if not isinstance(error, ValueError):
            show_failure(self, error)
            return
        QMessageBox.warning(
            self,
            self.tr("Import impossible"),
            str(error) + "\n\n" + self.tr("Rien n'a été importé ; vos pratiques n'ont pas changé."),
        )

    def _confirm_import(self, profile: Profile, preview: ImportPreview) -> None:
        current = self._context.profile
        if current is None or current.id != profile.id:
            return
        dialog = ImportPreviewDialog(preview, parent=self)
        if not dialog.exec():
            return
        replace = dialog.replace_ids()

        def done(result: ImportResult) -> None:
            QMessageBox.information(self, self.tr("Importer des pratiques"), result.summary())
            self._after_write(None)

        CollectionOp(
            parent=self,
            op=lambda: self._context.practices.apply_import(profile, preview, replace=replace),
        ).success(done).failure(self._import_failed).run()

    # --- keyboard ---------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Ctrl+F is the window's « search everywhere »; inside this page it searches practices.
        # Accepting the override turns it into a key press for this page instead of a shortcut.
        if event.type() == QEvent.Type.ShortcutOverride and event.matches(
            QKeySequence.StandardKey.Find
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Find):
            self.focus_search()
            return
        super().keyPressEvent(event)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    @Slot()
    def _focus_list(self) -> None:
        self.list.setFocus()
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)


def _competence_titles(context: AppContext) -> dict[str, str]:
    """CRCN competence titles (runs on the worker). The framework is optional here: without it
    the page shows competence ids alone."""
    try:
        framework = context.assessment.framework()
        return {c.id: c.title for c in framework.competences()}
    except Exception as exc:  # another section's content; never block this one
        log.warning("Référentiel de compétences indisponible pour les pratiques : %s", exc)
        return {}
