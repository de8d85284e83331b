"""Good practices on a real temporary database: search, filters, favourites, own practices,
and the share file (export, import preview, all-or-nothing import, hostile files refused)."""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
from pathlib import Path

import pytest

from ent_coach import paths
from ent_coach.content.practice_exchange import (
    FORMAT_MARKER,
    MAX_FILE_BYTES,
    MAX_PRACTICES,
    ExchangeFileError,
)
from ent_coach.content.practices import PRACTICE_ID_PATTERN, OwnPracticeInvalid, load_practices
from ent_coach.domain.practices import (
    Practice,
    PracticeDraft,
    PracticeFilter,
    PracticeOrigin,
    PracticeSource,
    filter_practices,
    practice_count_text,
)
from ent_coach.domain.profiles import Profile
from ent_coach.domain.taxonomy import Role
from ent_coach.domain.text import fold
from ent_coach.services.practices import ImportState, PracticeError, PracticeService
from ent_coach.services.profiles import ProfileService
from ent_coach.store.database import Store, open_store


@pytest.fixture(scope="module")
def shipped() -> tuple[Practice, ...]:
    found = load_practices(paths.resources_dir() / "practices")
    assert not found.problems
    return tuple(found.practices)


@pytest.fixture
def service(store: Store, shipped: tuple[Practice, ...]) -> PracticeService:
    return PracticeService(store, lambda: shipped)


@pytest.fixture
def lea(store: Store) -> Profile:
    return ProfileService(store).create(display_name="Léa", role=Role.STAGIAIRE_2D)


@pytest.fixture
def hugo(store: Store) -> Profile:
    return ProfileService(store).create(display_name="Hugo", role=Role.ENSEIGNANT)


def draft(**changes) -> PracticeDraft:
    base = PracticeDraft(
        title="Un herbier partagé sur le mur collaboratif",
        summary="Les élèves de CE1 déposent chaque semaine une photo de feuille et sa légende.",
        levels=("cycle-2",),
        disciplines=("sciences",),
        services=("mur-collaboratif",),
        duration="Une période, 20 min par semaine",
        description=(
            "Chaque lundi, un binôme photographie une feuille ramassée dans la cour de l'école "
            "et rédige sa légende avec la classe avant de la publier sur le mur."
        ),
        steps=("Créer le mur de la classe", "Montrer comment légender", "Publier chaque lundi"),
        benefits=("Les élèves observent et décrivent avec précision.",),
        vigilance=("Aucune photo d'élève : seulement les feuilles.",),
        sources=(PracticeSource("Éduscol", "Les ENT", "https://eduscol.education.fr/ent"),),
    )
    return dataclasses.replace(base, **changes)


def table_rows(store: Store) -> list[tuple]:
    connection = sqlite3.connect(store.path)
    try:
        return [
            *connection.execute("SELECT * FROM own_practices ORDER BY profile_id, id"),
            *connection.execute(
                "SELECT * FROM practice_favourites ORDER BY profile_id, practice_id"
            ),
        ]
    finally:
        connection.close()


# --- browse, search, filters ------------------------------------------------------------------


def test_catalogue_lists_the_shipped_practices_sorted(service, lea, shipped) -> None:
    catalogue = service.catalogue(lea)
    assert len(catalogue.practices) == len(shipped) >= 30
    assert all(p.origin is PracticeOrigin.SHIPPED for p in catalogue.practices)
    titles = [fold(p.title) for p in catalogue.practices]  # « Écrire » sorts among the E
    assert titles == sorted(titles)
    assert practice_count_text(34, 34) == "34 pratiques"
    assert practice_count_text(3, 34) == "3 pratiques sur 34"
    assert practice_count_text(1, 34) == "1 pratique sur 34"


def test_search_ignores_accents_and_finds_words_of_the_description(service, lea, shipped) -> None:
    target = next(p for p in shipped if "modération" in p.description.casefold())
    hits = service.search(lea, "moderation")
    assert target.id in hits
    assert service.search(lea, "MODÉRATION") == hits
    assert service.search(lea, "   ") == []
    assert service.search(lea, "zzzqqq") == []


def test_search_finds_own_practices_after_they_change(service, lea, hugo) -> None:
    assert service.search(lea, "herbier") == []
    practice = service.create(lea, draft())
    assert service.search(lea, "herbier") == [practice.id]
    assert service.search(lea, "feuilles")  # a word of the vigilance lines
    assert service.search(hugo, "herbier") == []  # another profile's index
    service.update(lea, practice.id, draft(title="Un florilège partagé sur le mur"))
    assert service.search(lea, "florilege") == [practice.id]
    service.delete(lea, practice.id)
    assert service.search(lea, "florilege") == []


def test_filters_combine_level_discipline_service_favourites_and_origin(service, lea) -> None:
    own = service.create(lea, draft())
    catalogue = service.catalogue(lea)
    everything = catalogue.practices
    by_level = filter_practices(everything, PracticeFilter(level="cycle-2"), set())
    assert own in by_level and all("cycle-2" in p.levels for p in by_level)
    both = filter_practices(
        everything, PracticeFilter(level="cycle-2", discipline="sciences"), set()
    )
    assert set(both) < set(by_level) and own in both
    three = filter_practices(
        everything,
        PracticeFilter(level="cycle-2", discipline="sciences", service="blog"),
        set(),
    )
    assert own not in three
    assert all({"cycle-2"} <= set(p.levels) and "blog" in p.services for p in three)
    mine = filter_practices(everything, PracticeFilter(origin=PracticeOrigin.OWN), set())
    assert mine == [own]
    shipped_only = filter_practices(
        everything, PracticeFilter(origin=PracticeOrigin.SHIPPED), set()
    )
    assert own not in shipped_only and len(shipped_only) == len(everything) - 1
    favourites = {everything[0].id}
    assert filter_practices(everything, PracticeFilter(favourites_only=True), favourites) == [
        everything[0]
    ]
    ranked = filter_practices(everything, PracticeFilter(), set(), matching=[own.id, "inconnu"])
    assert ranked == [own]


def test_favourites_are_kept_per_profile(service, lea, hugo, shipped) -> None:
    first = shipped[0].id
    service.set_favourite(lea, first, True)
    service.set_favourite(lea, first, True)  # twice is harmless
    assert service.catalogue(lea).favourites == {first}
    assert service.catalogue(hugo).favourites == frozenset()
    own = service.create(hugo, draft())
    service.set_favourite(hugo, own.id, True)
    assert service.favourites(hugo) == {own.id}
    service.set_favourite(lea, first, False)
    assert service.favourites(lea) == set()
    with pytest.raises(PracticeError, match="introuvable"):
        service.set_favourite(lea, own.id, True)  # Hugo's practice is not Léa's
    service.delete(hugo, own.id)
    assert service.favourites(hugo) == set()


# --- own practices ------------------------------------------------------------------------------


def test_own_practice_create_read_back_edit_and_delete(service, store, lea, hugo) -> None:
    created = service.create(lea, draft())
    assert created.origin is PracticeOrigin.OWN and created.is_own
    assert re.match(PRACTICE_ID_PATTERN, created.id)
    assert created.id.startswith("un-herbier-partage-sur-le-mur-collaboratif-")
    assert created.created_at is not None and created.updated_at is not None
    again = service.catalogue(lea).get(created.id)
    assert again == created and again.draft() == draft()
    assert service.catalogue(hugo).get(created.id) is None

    edited = service.update(lea, created.id, draft(duration="Toute l'année"))
    assert edited.id == created.id and edited.duration == "Toute l'année"
    assert edited.created_at == created.created_at
    assert service.own_practices(lea) == [edited]

    with pytest.raises(PracticeError):
        service.update(hugo, created.id, draft())
    with pytest.raises(PracticeError):
        service.delete(lea, "ecole-charte-ent-de-la-classe")
    service.delete(lea, created.id)
    assert service.own_practices(lea) == []
    assert table_rows(store) == []


def test_two_practices_with_the_same_title_get_different_ids(service, lea) -> None:
    first, second = service.create(lea, draft()), service.create(lea, draft())
    assert first.id != second.id


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "Mur"}, "Titre : texte trop court"),
        (
            {"summary": "Un <script>alert(1)</script> résumé"},
            "Résumé : le texte ne doit pas contenir de balises HTML",
        ),
        ({"levels": ()}, "Niveaux : cochez au moins une case"),
        ({"disciplines": ("cuisine",)}, "Disciplines : discipline inconnu(s) : cuisine"),
        ({"description": "Trop court."}, "Description : texte trop court (40 caractères au moins)"),
        ({"steps": ("Un", "Créer le mur")}, "Étapes, ligne 1 : texte trop court"),
        ({"steps": ("Créer le mur", "<b>gras</b>")}, "Étapes, ligne 2 : le texte ne doit pas"),
        ({"vigilance": ()}, "Points de vigilance : écrivez au moins 1 ligne"),
        (
            {"sources": (PracticeSource("Blog", "Un blog", "http://exemple.org"),)},
            "Source 1, adresse",
        ),
        ({"benefits": ("Un\x07bip dans le texte",)}, "caractère de contrôle"),
    ],
)
def test_an_invalid_own_practice_is_refused_naming_the_field(
    service, store, lea, changes, message
) -> None:
    with pytest.raises(OwnPracticeInvalid) as caught:
        service.create(lea, draft(**changes))
    assert message in str(caught.value), str(caught.value)
    assert table_rows(store) == []


def test_an_unreadable_row_is_skipped_not_fatal(service, store, lea) -> None:
    kept = service.create(lea, draft())
    broken = service.create(lea, draft(title="Une seconde pratique à casser"))
    connection = sqlite3.connect(store.path)
    with connection:
        connection.execute(
            "UPDATE own_practices SET data = ? WHERE id = ?",
            (json.dumps({"id": broken.id, "title": "<script>x</script>"}), broken.id),
        )
    connection.close()
    assert [p.id for p in service.own_practices(lea)] == [kept.id]
    assert kept in service.catalogue(lea).practices


# --- export and import --------------------------------------------------------------------------


def test_export_then_import_into_another_profile_on_a_fresh_database(
    service, lea, tmp_path, shipped
) -> None:
    one = service.create(lea, draft())
    two = service.create(lea, draft(title="Un journal de bord des sorties", levels=("cycle-3",)))
    path = tmp_path / "pratiques.json"
    assert service.export(lea, [one.id, two.id], path) == 2
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == FORMAT_MARKER and document["version"] == 1
    assert "Léa" not in path.read_text(encoding="utf-8")
    assert not list(tmp_path.glob("*.tmp"))

    other_store = open_store(tmp_path / "autre" / "ent-coach.sqlite3")
    try:
        other = PracticeService(other_store, lambda: shipped)
        zoe = ProfileService(other_store).create(display_name="Zoé", role=Role.ENSEIGNANT)
        preview = other.preview_import(zoe, path)
        assert [item.state for item in preview.items] == [ImportState.NEW, ImportState.NEW]
        assert other.own_practices(zoe) == []  # a preview writes nothing
        result = other.apply_import(zoe, preview)
        assert (result.added, result.replaced, result.skipped) == (2, 0, 0)
        imported = other.own_practices(zoe)
        assert sorted(imported, key=lambda p: p.id) == sorted([one, two], key=lambda p: p.id)
        assert all(p.is_own for p in imported)
        again = other.preview_import(zoe, path)
        assert [item.state for item in again.items] == [ImportState.IDENTICAL] * 2
        assert other.apply_import(zoe, again).skipped == 2
    finally:
        other_store.close()


def test_export_refuses_shipped_or_unknown_practices(service, lea, tmp_path, shipped) -> None:
    with pytest.raises(PracticeError, match="personnelles"):
        service.export(lea, [shipped[0].id], tmp_path / "x.json")
    with pytest.raises(PracticeError, match="au moins une"):
        service.export(lea, [], tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()


def test_import_detects_identical_modified_and_shipped_ids(
    service, store, lea, tmp_path, shipped
) -> None:
    same = service.create(lea, draft())
    changed = service.create(lea, draft(title="Une pratique que je vais modifier"))
    path = tmp_path / "pratiques.json"
    service.export(lea, [same.id, changed.id], path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["practices"][1]["duration"] = "Deux semaines"
    clash = dict(document["practices"][0], id=shipped[0].id)
    fresh = dict(document["practices"][0], id="une-nouvelle-pratique-abcde")
    fresh["tutorials"] = ["tutoriel-fantome"]
    document["practices"] += [clash, fresh]
    path.write_text(json.dumps(document), encoding="utf-8")

    preview = service.preview_import(lea, path, known_tutorials={"blog"}, known_competences={"2.2"})
    states = [item.state for item in preview.items]
    assert states == [
        ImportState.IDENTICAL, ImportState.MODIFIED, ImportState.SHIPPED_ID, ImportState.NEW
    ]  # fmt: skip
    assert preview.items[1].existing == changed
    assert preview.items[3].dropped_references == ("tutoriel « tutoriel-fantome »",)
    assert preview.items[3].practice.tutorials == ()

    kept = service.apply_import(lea, preview)  # « garder la mienne »
    assert (kept.added, kept.replaced, kept.kept, kept.skipped) == (1, 0, 1, 2)
    assert service.catalogue(lea).get(changed.id).duration == changed.duration

    replaced = service.apply_import(lea, preview, replace={changed.id})
    assert (replaced.added, replaced.replaced) == (0, 1)
    assert service.catalogue(lea).get(changed.id).duration == "Deux semaines"
    shipped_copy = service.catalogue(lea).get(shipped[0].id)
    assert shipped_copy is not None and shipped_copy.origin is PracticeOrigin.SHIPPED


def _valid_document(service: PracticeService, lea: Profile, tmp_path: Path) -> dict:
    practice = service.create(lea, draft())
    path = tmp_path / "modele.json"
    service.export(lea, [practice.id], path)
    service.delete(lea, practice.id)
    return json.loads(path.read_text(encoding="utf-8"))


def _with(document: dict, **fields) -> dict:
    changed = json.loads(json.dumps(document))
    changed["practices"][0].update(fields)
    return changed


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda d: b"ceci n'est pas du JSON", "pas du JSON valide"),
        (lambda d: b"\xff\xfe\x00garbage", "UTF-8"),
        (lambda d: {**d, "format": "autre-chose"}, "n'est pas un fichier de pratiques"),
        (lambda d: [1, 2, 3], "n'est pas un fichier de pratiques"),
        (lambda d: {**d, "version": 99}, "vient d'une version plus récente d'ENT Coach"),
        (lambda d: {**d, "version": "1"}, "version invalide"),
        (lambda d: {**d, "practices": []}, "aucune pratique"),
        (
            lambda d: {**d, "practices": d["practices"] * (MAX_PRACTICES + 1)},
            f"{MAX_PRACTICES} au plus",
        ),
        (lambda d: {**d, "practices": d["practices"] * 2}, "identifiant déjà présent"),
        (
            lambda d: _with(d, summary="Voir <script>alert('x')</script> ici, c'est utile"),
            "pratique n° 1 (« un-herbier",
        ),
        (
            lambda d: _with(d, steps=["Créer le mur", "<img src=x onerror=alert(1)>"]),
            "Étapes, ligne 2 : le texte ne doit pas contenir de balises HTML",
        ),
        (
            lambda d: {
                **d,
                "practices": [{k: v for k, v in d["practices"][0].items() if k != "title"}],
            },
            "Titre : champ obligatoire absent",
        ),
        (lambda d: _with(d, levels="cycle-2"), "Niveaux : une liste est attendue"),
        (
            lambda d: _with(d, steps=[1, 2, 3]),
            "Étapes, ligne 1 : une chaîne de caractères est attendue",
        ),
        (lambda d: _with(d, profile="Léa"), "champ inconnu"),
        (lambda d: {**d, "pseudonym": "abc"}, "champs inconnus : pseudonym"),
    ],
)
def test_a_bad_file_is_refused_with_a_specific_message_and_nothing_changes(
    service, store, lea, tmp_path, build, message
) -> None:
    document = _valid_document(service, lea, tmp_path)
    kept = service.create(lea, draft(title="Une pratique déjà enregistrée"))
    service.set_favourite(lea, kept.id, True)
    before = table_rows(store)
    content = build(document)
    path = tmp_path / "mauvais.json"
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    with pytest.raises(ExchangeFileError) as caught:
        service.preview_import(lea, path)
    assert message in str(caught.value), str(caught.value)
    assert table_rows(store) == before


def test_an_oversize_file_is_refused_before_reading(service, store, lea, tmp_path) -> None:
    before = table_rows(store)
    path = tmp_path / "enorme.json"
    path.write_bytes(b" " * (MAX_FILE_BYTES + 1))
    with pytest.raises(ExchangeFileError, match="trop volumineux"):
        service.preview_import(lea, path)
    with pytest.raises(ExchangeFileError, match="Impossible de lire"):
        service.preview_import(lea, tmp_path / "absent.json")
    assert table_rows(store) == before


def test_a_symbolic_link_to_a_practice_file_is_refused(service, store, lea, tmp_path) -> None:
    document = _valid_document(service, lea, tmp_path)
    target = tmp_path / "pratiques.json"
    target.write_text(json.dumps(document), encoding="utf-8")
    link = tmp_path / "lien.json"
    link.symlink_to(target)
    before = table_rows(store)
    with pytest.raises(ExchangeFileError) as caught:
        service.preview_import(lea, link)
    assert "« lien.json » est refusé : c'est un lien symbolique" in str(caught.value)
    assert table_rows(store) == before
    assert service.preview_import(lea, target).items


def test_an_import_is_all_or_nothing(service, store, lea, tmp_path, monkeypatch) -> None:
    document = _valid_document(service, lea, tmp_path)
    second = dict(document["practices"][0], id="une-autre-pratique-zzzzz")
    document["practices"].append(second)
    path = tmp_path / "deux.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    preview = service.preview_import(lea, path)
    before = table_rows(store)

    from ent_coach.store import practices as queries

    real_save = queries.save_own
    calls = []

    def failing_save(session, **kwargs):
        calls.append(kwargs["practice"].id)
        if len(calls) == 2:
            raise OSError("disque plein")
        return real_save(session, **kwargs)

    monkeypatch.setattr(queries, "save_own", failing_save)
    with pytest.raises(OSError):
        service.apply_import(lea, preview)
    assert len(calls) == 2
    assert table_rows(store) == before
