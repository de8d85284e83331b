"""The progress bundle a trainee hands to their tutor: one zip file, read and written here.

Members: ``manifest.json`` (format marker and version, app and content versions, the
trainee's pseudonym, their display name only if they agreed, the séance code, counts and the
SHA-256 of ``statements.json``), ``statements.json`` (a JSON array of xAPI statements) and a
French ``LISEZMOI.txt``. Reading checks everything before returning anything — size before a
single byte is read, zip structure, member names, uncompressed sizes while streaming (a zip's
declared sizes can lie), manifest, checksum, then every statement — and refuses the whole file
with a ``BundleError`` whose French message names the file and the problem. No database, no Qt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, BinaryIO

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ent_coach.content.atomic_file import cannot_write, os_reason, write_atomically
from ent_coach.domain.coaching import display_code, is_valid_code
from ent_coach.domain.text import has_invisible_characters
from ent_coach.domain.xapi_validation import statement_fingerprint, statement_problems

BUNDLE_FORMAT = "ent-coach-progression"
BUNDLE_VERSION = 1
MAX_BUNDLE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_STATEMENTS = 200_000

MANIFEST_MEMBER = "manifest.json"
STATEMENTS_MEMBER = "statements.json"
README_MEMBER = "LISEZMOI.txt"
_REQUIRED_MEMBERS = frozenset({MANIFEST_MEMBER, STATEMENTS_MEMBER})
_ALLOWED_MEMBERS = _REQUIRED_MEMBERS | {README_MEMBER}
# The small members have small caps of their own, inside the overall one.
_MAX_SMALL_MEMBER_BYTES = 256 * 1024
PSEUDONYM_MAX_CHARS = 64
DISPLAY_NAME_MAX_CHARS = 80
_VERSION_MAX_CHARS = 40
_READ_CHUNK = 1024 * 1024
_ZIP_MAGIC = b"PK"
_PROBLEMS_SHOWN = 3
_PSEUDONYM = re.compile(r"[^\s<>]{1,64}")


class BundleError(ValueError):
    """A progress file that cannot be written or imported; the message is a complete French
    sentence naming the file and the problem."""


@dataclass(frozen=True, slots=True)
class BundleManifest:
    format_version: int
    app_version: str
    content_version: str
    pseudonym: str
    display_name: str | None
    seance_code: str | None
    created_at: dt.datetime
    counts: dict[str, int]
    statements_sha256: str


@dataclass(frozen=True, slots=True)
class ProgressBundle:
    manifest: BundleManifest
    statements: tuple[dict[str, Any], ...]


# --- field rules shared by writing and reading ---------------------------------------------


def _pseudonym_problem(value: str) -> str | None:
    if _PSEUDONYM.fullmatch(value) is None or has_invisible_characters(value):
        return (
            f"l'identifiant pseudonyme doit compter de 1 à {PSEUDONYM_MAX_CHARS} caractères, "
            "sans espace ni signe « < » ou « > »"
        )
    return None


def clean_display_name(value: str) -> str:
    """The name a trainee agreed to send, trimmed; raises ValueError (French) when it could
    be mistaken for markup, hides invisible characters, is empty or too long."""
    name = " ".join(value.split())
    if not name:
        raise ValueError("le nom affiché est vide")
    if len(name) > DISPLAY_NAME_MAX_CHARS:
        raise ValueError(
            f"le nom affiché est trop long ({len(name)} caractères, "
            f"{DISPLAY_NAME_MAX_CHARS} au plus)"
        )
    if "<" in name or ">" in name:
        # Shown in Qt labels, which may render text that looks like HTML.
        raise ValueError("le nom affiché ne doit pas contenir les signes « < » ou « > »")
    if has_invisible_characters(name) or any(ch in name for ch in "\u200b\u200c\u200d\ufeff"):
        raise ValueError("le nom affiché contient des caractères invisibles")
    return name


def verb_short_name(verb_id: str) -> str:
    """``http://adlnet.gov/expapi/verbs/completed`` → ``completed`` (the manifest's counts)."""
    return verb_id.rstrip("/").rsplit("/", 1)[-1]


def count_statements(statements: Sequence[dict[str, Any]]) -> dict[str, int]:
    by_verb = Counter(verb_short_name(statement["verb"]["id"]) for statement in statements)
    return {"statements": len(statements), **dict(sorted(by_verb.items()))}


def _statements_problems(
    statements: Sequence[object], pseudonym: str
) -> list[str]:
    """The first few problems: invalid statements, another actor, repeated ids."""
    problems: list[str] = []
    first_index: dict[str, int] = {}
    for index, statement in enumerate(statements):
        number = index + 1
        found = statement_problems(statement)
        if found:
            problems.extend(f"déclaration n° {number} : {problem}" for problem in found)
        else:
            assert isinstance(statement, dict)
            if statement["actor"]["account"]["name"] != pseudonym:
                # Never attach to one participant a record about somebody else.
                problems.append(
                    f"déclaration n° {number} : elle concerne une autre personne que "
                    "celle du fichier (identifiant pseudonyme différent)"
                )
            statement_id = statement["id"].lower()
            earlier = first_index.setdefault(statement_id, index)
            if earlier != index:
                # Fingerprints only for the rare repeated id: hashing every statement would
                # double the cost of an import.
                same = statement_fingerprint(statement) == statement_fingerprint(
                    statements[earlier]  # type: ignore[arg-type]
                )
                how = "le même contenu" if same else "des contenus différents"
                problems.append(
                    f"la déclaration {statement['id']} apparaît deux fois avec {how} "
                    f"(n° {earlier + 1} et n° {number})"
                )
        if len(problems) >= _PROBLEMS_SHOWN:
            break
    return problems[:_PROBLEMS_SHOWN]


def _problems_sentence(problems: list[str]) -> str:
    return " ; ".join(problems) + "."


# --- writing --------------------------------------------------------------------------------


def readme_text(*, display_name: str | None, seance_code: str | None, count: int) -> str:
    who = (
        f"Le nom « {display_name} » y figure, avec l'accord de la personne."
        if display_name
        else "Aucun nom n'y figure : la personne n'y est désignée que par un identifiant "
        "pseudonyme aléatoire."
    )
    seance = (
        f"Il concerne la séance {display_code(seance_code)}."
        if seance_code
        else "Il contient toute la progression enregistrée sur le profil."
    )
    plural = "s" if count > 1 else ""  # French: « 0 déclaration », « 1 déclaration »
    return f"""ENT Coach — fichier de progression

Ce fichier contient les traces d'apprentissage d'un stagiaire ({count} déclaration{plural} xAPI :
tutoriels lus, réponses aux quiz, scénarios du bac à sable, étapes de parcours…), destinées
à son formateur ou à sa formatrice. {seance}
{who}

Pour le formateur : dans ENT Coach, ouvrez la séance concernée et importez ce fichier tel
quel. Un fichier modifié ou endommagé est refusé.

Contenu : {MANIFEST_MEMBER} (description du fichier et somme de contrôle) et
{STATEMENTS_MEMBER} (les déclarations, au format xAPI 1.0.3).
Ce fichier peut contenir des données personnelles : supprimez-le quand il ne sert plus.
"""


def write_bundle(
    path: Path,
    *,
    statements: Sequence[dict[str, Any]],
    pseudonym: str,
    display_name: str | None,
    seance_code: str | None,
    app_version: str,
    content_version: str,
    created_at: dt.datetime,
) -> BundleManifest:
    """Write the bundle atomically and return its manifest; raises BundleError.

    The statements are checked as the tutor's import will check them: a file that would be
    refused there is never written.
    """
    name = path.name
    problem = _pseudonym_problem(pseudonym)
    if problem:
        raise BundleError(f"Le fichier « {name} » n'a pas été créé : {problem}.")
    if display_name is not None:
        try:
            display_name = clean_display_name(display_name)
        except ValueError as exc:
            raise BundleError(f"Le fichier « {name} » n'a pas été créé : {exc}.") from None
    if seance_code is not None and not is_valid_code(seance_code):
        raise BundleError(
            f"Le fichier « {name} » n'a pas été créé : le code de séance « {seance_code[:20]} » "
            "n'est pas valide."
        )
    if len(statements) > MAX_STATEMENTS:
        raise BundleError(
            f"Le fichier « {name} » n'a pas été créé : {len(statements)} déclarations, "
            f"{MAX_STATEMENTS} au plus."
        )
    problems = _statements_problems(statements, pseudonym)
    if problems:
        raise BundleError(
            f"Le fichier « {name} » n'a pas été créé, des traces enregistrées sont invalides : "
            + _problems_sentence(problems)
        )
    payload = json.dumps(list(statements), ensure_ascii=False, separators=(",", ":")).encode()
    manifest = BundleManifest(
        format_version=BUNDLE_VERSION,
        app_version=app_version,
        content_version=content_version,
        pseudonym=pseudonym,
        display_name=display_name,
        seance_code=seance_code,
        created_at=created_at,
        counts=count_statements(statements),
        statements_sha256=hashlib.sha256(payload).hexdigest(),
    )
    manifest_bytes = json.dumps(
        _manifest_document(manifest), ensure_ascii=False, indent=2
    ).encode()
    readme = readme_text(
        display_name=display_name, seance_code=seance_code, count=len(statements)
    ).encode()
    _write_atomically(path, {MANIFEST_MEMBER: manifest_bytes, STATEMENTS_MEMBER: payload,
                             README_MEMBER: readme})
    return manifest


def _manifest_document(manifest: BundleManifest) -> dict[str, Any]:
    return {
        "format": BUNDLE_FORMAT,
        "version": manifest.format_version,
        "app_version": manifest.app_version,
        "content_version": manifest.content_version,
        "pseudonym": manifest.pseudonym,
        "display_name": manifest.display_name,
        "seance_code": manifest.seance_code,
        "created_at": manifest.created_at.isoformat(),
        "counts": manifest.counts,
        "statements_sha256": manifest.statements_sha256,
    }


def _write_atomically(path: Path, members: dict[str, bytes]) -> None:
    """A temporary file beside the target, flushed to disk, then renamed over it: the
    destination is either the old file or the complete new one, never half of it."""

    def fill(handle: BinaryIO) -> None:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for member, data in members.items():
                archive.writestr(member, data)

    try:
        write_atomically(path, fill)
    except OSError as exc:
        raise BundleError(cannot_write(path, exc)) from exc


# --- reading --------------------------------------------------------------------------------


class _ManifestModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    format: str
    version: int
    app_version: Annotated[str, Field(min_length=1, max_length=_VERSION_MAX_CHARS)]
    content_version: Annotated[str, Field(min_length=1, max_length=_VERSION_MAX_CHARS)]
    pseudonym: str
    display_name: str | None
    seance_code: str | None
    created_at: Annotated[dt.datetime, Field(strict=False)]
    counts: dict[Annotated[str, Field(max_length=64)], Annotated[int, Field(ge=0)]]
    statements_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]

    @field_validator("pseudonym")
    @classmethod
    def _pseudonym(cls, value: str) -> str:
        problem = _pseudonym_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("display_name")
    @classmethod
    def _display_name(cls, value: str | None) -> str | None:
        return None if value is None else clean_display_name(value)

    @field_validator("seance_code")
    @classmethod
    def _seance_code(cls, value: str | None) -> str | None:
        if value is not None and not is_valid_code(value):
            raise ValueError("code de séance invalide")
        return value

    @field_validator("counts")
    @classmethod
    def _statement_count(cls, value: dict[str, int]) -> dict[str, int]:
        if "statements" not in value:
            raise ValueError("le nombre de déclarations manque")
        return value


_FIELD_LABELS = {
    "app_version": "version de l'application",
    "content_version": "version du contenu",
    "pseudonym": "identifiant pseudonyme",
    "display_name": "nom affiché",
    "seance_code": "code de séance",
    "created_at": "date de création",
    "counts": "décomptes",
    "statements_sha256": "somme de contrôle",
}


def _french_validation(exc: ValidationError) -> str:
    error = exc.errors()[0]
    field = str(error["loc"][0]) if error["loc"] else ""
    label = f"« {field} » ({_FIELD_LABELS[field]})" if field in _FIELD_LABELS else f"« {field} »"
    if error["type"] == "missing":
        return f"le champ {label} manque"
    if error["type"] == "extra_forbidden":
        return f"le champ « {field[:40]} » est inconnu"
    if error["type"] == "value_error":
        message = str(error.get("msg", "")).removeprefix("Value error, ")
    elif error["type"].startswith(("datetime", "date")):
        message = "date illisible"
    else:
        message = "valeur de type ou de longueur inattendue"
    return f"le champ {label} est invalide ({message})"


def _check_member_name(name: str, file_name: str) -> None:
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or ".." in name.split("/")
        or re.match(r"^[A-Za-z]:", name)
        or "\x00" in name
    ):
        raise BundleError(
            f"Le fichier « {file_name} » est refusé : il contient un chemin dangereux "
            f"(« {name[:80]} »)."
        )


class _TooBig(Exception):
    pass


def _refuse_constant(name: str) -> None:
    # NaN and infinities are not JSON: they would slip into the database as such.
    raise ValueError(f"constante non JSON : {name}")


def _parse_json(raw: bytes) -> Any:
    # orjson parses several times faster than the standard library (the tutor imports tens
    # of thousands of statements at once) and, like _refuse_constant, refuses NaN/Infinity.
    return orjson.loads(raw.decode("utf-8"))


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Stream a member with a hard cap: a member whose header lies about its size still stops
    at ``limit`` bytes."""
    if info.file_size > limit:
        raise _TooBig
    chunks: list[bytes] = []
    total = 0
    with archive.open(info) as member:
        while chunk := member.read(min(_READ_CHUNK, limit + 1 - total)):
            total += len(chunk)
            if total > limit:
                raise _TooBig
            chunks.append(chunk)
    return b"".join(chunks)


def _read_members(path: Path, name: str) -> tuple[bytes, bytes]:
    """The manifest's and the statements' bytes, after every structural check."""
    not_bundle = f"Le fichier « {name} » n'est pas un fichier de progression ENT Coach."
    damaged = (
        f"Le fichier « {name} » est une archive tronquée ou endommagée : demandez au stagiaire "
        "de l'exporter à nouveau."
    )
    too_big = (
        f"Le fichier « {name} » est refusé : une fois décompressé, il dépasserait "
        f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} Mo (archive piégée ou anormale)."
    )
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
        if not head.startswith(_ZIP_MAGIC):
            raise BundleError(not_bundle)
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = [info.filename for info in infos]
            for info in infos:
                _check_member_name(info.filename, name)
                if info.is_dir():
                    raise BundleError(
                        f"Le fichier « {name} » est refusé : il contient un dossier "
                        f"(« {info.filename[:80]} »)."
                    )
            if len(names) != len(set(names)):
                raise BundleError(
                    f"Le fichier « {name} » est refusé : il contient deux fois le même membre."
                )
            unexpected = sorted(set(names) - _ALLOWED_MEMBERS)
            if unexpected or not set(names) >= _REQUIRED_MEMBERS:
                detail = (
                    f"il contient « {unexpected[0][:80]} »"
                    if unexpected
                    else f"il lui manque {' ou '.join(sorted(_REQUIRED_MEMBERS - set(names)))}"
                )
                raise BundleError(
                    f"Le fichier « {name} » n'est pas un fichier de progression ENT Coach : "
                    f"{detail}."
                )
            if any(info.flag_bits & 0x1 for info in infos):
                raise BundleError(
                    f"Le fichier « {name} » est chiffré : il ne peut pas être importé."
                )
            if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
                raise BundleError(too_big)
            if README_MEMBER in names:
                _read_member(archive, archive.getinfo(README_MEMBER), _MAX_SMALL_MEMBER_BYTES)
            manifest = _read_member(
                archive, archive.getinfo(MANIFEST_MEMBER), _MAX_SMALL_MEMBER_BYTES
            )
            statements = _read_member(
                archive, archive.getinfo(STATEMENTS_MEMBER), MAX_UNCOMPRESSED_BYTES
            )
    except _TooBig:
        raise BundleError(too_big) from None
    except (
        zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError
    ) as exc:
        raise BundleError(damaged) from exc
    except OSError as exc:
        raise BundleError(
            f"Impossible de lire le fichier « {name} » ({os_reason(exc)})."
        ) from exc
    return manifest, statements


def _parse_manifest(raw: bytes, name: str) -> BundleManifest:
    try:
        document = _parse_json(raw)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BundleError(
            f"Le fichier « {name} » est refusé : sa description ({MANIFEST_MEMBER}) n'est pas "
            "un JSON UTF-8 lisible."
        ) from None
    if not isinstance(document, dict) or document.get("format") != BUNDLE_FORMAT:
        raise BundleError(
            f"Le fichier « {name} » n'est pas un fichier de progression ENT Coach (marqueur de "
            "format absent ou différent)."
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BundleError(
            f"Le fichier « {name} » a une version de format inconnue ou illisible."
        )
    if version > BUNDLE_VERSION:
        raise BundleError(
            f"Le fichier « {name} » vient d'une version plus récente d'ENT Coach (format "
            f"{version}, cette version lit le format {BUNDLE_VERSION}) : mettez ENT Coach à "
            "jour pour l'importer."
        )
    try:
        model = _ManifestModel.model_validate(document)
    except ValidationError as exc:
        raise BundleError(
            f"Le fichier « {name} » est refusé : dans sa description, "
            f"{_french_validation(exc)}."
        ) from None
    return BundleManifest(
        format_version=model.version,
        app_version=model.app_version,
        content_version=model.content_version,
        pseudonym=model.pseudonym,
        display_name=model.display_name,
        seance_code=model.seance_code,
        created_at=model.created_at,
        counts=dict(model.counts),
        statements_sha256=model.statements_sha256,
    )


def read_bundle(path: Path) -> ProgressBundle:
    """Open and check a progress bundle; raises BundleError. Nothing is written."""
    name = path.name
    try:
        info = path.stat()
    except OSError as exc:
        raise BundleError(
            f"Impossible de lire le fichier « {name} » ({os_reason(exc)})."
        ) from exc
    if not path.is_file():
        raise BundleError(f"« {name} » n'est pas un fichier.")
    if info.st_size > MAX_BUNDLE_BYTES:
        # Refused on its size alone: such a file is never opened.
        raise BundleError(
            f"Le fichier « {name} » est trop volumineux ({info.st_size // (1024 * 1024)} Mo) : "
            f"un fichier de progression ne dépasse pas {MAX_BUNDLE_BYTES // (1024 * 1024)} Mo."
        )
    manifest_bytes, statements_bytes = _read_members(path, name)
    manifest = _parse_manifest(manifest_bytes, name)
    if hashlib.sha256(statements_bytes).hexdigest() != manifest.statements_sha256:
        raise BundleError(
            f"La somme de contrôle du fichier « {name} » ne correspond pas : fichier modifié ou "
            "endommagé."
        )
    try:
        statements = _parse_json(statements_bytes)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BundleError(
            f"Le fichier « {name} » est refusé : ses déclarations ({STATEMENTS_MEMBER}) ne "
            "sont pas un JSON UTF-8 lisible."
        ) from None
    if not isinstance(statements, list):
        raise BundleError(
            f"Le fichier « {name} » est refusé : {STATEMENTS_MEMBER} doit être une liste de "
            "déclarations."
        )
    if len(statements) > MAX_STATEMENTS:
        raise BundleError(
            f"Le fichier « {name} » est refusé : {len(statements)} déclarations, "
            f"{MAX_STATEMENTS} au plus."
        )
    if len(statements) != manifest.counts["statements"]:
        raise BundleError(
            f"Le fichier « {name} » est refusé : il annonce {manifest.counts['statements']} "
            f"déclarations mais en contient {len(statements)}."
        )
    problems = _statements_problems(statements, manifest.pseudonym)
    if problems:
        raise BundleError(
            f"Le fichier « {name} » est refusé, des déclarations sont invalides : "
            + _problems_sentence(problems)
        )
    return ProgressBundle(manifest=manifest, statements=tuple(statements))
