"""Every shipped tutorial is laid out whole in the real reader: no block after a diagram is
left without lines (the end of ten tutorials once vanished from the screen, while their PDF
was complete), at two window sizes, in both themes and after a text-size change."""

from __future__ import annotations

import contextlib

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from ent_coach.ui import settings as options
from tests.ui.test_screens import create_profile


def _blocks_without_lines(document: QTextDocument) -> list[str]:
    missing = []
    block = document.begin()
    while block.isValid():
        text = block.text().strip()
        layout = block.layout()
        if text and (layout is None or layout.lineCount() == 0):
            missing.append(text[:60])
        block = block.next()
    return missing


def _missing_after_layout(qtbot, document: QTextDocument) -> list[str]:
    """Blocks still without lines once the reader had time to lay the page out (Qt lays a
    long page out in steps after the visible part)."""
    with contextlib.suppress(AssertionError):
        qtbot.waitUntil(lambda: not _blocks_without_lines(document), timeout=3000)
    return _blocks_without_lines(document)


def _sources_reachable(window) -> bool:
    """« Sources » is in the table of contents and scrolling to it moves the page there."""
    reader = window.reader
    rows = [reader.toc.item(row) for row in range(reader.toc.count())]
    sources = [item for item in rows if item.text().strip() == "Sources"]
    if not sources:
        return False
    bar = reader.browser.verticalScrollBar()
    bar.setValue(0)
    reader.toc.itemActivated.emit(sources[0])
    QApplication.processEvents()
    cursor = reader.browser.cursorForPosition(reader.browser.viewport().rect().topLeft())
    seen_from_top = cursor.block().text()
    # The heading is at the top of the viewport, or the page is scrolled to its end.
    return bar.value() == bar.maximum() or "Sources" in seen_from_top or bar.value() > 0


def _apply(window, *, theme: str, scale: int) -> None:
    context = window._context
    context.settings.set(options.THEME, theme)
    context.settings.set(options.TEXT_SCALE, scale)
    window._apply_appearance()
    QApplication.processEvents()


@pytest.mark.parametrize(
    ("size", "theme", "scale"),
    [((1024, 700), "clair", 100), ((1500, 950), "sombre", 100), ((1024, 700), "sombre", 150)],
)
def test_every_tutorial_is_laid_out_whole(app_window, wait_ops, qtbot, size, theme, scale) -> None:
    window, context = app_window
    create_profile(window, wait_ops)
    window.resize(*size)
    _apply(window, theme=theme, scale=scale)
    problems: dict[str, list[str]] = {}
    unreachable: list[str] = []
    for tutorial in context.tutorials:
        window.open_tutorial(tutorial.id)
        wait_ops()
        QApplication.processEvents()
        missing = _missing_after_layout(qtbot, window.reader.browser.document())
        if missing:
            problems[tutorial.id] = missing
        if not _sources_reachable(window):
            unreachable.append(tutorial.id)
    _apply(window, theme="clair", scale=100)
    assert problems == {}
    assert unreachable == []


def test_text_size_change_while_reading_keeps_every_block(app_window, wait_ops, qtbot) -> None:
    window, _context = app_window
    create_profile(window, wait_ops)
    window.resize(1024, 700)
    window.open_tutorial("qu-est-ce-qu-un-ent")
    wait_ops()
    QApplication.processEvents()
    _apply(window, theme="sombre", scale=175)
    assert _missing_after_layout(qtbot, window.reader.browser.document()) == []
    window.resize(800, 600)
    QApplication.processEvents()
    assert _missing_after_layout(qtbot, window.reader.browser.document()) == []
    _apply(window, theme="clair", scale=100)
