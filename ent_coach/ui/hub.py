"""One change broadcast, selective listeners: after a write, views redraw what the flags name."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True, slots=True)
class Changes:
    profile: bool = False
    progress: bool = False
    notes: bool = False
    settings: bool = False


class Hub(QObject):
    changesApplied = Signal(object, object)  # (Changes, initiator or None)
