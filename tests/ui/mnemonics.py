"""Alt+letter (mnemonic) checks shared by the screen tests."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

_MNEMONIC = re.compile(r"&([^&\s])")


def visible_alt_letters(root: QWidget) -> list[str]:
    """The Alt+letter of every visible button, group box and labelled field under ``root``."""
    letters = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QGroupBox):
            text = widget.title()
        elif isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            text = widget.text()
        else:
            continue
        match = _MNEMONIC.search(text)
        if match:
            letters.append(match.group(1).lower())
    return letters


def shared_alt_letters(root: QWidget) -> dict[str, int]:
    """Letters used by more than one visible control: such an Alt+letter only moves the
    focus between them and never presses anything."""
    counts: dict[str, int] = defaultdict(int)
    for letter in visible_alt_letters(root):
        counts[letter] += 1
    return {letter: count for letter, count in counts.items() if count > 1}
