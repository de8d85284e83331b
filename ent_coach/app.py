"""Composition root: arguments, logging, QApplication, paths, store, main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ent_coach import APP_NAME, __version__, paths
from ent_coach.cli import build_parser, run_command

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from ent_coach.domain.coaching import Dashboard

log = logging.getLogger("ent_coach")


LOG_MAX_BYTES = 512_000
# A window closed a moment ago may still be releasing the data folder when it is opened again.
GUI_LOCK_WAIT_MS = 1500


def _setup_logging(data_dir: Path) -> None:
    # Rotated once at start rather than with logging.handlers, whose import costs start-up time.
    log_path = data_dir / "ent-coach.log"
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        if log_path.exists() and log_path.stat().st_size > LOG_MAX_BYTES:
            log_path.replace(log_path.with_suffix(".log.1"))
        handler: logging.Handler = logging.FileHandler(log_path, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])


def _write_report_pdf(dashboard: Dashboard, path: Path, *, anonymise: bool) -> None:
    """The command line's séance report: the PDF is laid out by the UI layer (Qt), which the
    headless commands otherwise never load."""
    from ent_coach.ui.coaching.report import write_report_pdf

    write_report_pdf(dashboard, path, anonymise=anonymise)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command:
        return run_command(args, report_pdf=_write_report_pdf)
    return run_gui(data_dir=args.data_dir)


def run_gui(*, data_dir: Path | None) -> int:
    directory = (data_dir or paths.default_data_dir()).expanduser().resolve()
    # Logging first: a display that cannot open, a database set aside are in the log.
    _setup_logging(directory)
    try:
        from PySide6.QtCore import QCoreApplication, QLocale
        from PySide6.QtWidgets import QApplication
    except ImportError as error:  # Qt's modules link a few system libraries (libEGL…) directly
        from ent_coach.system_libs import import_failure_message

        message = import_failure_message(error)
        if message is None:
            raise
        log.error("%s (%s)", message, error)
        print(message, file=sys.stderr)
        return 2

    from ent_coach.ui.platform_guard import platform_guard

    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QCoreApplication.setOrganizationName("ent-coach")
    # Fusion everywhere, chosen here rather than later so the theme never has to query the style.
    with platform_guard():  # Qt's English abort becomes a French message naming the cause
        app = QApplication.instance() or QApplication([*sys.argv[:1], "-style", "Fusion"])
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    # French spacing before « : ; ! ? » in every string; installed first, so asked last.
    from ent_coach.ui.typography import FrenchTypography

    typography = FrenchTypography(app)
    app.installTranslator(typography)
    # Qt's own dialogs (buttons Oui / Annuler, file dialogs) in French.
    from ent_coach.ui import qt_french

    qt_french.install(app, with_complement=False)  # type: ignore[arg-type] (typography answers it)
    try:
        return _run_window(app, directory)
    finally:
        # A process that goes on (the tests) gets its strings back as they were written.
        app.removeTranslator(typography)


def _run_window(app: QApplication, directory: Path) -> int:
    from PySide6.QtWidgets import QMessageBox

    from ent_coach.store.errors import DataDirInUseError, StoreError
    from ent_coach.store.folder_lock import lock_data_dir
    from ent_coach.ui.bootstrap import StartupFailure, build_context, open_database
    from ent_coach.ui.main_window import MainWindow
    from ent_coach.ui.ops import shutdown_tasks
    from ent_coach.ui.settings import TEXT_SCALE, THEME
    from ent_coach.ui.shutdown import install as install_session_end_guard
    from ent_coach.ui.theme import apply_theme

    try:
        instance = lock_data_dir(directory, wait_ms=GUI_LOCK_WAIT_MS)
        store = open_database(directory)
    except (StartupFailure, StoreError) as failure:
        show = QMessageBox.information if isinstance(failure, DataDirInUseError) else QMessageBox.critical
        show(None, APP_NAME, str(failure))
        return 2
    if store is None:
        return 1
    log.info("ENT Coach %s, données dans %s", __version__, directory)
    context = build_context(directory, store)
    apply_theme(app, theme=context.settings.get(THEME), text_scale=context.settings.get(TEXT_SCALE))  # type: ignore[arg-type]
    window = MainWindow(context)
    window.show()
    # A logout (SIGTERM, SIGHUP, the session manager's request) saves and closes like a person.
    guard = install_session_end_guard(window.save_pending, app)
    window.start()
    try:
        return app.exec()
    finally:
        guard.uninstall()
        shutdown_tasks()
        store.close()
        if instance is not None:
            instance.release()
