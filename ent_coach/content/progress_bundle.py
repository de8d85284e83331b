"""The progress bundle a trainee hands to their tutor: one zip file, read and written here.

Members: ``manifest.json`` (format marker and version, app and content versions, the
trainee's pseudonym, their display name only if they agreed, the séance code, counts and the
SHA-256 of ``statements.json``), ``statements.json`` (a JSON array of xAPI statements) and a
French ``LISEZMOI.txt``. Reading checks the file — a regular file, never a symbolic link; its
size before a single byte is read; zip structure, member names, uncompressed sizes while
streaming (a zip's declared sizes can lie); manifest — then hands out the statements in batches
of a window of text, each checked, so that memory stays small whatever the file's size; the
checksum, the count and each id's uniqueness are known at the end. Any problem refuses the
whole file with a ``BundleError`` whose French message names the file and the problem (what was
done with earlier batches is then to be undone: the import does it in one transaction).
No database, no Qt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, BinaryIO

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ent_coach.content.atomic_file import (
    ZIP_DAMAGE,
    ZIP_METHODS,
    NotRegularFileError,
    cannot_write,
    open_regular_file,
    os_reason,
    write_atomically,
)
from ent_coach.domain.coaching import display_code, is_valid_code
from ent_coach.domain.text import has_invisible_characters
from ent_coach.domain.xapi_validation import canonical_bytes, statement_problems

BUNDLE_FORMAT = "ent-coach-progression"
BUNDLE_VERSION = 1
MAX_BUNDLE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_STATEMENTS = 200_000
# One statement, as stored: ENT Coach's own weigh a few kilobytes.
MAX_STATEMENT_BYTES = 256 * 1024

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
# Statements are read, parsed and checked this many bytes at a time (about a thousand).
_WINDOW_BYTES = 1024 * 1024
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


@dataclass(frozen=True, slots=True)
class CheckedStatement:
    """A statement that passed every check, with the form the tutor stores it in."""

    statement: dict[str, Any]
    canonical: bytes  # compact UTF-8 JSON, keys sorted (``xapi_validation.canonical_bytes``)
    fingerprint: str  # SHA-256 of ``canonical``, hexadecimal


class _StatementChecker:
    """The checks of every statement, a batch at a time, for writing and for reading: valid
    xAPI of ENT Coach's subset, about the file's person, each id once, not too big. Keeps the
    first few problems (French, numbered from 1 across batches).

    Each statement's canonical form and fingerprint are computed once, here: the import needs
    them, and so does the comparison of two statements with the same id. Only 16 bytes of id
    and 32 of fingerprint are kept per statement (a file may hold 200,000 of them)."""

    def __init__(self, pseudonym: str) -> None:
        self._pseudonym = pseudonym
        self._first: dict[bytes, int] = {}  # id as 16 bytes → number of its first statement
        self._digests = bytearray()  # SHA-256 of statement n at [32 (n - 1) : 32 n]
        self.count = 0
        self.problems: list[str] = []

    @property
    def enough_problems(self) -> bool:
        return len(self.problems) >= _PROBLEMS_SHOWN

    def check(self, statements: Iterable[object]) -> list[CheckedStatement]:
        """The valid statements of the batch (all of them while ``problems`` is empty)."""
        checked: list[CheckedStatement] = []
        for statement in statements:
            self.count += 1
            if self.enough_problems:
                continue
            found = self._checked(statement, self.count)
            if found is not None:
                checked.append(found)
        return checked

    def _checked(self, statement: object, number: int) -> CheckedStatement | None:
        problems = statement_problems(statement)
        if problems:
            self._digests += bytes(32)
            self.problems.extend(f"déclaration n° {number} : {problem}" for problem in problems)
            return None
        assert isinstance(statement, dict)
        try:
            canonical = canonical_bytes(statement)
        except orjson.JSONEncodeError:  # nested deeper than orjson writes (255 levels)
            canonical = b""
        digest = hashlib.sha256(canonical).digest()
        self._digests += digest
        if not canonical or len(canonical) > MAX_STATEMENT_BYTES:
            self.problems.append(
                f"déclaration n° {number} : elle est trop volumineuse ou trop imbriquée "
                f"({MAX_STATEMENT_BYTES // 1024} ko au plus)"
            )
            return None
        if statement["actor"]["account"]["name"] != self._pseudonym:
            # Never attach to one participant a record about somebody else.
            self.problems.append(
                f"déclaration n° {number} : elle concerne une autre personne que "
                "celle du fichier (identifiant pseudonyme différent)"
            )
            return None
        earlier = self._first.setdefault(bytes.fromhex(statement["id"].replace("-", "")), number)
        if earlier != number:
            same = self._digests[32 * (earlier - 1) : 32 * earlier] == digest
            how = "le même contenu" if same else "des contenus différents"
            self.problems.append(
                f"la déclaration {statement['id']} apparaît deux fois avec {how} "
                f"(n° {earlier} et n° {number})"
            )
            return None
        return CheckedStatement(statement, canonical, digest.hex())


def _statements_problems(statements: Sequence[object], pseudonym: str) -> list[str]:
    """The first few problems of a whole list of statements."""
    checker = _StatementChecker(pseudonym)
    checker.check(statements)
    return checker.problems[:_PROBLEMS_SHOWN]


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


class _NotJson(Exception):
    """The statements are not a readable JSON array; the message, if any, says how (French)."""


class _NotAList(_NotJson):
    """The statements are a JSON value, but not an array."""


# Where statements are cut into batches: a comma between two values of the array. The fast
# guess is the comma before ``{"id":"`` (ENT Coach writes each statement's id first), then any
# ``},``; the exact way skips strings and counts brackets.
_STATEMENT_START = b'},{"id":"'
_OBJECT_END = b"},"
_OUTSIDE = re.compile(rb'(?:[^"\[\]{},]+|"[^"\\]*(?:\\.[^"\\]*)*")*', re.DOTALL)
_INSIDE = re.compile(rb'(?:[^"\[\]{}]+|"[^"\\]*(?:\\.[^"\\]*)*")*', re.DOTALL)
_WHITESPACE = b" \t\n\r"
_QUOTE, _COMMA = ord('"'), ord(",")
_OPENING, _CLOSING = frozenset(b"[{"), frozenset(b"]}")


def _last_separator(text: bytes | bytearray) -> int:
    """Index of the last comma between two values of the array ``text`` continues (it starts
    at a value), or -1. Exact for valid JSON: strings are skipped whole, brackets counted."""
    depth, index, last, end = 0, 0, -1, len(text)
    while index < end:
        index = (_INSIDE if depth else _OUTSIDE).match(text, index).end()
        if index >= end or text[index] == _QUOTE:  # the end, or a string not complete yet
            break
        char = text[index]
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth -= 1
            if depth < 0:  # the array's own end
                break
        else:  # a comma, met at depth 0 only (the inner pattern skips the others)
            last = index
        index += 1
    return last


class _ArrayReader:
    """The values of a JSON array arriving in pieces, parsed by orjson a batch at a time.

    A batch is the text up to a comma between two values, parsed as ``[`` + text + ``]``: when
    that parses, the text is exactly a run of whole values (a JSON value ends where its own
    text says, so a run that parses alone is read the same inside the array); when it does not,
    the cut was inside a value and the next way of finding one is tried. Only a batch and the
    value being received are held: memory stays small whatever the array's length."""

    def __init__(self, max_value_bytes: int) -> None:
        self._text = bytearray()
        self._started = False
        self._after_comma = False
        self._max_value_bytes = max_value_bytes

    def feed(self, data: bytes) -> list[list[Any]]:
        """The batches completed by ``data``. Raises _NotJson."""
        self._text += data
        if not self._started and not self._start():
            return []
        batches = []
        while (batch := self._take_batch()) is not None:
            batches.append(batch)
        if len(self._text) > self._max_value_bytes:
            raise _NotJson("une déclaration est démesurément longue")
        return batches

    def finish(self) -> list[Any]:
        """The last values, once all the text has been fed. Raises _NotJson."""
        rest = bytes(self._text).strip(_WHITESPACE)
        if not self._started or not rest or (self._after_comma and rest.startswith(b"]")):
            raise _NotJson("le texte est incomplet")
        return self._parse(b"[" + rest)

    def _start(self) -> bool:
        text = bytes(self._text).lstrip(_WHITESPACE)
        if not text:
            return False
        if not text.startswith(b"["):
            raise _NotAList if text[:1] in b'{"-0123456789tfn' else _NotJson
        self._text = bytearray(text[1:])
        self._started = True
        return True

    def _take_batch(self) -> list[Any] | None:
        text = self._text
        tried: set[int] = set()
        for guess in (text.rfind(_STATEMENT_START), text.rfind(_OBJECT_END)):
            if guess > 0 and guess not in tried:
                tried.add(guess)
                values = self._parse_or_none(b"[" + text[: guess + 1] + b"]")
                if values is not None:
                    return self._cut(guess + 1, values)
        comma = _last_separator(text)
        if comma < 0:
            return None
        return self._cut(comma, self._parse(b"[" + text[:comma] + b"]"))

    def _cut(self, comma: int, values: list[Any]) -> list[Any]:
        del self._text[: comma + 1]
        self._after_comma = True
        return values

    @staticmethod
    def _parse_or_none(text: bytes) -> list[Any] | None:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            return None

    @staticmethod
    def _parse(text: bytes) -> list[Any]:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            raise _NotJson from None


def _messages(name: str) -> dict[str, str]:
    return {
        "damaged": f"Le fichier « {name} » est une archive tronquée ou endommagée : demandez "
        "au stagiaire de l'exporter à nouveau.",
        "bad_name": f"Le fichier « {name} » est une archive endommagée : le nom d'un des "
        "fichiers qu'elle contient est illisible. Demandez au stagiaire de l'exporter à nouveau.",
        "too_big": f"Le fichier « {name} » est refusé : une fois décompressé, il dépasserait "
        f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} Mo (archive piégée ou anormale).",
    }


@contextlib.contextmanager
def _reading(name: str) -> Iterator[None]:
    """Every failure of reading the archive, as a BundleError naming the file."""
    messages = _messages(name)
    try:
        yield
    except BundleError:
        raise
    except _TooBig:
        raise BundleError(messages["too_big"]) from None
    except UnicodeDecodeError as exc:
        raise BundleError(messages["bad_name"]) from exc
    except ZIP_DAMAGE as exc:
        raise BundleError(messages["damaged"]) from exc
    except OSError as exc:
        raise BundleError(
            f"Impossible de lire le fichier « {name} » ({os_reason(exc)})."
        ) from exc


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A small member, streamed with a hard cap: a member whose header lies about its size
    still stops at ``limit`` bytes."""
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


def _checked_members(archive: zipfile.ZipFile, name: str) -> dict[str, zipfile.ZipInfo]:
    """The members by name, after every check of names, kinds, flags and sizes."""
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
            f"Le fichier « {name} » n'est pas un fichier de progression ENT Coach : {detail}."
        )
    if any(info.flag_bits & 0x1 for info in infos):
        raise BundleError(f"Le fichier « {name} » est chiffré : il ne peut pas être importé.")
    if any(info.compress_type not in ZIP_METHODS for info in infos):
        raise BundleError(_messages(name)["damaged"])
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        raise _TooBig
    return {info.filename: info for info in infos}


class OpenedBundle:
    """A progress file being read: its manifest (checked) and, from ``batches()``, its
    statements."""

    def __init__(
        self, name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, manifest: BundleManifest
    ) -> None:
        self.name = name
        self.manifest = manifest
        self._archive = archive
        self._info = info

    def batches(self) -> Iterator[list[CheckedStatement]]:
        """The statements, checked, in batches of what ``_WINDOW_BYTES`` of the file holds
        (about a thousand), so that memory stays small whatever the file's size.

        The checks that need the whole file (the checksum, the count, each id once) end with
        the last batch: the file is valid only if this iterator ends without raising
        BundleError. Whatever was done with the batches before must then be undone (the
        import writes a file in one transaction). The priorities are those of a whole read:
        a file whose checksum does not match is refused for that, whatever else is wrong."""
        name, manifest = self.name, self.manifest
        hasher = hashlib.sha256()
        array = _ArrayReader(2 * MAX_STATEMENT_BYTES + _WINDOW_BYTES)
        checker = _StatementChecker(manifest.pseudonym)
        announced = manifest.counts["statements"]
        not_json: str | None = None  # once set, the rest is only hashed
        total = 0
        with _reading(name), self._archive.open(self._info) as member:
            while True:
                chunk = member.read(_WINDOW_BYTES)
                total += len(chunk)
                if total > MAX_UNCOMPRESSED_BYTES:
                    raise _TooBig
                hasher.update(chunk)
                if not_json is None:
                    try:
                        batches = array.feed(chunk) if chunk else [array.finish()]
                    except _NotJson as exc:
                        not_json, batches = self._not_json(exc), []
                    for batch in batches:
                        checked = checker.check(batch)
                        # Handed out only while nothing is wrong: a refused file stops there.
                        if not checker.problems and checker.count <= min(announced, MAX_STATEMENTS):
                            yield checked
                if not chunk:
                    break
        if hasher.hexdigest() != manifest.statements_sha256:
            raise BundleError(
                f"La somme de contrôle du fichier « {name} » ne correspond pas : fichier modifié "
                "ou endommagé."
            )
        if not_json is not None:
            raise BundleError(not_json)
        if checker.count > MAX_STATEMENTS:
            raise BundleError(
                f"Le fichier « {name} » est refusé : {checker.count} déclarations, "
                f"{MAX_STATEMENTS} au plus."
            )
        if checker.count != announced:
            raise BundleError(
                f"Le fichier « {name} » est refusé : il annonce {announced} déclarations mais en "
                f"contient {checker.count}."
            )
        if checker.problems:
            raise BundleError(
                f"Le fichier « {name} » est refusé, des déclarations sont invalides : "
                + _problems_sentence(checker.problems[:_PROBLEMS_SHOWN])
            )

    def _not_json(self, error: _NotJson) -> str:
        if isinstance(error, _NotAList):
            return (
                f"Le fichier « {self.name} » est refusé : {STATEMENTS_MEMBER} doit être une liste "
                "de déclarations."
            )
        detail = f" ({error})" if str(error) else ""
        return (
            f"Le fichier « {self.name} » est refusé : ses déclarations ({STATEMENTS_MEMBER}) ne "
            f"sont pas un JSON UTF-8 lisible{detail}."
        )


@contextlib.contextmanager
def open_bundle(path: Path) -> Iterator[OpenedBundle]:
    """Open a progress file and check all but its statements; raises BundleError. Its
    statements come from ``batches()``, in the ``with`` block. Nothing is written.

    Only a regular file is read, never what a symbolic link points to; its size is checked
    before a byte is read (a huge file is refused on its size alone)."""
    name = path.name
    try:
        handle = open_regular_file(path)
    except NotRegularFileError as exc:
        raise BundleError(f"« {name} » est refusé : {exc.reason}.") from None
    except OSError as exc:
        raise BundleError(f"Impossible de lire le fichier « {name} » ({os_reason(exc)}).") from exc
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_BUNDLE_BYTES:
            raise BundleError(
                f"Le fichier « {name} » est trop volumineux ({size // (1024 * 1024)} Mo) : un "
                f"fichier de progression ne dépasse pas {MAX_BUNDLE_BYTES // (1024 * 1024)} Mo."
            )
        with _reading(name):
            if not handle.read(len(_ZIP_MAGIC)).startswith(_ZIP_MAGIC):
                raise BundleError(
                    f"Le fichier « {name} » n'est pas un fichier de progression ENT Coach."
                )
            archive = zipfile.ZipFile(handle)
        with archive:
            with _reading(name):
                members = _checked_members(archive, name)
                if README_MEMBER in members:
                    _read_member(archive, members[README_MEMBER], _MAX_SMALL_MEMBER_BYTES)
                raw = _read_member(archive, members[MANIFEST_MEMBER], _MAX_SMALL_MEMBER_BYTES)
            manifest = _parse_manifest(raw, name)
            yield OpenedBundle(name, archive, members[STATEMENTS_MEMBER], manifest)


def _parse_manifest(raw: bytes, name: str) -> BundleManifest:
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
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
    """Open and check a whole progress bundle; raises BundleError. Nothing is written. (The
    import reads a file in batches, through ``open_bundle``: a bundle at the limits would
    take gigabytes as a whole.)"""
    with open_bundle(path) as bundle:
        statements = [
            checked.statement for batch in bundle.batches() for checked in batch
        ]
    return ProgressBundle(manifest=bundle.manifest, statements=tuple(statements))
