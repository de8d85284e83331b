"""Progress bundles: round trip, atomic writing, and the hostile corpus (each file refused
with its own French message)."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import random
import struct
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest

from ent_coach.content import atomic_file
from ent_coach.content import progress_bundle as pb
from ent_coach.content.progress_bundle import (
    BUNDLE_FORMAT,
    BUNDLE_VERSION,
    BundleError,
    read_bundle,
    write_bundle,
)
from tests.unit import fuzzing
from tests.unit.test_xapi_validation import PSEUDONYM, builder_statements

CREATED = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
CODE = "K7P4QX"


def _write(path: Path, **overrides: Any) -> pb.BundleManifest:
    arguments: dict[str, Any] = {
        "statements": builder_statements(),
        "pseudonym": PSEUDONYM,
        "display_name": "Léa Martin",
        "seance_code": CODE,
        "app_version": "0.1.0",
        "content_version": "2026.03",
        "created_at": CREATED,
    }
    arguments.update(overrides)
    return write_bundle(path, **arguments)


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(path: Path, members: dict[str, bytes] | list[tuple[str, bytes]]) -> Path:
    items = members.items() if isinstance(members, dict) else members
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names, on purpose here
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in items:
                archive.writestr(name, data)
    return path


def _forge(
    path: Path,
    *,
    manifest: dict[str, Any] | None = None,
    statements: list[Any] | None = None,
    fix_checksum: bool = True,
    fix_count: bool = True,
) -> Path:
    """A bundle whose manifest or statements were changed by hand, checksum recomputed
    unless told otherwise (so that the check under test is the one that fires)."""
    source = path.with_name("source.zip")
    _write(source)
    members = _members(source)
    document = json.loads(members["manifest.json"])
    if manifest is not None:
        document.update(manifest)
    if statements is not None:
        payload = json.dumps(statements, ensure_ascii=False).encode()
        members["statements.json"] = payload
        if fix_checksum:
            document["statements_sha256"] = hashlib.sha256(payload).hexdigest()
        if fix_count:
            document["counts"]["statements"] = len(statements)
    members["manifest.json"] = json.dumps(document).encode()
    return _zip(path, members)


def _refused(path: Path, *expected: str) -> str:
    with pytest.raises(BundleError) as caught:
        read_bundle(path)
    message = str(caught.value)
    assert path.name in message
    for words in expected:
        assert words in message, message
    return message


# --- round trip -----------------------------------------------------------------------------


def test_round_trip_keeps_manifest_and_statements(tmp_path: Path) -> None:
    path = tmp_path / "progression.zip"
    statements = builder_statements()
    written = _write(path, statements=statements)
    bundle = read_bundle(path)
    assert bundle.manifest == written
    assert bundle.manifest.format_version == BUNDLE_VERSION
    assert bundle.manifest.pseudonym == PSEUDONYM
    assert bundle.manifest.display_name == "Léa Martin"
    assert bundle.manifest.seance_code == CODE
    assert bundle.manifest.created_at == CREATED
    assert bundle.manifest.app_version == "0.1.0"
    assert bundle.manifest.content_version == "2026.03"
    assert bundle.statements == tuple(statements)
    assert bundle.manifest.counts["statements"] == len(statements)
    assert bundle.manifest.counts["completed"] == sum(
        s["verb"]["id"].endswith("/completed") for s in statements
    )
    assert bundle.manifest.counts["answered"] == 2
    assert sum(v for k, v in bundle.manifest.counts.items() if k != "statements") == len(
        statements
    )
    members = _members(path)
    assert set(members) == {"manifest.json", "statements.json", "LISEZMOI.txt"}
    assert isinstance(json.loads(members["statements.json"]), list)
    assert hashlib.sha256(members["statements.json"]).hexdigest() == written.statements_sha256
    assert "Léa Martin" in members["LISEZMOI.txt"].decode()
    assert zipfile.ZipFile(path).getinfo("statements.json").compress_type == zipfile.ZIP_DEFLATED


def test_an_empty_bundle_without_seance_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "vide.zip"
    _write(path, statements=[], seance_code=None)
    bundle = read_bundle(path)
    assert bundle.statements == ()
    assert bundle.manifest.seance_code is None
    assert bundle.manifest.counts == {"statements": 0}


def test_name_is_left_out_when_not_consented(tmp_path: Path) -> None:
    path = tmp_path / "anonyme.zip"
    _write(path, display_name=None)
    members = _members(path)
    assert json.loads(members["manifest.json"])["display_name"] is None
    assert all(b"L\xc3\xa9a" not in data for data in members.values())
    assert "Aucun nom" in members["LISEZMOI.txt"].decode()
    assert read_bundle(path).manifest.display_name is None


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"display_name": "<b>Léa</b>"}, "« < » ou « > »"),
        ({"display_name": "   "}, "vide"),
        ({"display_name": "L" * 81}, "trop long"),
        ({"display_name": "Léa\u202e"}, "invisibles"),
        ({"pseudonym": ""}, "identifiant pseudonyme"),
        ({"pseudonym": "x" * 65}, "identifiant pseudonyme"),
        ({"seance_code": "ABC"}, "code de séance"),
        ({"statements": [{"id": "x"}]}, "déclaration n° 1 :"),
        ({"pseudonym": "quelqu-un-d-autre"}, "autre personne"),
    ],
)
def test_writing_refuses_what_reading_would_refuse(
    tmp_path: Path, overrides: dict[str, Any], expected: str
) -> None:
    path = tmp_path / "refus.zip"
    with pytest.raises(BundleError, match=expected) as caught:
        _write(path, **overrides)
    assert "refus.zip" in str(caught.value)
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_display_name_is_trimmed(tmp_path: Path) -> None:
    path = tmp_path / "p.zip"
    assert _write(path, display_name="  Léa   Martin ").display_name == "Léa Martin"
    assert read_bundle(path).manifest.display_name == "Léa Martin"


# --- atomic writing ---------------------------------------------------------------------------


def test_failed_rename_leaves_destination_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progression.zip"
    path.write_bytes(b"ancien contenu")

    def no_space(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_file.os, "replace", no_space)
    with pytest.raises(BundleError, match=r"Impossible d.enregistrer le fichier « progression\.zip »"):
        _write(path)
    assert path.read_bytes() == b"ancien contenu"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progression.zip"]


def test_failure_while_writing_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progression.zip"
    path.write_bytes(b"ancien contenu")
    original = zipfile.ZipFile.writestr
    temporaries: list[bool] = []

    def failing(self: zipfile.ZipFile, name: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        temporaries.append(any(p.name.endswith(".tmp") for p in tmp_path.iterdir()))
        if name == "statements.json":
            raise RuntimeError("panne simulée")
        original(self, name, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", failing)
    with pytest.raises(RuntimeError, match="panne simulée"):
        _write(path)
    assert temporaries and all(temporaries)  # it did write beside the target first
    assert path.read_bytes() == b"ancien contenu"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progression.zip"]


def test_unwritable_folder_gets_a_french_message(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="Impossible d'enregistrer"):
        _write(tmp_path / "absent" / "progression.zip")


def test_write_replaces_an_existing_bundle(tmp_path: Path) -> None:
    path = tmp_path / "progression.zip"
    _write(path, statements=[])
    _write(path)
    assert len(read_bundle(path).statements) == len(builder_statements())


# --- hostile corpus -----------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    _refused(tmp_path / "absent.zip", "Impossible de lire")


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "dossier.zip"
    folder.mkdir()
    _refused(folder, "est refusé : c'est un dossier")


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "hasard.zip"
    data = random.Random(7).randbytes(4096)
    assert not data.startswith(b"PK")
    path.write_bytes(data)
    _refused(path, "n'est pas un fichier de progression ENT Coach")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "vide.zip"
    path.write_bytes(b"")
    _refused(path, "n'est pas un fichier de progression ENT Coach")


def test_png_image(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    _refused(path, "n'est pas un fichier de progression ENT Coach")


def test_json_file(tmp_path: Path) -> None:
    path = tmp_path / "progression.json"
    path.write_text(json.dumps({"format": BUNDLE_FORMAT, "version": 1}), encoding="utf-8")
    _refused(path, "n'est pas un fichier de progression ENT Coach")


def test_zip_with_other_members(tmp_path: Path) -> None:
    path = _zip(tmp_path / "autre.zip", {"photo.jpg": b"\xff\xd8", "notes.txt": b"x"})
    _refused(path, "n'est pas un fichier de progression ENT Coach", "« notes.txt »")


def test_zip_with_an_extra_member(tmp_path: Path) -> None:
    source = tmp_path / "source.zip"
    _write(source)
    members = _members(source)
    members["script.py"] = b"print('x')"
    _refused(_zip(tmp_path / "plus.zip", members), "« script.py »")


def test_zip_missing_the_statements(tmp_path: Path) -> None:
    source = tmp_path / "source.zip"
    _write(source)
    members = _members(source)
    del members["statements.json"]
    _refused(_zip(tmp_path / "moins.zip", members), "il lui manque statements.json")


def test_readme_is_optional(tmp_path: Path) -> None:
    source = tmp_path / "source.zip"
    _write(source)
    members = _members(source)
    del members["LISEZMOI.txt"]
    assert read_bundle(_zip(tmp_path / "court.zip", members)).statements


def test_truncated_archive(tmp_path: Path) -> None:
    source = tmp_path / "source.zip"
    _write(source)
    data = source.read_bytes()
    path = tmp_path / "coupe.zip"
    path.write_bytes(data[: len(data) // 2])
    _refused(path, "tronquée ou endommagée")


def test_corrupted_member_data(tmp_path: Path) -> None:
    path = tmp_path / "abime.zip"
    _write(path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("statements.json")
    # Flip bytes in the middle of the compressed statements: the CRC (or inflate) fails.
    start = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    for offset in range(start, start + 8):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    _refused(path, "tronquée ou endommagée")


def test_checksum_mismatch(tmp_path: Path) -> None:
    statements = builder_statements()
    statements[0]["timestamp"] = "2026-03-11T10:14:40+01:00"  # still a valid statement
    path = _forge(tmp_path / "modifie.zip", statements=statements, fix_checksum=False)
    _refused(path, "somme de contrôle", "ne correspond pas : fichier modifié ou endommagé")


def test_newer_version(tmp_path: Path) -> None:
    path = _forge(tmp_path / "futur.zip", manifest={"version": BUNDLE_VERSION + 1})
    _refused(path, "vient d'une version plus récente d'ENT Coach (format 2", "mettez ENT Coach à jour")


@pytest.mark.parametrize("version", ["1", 0, -1, 1.0, True, None])
def test_unknown_version(tmp_path: Path, version: object) -> None:
    path = _forge(tmp_path / "version.zip", manifest={"version": version})
    _refused(path, "version de format inconnue")


@pytest.mark.parametrize("marker", ["ent-coach-seance", "", None, 3])
def test_unknown_format_marker(tmp_path: Path, marker: object) -> None:
    path = _forge(tmp_path / "marqueur.zip", manifest={"format": marker})
    _refused(path, "n'est pas un fichier de progression ENT Coach", "marqueur")


def test_manifest_not_json(tmp_path: Path) -> None:
    source = tmp_path / "source.zip"
    _write(source)
    members = _members(source)
    members["manifest.json"] = b"\xff\xfe not json"
    _refused(_zip(tmp_path / "manifeste.zip", members), "manifest.json", "JSON UTF-8")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"pseudonym": ""}, "« pseudonym »"),
        ({"pseudonym": "p" * 65}, "« pseudonym »"),
        ({"display_name": "<script>"}, "« display_name »"),
        ({"display_name": "Léa\u202eaeL"}, "caractères invisibles"),
        ({"display_name": "x" * 81}, "trop long"),
        ({"seance_code": "abc-123"}, "code de séance invalide"),
        ({"created_at": "hier"}, "« created_at »"),
        ({"app_version": 1}, "« app_version »"),
        ({"counts": {"completed": 3}}, "nombre de déclarations manque"),
        ({"statements_sha256": "abc"}, "« statements_sha256 »"),
        ({"extra": 1}, "« extra » est inconnu"),
    ],
)
def test_invalid_manifest_fields(tmp_path: Path, change: dict[str, Any], expected: str) -> None:
    path = _forge(tmp_path / "champ.zip", manifest=change)
    _refused(path, "dans sa description", expected)


def test_missing_manifest_field(tmp_path: Path) -> None:
    source = tmp_path / "source.zip"
    _write(source)
    members = _members(source)
    document = json.loads(members["manifest.json"])
    del document["content_version"]
    members["manifest.json"] = json.dumps(document).encode()
    _refused(_zip(tmp_path / "incomplet.zip", members), "« content_version »", "manque")


def test_count_mismatch(tmp_path: Path) -> None:
    path = _forge(tmp_path / "compte.zip", statements=builder_statements(), fix_count=False,
                  manifest={"counts": {"statements": 3}})
    _refused(path, "annonce 3 déclarations mais en contient")


def test_statements_not_a_list(tmp_path: Path) -> None:
    source = tmp_path / "source.zip"
    _write(source)
    members = _members(source)
    payload = json.dumps({"statements": []}).encode()
    members["statements.json"] = payload
    document = json.loads(members["manifest.json"])
    document["statements_sha256"] = hashlib.sha256(payload).hexdigest()
    members["manifest.json"] = json.dumps(document).encode()
    _refused(_zip(tmp_path / "objet.zip", members), "doit être une liste de déclarations")


def _broken(edit: str) -> list[dict[str, Any]]:
    statements = builder_statements()
    target = statements[11]
    match edit:
        case "missing actor":
            del target["actor"]
        case "bad timestamp":
            target["timestamp"] = "10/03/2026 10h14"
        case "bad verb IRI":
            target["verb"]["id"] = "a terminé"
        case "score out of range":
            target = statements[4]
            target["result"]["score"]["raw"] = 99
    return statements


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ("missing actor", "déclaration n° 12 : « actor » manque"),
        ("bad timestamp", "déclaration n° 12 : « timestamp » n'est pas une date ISO 8601"),
        ("bad verb IRI", "déclaration n° 12 : « verb.id » doit être une IRI"),
        ("score out of range", "déclaration n° 5 : « result.score.raw »"),
    ],
)
def test_invalid_statements(tmp_path: Path, edit: str, expected: str) -> None:
    path = _forge(tmp_path / "declarations.zip", statements=_broken(edit))
    _refused(path, "des déclarations sont invalides", expected)


def test_at_most_three_problems_are_listed(tmp_path: Path) -> None:
    statements = builder_statements()
    for statement in statements:
        statement["timestamp"] = "jamais"
    message = _refused(_forge(tmp_path / "nombreux.zip", statements=statements))
    assert message.count("déclaration n°") == 3
    assert "n° 1 :" in message and "n° 3 :" in message and "n° 4 :" not in message


def test_statement_about_another_person(tmp_path: Path) -> None:
    statements = builder_statements()
    statements[2]["actor"]["account"]["name"] = "un-autre-stagiaire"
    _refused(_forge(tmp_path / "autrui.zip", statements=statements),
             "déclaration n° 3 : elle concerne une autre personne")


def test_same_id_with_different_content(tmp_path: Path) -> None:
    statements = builder_statements()
    twin = copy.deepcopy(statements[0])
    twin["timestamp"] = "2026-03-12T08:00:00+01:00"
    statements.append(twin)
    message = _refused(_forge(tmp_path / "jumeaux.zip", statements=statements))
    assert f"la déclaration {twin['id']} apparaît deux fois avec des contenus différents" in message


def test_same_id_with_same_content(tmp_path: Path) -> None:
    statements = builder_statements()
    statements.append(copy.deepcopy(statements[3]))
    message = _refused(_forge(tmp_path / "doublon.zip", statements=statements))
    assert "apparaît deux fois avec le même contenu" in message


@pytest.mark.parametrize("name", ["../evil", "/abs", "a\\b", "statements.json/../x", "C:/x"])
def test_member_names_escaping_the_folder(tmp_path: Path, name: str) -> None:
    source = tmp_path / "source.zip"
    _write(source)
    members = [*list(_members(source).items()), (name, b"x")]
    path = _zip(tmp_path / "chemin.zip", members)
    assert name in zipfile.ZipFile(path).namelist()  # zipfile kept the hostile name
    _refused(path, "chemin dangereux")


def test_directory_member(tmp_path: Path) -> None:
    source = tmp_path / "source.zip"
    _write(source)
    members = [*_members(source).items(), ("dossier/", b"")]
    _refused(_zip(tmp_path / "dossier.zip", members), "contient un dossier")


def test_duplicate_member(tmp_path: Path) -> None:
    source = tmp_path / "source.zip"
    _write(source)
    members = list(_members(source).items())
    members.append(("statements.json", b"[]"))
    _refused(_zip(tmp_path / "double.zip", members), "deux fois le même membre")


def _patch_central_directory(path: Path, member: str, *, offset: int, fmt: str, value: int) -> None:
    """Overwrite a field of ``member``'s central directory entry (and, for sizes, its local
    header), as a hostile tool would."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    central = data.find(b"PK\x01\x02" + bytes(0))
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == name:
            struct.pack_into(fmt, data, central + offset, value)
            if offset in (20, 24):  # compressed / uncompressed size: local header too
                local = struct.unpack_from("<I", data, central + 42)[0]
                struct.pack_into(fmt, data, local + offset - 2, value)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    else:
        raise AssertionError(member)
    path.write_bytes(bytes(data))


def test_encrypted_member(tmp_path: Path) -> None:
    path = tmp_path / "chiffre.zip"
    _write(path)
    with zipfile.ZipFile(path) as archive:
        flags = archive.getinfo("statements.json").flag_bits
    _patch_central_directory(path, "statements.json", offset=8, fmt="<H", value=flags | 0x1)
    _refused(path, "chiffré")


@pytest.mark.slow
def test_zip_bomb_of_zeros(tmp_path: Path) -> None:
    """~300 MB of zeros compress to a few hundred kB: refused on the declared size."""
    source = tmp_path / "source.zip"
    _write(source)
    members = _members(source)
    path = tmp_path / "bombe.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", members["manifest.json"])
        with archive.open("statements.json", "w") as member:
            block = bytes(8 * 1024 * 1024)
            for _ in range(300 // 8):
                member.write(block)
    assert path.stat().st_size < 2 * 1024 * 1024
    _refused(path, "une fois décompressé, il dépasserait 200 Mo")


def test_member_whose_header_lies_about_its_size(tmp_path: Path) -> None:
    """The header says 100 bytes; inflating gives 5 MB. Reading stops at the declared size
    and the CRC then fails: refused, and never more than the cap in memory."""
    source = tmp_path / "source.zip"
    _write(source)
    members = _members(source)
    members["statements.json"] = b"[" + b" " * (5 * 1024 * 1024) + b"]"
    path = _zip(tmp_path / "menteur.zip", members)
    _patch_central_directory(path, "statements.json", offset=24, fmt="<I", value=100)
    assert zipfile.ZipFile(path).getinfo("statements.json").file_size == 100
    _refused(path, "tronquée ou endommagée")


def test_uncompressed_cap_is_enforced_while_streaming(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Declared sizes pass the total check, yet reading stops at the per-member cap."""
    source = tmp_path / "source.zip"
    _write(source)
    members = _members(source)
    members["LISEZMOI.txt"] = b"x" * (300 * 1024)  # above the small members' 256 kB cap
    path = _zip(tmp_path / "gros-lisezmoi.zip", members)
    _refused(path, "dépasserait")
    monkeypatch.setattr(pb, "MAX_UNCOMPRESSED_BYTES", 1024)
    _refused(_zip(tmp_path / "petit-plafond.zip", _members(source)), "dépasserait")


def test_a_500_mb_file_is_refused_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "enorme.zip"
    with path.open("wb") as handle:
        handle.truncate(500 * 1024 * 1024)  # sparse: nothing written to disk

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the file must not be opened")

    monkeypatch.setattr(zipfile, "ZipFile", never)
    monkeypatch.setattr(Path, "open", never)
    monkeypatch.setattr(pb.Path, "read_bytes", never)
    _refused(path, "trop volumineux (500 Mo)", "ne dépasse pas 50 Mo")


def test_read_refuses_a_file_grown_past_the_limit_by_size_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "limite.zip"
    _write(path)
    monkeypatch.setattr(pb, "MAX_BUNDLE_BYTES", path.stat().st_size - 1)
    _refused(path, "trop volumineux")


def test_read_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "progression.zip"
    _write(path)
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    read_bundle(path)
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progression.zip"]


def test_nan_is_not_json(tmp_path: Path) -> None:
    source = tmp_path / "source.zip"
    _write(source)
    members = _members(source)
    text = members["statements.json"].decode()
    payload = text.replace('"raw":16', '"raw":NaN', 1).encode()
    assert payload != members["statements.json"]
    members["statements.json"] = payload
    document = json.loads(members["manifest.json"])
    document["statements_sha256"] = hashlib.sha256(payload).hexdigest()
    members["manifest.json"] = json.dumps(document).encode()
    _refused(_zip(tmp_path / "nan.zip", members), "statements.json", "JSON UTF-8 lisible")


# --- names that are not UTF-8, links, reading in batches ------------------------------------


@pytest.mark.parametrize("member", ["manifest.json", "statements.json", "LISEZMOI.txt"])
def test_a_member_name_that_is_not_the_utf8_its_flag_announces_is_refused(
    tmp_path: Path, member: str
) -> None:
    """A corrupted copy can leave flag bit 11 (« UTF-8 name ») on a name that is not: the
    zip module then raises UnicodeDecodeError, which escaped as a traceback."""
    source = tmp_path / "source.zip"
    _write(source)
    path = tmp_path / "nom-illisible.zip"
    path.write_bytes(fuzzing.undecodable_name(source.read_bytes(), member, at=1))
    _refused(path, "archive endommagée", "illisible", "exporter à nouveau")


def test_a_symbolic_link_to_a_bundle_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "vrai.zip"
    _write(target)
    link = tmp_path / "lien.zip"
    link.symlink_to(target)
    _refused(link, "« lien.zip » est refusé : c'est un lien symbolique")
    assert read_bundle(target).statements


def _statements_read(path: Path) -> list[list[dict[str, Any]]]:
    with pb.open_bundle(path) as bundle:
        return [[checked.statement for checked in batch] for batch in bundle.batches()]


@pytest.mark.parametrize("window", [7, 64, 700, 4096, 1024 * 1024])
@pytest.mark.parametrize("layout", ["compact", "indented", "sorted", "tricky"])
def test_statements_are_read_in_batches_whatever_the_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, window: int, layout: str
) -> None:
    """The statements array is read a window at a time, cut between two statements: the
    same statements come out, in order, whatever the JSON's layout, including texts that
    look like a statement's start (« },{"id":" ») and keys in another order."""
    statements = builder_statements()
    if layout == "tricky":
        statements[2]["object"]["definition"]["name"]["fr-FR"] = (
            'Piège },{"id":"0b1c2d3e-0000-4000-8000-000000000000"}, ]] [{ \\" },'
        )
        statements[3]["result"]["response"] = "},"
    payload = {
        "compact": lambda: json.dumps(statements, separators=(",", ":"), ensure_ascii=False),
        "indented": lambda: json.dumps(statements, indent=2),
        "sorted": lambda: json.dumps(statements, sort_keys=True),
        "tricky": lambda: "\n  " + json.dumps(statements, ensure_ascii=False) + " \r\n",
    }[layout]().encode()
    members = _members(_forge(tmp_path / "source.zip", statements=statements))
    members["statements.json"] = payload
    document = json.loads(members["manifest.json"])
    document["statements_sha256"] = hashlib.sha256(payload).hexdigest()
    members["manifest.json"] = json.dumps(document).encode()
    path = _zip(tmp_path / "progression.zip", members)
    monkeypatch.setattr(pb, "_WINDOW_BYTES", window)
    batches = _statements_read(path)
    assert [s for batch in batches for s in batch] == statements
    if window <= 700:
        assert len(batches) > 1  # never the whole array at once


def test_a_large_file_is_never_held_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory: 2,000 statements read with a 16 kB window come in batches of a few dozen; the
    largest file the limits allow (200,000 statements) needed 2 GB when read whole."""
    shapes = builder_statements()
    statements = [
        shapes[n % len(shapes)] | {"id": f"00000000-0000-4000-8000-{n:012d}"} for n in range(2000)
    ]
    path = tmp_path / "gros.zip"
    _write(path, statements=statements)
    monkeypatch.setattr(pb, "_WINDOW_BYTES", 16 * 1024)
    sizes = [len(batch) for batch in _statements_read(path)]
    assert sum(sizes) == 2000
    assert max(sizes) < 60


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"[", "JSON UTF-8 lisible"),
        (b"", "JSON UTF-8 lisible"),
        (b"   ", "JSON UTF-8 lisible"),
        (b"[{}, ]", "JSON UTF-8 lisible"),
        (b"[,]", "JSON UTF-8 lisible"),
        (b"[] []", "JSON UTF-8 lisible"),
        (b"[]]", "JSON UTF-8 lisible"),
        (b"\xef\xbb\xbf[]", "JSON UTF-8 lisible"),
        (b'"texte"', "doit être une liste de déclarations"),
        (b"[" * 2000 + b"]" * 2000, "JSON UTF-8 lisible"),
        (b'["\xff"]', "JSON UTF-8 lisible"),
    ],
)
def test_statements_that_are_not_a_json_array(tmp_path: Path, text: bytes, expected: str) -> None:
    members = _members(_forge(tmp_path / "source.zip", statements=[]))
    members["statements.json"] = text
    document = json.loads(members["manifest.json"])
    document["statements_sha256"] = hashlib.sha256(text).hexdigest()
    members["manifest.json"] = json.dumps(document).encode()
    _refused(_zip(tmp_path / "pas-une-liste.zip", members), expected)


def test_an_empty_array_with_spaces_is_an_empty_bundle(tmp_path: Path) -> None:
    members = _members(_forge(tmp_path / "source.zip", statements=[]))
    members["statements.json"] = b" \n[ \n ]\n"
    document = json.loads(members["manifest.json"])
    document["statements_sha256"] = hashlib.sha256(members["statements.json"]).hexdigest()
    members["manifest.json"] = json.dumps(document).encode()
    assert read_bundle(_zip(tmp_path / "vide.zip", members)).statements == ()


def test_a_statement_nested_too_deep_to_be_stored_is_refused(tmp_path: Path) -> None:
    """orjson reads 1,024 levels but writes 255: such a statement was accepted, then its
    storage failed with an exception that stopped the import."""
    statements = builder_statements()
    deep: Any = "fond"
    for _ in range(300):
        deep = [deep]
    statements[0]["context"]["extensions"]["http://exemple.fr/profond"] = deep
    _refused(_forge(tmp_path / "profond.zip", statements=statements),
             "déclaration n° 1 : elle est trop volumineuse ou trop imbriquée")  # fmt: skip


def test_more_statements_than_announced_are_refused(tmp_path: Path) -> None:
    statements = builder_statements()
    path = _forge(tmp_path / "plus.zip", statements=statements, fix_count=False)
    members = _members(path)
    document = json.loads(members["manifest.json"])
    document["counts"]["statements"] = 2
    members["manifest.json"] = json.dumps(document).encode()
    expected = f"il annonce 2 déclarations mais en contient {len(statements)}."
    _refused(_zip(tmp_path / "annonce.zip", members), expected)


def test_other_compression_methods_are_refused(tmp_path: Path) -> None:
    members = _members(_forge(tmp_path / "source.zip"))
    path = tmp_path / "bzip2.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_BZIP2) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    _refused(path, "tronquée ou endommagée")
