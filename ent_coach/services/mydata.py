"""« Mes données » use cases: what is stored about a profile, export it to one readable
archive, import such an archive on another computer, erase a profile for good."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ent_coach import __version__
from ent_coach.content.atomic_file import os_reason
from ent_coach.content.profile_archive import (
    FORMAT,
    VERSION,
    ArchiveError,
    DataCounts,
    NameTakenError,
    ProfileArchive,
    read_archive,
    readme_text,
    write_archive,
)
from ent_coach.domain.profiles import Profile, ProfileError, clean_display_name
from ent_coach.services.profiles import Erasure, ProfileService
from ent_coach.store.copies import CopyKind, DatabaseCopy, list_copies, remove_copies
from ent_coach.store.database import Store
from ent_coach.store.errors import StoreWriteError

__all__ = [
    "ArchiveError",
    "CopyKind",
    "DataCounts",
    "DatabaseCopy",
    "Erasure",
    "ImportPreview",
    "MyDataService",
    "NameTakenError",
    "ProfileArchive",
]


def _queries():
    """The ORM queries, imported on first use (keeps SQLAlchemy off the start-up path)."""
    from ent_coach.store import mydata

    return mydata


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def file_slug(name: str) -> str:
    """« Léa Martin » → ``lea-martin``: safe in a file name on every system."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "profil"


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """A checked archive and how it fits this computer: ``existing_name`` is the name of a
    profile that already has the archive's pseudonym (import refused); ``suggested_name`` is
    a free name when the archive's name is taken by another profile, else None."""

    path: Path
    archive: ProfileArchive
    existing_name: str | None
    suggested_name: str | None


class MyDataService:
    def __init__(self, store: Store, *, data_dir: Path) -> None:
        self._store = store
        self.data_dir = data_dir

    @property
    def database_path(self) -> Path:
        return self._store.path

    def counts(self, profile_id: int) -> DataCounts:
        queries = _queries()
        with self._store.session() as session:
            return queries.counts(session, profile_id=profile_id)

    @staticmethod
    def default_file_name(profile: Profile, today: dt.date | None = None) -> str:
        day = (today or dt.date.today()).isoformat()
        return f"ent-coach-{file_slug(profile.display_name)}-{day}.zip"

    def export(self, profile_id: int, path: Path) -> DataCounts:
        """Write the profile's archive to ``path`` (atomically); returns what it holds."""
        queries = _queries()
        with self._store.session() as session:
            profile = queries.get_profile(session, profile_id)
            if profile is None:
                raise ProfileError("Ce profil n'existe plus.")
            tables = queries.dump(session, profile_id=profile_id)
            counts = queries.counts(session, profile_id=profile_id)
        exported_at = _now()
        document: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "app_version": __version__,
            "exported_at": exported_at.isoformat(),
            # Never the PIN hash: the archive travels, a new PIN can be chosen after import.
            "profile": {
                "pseudonym": profile.pseudonym,
                "display_name": profile.display_name,
                "role": profile.role.value,
                "locale": profile.locale,
                "created_at": profile.created_at.isoformat(),
            },
            "tables": tables,
        }
        readme = readme_text(display_name=profile.display_name, exported_at=exported_at)
        try:
            write_archive(path, document=document, readme=readme)
        except OSError as exc:
            raise ArchiveError(
                f"Impossible d'écrire « {path} » ({os_reason(exc)}). Rien n'a été modifié."
            ) from exc
        return counts

    def prepare_import(self, path: Path) -> ImportPreview:
        """Read and check an archive (nothing is written) and look for conflicts."""
        archive = read_archive(path)
        queries = _queries()
        queries.check_tables(archive.tables)
        with self._store.session() as session:
            existing = queries.profile_by_pseudonym(session, archive.profile.pseudonym)
            name = archive.profile.display_name
            suggestion = queries.free_name(session, name)
        return ImportPreview(
            path=path,
            archive=archive,
            existing_name=existing.display_name if existing else None,
            suggested_name=suggestion if suggestion != name else None,
        )

    def import_archive(self, archive: ProfileArchive, *, display_name: str | None = None) -> Profile:
        """Insert the archive as a new profile, all or nothing. Raises ArchiveError (the
        subclass NameTakenError when the name is taken) or ProfileError for a bad name."""
        name = clean_display_name(display_name) if display_name is not None else None
        if name is not None and re.search(r"[<>]", name):
            raise ProfileError("Le nom affiché ne peut pas contenir les caractères < ou >.")
        queries = _queries()
        with self._store.session() as session:
            return queries.insert_archive(session, archive, display_name=name)

    def import_file(self, path: Path, *, display_name: str | None = None) -> Profile:
        return self.import_archive(read_archive(path), display_name=display_name)

    def copies(self) -> list[DatabaseCopy]:
        """The copies of the database kept in the data folder (store.copies), oldest first."""
        return list_copies(self._store.path)

    def delete_copies(self, names: set[str]) -> list[DatabaseCopy]:
        """Delete the named copies; returns those deleted. Raises StoreWriteError."""
        try:
            return remove_copies(self._store.path, names)
        except OSError as exc:
            raise StoreWriteError(
                f"Impossible de supprimer une copie de la base ({os_reason(exc)})."
            ) from exc

    def erase(self, profile_id: int, *, remove_unreadable: bool = False) -> Erasure:
        """Delete the profile and every linked row, leave nothing of them on disk, and delete
        the pre-migration copies of the database (they hold the profile). Unreadable files
        set aside may hold it too but cannot be read, so not cleaned: deleted when
        ``remove_unreadable``, else named in the result as left behind."""
        try:
            done = ProfileService(self._store).delete(profile_id)
            if remove_unreadable:
                removed = remove_copies(self._store.path, kind=CopyKind.UNREADABLE)
                done = replace(done, removed=done.removed + tuple(copy.name for copy in removed))
        except OSError as exc:
            raise StoreWriteError(
                "Le profil est effacé, mais une copie de la base n'a pas pu être supprimée "
                f"({os_reason(exc)}) : supprimez-la depuis « Mes données »."
            ) from exc
        kept = tuple(copy.name for copy in self.copies() if copy.kind is CopyKind.UNREADABLE)
        return replace(done, kept=kept)
