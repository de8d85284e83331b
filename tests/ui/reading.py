"""Test helper: read a tutorial as a person would before marking it done."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def read_to_the_end(reader) -> None:
    """Scroll the reader's page to its end (marking done then asks nothing)."""
    QApplication.processEvents()
    bar = reader.browser.verticalScrollBar()
    bar.setValue(bar.maximum())
