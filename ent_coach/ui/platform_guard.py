"""Qt's English abort when no display plug-in loads, replaced by a French message that names
the missing system library and the command to install it (see ``ent_coach.system_libs``).

Costs nothing on a normal start: Qt's messages are only held while the QApplication is
created, then replayed; the diagnosis (``ldd`` on the plug-in) runs only once Qt has failed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger(__name__)

EXIT_NO_DISPLAY = 2  # like any other start-up failure


@contextlib.contextmanager
def platform_guard() -> Iterator[None]:
    """Around the creation of the QApplication (the moment Qt loads its display plug-in)."""
    held: list[str] = []

    def on_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        category = context.category
        line = f"{category}: {message}" if category and category != "default" else message
        held.append(line)
        if kind == QtMsgType.QtFatalMsg:
            _give_up(held)  # never returns: Qt would abort right after this handler

    qInstallMessageHandler(on_message)
    try:
        yield
    finally:
        qInstallMessageHandler(None)
    for line in held:  # what Qt would have printed itself
        print(line, file=sys.stderr)


def _give_up(qt_messages: list[str]) -> None:
    from ent_coach import system_libs  # not needed on a start that works

    platform = system_libs.requested_platform(qt_messages) or os.environ.get("QT_QPA_PLATFORM", "xcb")
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    plugin = plugins / "platforms" / f"libq{platform}.so"
    report = system_libs.run_ldd(plugin) if sys.platform.startswith("linux") else None
    message = system_libs.platform_failure_message(
        qt_messages, ldd_report=report, family=system_libs.linux_family(),
        display=os.environ.get("DISPLAY"),
    )  # fmt: skip
    log.error("%s\nQt : %s", message, "\n".join(qt_messages))
    print(message, file=sys.stderr, flush=True)
    logging.shutdown()
    os._exit(EXIT_NO_DISPLAY)
