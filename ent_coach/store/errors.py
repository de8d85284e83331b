"""Store failures, each with a French message meant for the person at the keyboard."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class: ``str(error)`` is a complete French sentence."""


class DataDirUnwritableError(StoreError):
    def __init__(self, directory: Path, reason: str) -> None:
        super().__init__(
            f"Le dossier de données « {directory} » n'est pas accessible en écriture ({reason}). "
            "Choisissez un autre dossier avec --data-dir ou vérifiez les droits et l'espace libre."
        )
        self.directory = directory


class DataDirInUseError(StoreError):
    """Another running ENT Coach (window or command) holds the data folder's lock."""

    def __init__(self, directory: Path) -> None:
        super().__init__(
            f"ENT Coach est déjà ouvert avec le dossier de données « {directory} ». "
            "Utilisez la fenêtre déjà ouverte, ou fermez-la avant de recommencer."
        )
        self.directory = directory


class DatabaseReadOnlyError(StoreError):
    """The database file (or its journal) cannot be written though its folder can."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"Le fichier de la base « {path} » est en lecture seule ({reason}) : ENT Coach ne "
            "pourrait rien y enregistrer. Rendez-le modifiable pour votre compte (droits "
            "d'écriture), ou choisissez un autre dossier avec --data-dir, puis relancez."
        )
        self.path = path


class NewerDatabaseError(StoreError):
    def __init__(self, path: Path, revision: str) -> None:
        super().__init__(
            f"La base « {path.name} » a été écrite par une version plus récente d'ENT Coach "
            f"(schéma {revision}). Elle n'a pas été modifiée. Installez la dernière version "
            "d'ENT Coach pour l'ouvrir."
        )
        self.path = path
        self.revision = revision


class CorruptDatabaseError(StoreError):
    """``reason`` is French and shown; ``detail`` is SQLite's own (English) words, for the log."""

    def __init__(self, path: Path, reason: str, detail: str = "") -> None:
        super().__init__(
            f"Le fichier « {path.name} » n'est pas une base ENT Coach lisible ({reason})."
        )
        self.path = path
        self.reason = reason
        self.detail = detail or reason


class StoreWriteError(StoreError):
    """A write failed (disk full, read-only, locked); nothing of it was kept."""


def french_sqlite_reason(exc: BaseException) -> str:
    """SQLite's reason for refusing to open a file, in French (its own words go to the log)."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "not a database" in text:
        return "ce n'est pas un fichier de base de données"
    if "malformed" in text or "corrupt" in text:
        return "fichier endommagé"
    if "disk i/o" in text:
        return "erreur de lecture du support"
    if "unable to open" in text:
        return "ouverture du fichier impossible"
    return "fichier illisible"


def french_sqlite_message(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc)).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return "Le disque est plein : l'enregistrement a été annulé, rien n'a été perdu. Libérez de la place puis réessayez."
    if "readonly" in text or "read-only" in text:
        return (
            "La base de données est en lecture seule : l'enregistrement a été annulé. Vérifiez "
            "les droits du fichier ent-coach.sqlite3 et de son dossier."
        )
    if "locked" in text or "busy" in text:
        return "La base est occupée par un autre programme : l'enregistrement a été annulé. Réessayez dans un instant."
    if "disk i/o" in text:
        return "Erreur d'écriture sur le disque : l'enregistrement a été annulé. Vérifiez le support (clé USB retirée ?)."
    if "malformed" in text or "not a database" in text:
        return (
            "La base de données est endommagée : l'enregistrement a été annulé. Fermez ENT Coach ; "
            "au prochain démarrage, il proposera de mettre le fichier de côté."
        )
    return f"L'enregistrement a échoué et a été annulé ({getattr(exc, 'orig', exc)})."


class StoreBusyError(StoreWriteError):
    """Another program (another ENT Coach window) held the database's write lock for longer
    than the connection waits; nothing was written."""
