"""The « Mes données » archive: one zip holding ``donnees.json`` (every row about a profile,
indented, dates in ISO 8601) and a French ``LISEZMOI.txt``.

Reading checks everything before returning anything: file size, zip structure, member names
(no paths, links or extra files), uncompressed size (zip bombs), UTF-8 JSON, format marker,
version, then the schema. Every refusal is an ``ArchiveError`` with a French message. The
rows themselves are checked against the database schema by the store (``store.mydata``).
No database, no Qt here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, BinaryIO

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ent_coach.content.atomic_file import (
    ZIP_DAMAGE,
    ZIP_METHODS,
    NotRegularFileError,
    open_regular_file,
    os_reason,
    write_atomically,
)
from ent_coach.domain.profiles import ProfileError, clean_display_name
from ent_coach.domain.statements import (
    ANSWERED,
    ATTEMPTED,
    COMPLETED,
    EXPERIENCED,
    FAILED,
    PASSED,
    PROGRESSED,
)
from ent_coach.domain.taxonomy import Role

FORMAT = "ent-coach-donnees-profil"
VERSION = 1
DATA_MEMBER = "donnees.json"
README_MEMBER = "LISEZMOI.txt"
STATEMENTS_TABLE = "statements"

MAX_ARCHIVE_BYTES = 50 * 1024 * 1024
# Uncompressed bounds, enforced while reading (a zip's declared sizes can lie).
MAX_DATA_BYTES = 200 * 1024 * 1024
MAX_README_BYTES = 1024 * 1024
MAX_ROWS_PER_TABLE = 500_000
MAX_STATEMENT_CHARS = 64 * 1024

_MARKUP = re.compile(r"[<>]")
_PSEUDONYM = r"^[0-9a-fA-F-]{8,36}$"
_READ_CHUNK = 1024 * 1024


class ArchiveError(ValueError):
    """A data file that cannot be imported; the message is French and names the problem."""


class NameTakenError(ArchiveError):
    """Another profile of this computer already has the archive's display name."""

    def __init__(self, name: str, suggestion: str) -> None:
        super().__init__(
            f"Un autre profil s'appelle déjà « {name} » sur cet ordinateur : choisissez un autre "
            "nom pour le profil importé."
        )
        self.name = name
        self.suggestion = suggestion


# --- counts shown on the screen and in the import preview -------------------------------

VERB_LABELS: dict[str, str] = {
    verb.id: verb.display for verb in (EXPERIENCED, COMPLETED, ANSWERED, PASSED, FAILED, ATTEMPTED, PROGRESSED)
}

# (key, French label) in the order shown; a key is a table name, or table:value for a split.
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("activity_progress", "Activités suivies (progression)"),
    ("notes", "Notes de lecture"),
    ("own_practices", "Pratiques rédigées ou importées"),
    ("practice_favourites", "Pratiques en favori"),
    ("sandbox_workspaces:scenario", "Espaces du bac à sable — scénarios"),
    ("sandbox_workspaces:libre", "Espaces du bac à sable — mode libre"),
    ("quiz_attempts", "Tentatives de quiz"),
    ("quiz_review", "Questions de quiz à revoir"),
    ("assessments", "Auto-évaluations"),
    ("pathway_enrolments", "Parcours suivis"),
    ("pathway_ticks", "Cases cochées dans les parcours"),
    ("pathway_notes", "Notes des parcours"),
)


def verb_label(verb_id: str, display: str | None = None) -> str:
    """French label of an xAPI verb: ours, else the statement's own display, else the IRI's end."""
    if verb_id in VERB_LABELS:
        return VERB_LABELS[verb_id]
    if display and not _MARKUP.search(display):
        return display[:60]
    return verb_id.rstrip("/").rsplit("/", 1)[-1][:60] or verb_id[:60]


@dataclass(frozen=True, slots=True)
class CountLine:
    key: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class DataCounts:
    """What is stored about a profile: learning events by verb, then the other categories."""

    events: tuple[CountLine, ...]
    categories: tuple[CountLine, ...]

    @property
    def total_events(self) -> int:
        return sum(line.count for line in self.events)

    @property
    def total(self) -> int:
        return self.total_events + sum(line.count for line in self.categories)

    def get(self, key: str) -> int:
        for line in (*self.events, *self.categories):
            if line.key == key:
                return line.count
        return 0


def build_counts(
    *,
    verbs: Mapping[str, tuple[str, int]],
    tables: Mapping[str, int],
    sandbox_modes: Mapping[str, int],
) -> DataCounts:
    """``verbs``: verb IRI → (label, count); ``tables``: rows per table; ``sandbox_modes``:
    workspaces per mode."""
    events = tuple(
        CountLine(f"verb:{verb_id}", label, count)
        for verb_id, (label, count) in sorted(verbs.items(), key=lambda item: -item[1][1])
    )
    categories = []
    for key, label in CATEGORIES:
        table, _, split = key.partition(":")
        count = sandbox_modes.get(split, 0) if split else tables.get(table, 0)
        categories.append(CountLine(key, label, count))
    return DataCounts(events=events, categories=tuple(categories))


def counts_of_tables(tables: Mapping[str, list[dict[str, Any]]]) -> DataCounts:
    """Counts of an archive's content (the import preview), same lines as the screen's."""
    verbs: dict[str, tuple[str, int]] = {}
    for statement in tables.get(STATEMENTS_TABLE, []):
        verb = statement["verb"]
        display = verb.get("display", {}).get("fr-FR") if isinstance(verb.get("display"), dict) else None
        label, count = verbs.get(verb["id"], (verb_label(verb["id"], display), 0))
        verbs[verb["id"]] = (label, count + 1)
    modes: dict[str, int] = {}
    for row in tables.get("sandbox_workspaces", []):
        modes[str(row.get("mode"))] = modes.get(str(row.get("mode")), 0) + 1
    return build_counts(
        verbs=verbs, tables={name: len(rows) for name, rows in tables.items()}, sandbox_modes=modes
    )


# --- schema ---------------------------------------------------------------------------------


def _naive(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None:
        raise ValueError("date sans fuseau horaire attendue")
    return value


class ProfileModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pseudonym: Annotated[str, Field(pattern=_PSEUDONYM, max_length=36)]
    display_name: Annotated[str, Field(max_length=200)]
    role: Role
    locale: Annotated[str, Field(pattern=r"^[a-z]{2}(_[A-Z]{2})?$", max_length=16)]
    created_at: dt.datetime

    @field_validator("display_name")
    @classmethod
    def _display_name(cls, value: str) -> str:
        if _MARKUP.search(value):
            raise ValueError("le nom affiché contient du balisage (< ou >), refusé")
        try:
            return clean_display_name(value)
        except ProfileError as exc:
            raise ValueError(str(exc)) from exc

    _created = field_validator("created_at")(_naive)


class ArchiveModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: str
    version: int
    app_version: Annotated[str, Field(max_length=40)] | None = None
    exported_at: dt.datetime
    profile: ProfileModel
    tables: dict[
        Annotated[str, Field(max_length=64)],
        Annotated[list[dict[str, Any]], Field(max_length=MAX_ROWS_PER_TABLE)],
    ]


@dataclass(frozen=True, slots=True)
class ArchivedProfile:
    pseudonym: str
    display_name: str
    role: Role
    locale: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ProfileArchive:
    """A checked archive: the profile and its rows per table (profile ids left out)."""

    profile: ArchivedProfile
    exported_at: dt.datetime
    app_version: str | None
    tables: dict[str, list[dict[str, Any]]]

    @property
    def counts(self) -> DataCounts:
        return counts_of_tables(self.tables)


def _location(error: dict[str, Any]) -> str:
    return ".".join(str(part) for part in error["loc"])


def _french_validation(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = _location(error)
    if error["type"] == "missing":
        return f"champ manquant : « {where} »"
    if error["type"] == "extra_forbidden":
        return f"champ inconnu : « {where} »"
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    return f"« {where} » invalide ({message})"


def _check_statement(statement: dict[str, Any], index: int, pseudonym: str) -> None:
    where = f"{STATEMENTS_TABLE}[{index}]"
    for key in ("id", "actor", "verb", "object", "timestamp"):
        if key not in statement:
            raise ArchiveError(f"Évènement d'apprentissage incomplet ({where}) : « {key} » manque.")
    if not isinstance(statement["id"], str) or not re.fullmatch(_PSEUDONYM, statement["id"]):
        raise ArchiveError(f"Identifiant d'évènement invalide ({where}).")
    for key in ("verb", "object"):
        part = statement[key]
        if not isinstance(part, dict) or not isinstance(part.get("id"), str) or not part["id"]:
            raise ArchiveError(f"Évènement d'apprentissage invalide ({where}) : « {key}.id » manque.")
    if len(statement["verb"]["id"]) > 200 or len(statement["object"]["id"]) > 300:
        raise ArchiveError(f"Évènement d'apprentissage invalide ({where}) : identifiant trop long.")
    if not isinstance(statement["timestamp"], str) or len(statement["timestamp"]) > 40:
        raise ArchiveError(f"Date d'évènement invalide ({where}).")
    try:
        dt.datetime.fromisoformat(statement["timestamp"])
    except ValueError as exc:
        raise ArchiveError(f"Date d'évènement invalide ({where}).") from exc
    account = statement["actor"].get("account") if isinstance(statement["actor"], dict) else None
    if not isinstance(account, dict) or account.get("name") != pseudonym:
        # Never attach to this profile a record about somebody else.
        raise ArchiveError(
            f"Un évènement d'apprentissage ({where}) concerne un autre profil que celui du fichier."
        )
    if len(json.dumps(statement, ensure_ascii=False)) > MAX_STATEMENT_CHARS:
        raise ArchiveError(f"Évènement d'apprentissage trop volumineux ({where}).")


def parse_document(raw: bytes) -> ProfileArchive:
    """Check ``donnees.json``'s bytes and return the archive; raises ArchiveError."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArchiveError("Le fichier de données n'est pas un texte UTF-8 valide.") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArchiveError(
            f"Le fichier de données n'est pas un JSON valide (ligne {exc.lineno}, colonne "
            f"{exc.colno})."
        ) from exc
    except (ValueError, RecursionError) as exc:  # numbers too long, nesting too deep
        raise ArchiveError("Le fichier de données n'est pas un JSON lisible.") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError(
            "Ce fichier n'est pas une archive de données ENT Coach (marqueur de format absent ou "
            "différent)."
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ArchiveError("Version de format absente ou illisible dans ce fichier.")
    if version > VERSION:
        raise ArchiveError(
            f"Ce fichier vient d'une version plus récente d'ENT Coach (format {version}, cette "
            f"version lit le format {VERSION}). Mettez ENT Coach à jour pour l'importer."
        )
    try:
        model = ArchiveModel.model_validate(data)
    except ValidationError as exc:
        raise ArchiveError(f"Fichier de données invalide : {_french_validation(exc)}.") from exc
    for index, statement in enumerate(model.tables.get(STATEMENTS_TABLE, [])):
        _check_statement(statement, index, model.profile.pseudonym)
    profile = model.profile
    return ProfileArchive(
        profile=ArchivedProfile(
            pseudonym=profile.pseudonym,
            display_name=profile.display_name,
            role=profile.role,
            locale=profile.locale,
            created_at=profile.created_at,
        ),
        exported_at=model.exported_at,
        app_version=model.app_version,
        tables=model.tables,
    )


# --- zip ------------------------------------------------------------------------------------


def _check_member_name(name: str) -> None:
    if (
        not name
        or name.startswith(("/", "\\"))
        or re.match(r"^[A-Za-z]:", name)
        or "\\" in name
        or ".." in name.split("/")
        or "\x00" in name
    ):
        raise ArchiveError(
            f"L'archive contient un chemin dangereux (« {name[:80]} ») : elle est refusée."
        )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise ArchiveError(
            f"« {info.filename} » est trop volumineux une fois décompressé "
            f"({info.file_size // (1024 * 1024)} Mo, {limit // (1024 * 1024)} Mo au plus)."
        )
    chunks: list[bytes] = []
    total = 0
    with archive.open(info) as member:
        while chunk := member.read(_READ_CHUNK):
            total += len(chunk)
            if total > limit:  # the declared size lied: stop before filling memory
                raise ArchiveError(
                    f"« {info.filename} » est trop volumineux une fois décompressé "
                    f"({limit // (1024 * 1024)} Mo au plus)."
                )
            chunks.append(chunk)
    return b"".join(chunks)


def _check_members(infos: list[zipfile.ZipInfo]) -> None:
    names = [info.filename for info in infos]
    for name in names:
        _check_member_name(name)
    for info in infos:
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode) or info.is_dir():
            raise ArchiveError(
                f"L'archive contient un lien ou un dossier (« {info.filename[:80]} ») : "
                "elle est refusée."
            )
        if info.flag_bits & 0x1:
            raise ArchiveError("L'archive est chiffrée : elle ne peut pas être importée.")
        if info.compress_type not in ZIP_METHODS:
            raise ArchiveError(
                f"« {info.filename[:80]} » est compressé d'une manière qu'ENT Coach ne lit pas : "
                "exportez l'archive à nouveau depuis ENT Coach."
            )
    unexpected = sorted(set(names) - {DATA_MEMBER, README_MEMBER})
    if unexpected:
        raise ArchiveError(
            f"L'archive contient un fichier inattendu (« {unexpected[0][:80]} ») : elle "
            f"ne doit contenir que {DATA_MEMBER} et {README_MEMBER}."
        )
    if len(names) != len(set(names)):
        raise ArchiveError("L'archive contient deux fois le même fichier : elle est refusée.")
    if DATA_MEMBER not in names:
        raise ArchiveError(f"L'archive ne contient pas le fichier {DATA_MEMBER}.")


def _read_data(handle: BinaryIO) -> bytes:
    """``donnees.json``'s bytes, after every check of the zip; raises ArchiveError, or one of
    ZIP_DAMAGE for a damaged archive."""
    with zipfile.ZipFile(handle) as archive:
        infos = archive.infolist()
        _check_members(infos)
        if README_MEMBER in archive.namelist():
            _read_member(archive, archive.getinfo(README_MEMBER), MAX_README_BYTES)
        return _read_member(archive, archive.getinfo(DATA_MEMBER), MAX_DATA_BYTES)


def read_archive(path: Path) -> ProfileArchive:
    """Open and check an exported archive; raises ArchiveError (nothing is written).

    Only a regular file is read, never what a symbolic link points to; its size is checked
    before a byte is read."""
    name = path.name
    damaged = (
        f"L'archive « {name} » est endommagée ou incomplète : exportez-la à nouveau depuis "
        "l'ordinateur d'origine."
    )
    try:
        handle = open_regular_file(path)
    except NotRegularFileError as exc:
        raise ArchiveError(f"« {name} » est refusé : {exc.reason}.") from None
    except OSError as exc:
        raise ArchiveError(f"Impossible de lire « {name} » ({os_reason(exc)}).") from exc
    with handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_ARCHIVE_BYTES:
                raise ArchiveError(
                    f"« {name} » est trop volumineux ({size // (1024 * 1024)} Mo, "
                    f"{MAX_ARCHIVE_BYTES // (1024 * 1024)} Mo au plus)."
                )
            if not zipfile.is_zipfile(handle):
                raise ArchiveError(f"« {name} » n'est pas une archive ZIP exportée par ENT Coach.")
            raw = _read_data(handle)
        except ArchiveError:
            raise
        except UnicodeDecodeError as exc:  # a name whose bytes are not the UTF-8 announced
            raise ArchiveError(
                f"L'archive « {name} » est endommagée : le nom d'un des fichiers qu'elle "
                "contient est illisible. Exportez-la à nouveau depuis l'ordinateur d'origine."
            ) from exc
        except ZIP_DAMAGE as exc:
            raise ArchiveError(damaged) from exc
        except OSError as exc:
            raise ArchiveError(f"Impossible de lire « {name} » ({os_reason(exc)}).") from exc
    return parse_document(raw)


def readme_text(*, display_name: str, exported_at: dt.datetime) -> str:
    when = exported_at.strftime("%d/%m/%Y à %H:%M")
    return f"""ENT Coach — données du profil « {display_name} »
Exportées le {when}.

CE QUE CONTIENT CETTE ARCHIVE
- {DATA_MEMBER} : toutes les données de ce profil, dans un fichier texte lisible (JSON) :
  * « profile » : le nom affiché, le rôle, la langue, la date de création et l'identifiant
    pseudonyme aléatoire du profil ;
  * « tables » : le reste, rangé par catégorie :
    - statements : les évènements d'apprentissage (tutoriel consulté ou terminé, réponse à
      une question, quiz réussi ou échoué, scénario tenté…), au format xAPI ; la personne
      y est désignée par son identifiant pseudonyme, jamais par son nom ;
    - activity_progress : la progression résumée par activité ;
    - notes : vos notes de lecture ;
    - quiz_attempts, quiz_answers, quiz_review : vos quiz et les questions à revoir ;
    - sandbox_workspaces : vos espaces du bac à sable ;
    - assessments, assessment_ratings : vos auto-évaluations ;
    - own_practices, practice_favourites : vos pratiques et vos favoris ;
    - pathway_enrolments, pathway_ticks, pathway_notes, pathway_step_records : les parcours
      que vous suivez, les cases cochées et les notes de leurs activités, et les étapes déjà
      enregistrées comme terminées.
- {README_MEMBER} : ce texte.

Le code PIN n'est pas exporté : après l'import, vous pourrez en choisir un nouveau
(menu Profil › Gérer les profils…).

POUR RETROUVER CE PROFIL SUR UN AUTRE ORDINATEUR
Ouvrez ENT Coach, puis « Mes données » › « Importer un profil… », ou bien, depuis l'écran
d'accueil, « Importer un profil… », et choisissez ce fichier .zip sans le modifier.

ATTENTION : DONNÉES PERSONNELLES
Ce fichier contient des données personnelles. Gardez-le en lieu sûr (pas de partage public,
pas de messagerie non sécurisée) et supprimez-le lorsque vous n'en avez plus besoin.
"""


def write_archive(path: Path, *, document: dict[str, Any], readme: str) -> None:
    """Write the zip atomically: a temporary file beside the target, then a rename."""
    payload = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")

    def fill(handle: BinaryIO) -> None:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(README_MEMBER, readme.encode("utf-8"))
            archive.writestr(DATA_MEMBER, payload)

    write_atomically(path, fill)
