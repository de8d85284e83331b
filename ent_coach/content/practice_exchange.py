"""The file teachers use to share their own practices: read, validate, write (no Qt, no DB).

Format (UTF-8 JSON, extension ``.json``, default name ``pratiques-ent-coach.json``)::

    {
      "format": "ent-coach-pratiques",      # marker: anything else is not a practice file
      "version": 1,                          # newer versions are refused with a clear message
      "app": "ENT Coach",
      "app_version": "0.1.0",
      "exported_at": "2026-03-01T10:15:00+01:00",
      "practices": [                         # 1 to MAX_PRACTICES entries
        {"id": "...", "title": "...", "summary": "...", "levels": [...],
         "disciplines": [...], "services": [...], "duration": "...", "description": "...",
         "steps": [...], "benefits": [...], "vigilance": [...], "tutorials": [...],
         "competences": [...], "sources": [{"publisher": "...", "title": "...", "url": "https://..."}]}
      ]
    }

Nothing about the person is written: no profile, name, pseudonym or date of writing. A file is
accepted whole or not at all: its size is checked before it is read (``MAX_FILE_BYTES``), then
it must be JSON, carry the marker and a supported version, hold at most ``MAX_PRACTICES``
practices with distinct ids, each passing the own-practice schema (plain text only). Every
refusal is an ``ExchangeFileError`` with one French message naming the practice and field.
Files are written atomically: a temporary file beside the target, then a rename.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ent_coach import APP_NAME, __version__
from ent_coach.content.atomic_file import (
    FileTooLargeError,
    NotRegularFileError,
    os_reason,
    read_at_most,
    write_bytes_atomically,
)
from ent_coach.content.practices import OwnPracticeInvalid, own_practice_data, validate_own_practice
from ent_coach.domain.practices import Practice
from ent_coach.domain.text import plural

FORMAT_MARKER = "ent-coach-pratiques"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 1_000_000
MAX_PRACTICES = 200
DEFAULT_FILE_NAME = "pratiques-ent-coach.json"
_KNOWN_KEYS = {"format", "version", "app", "app_version", "exported_at", "practices"}


class ExchangeFileError(ValueError):
    """A practice file that cannot be imported; the message is French and complete."""


@dataclass(frozen=True, slots=True)
class ExchangeFile:
    practices: tuple[Practice, ...]
    app: str
    app_version: str
    exported_at: dt.datetime | None


def _size_text(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} Mo".replace(".", ",")
    return f"{max(1, round(size / 1000))} ko"


def read_exchange_file(path: Path) -> ExchangeFile:
    """Read and fully validate a practice file; raises ``ExchangeFileError``."""
    try:
        raw = read_at_most(path, MAX_FILE_BYTES)
    except FileTooLargeError as exc:
        raise ExchangeFileError(
            f"Le fichier « {path.name} » est trop volumineux ({_size_text(exc.size)}) : un "
            f"fichier de pratiques ne dépasse pas {_size_text(MAX_FILE_BYTES)}."
        ) from None
    except NotRegularFileError as exc:
        raise ExchangeFileError(f"« {path.name} » est refusé : {exc.reason}.") from None
    except OSError as exc:
        raise ExchangeFileError(
            f"Impossible de lire le fichier « {path.name} » ({os_reason(exc)})."
        ) from exc
    return parse_exchange_bytes(raw, name=path.name)


def parse_exchange_bytes(raw: bytes, *, name: str = "fichier") -> ExchangeFile:
    if len(raw) > MAX_FILE_BYTES:
        raise ExchangeFileError(
            f"Le fichier « {name} » est trop volumineux : un fichier de pratiques ne dépasse "
            f"pas {_size_text(MAX_FILE_BYTES)}."
        )
    not_ours = f"Le fichier « {name} » n'est pas un fichier de pratiques d'ENT Coach"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExchangeFileError(f"{not_ours} : ce n'est pas du texte UTF-8.") from None
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f" (ligne {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise ExchangeFileError(
            f"{not_ours} : son contenu n'est pas du JSON valide{where}."
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_MARKER:
        raise ExchangeFileError(f"{not_ours} (marqueur « format » absent ou différent).")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ExchangeFileError(f"Le fichier « {name} » a un numéro de version invalide.")
    if version > FORMAT_VERSION:
        raise ExchangeFileError(
            f"Ce fichier vient d'une version plus récente d'ENT Coach (format {version}, "
            f"cette version lit le format {FORMAT_VERSION}). Mettez ENT Coach à jour pour "
            "l'importer."
        )
    unknown = sorted(set(document) - _KNOWN_KEYS)
    if unknown:
        raise ExchangeFileError(
            f"Le fichier « {name} » contient des champs inconnus : {', '.join(unknown)}."
        )
    practices = document.get("practices")
    if not isinstance(practices, list):
        raise ExchangeFileError(f"Le fichier « {name} » ne contient pas de liste de pratiques.")
    if not practices:
        raise ExchangeFileError(f"Le fichier « {name} » ne contient aucune pratique.")
    if len(practices) > MAX_PRACTICES:
        raise ExchangeFileError(
            f"Le fichier « {name} » contient {len(practices)} pratiques : {MAX_PRACTICES} au "
            "plus peuvent être importées en une fois."
        )
    found: list[Practice] = []
    seen: set[str] = set()
    for number, data in enumerate(practices, 1):
        label = _practice_label(number, data)
        try:
            practice = validate_own_practice(data)
        except OwnPracticeInvalid as exc:
            raise ExchangeFileError(
                f"Le fichier « {name} » est refusé : {label}, {exc.problems[0].message}"
                + (
                    plural(
                        len(exc.problems) - 1,
                        " (et %n autre problème).",
                        " (et %n autres problèmes).",
                    )
                    if len(exc.problems) > 1
                    else "."
                )
            ) from None
        if practice.id in seen:
            raise ExchangeFileError(
                f"Le fichier « {name} » est refusé : {label} reprend un identifiant déjà "
                "présent plus haut dans le fichier."
            )
        seen.add(practice.id)
        found.append(practice)
    return ExchangeFile(
        practices=tuple(found),
        app=_short_text(document.get("app")),
        app_version=_short_text(document.get("app_version")),
        exported_at=_date(document.get("exported_at")),
    )


def _practice_label(number: int, data: Any) -> str:
    ident = data.get("id") if isinstance(data, dict) else None
    if isinstance(ident, str) and ident and len(ident) <= 80 and ident.isprintable():
        return f"pratique n° {number} (« {ident} »)"
    return f"pratique n° {number}"


def _short_text(value: Any) -> str:
    # Informative fields only: anything odd is dropped rather than shown.
    if isinstance(value, str) and len(value) <= 40 and value.isprintable() and "<" not in value:
        return value
    return ""


def _date(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def exchange_document(practices: Sequence[Practice], *, now: dt.datetime) -> dict[str, Any]:
    return {
        "format": FORMAT_MARKER,
        "version": FORMAT_VERSION,
        "app": APP_NAME,
        "app_version": __version__,
        "exported_at": now.isoformat(timespec="seconds"),
        "practices": [own_practice_data(p.id, p) for p in practices],
    }


def write_exchange_file(path: Path, practices: Sequence[Practice], *, now: dt.datetime) -> None:
    """Write ``practices`` to ``path`` atomically; raises ``OSError`` (the caller words it)."""
    if not practices:
        raise ValueError("Aucune pratique à exporter.")
    if len(practices) > MAX_PRACTICES:
        raise ValueError(f"{MAX_PRACTICES} pratiques au plus peuvent être exportées en une fois.")
    text = json.dumps(exchange_document(practices, now=now), ensure_ascii=False, indent=2) + "\n"
    write_bytes_atomically(path, text.encode("utf-8"))
