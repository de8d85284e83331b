"""Profiles: who uses the laptop. Validation rules live here so every layer agrees."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from ent_coach.domain.taxonomy import Role

DISPLAY_NAME_MAX = 40
_PIN = re.compile(r"\d{4,8}")


class ProfileError(ValueError):
    """A profile request that cannot be honoured; the message is French and shown as is."""


@dataclass(frozen=True, slots=True)
class Profile:
    id: int
    pseudonym: str
    display_name: str
    role: Role
    locale: str
    has_pin: bool
    created_at: dt.datetime
    last_used_at: dt.datetime | None


def clean_display_name(raw: str) -> str:
    """Trim and check a display name; raises ProfileError with a French message."""
    name = " ".join(raw.split())
    if not name:
        raise ProfileError("Le nom affiché est vide : saisissez un prénom ou un pseudonyme.")
    if len(name) > DISPLAY_NAME_MAX:
        raise ProfileError(
            f"Le nom affiché est trop long ({len(name)} caractères, {DISPLAY_NAME_MAX} au plus)."
        )
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise ProfileError("Le nom affiché contient des caractères de contrôle.")
    if "<" in name or ">" in name:
        # Shown in many labels; a name that looks like markup must never be rendered as such.
        raise ProfileError("Le nom affiché ne doit pas contenir les signes « < » ou « > ».")
    return name


def check_pin(pin: str) -> str:
    if not _PIN.fullmatch(pin):
        raise ProfileError("Le code PIN doit compter de 4 à 8 chiffres.")
    return pin
