"""The installed Qt binding does not corrupt Python's reference counts.

PySide6 6.12.0 drops a reference to ``None`` on every Qt call returning nothing; a long session
then aborts with « Fatal Python error: none_dealloc ». pyproject.toml keeps that version out;
this test fails if such a binding is installed anyway.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QWidget


def test_void_qt_calls_keep_the_reference_count_of_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    label = QLabel(parent)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert sys.getrefcount(None) - before > -100
