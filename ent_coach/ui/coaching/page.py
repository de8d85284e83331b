"""The « Séances » section: « Animer une séance » (the tutor's séances, plan editor,
dashboard, imports and exports) and « Rejoindre une séance » (the trainee's side).

Signal: ``pathwayRequested(str)`` — show that pathway (a received séance plan); the main
window connects it to ``open_pathway``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ent_coach.domain.coaching import SeancePlan, display_code
from ent_coach.domain.taxonomy import Role
from ent_coach.domain.text import plural
from ent_coach.ui import file_dialogs
from ent_coach.ui.coaching import texts
from ent_coach.ui.coaching.dashboard import DashboardView
from ent_coach.ui.coaching.editor import SeanceEditor
from ent_coach.ui.coaching.import_dialog import ImportProgressDialog
from ent_coach.ui.coaching.join import JoinPanel, open_folder
from ent_coach.ui.ops import CollectionOp, QueryOp, show_failure
from ent_coach.ui.paint_job import PaintJob
from ent_coach.ui.widgets import RoomyTabBar, confirm, heading_label, muted_label, scoped_shortcut

if TYPE_CHECKING:
    from ent_coach.services.coaching import SeanceSummary
    from ent_coach.ui.context import AppContext

CODE_ROLE = Qt.ItemDataRole.UserRole


def _code_font(base: QFont, scale: float) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * scale)
    font.setBold(True)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setFamilies(["DejaVu Sans Mono", "Consolas", "Menlo", "monospace"])
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 110)
    return font


class SeanceList(QWidget):
    """The tutor's séances. ``openRequested(code)``, ``newRequested()``, ``deleteRequested(code)``."""

    openRequested = Signal(str)
    newRequested = Signal()
    deleteRequested = Signal(str)

    CODE, TITLE, DATE, PLACE, PEOPLE = range(5)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summaries: list[SeanceSummary] = []
        intro = muted_label(
            self.tr(
                "Pour les formateurs et les personnes ressources : préparez une demi-journée de "
                "coaching, donnez le plan aux stagiaires, puis rassemblez leurs progressions pour "
                "voir qui avance et qui a besoin d'aide. Tout se fait sans réseau, par fichiers."
            ),
            self,
        )
        self.table = QTableWidget(0, 5, self)
        self.table.setAccessibleName(self.tr("Mes séances"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Code"), self.tr("Séance"), self.tr("Date"), self.tr("Lieu"), self.tr("Participants")]
        )
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in (self.CODE, self.DATE, self.PEOPLE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.PLACE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(self.PLACE, 150)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.RichText)
        self.empty.setText(
            "<p><b>"
            + self.tr("Vous n'avez pas encore de séance.")
            + "</b></p><ol>"
            + "<li>"
            + self.tr("Créez une séance et composez son plan : tutoriels, quiz, scénarios…")
            + "</li><li>"
            + self.tr("Exportez le plan et distribuez le fichier aux stagiaires (clé USB, ENT…).")
            + "</li><li>"
            + self.tr(
                "En fin de séance, importez leurs fichiers de progression : le tableau de bord "
                "montre qui a terminé et qui a besoin d'aide."
            )
            + "</li></ol>"
        )
        self.new_button = QPushButton(self.tr("&Nouvelle séance…"), self)
        self.new_button.setToolTip(self.tr("Créer une séance (Ctrl+N)"))
        self.open_button = QPushButton(self.tr("&Ouvrir"), self)
        self.delete_button = QPushButton(self.tr("&Supprimer…"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addStretch(0)

        self.new_button.clicked.connect(self.newRequested.emit)
        self.open_button.clicked.connect(self._open_current)
        self.delete_button.clicked.connect(self._delete_current)
        self.table.itemActivated.connect(lambda _cell: self._open_current())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        scoped_shortcut(
            QKeySequence.StandardKey.Delete, self.table, self._delete_current,
            Qt.ShortcutContext.WidgetShortcut,
        )  # fmt: skip
        self.populate([])

    def populate(self, summaries: list[SeanceSummary], *, select: str | None = None) -> None:
        current = select or self.current_code()
        self.summaries = list(summaries)
        self.table.setRowCount(len(summaries))
        code_font = _code_font(self.font(), 1.25)
        for row, summary in enumerate(summaries):
            code = QTableWidgetItem(display_code(summary.code))
            code.setFont(code_font)
            code.setData(CODE_ROLE, summary.code)
            code.setToolTip(self.tr("Code de la séance, à donner aux stagiaires"))
            title = QTableWidgetItem(summary.title)
            title.setToolTip(
                plural(
                    summary.items, texts.tr("%n élément au plan"), texts.tr("%n éléments au plan")
                )
            )
            people = QTableWidgetItem(str(summary.participants))
            people.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column, cell in (
                (self.CODE, code),
                (self.TITLE, title),
                (self.DATE, QTableWidgetItem(texts.french_date(summary.date))),
                (self.PLACE, QTableWidgetItem(summary.place or "—")),
                (self.PEOPLE, people),
            ):
                self.table.setItem(row, column, cell)
        self.table.setVisible(bool(summaries))
        self.empty.setVisible(not summaries)
        target = next((i for i, s in enumerate(summaries) if s.code == current), 0)
        if summaries:
            self.table.selectRow(target)
        self._update_buttons()

    def current_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.summaries):
            return None
        return self.summaries[rows[0].row()].code

    def summary(self, code: str) -> SeanceSummary | None:
        return next((s for s in self.summaries if s.code == code), None)

    @Slot()
    def _update_buttons(self) -> None:
        selected = self.current_code() is not None
        self.open_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    @Slot()
    def _open_current(self) -> None:
        code = self.current_code()
        if code is not None:
            self.openRequested.emit(code)

    @Slot()
    def _delete_current(self) -> None:
        code = self.current_code()
        if code is not None:
            self.deleteRequested.emit(code)

    def focus_default(self) -> None:
        (self.table if self.summaries else self.new_button).setFocus()


class SeanceView(QWidget):
    """One séance: its code in large type, the plan editor, the dashboard and the actions."""

    backRequested = Signal()
    # The dashboard went to (True) or left (False) projector mode: the page and the main
    # window hide their own headers and the sidebar meanwhile.
    projectionChanged = Signal(bool)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.plan: SeancePlan | None = None
        self.dashboard_view: DashboardView | None = None  # built when first shown
        self._dashboard_generation = 0

        self.back_button = QPushButton(self.tr("← &Mes séances"), self)
        self.back_button.setToolTip(self.tr("Revenir à la liste des séances (Alt+Gauche)"))
        self.title = heading_label("", level=2, parent=self)
        self.code_caption = QLabel(self.tr("Code de la séance"), self)
        self.code_label = QLabel(self)
        self.code_label.setFont(_code_font(self.font(), 2.4))
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setAccessibleName(self.tr("Code de la séance"))
        top = QHBoxLayout()
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        code_box = QVBoxLayout()
        code_box.setSpacing(0)
        code_box.addWidget(self.code_caption, 0, Qt.AlignmentFlag.AlignRight)
        code_box.addWidget(self.code_label, 0, Qt.AlignmentFlag.AlignRight)
        top.addLayout(code_box)

        self.export_plan_button = QPushButton(self.tr("Exporter le &plan…"), self)
        self.export_plan_button.setToolTip(self.tr("Le fichier à distribuer aux stagiaires"))
        self.import_button = QPushButton(self.tr("&Importer des progressions"), self)
        import_menu = QMenu(self.import_button)
        self.import_files_action = import_menu.addAction(self.tr("Des &fichiers…"))
        self.import_folder_action = import_menu.addAction(self.tr("Tout un &dossier…"))
        self.import_button.setMenu(import_menu)
        self.export_button = QPushButton(self.tr("E&xporter"), self)
        export_menu = QMenu(self.export_button)
        self.export_csv_action = export_menu.addAction(self.tr("&Tableau (CSV)…"))
        self.export_report_action = export_menu.addAction(self.tr("&Rapport (PDF)…"))
        self.export_attestations_action = export_menu.addAction(self.tr("&Attestations (PDF)…"))
        self.export_xapi_action = export_menu.addAction(self.tr("&Déclarations xAPI (JSON)…"))
        self.export_button.setMenu(export_menu)
        actions = QHBoxLayout()
        actions.addWidget(self.export_plan_button)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        actions.addStretch(1)
        self.status = muted_label("", self)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()
        self.open_folder_button = QPushButton(self.tr("Ouvrir le d&ossier"), self)
        self.open_folder_button.hide()
        self._last_folder: Path | None = None
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.open_folder_button)

        self.editor = SeanceEditor(context, self)
        self.dashboard_host = QWidget(self)
        self.dashboard_layout = QVBoxLayout(self.dashboard_host)
        self.dashboard_layout.setContentsMargins(0, 6, 0, 0)
        self.tabs = QTabWidget(self)
        self.tabs.setTabBar(RoomyTabBar(self.tabs))
        self.tabs.addTab(self.editor, self.tr("Plan"))
        self.tabs.addTab(self.dashboard_host, self.tr("Tableau de bord"))

        # The title, the code and the actions: hidden while the dashboard is projected.
        self.header = QWidget(self)
        header_layout = QVBoxLayout(self.header)
        header_layout.setContentsMargins(0, 0, 0, 0)
        header_layout.addLayout(top)
        header_layout.addLayout(actions)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.header)
        layout.addLayout(status_row)
        layout.addWidget(self.tabs, 1)

        self.back_button.clicked.connect(self.backRequested.emit)
        QShortcut(QKeySequence("Alt+Left"), self, self.backRequested.emit)
        self.export_plan_button.clicked.connect(self.export_plan)
        self.import_files_action.triggered.connect(self.import_files)
        self.import_folder_action.triggered.connect(self.import_folder)
        self.export_csv_action.triggered.connect(self.export_csv)
        self.export_report_action.triggered.connect(self.export_report)
        self.export_attestations_action.triggered.connect(self.export_attestations)
        self.export_xapi_action.triggered.connect(self.export_statements)
        self.open_folder_button.clicked.connect(self._open_last_folder)
        self.editor.saved.connect(self._saved)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.import_dialog: ImportProgressDialog | None = None

    # -- showing -----------------------------------------------------------------------------

    def show_plan(self, plan: SeancePlan | None) -> None:
        """``None``: a new séance, not saved yet (no code, nothing to export)."""
        self.plan = plan
        self.editor.load(plan, today=dt.date.today())
        self._set_status("")
        self._show_header()
        self.tabs.setCurrentWidget(self.editor)
        if self.dashboard_view is not None:
            self.dashboard_view.set_dashboard(None)  # never another séance's figures
        self.editor.focus_default()

    def _show_header(self) -> None:
        plan = self.plan
        saved = plan is not None
        self.title.setText(plan.title if plan else self.tr("Nouvelle séance"))
        if plan is not None:
            self.code_label.setText(display_code(plan.code))
            self.code_caption.setText(self.tr("Code de la séance"))
        else:
            self.code_label.setText("")
            self.code_caption.setText(self.tr("Le code sera attribué à l'enregistrement."))
        self.code_label.setVisible(saved)
        for widget in (self.export_plan_button, self.import_button, self.export_button):
            widget.setEnabled(saved)
        self.tabs.setTabEnabled(1, saved)

    @Slot(object)
    def _saved(self, plan: SeancePlan) -> None:
        self.plan = plan
        self._show_header()

    def _set_status(self, text: str, folder: Path | None = None) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self._last_folder = folder
        self.open_folder_button.setVisible(folder is not None)

    @Slot()
    def _open_last_folder(self) -> None:
        if self._last_folder is not None:
            open_folder(self._last_folder)

    # -- dashboard -----------------------------------------------------------------------------

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.dashboard_host:
            self.refresh_dashboard()
        else:
            self.end_projection()  # Ctrl+Tab to the plan: the room sees the page as it is

    def _ensure_dashboard_view(self) -> DashboardView:
        if self.dashboard_view is None:
            # Items are looked up only once the bank is loaded (``refresh_dashboard``).
            self.dashboard_view = DashboardView(
                self.dashboard_host, question_lookup=self._context.quiz.item
            )
            self.dashboard_layout.addWidget(self.dashboard_view)
            self.dashboard_view.projectorModeChanged.connect(self._projection_changed)
            self.dashboard_view.removalRequested.connect(self.remove_participant)
        return self.dashboard_view

    def projecting(self) -> bool:
        return self.dashboard_view is not None and self.dashboard_view.projector_mode()

    def end_projection(self) -> None:
        if self.dashboard_view is not None:
            self.dashboard_view.set_projector_mode(False)

    @Slot(bool)
    def _projection_changed(self, on: bool) -> None:
        # Projected, the room watches the matrix: everything the tutor alone needs goes.
        self.header.setVisible(not on)
        self.tabs.tabBar().setVisible(not on)
        self.projectionChanged.emit(on)

    def refresh_dashboard(self) -> None:
        plan = self.plan
        if plan is None:
            return
        view = self._ensure_dashboard_view()
        profile = self._context.require_profile()
        quiz = self._context.quiz
        coaching = self._context.coaching
        self._dashboard_generation += 1
        generation = self._dashboard_generation

        def load() -> Any:
            _ = quiz.bank  # loaded here, so that looking items up later never reads files
            return coaching.dashboard(profile, plan.code)

        def show(dashboard: Any) -> None:
            if generation == self._dashboard_generation and self.plan is not None:
                view.set_dashboard(dashboard)

        QueryOp(parent=self, op=load).success(show).run()

    @Slot(str, str)
    def remove_participant(self, pseudonym: str, label: str) -> None:
        plan = self.plan
        if plan is None:
            return
        if not confirm(
            self,
            self.tr("Retirer de la séance"),
            self.tr(
                "Retirer « %1 » de la séance ?\n\nSes déclarations importées seront effacées de cet "
                "ordinateur. Sa propre progression n'est pas touchée, et importer de nouveau son "
                "fichier le ramènera dans la séance."
            ).replace("%1", label),
        ):
            return
        profile = self._context.require_profile()
        coaching = self._context.coaching

        def removed(_none: object) -> None:
            self._set_status(
                self.tr("La progression de « %1 » a été retirée de la séance.").replace("%1", label)
            )
            self.refresh_dashboard()

        CollectionOp(
            parent=self, op=lambda: coaching.remove_participant(profile, plan.code, pseudonym)
        ).success(removed).run()

    def _anonymise(self) -> bool:
        """Exports follow the screen: names hidden there are hidden in the file too."""
        return self.dashboard_view is not None and self.dashboard_view.anonymised()

    # -- files ------------------------------------------------------------------------------------

    def _save_path(
        self, title: str, name: str, file_filter: str, suffix: str, kind: str = file_dialogs.SEANCE_EXPORT
    ) -> Path | None:
        return file_dialogs.save_file(
            self, self._context.settings, kind,
            title=title, file_name=name, file_filter=file_filter, suffix=suffix,
        )  # fmt: skip

    def _run_export(self, op: Any, done_text: Any, path: Path) -> None:
        def done(result: Any) -> None:
            self._set_status(done_text(result), path.parent)

        def failed(error: Exception) -> None:
            if isinstance(error, (ValueError, OSError)):
                self._set_status(
                    self.tr("L'export a échoué : %1").replace("%1", texts.describe_error(error))
                )
            else:
                show_failure(self, error)

        CollectionOp(parent=self, op=op).success(done).failure(failed).run()

    @Slot()
    def export_plan(self) -> None:
        plan = self.plan
        if plan is None:
            return
        if self.editor.is_dirty():
            answer = QMessageBox.question(
                self,
                self.tr("Plan non enregistré"),
                self.tr(
                    "Le plan a des modifications non enregistrées. Le fichier exporté contiendra "
                    "la dernière version enregistrée. Continuer ?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        path = self._save_path(
            self.tr("Exporter le plan de séance"), texts.plan_file_name(plan.code), texts.PLAN_FILE_FILTER, ".json",
            file_dialogs.SEANCE_PLAN,
        )
        if path is None:
            return
        profile = self._context.require_profile()
        coaching = self._context.coaching
        self._run_export(
            lambda: coaching.export_plan(profile, plan.code, path),
            lambda _r: self.tr("Plan enregistré dans %1 : distribuez ce fichier aux stagiaires.").replace(
                "%1", str(path)
            ),
            path,
        )

    @Slot()
    def export_csv(self) -> None:
        plan = self.plan
        if plan is None:
            return
        path = self._save_path(
            self.tr("Exporter le tableau"), texts.csv_file_name(plan.code), texts.CSV_FILE_FILTER, ".csv"
        )
        if path is None:
            return
        profile = self._context.require_profile()
        coaching = self._context.coaching
        anonymise = self._anonymise()
        self._run_export(
            lambda: coaching.export_csv(profile, plan.code, path, anonymise=anonymise),
            lambda _r: self.tr("Tableau enregistré dans %1.").replace("%1", str(path)),
            path,
        )

    @Slot()
    def export_statements(self) -> None:
        plan = self.plan
        if plan is None:
            return
        path = self._save_path(
            self.tr("Exporter les déclarations xAPI"),
            texts.statements_file_name(plan.code),
            texts.XAPI_FILE_FILTER,
            ".json",
        )
        if path is None:
            return
        profile = self._context.require_profile()
        coaching = self._context.coaching
        self._run_export(
            lambda: coaching.export_statements(profile, plan.code, path),
            lambda count: plural(
                count,
                self.tr("%n déclaration enregistrée dans %2."),
                self.tr("%n déclarations enregistrées dans %2."),
            ).replace("%2", str(path)),
            path,
        )

    @Slot()
    def export_report(self) -> None:
        plan = self.plan
        if plan is None:
            return
        path = self._save_path(
            self.tr("Exporter le rapport de séance"), texts.report_file_name(plan.code), texts.PDF_FILE_FILTER, ".pdf"
        )
        if path is None:
            return
        self._with_dashboard(
            lambda dashboard: self._write_pdf(path, "report", dashboard),
        )

    @Slot()
    def export_attestations(self) -> None:
        plan = self.plan
        if plan is None:
            return
        folder = file_dialogs.choose_folder(
            self, self._context.settings, file_dialogs.ATTESTATION,
            title=self.tr("Dossier où enregistrer les attestations"),
        )
        if folder is None:
            return
        self._with_dashboard(lambda dashboard: self._write_pdf(folder, "attestations", dashboard))

    def _with_dashboard(self, then: Any) -> None:
        plan = self.plan
        assert plan is not None
        profile = self._context.require_profile()
        quiz = self._context.quiz
        coaching = self._context.coaching

        def load() -> Any:
            _ = quiz.bank
            return coaching.dashboard(profile, plan.code)

        QueryOp(parent=self, op=load).success(then).run()

    def _write_pdf(self, target: Path, kind: str, dashboard: Any) -> None:
        """PDFs are painted from the loaded dashboard on a painting thread, behind a progress
        dialog: 300 attestations take about half a minute."""
        from ent_coach.ui.coaching import report

        anonymise = self._anonymise()  # read here: widgets belong to the GUI thread
        if kind == "report":
            job = PaintJob(
                parent=self,
                title=self.tr("Rapport de séance"),
                label=self.tr("Production du rapport…"),
                job=lambda _progress, _cancelled: report.write_report_pdf(
                    dashboard, target, anonymise=anonymise
                ),
                cancellable=False,
            )
            done_text = self.tr("Rapport enregistré dans %1.").replace("%1", str(target))
            job.success(lambda _none: self._set_status(done_text, target.parent))
        else:
            if not dashboard.rows:
                self._set_status(
                    self.tr(
                        "Aucune attestation à produire : importez d'abord les progressions des "
                        "participants."
                    )
                )
                return
            total = len(dashboard.rows)
            # Each attestation is a personal document: it carries the name the trainee sent.
            job = PaintJob(
                parent=self,
                title=self.tr("Attestations de suivi"),
                label=self.tr("Production des attestations de suivi (%1)…").replace(
                    "%1", str(total)
                ),
                job=lambda progress, cancelled: report.write_attestations(
                    dashboard, target, anonymise=False, progress=progress, cancelled=cancelled
                ),
            )

            def written(files: list[Path]) -> None:
                if len(files) < total:
                    text = (
                        plural(
                            len(files),
                            self.tr(
                                "Production interrompue : %n attestation enregistrée sur %2 "
                                "dans %3."
                            ),
                            self.tr(
                                "Production interrompue : %n attestations enregistrées sur %2 "
                                "dans %3."
                            ),
                        )
                        .replace("%2", str(total))
                        .replace("%3", str(target))
                    )
                else:
                    text = (
                        plural(
                            len(files),
                            self.tr("%n attestation de suivi enregistrée dans %2."),
                            self.tr("%n attestations de suivi enregistrées dans %2."),
                        ).replace("%2", str(target))
                    )
                self._set_status(text, target)

            job.success(written)

        def failed(error: Exception) -> None:
            if not isinstance(error, (ValueError, OSError)):
                raise error
            self._set_status(self.tr("L'export a échoué : %1").replace("%1", texts.describe_error(error)))

        job.failure(failed).run()

    # -- importing progress --------------------------------------------------------------------

    @Slot()
    def import_files(self) -> None:
        paths = file_dialogs.open_files(
            self, self._context.settings, file_dialogs.PROGRESS,
            title=self.tr("Importer des fichiers de progression"),
            file_filter=texts.BUNDLE_FILE_FILTER + ";;" + self.tr("Tous les fichiers (*)"),
        )  # fmt: skip
        if paths:
            self.start_import(paths)

    @Slot()
    def import_folder(self) -> None:
        folder = file_dialogs.choose_folder(
            self, self._context.settings, file_dialogs.PROGRESS,
            title=self.tr("Dossier contenant les fichiers de progression"),
        )
        if folder is not None:
            self.start_import([folder])

    def start_import(self, paths: list[Path]) -> ImportProgressDialog | None:
        plan = self.plan
        if plan is None:
            return None
        dialog = ImportProgressDialog(self._context, plan.code, paths, parent=self)
        self.import_dialog = dialog
        dialog.finished.connect(lambda _result: self._import_closed(dialog))
        dialog.open()
        return dialog

    def _import_closed(self, dialog: ImportProgressDialog) -> None:
        if self.import_dialog is dialog:
            self.import_dialog = None
        dialog.deleteLater()
        self.tabs.setCurrentWidget(self.dashboard_host)
        self.refresh_dashboard()


class HostPanel(QStackedWidget):
    """« Animer une séance »: the list, then one séance."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._generation = 0
        self.list = SeanceList(self)
        self.view = SeanceView(context, self)
        self.addWidget(self.list)
        self.addWidget(self.view)
        self.list.newRequested.connect(self.new_seance)
        self.list.openRequested.connect(self.open_seance)
        self.list.deleteRequested.connect(self.delete_seance)
        self.view.backRequested.connect(self.show_list)
        self.view.editor.saved.connect(lambda _plan: self.refresh())

    def reset(self) -> None:
        self._generation += 1
        self.view.end_projection()
        self.view.plan = None
        self.view.editor.load(None)
        self.list.populate([])
        self.setCurrentWidget(self.list)

    def refresh(self) -> None:
        profile = self._context.profile
        if profile is None:
            return
        coaching = self._context.coaching
        generation = self._generation

        def show(summaries: list[SeanceSummary]) -> None:
            if generation == self._generation:
                self.list.populate(summaries)

        QueryOp(parent=self, op=lambda: coaching.seances(profile)).success(show).run()

    def confirm_leave(self) -> bool:
        return self.currentWidget() is not self.view or self.view.editor.confirm_leave()

    @Slot()
    def show_list(self) -> None:
        if not self.confirm_leave():
            return
        self.view.end_projection()
        self.view.editor.load(None)  # forget the edits just abandoned
        self.setCurrentWidget(self.list)
        self.refresh()
        self.list.focus_default()

    @Slot()
    def new_seance(self) -> None:
        if not self.confirm_leave():
            return
        self.view.show_plan(None)
        self.setCurrentWidget(self.view)
        self.view.editor.focus_default()

    @Slot(str)
    def open_seance(self, code: str) -> None:
        if not self.confirm_leave():
            return
        profile = self._context.require_profile()
        coaching = self._context.coaching
        generation = self._generation

        def load() -> tuple[SeancePlan, bool]:
            return coaching.plan(profile, code), bool(coaching.participants(profile, code))

        def show(loaded: tuple[SeancePlan, bool]) -> None:
            if generation != self._generation:
                return
            plan, has_participants = loaded
            self.view.show_plan(plan)
            self.setCurrentWidget(self.view)
            if has_participants:
                # Progress already came in: during the séance the tutor opens it to watch.
                self.view.tabs.setCurrentWidget(self.view.dashboard_host)
                if self.view.dashboard_view is not None:
                    self.view.dashboard_view.table.setFocus()

        QueryOp(parent=self, op=load).success(show).run()

    @Slot(str)
    def delete_seance(self, code: str) -> None:
        summary = self.list.summary(code)
        title = summary.title if summary else display_code(code)
        people = summary.participants if summary else 0
        if not confirm(
            self,
            self.tr("Supprimer la séance"),
            self.tr(
                "Supprimer la séance « %1 » (%2) ?\n\nSon plan et les progressions importées (%3) "
                "seront effacés de cet ordinateur. Les stagiaires gardent leur propre progression."
            )
            .replace("%1", title)
            .replace("%2", display_code(code))
            .replace("%3", texts.participants_count(people)),
        ):
            return
        profile = self._context.require_profile()
        coaching = self._context.coaching
        CollectionOp(parent=self, op=lambda: coaching.delete_seance(profile, code)).success(
            lambda _none: self.refresh()
        ).run()


class CoachingPage(QWidget):
    pathwayRequested = Signal(str)
    projectionChanged = Signal(bool)  # the main window hides its sidebar meanwhile

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.host = HostPanel(context, self)
        self.join = JoinPanel(context, self)
        self.tabs = QTabWidget(self)
        self.tabs.setTabBar(RoomyTabBar(self.tabs))
        self.tabs.addTab(self.join, self.tr("Rejoindre une séance"))
        self.tabs.addTab(self.host, self.tr("Animer une séance"))
        self._tutor_first = False
        self._fresh = True  # the first showing opens the role's own tab
        layout = QVBoxLayout(self)
        self.heading = heading_label(self.tr("Séances de coaching"), level=1, parent=self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        self.join.pathwayRequested.connect(self.pathwayRequested.emit)
        self.host.view.projectionChanged.connect(self._projection_changed)
        scoped_shortcut(QKeySequence.StandardKey.New, self, self._new_seance)

    def on_shown(self) -> None:
        profile = self._context.profile
        if profile is None:
            return
        self._order_tabs(profile.role is Role.FORMATEUR)
        if self._fresh:
            self._fresh = False
            self.tabs.setCurrentIndex(0)
        self.host.refresh()
        self.join.refresh()

    def reset(self) -> None:
        """The profile changed: forget everything shown (unsaved edits of the previous
        profile are dropped: they were not theirs to keep on screen)."""
        self.host.reset()
        self.join.reset()
        self._fresh = True

    def confirm_leave(self) -> bool:
        """For the main window, before leaving the section: unsaved plan edits ask first."""
        return self.host.confirm_leave()

    def end_projection(self) -> None:
        self.host.view.end_projection()

    @Slot(bool)
    def _projection_changed(self, on: bool) -> None:
        self.heading.setVisible(not on)
        self.tabs.tabBar().setVisible(not on)
        self.projectionChanged.emit(on)

    def _order_tabs(self, tutor_first: bool) -> None:
        if tutor_first == self._tutor_first:
            return
        current = self.tabs.currentWidget()
        self.tabs.tabBar().moveTab(0, 1)
        self._tutor_first = tutor_first
        self.tabs.setCurrentWidget(current)

    @Slot()
    def _new_seance(self) -> None:
        self.tabs.setCurrentWidget(self.host)
        self.host.new_seance()
