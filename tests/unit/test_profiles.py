"""Profiles: PIN hashing, name rules, create/rename/switch, and deletion for good."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ent_coach.content.tutorials import load_tutorials
from ent_coach.domain.pin import hash_pin, verify_pin
from ent_coach.domain.profiles import DISPLAY_NAME_MAX, ProfileError, check_pin, clean_display_name
from ent_coach.domain.taxonomy import Role
from ent_coach.services.library import LibraryService
from ent_coach.services.profiles import ProfileService
from ent_coach.store.database import Store, open_store

# --- PIN ------------------------------------------------------------------------------------


def test_pin_hash_is_salted_and_verifies() -> None:
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first != second
    assert first.startswith("scrypt$16384$8$1$")
    assert "2468" not in first
    assert verify_pin("2468", first)
    assert verify_pin("2468", second)
    assert not verify_pin("2469", first)
    assert not verify_pin("", first)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "n'importe quoi",
        "scrypt$16384$8$1$zz$zz",
        "scrypt$16384$8$1$$",
        "scrypt$abc$8$1$00$00",
        "bcrypt$16384$8$1$00112233$00112233",
        "scrypt$16384$8$1$0011",
        "scrypt$16384$8$1$00$11$22",
    ],
)
def test_malformed_stored_pin_never_verifies(stored: str) -> None:
    assert verify_pin("1234", stored) is False


def test_pin_hash_with_tampered_digest_fails() -> None:
    stored = hash_pin("1234")
    flipped = stored[:-1] + ("0" if stored[-1] != "0" else "1")
    assert not verify_pin("1234", flipped)


@pytest.mark.parametrize("pin", ["1234", "00000000", "98765"])
def test_check_pin_accepts_4_to_8_digits(pin: str) -> None:
    assert check_pin(pin) == pin


@pytest.mark.parametrize("pin", ["", "123", "123456789", "12a4", "abcd", "12 34", "1234\n", "-123"])
def test_check_pin_rejects(pin: str) -> None:
    with pytest.raises(ProfileError, match="4 à 8 chiffres"):
        check_pin(pin)


# --- display names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Camille", "Camille"),
        ("  Camille   Dupont \n", "Camille Dupont"),
        ("Jean\tPierre", "Jean Pierre"),
        ("Zoé", "Zoé"),
        ("x" * DISPLAY_NAME_MAX, "x" * DISPLAY_NAME_MAX),
    ],
)
def test_clean_display_name(raw: str, expected: str) -> None:
    assert clean_display_name(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "\n\t"])
def test_empty_display_name(raw: str) -> None:
    with pytest.raises(ProfileError, match="vide"):
        clean_display_name(raw)


def test_too_long_display_name() -> None:
    with pytest.raises(ProfileError, match="trop long"):
        clean_display_name("x" * (DISPLAY_NAME_MAX + 1))


@pytest.mark.parametrize(
    "raw", ["Cam\x00ille", "Cam\x1bille", "Cam\x07", "Cam\x7fille", "Cam\x9bille"]
)
def test_control_characters_in_display_name(raw: str) -> None:
    with pytest.raises(ProfileError, match="contrôle"):
        clean_display_name(raw)


# --- the profile service ----------------------------------------------------------------------


@pytest.fixture
def profiles(store: Store) -> ProfileService:
    return ProfileService(store)


def test_create_and_list(profiles: ProfileService) -> None:
    zoe = profiles.create(display_name="  Zoé ", role=Role.STAGIAIRE_1D)
    assert zoe.display_name == "Zoé"
    assert zoe.role is Role.STAGIAIRE_1D
    assert zoe.locale == "fr_FR"
    assert not zoe.has_pin
    assert len(zoe.pseudonym) == 36
    profiles.create(display_name="Émilie", role=Role.ENSEIGNANT)
    profiles.create(display_name="bastien", role=Role.FORMATEUR)
    # French order: accents and case do not push a name to the end of the list.
    assert [p.display_name for p in profiles.list()] == ["bastien", "Émilie", "Zoé"]
    assert profiles.get(zoe.id) == profiles.list()[2]


def test_pseudonyms_are_distinct(profiles: ProfileService) -> None:
    a = profiles.create(display_name="A1", role=Role.ENSEIGNANT)
    b = profiles.create(display_name="B1", role=Role.ENSEIGNANT)
    assert a.pseudonym != b.pseudonym


@pytest.mark.parametrize("duplicate", ["camille", "CAMILLE", "  Camille  "])
def test_duplicate_name_refused_case_insensitively(
    profiles: ProfileService, duplicate: str
) -> None:
    profiles.create(display_name="Camille", role=Role.ENSEIGNANT)
    with pytest.raises(ProfileError, match="existe déjà"):
        profiles.create(display_name=duplicate, role=Role.ENSEIGNANT)
    assert len(profiles.list()) == 1


@pytest.mark.parametrize("duplicate", ["émilie", "ÉMILIE", "Émilie"])
def test_duplicate_accented_name_refused_case_insensitively(
    profiles: ProfileService, duplicate: str
) -> None:
    profiles.create(display_name="Émilie", role=Role.ENSEIGNANT)
    with pytest.raises(ProfileError, match="existe déjà"):
        profiles.create(display_name=duplicate, role=Role.ENSEIGNANT)


def test_rename(profiles: ProfileService) -> None:
    camille = profiles.create(display_name="Camille", role=Role.ENSEIGNANT)
    profiles.create(display_name="Dominique", role=Role.ENSEIGNANT)
    assert profiles.rename(camille.id, "  CAMILLE  ").display_name == "CAMILLE"
    with pytest.raises(ProfileError, match="existe déjà"):
        profiles.rename(camille.id, "dominique")
    with pytest.raises(ProfileError, match="vide"):
        profiles.rename(camille.id, "  ")
    renamed = profiles.get(camille.id)
    assert renamed is not None
    assert renamed.display_name == "CAMILLE"
    assert renamed.pseudonym == camille.pseudonym


def test_change_role(profiles: ProfileService) -> None:
    profile = profiles.create(display_name="Camille", role=Role.STAGIAIRE_2D)
    assert profiles.change_role(profile.id, Role.ENSEIGNANT).role is Role.ENSEIGNANT


def test_create_with_pin(profiles: ProfileService) -> None:
    profile = profiles.create(display_name="Camille", role=Role.ENSEIGNANT, pin="1357")
    assert profile.has_pin
    assert profiles.verify_pin(profile.id, "1357")
    assert not profiles.verify_pin(profile.id, "7531")
    with pytest.raises(ProfileError):
        profiles.create(display_name="Autre", role=Role.ENSEIGNANT, pin="12")
    assert [p.display_name for p in profiles.list()] == ["Camille"]


def test_set_and_remove_pin(profiles: ProfileService, store: Store) -> None:
    profile = profiles.create(display_name="Camille", role=Role.ENSEIGNANT)
    assert profiles.verify_pin(profile.id, "anything")  # no PIN: nothing to check
    assert profiles.set_pin(profile.id, "24680").has_pin
    assert profiles.verify_pin(profile.id, "24680")
    assert not profiles.verify_pin(profile.id, "2468")
    raw = sqlite3.connect(store.path)
    try:
        stored = raw.execute("SELECT pin_hash FROM profiles").fetchone()[0]
    finally:
        raw.close()
    assert stored.startswith("scrypt$")
    assert "24680" not in stored
    with pytest.raises(ProfileError):
        profiles.set_pin(profile.id, "abcd")
    assert profiles.verify_pin(profile.id, "24680")
    assert not profiles.set_pin(profile.id, None).has_pin
    assert profiles.verify_pin(profile.id, "0000")


def test_last_profile_is_reopened_after_restart(store_path: Path) -> None:
    first = open_store(store_path)
    service = ProfileService(first)
    assert service.last_profile() is None
    camille = service.create(display_name="Camille", role=Role.ENSEIGNANT)
    dominique = service.create(display_name="Dominique", role=Role.ENSEIGNANT)
    assert service.last_profile() == service.get(dominique.id)
    service.open(camille.id)
    install = service.install_id()
    first.close()

    second = open_store(store_path)
    try:
        again = ProfileService(second)
        last = again.last_profile()
        assert last is not None
        assert last.id == camille.id
        assert last.last_used_at is not None
        assert again.install_id() == install
    finally:
        second.close()


def test_open_a_missing_profile(profiles: ProfileService) -> None:
    with pytest.raises(ProfileError, match="n'existe plus"):
        profiles.open(4242)
    assert profiles.last_profile() is None


# --- deleting a profile for good -------------------------------------------------------------


def count_rows(path: Path, table: str, profile_id: int) -> int:
    column = "id" if table == "profiles" else "profile_id"
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            f"SELECT count(*) FROM {table} WHERE {column} = ?", (profile_id,)
        ).fetchone()[0]
    finally:
        connection.close()


def raw_bytes(path: Path) -> bytes:
    """The database file and its WAL, as they sit on the disk."""
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_delete_removes_everything_of_one_profile_only(store: Store, tutorial_factory) -> None:
    tutorial_factory.write("agenda", tutorial_factory.text("agenda", title="L'agenda de classe"))
    library = LibraryService(store, load_tutorials(tutorial_factory.directory).tutorials)
    profiles = ProfileService(store)
    leaving = profiles.create(display_name="Zéphyrine Départ", role=Role.ENSEIGNANT)
    staying = profiles.create(display_name="Reste Ici", role=Role.ENSEIGNANT)
    for person in (leaving, staying):
        library.open_tutorial(person, "agenda")
        library.add_reading_time(person, "agenda", 42)
        library.complete_tutorial(person, "agenda")
        library.save_note(person, "agenda", f"Note privée de {person.display_name}")
    profiles.open(leaving.id)
    tables = ("profiles", "statements", "activity_progress", "notes")
    assert {t: count_rows(store.path, t, leaving.id) for t in tables} == {
        "profiles": 1, "statements": 2, "activity_progress": 1, "notes": 1,
    }  # fmt: skip
    assert "Zéphyrine Départ".encode() in raw_bytes(store.path)

    profiles.delete(leaving.id)

    assert {t: count_rows(store.path, t, leaving.id) for t in tables} == dict.fromkeys(tables, 0)
    assert {t: count_rows(store.path, t, staying.id) for t in tables} == {
        "profiles": 1, "statements": 2, "activity_progress": 1, "notes": 1,
    }  # fmt: skip
    assert profiles.get(leaving.id) is None
    assert profiles.last_profile() is None
    assert [p.display_name for p in profiles.list()] == ["Reste Ici"]
    note = library.note(staying, "agenda")
    assert note is not None
    assert note.text == "Note privée de Reste Ici"

    # VACUUM rewrote the file: the name and the note are gone from the bytes on disk,
    # even before the store is closed.
    on_disk = raw_bytes(store.path)
    assert "Zéphyrine Départ".encode() not in on_disk
    assert "Note privée de Zéphyrine".encode() not in on_disk
    assert leaving.pseudonym.encode() not in on_disk
    assert b"Reste Ici" in on_disk


def test_deleted_name_stays_gone_after_closing(store_path: Path) -> None:
    opened = open_store(store_path)
    profiles = ProfileService(opened)
    gone = profiles.create(display_name="Ximena Effacée", role=Role.DIRECTION)
    profiles.delete(gone.id)
    opened.close()
    assert "Ximena Effacée".encode() not in raw_bytes(store_path)
    reopened = open_store(store_path)
    try:
        assert ProfileService(reopened).list() == []
    finally:
        reopened.close()


def test_changing_a_deleted_profile_says_so_in_french(store) -> None:
    from ent_coach.domain.profiles import ProfileError
    from ent_coach.domain.taxonomy import Role
    from ent_coach.services.profiles import ProfileService

    service = ProfileService(store)
    gone = service.create(display_name="Éphémère", role=Role.ENSEIGNANT)
    service.delete(gone.id)
    for change in (
        lambda: service.rename(gone.id, "Autre"),
        lambda: service.set_pin(gone.id, "1234"),
        lambda: service.change_role(gone.id, Role.FORMATEUR),
    ):
        with pytest.raises(ProfileError, match="n'existe plus"):
            change()


@pytest.mark.parametrize("raw", ["<b>Camille</b>", "Camille <script>", "a > b"])
def test_display_name_that_looks_like_markup_is_refused(raw: str) -> None:
    with pytest.raises(ProfileError, match="« < » ou « > »"):
        clean_display_name(raw)
