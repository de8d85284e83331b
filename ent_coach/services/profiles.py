"""Profile use cases: create, switch, rename, protect with a PIN, delete for good."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ent_coach.domain.profiles import Profile, ProfileError, check_pin, clean_display_name
from ent_coach.domain.taxonomy import Role
from ent_coach.store import copies, erasure, reads
from ent_coach.store.database import Store


def _writes():
    """The ORM write queries, imported on first write (keeps SQLAlchemy off the start-up path)."""
    from ent_coach.store import profiles

    return profiles


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class Erasure:
    """What an erase did: ``complete`` is False when another program kept the database
    busy (the erase then completes at the next start); ``removed`` names the copies of the
    database deleted with the profile, ``kept`` those left in the data folder (unreadable
    files set aside, which may hold the profile too)."""

    complete: bool
    removed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()


class ProfileService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def list(self) -> list[Profile]:
        with self._store.reader() as connection:
            return reads.list_profiles(connection)

    def get(self, profile_id: int) -> Profile | None:
        with self._store.reader() as connection:
            return reads.get_profile(connection, profile_id)

    def create(self, *, display_name: str, role: Role, pin: str | None = None) -> Profile:
        from ent_coach.domain.pin import hash_pin

        name = clean_display_name(display_name)
        pin_hash = hash_pin(check_pin(pin)) if pin else None
        profile_queries = _writes()
        with self._store.session() as session:
            if profile_queries.name_taken(session, name):
                raise ProfileError(f"Un profil « {name} » existe déjà sur cet ordinateur.")
            profile = profile_queries.create_profile(
                session, display_name=name, role=role, pin_hash=pin_hash, now=_now()
            )
            profile_queries.touch_profile(session, profile.id, _now())
            return profile

    def rename(self, profile_id: int, display_name: str) -> Profile:
        name = clean_display_name(display_name)
        profile_queries = _writes()
        with self._store.session() as session:
            if profile_queries.name_taken(session, name, except_id=profile_id):
                raise ProfileError(f"Un profil « {name} » existe déjà sur cet ordinateur.")
            return profile_queries.update_profile(session, profile_id, display_name=name)

    def change_role(self, profile_id: int, role: Role) -> Profile:
        profile_queries = _writes()
        with self._store.session() as session:
            return profile_queries.update_profile(session, profile_id, role=role)

    def set_pin(self, profile_id: int, pin: str | None) -> Profile:
        """Set a new PIN, or remove it with ``None``."""
        from ent_coach.domain.pin import hash_pin

        profile_queries = _writes()
        with self._store.session() as session:
            if pin is None:
                return profile_queries.update_profile(session, profile_id, clear_pin=True)
            return profile_queries.update_profile(
                session, profile_id, pin_hash=hash_pin(check_pin(pin))
            )

    def verify_pin(self, profile_id: int, pin: str) -> bool:
        from ent_coach.domain.pin import verify_pin

        with self._store.reader() as connection:
            stored = reads.pin_hash_of(connection, profile_id)
        return stored is None or verify_pin(pin, stored)

    def open(self, profile_id: int) -> Profile:
        """Mark a profile as the one in use (reopened at next start)."""
        profile_queries = _writes()
        with self._store.session() as session:
            # Checked first: touching a missing row would raise SQLAlchemy's NoResultFound.
            profile = profile_queries.get_profile(session, profile_id)
            if profile is None:
                raise ProfileError("Ce profil n'existe plus.")
            profile_queries.touch_profile(session, profile_id, _now())
            return profile_queries.get_profile(session, profile_id) or profile

    def last_profile(self) -> Profile | None:
        with self._store.reader() as connection:
            return reads.last_profile(connection)

    def delete(self, profile_id: int) -> Erasure:
        """Delete the profile for good: its rows, then what is left of them on disk (free
        pages, the write-ahead log) and the pre-migration copies of the database, which
        hold it too (store.copies). Unreadable files set aside are « Mes données »'s."""
        profile_queries = _writes()
        with self._store.session() as session:
            profile_queries.delete_profile(session, profile_id)
        complete = erasure.compact(self._store.path)
        removed = copies.remove_copies(self._store.path, kind=copies.CopyKind.MIGRATION)
        return Erasure(complete=complete, removed=tuple(copy.name for copy in removed))

    def warm_up(self) -> None:
        self._store.warm_up()

    def install_id(self) -> str:
        profile_queries = _writes()
        with self._store.session() as session:
            return profile_queries.install_id(session)
