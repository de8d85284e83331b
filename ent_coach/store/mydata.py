"""Everything stored about one profile, found by walking the schema: counts, a dump of every
linked row, and the insertion of a dump as a new profile.

A table belongs to a profile when it has a foreign key to ``profiles`` or to a table that
does (``quiz_answers`` through ``quiz_attempts``). The walk is generic, so a table added later
is exported without touching this module; ``tests/unit/test_mydata.py`` checks it is erased too.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, ColumnElement, Table, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ent_coach.content.profile_archive import (
    STATEMENTS_TABLE,
    VERB_LABELS,
    ArchiveError,
    DataCounts,
    NameTakenError,
    ProfileArchive,
    build_counts,
    verb_label,
)
from ent_coach.domain.profiles import Profile
from ent_coach.store.models import Base, ProfileRow, SandboxWorkspaceRow, StatementRow
from ent_coach.store.profiles import get_profile, name_taken

PROFILES_TABLE = "profiles"
# Left out of « Mes données » (counts, export, import) although linked to a profile: a tutor's
# séances hold other people's records (the trainees' imported progress), and a séance code
# must stay unique on a laptop. They are erased with the tutor's profile (store.profiles);
# the plan itself leaves the laptop as a plan file.
NOT_EXPORTED_TABLES = frozenset({"seances", "seance_participants", "seance_statements"})
# Longest text accepted in an unbounded (Text) column of an imported row.
MAX_TEXT_CHARS = 1_000_000


@dataclass(frozen=True)
class Link:
    """How a table's rows lead to a profile: ``column`` refers to ``profiles.id`` directly
    (``parent`` None) or to ``parent_column`` of the linked table ``parent``."""

    table: Table
    column: Column[Any]
    parent: Link | None = None
    parent_column: Column[Any] | None = None

    @property
    def name(self) -> str:
        return self.table.name


def linked_tables() -> list[Link]:
    """Every table holding a profile's rows, parents before children."""
    links: dict[str, Link] = {}
    for table in Base.metadata.sorted_tables:
        if table.name == PROFILES_TABLE or table.name in NOT_EXPORTED_TABLES:
            continue
        keys = sorted(table.foreign_keys, key=lambda fk: fk.parent.name)
        direct = [fk for fk in keys if fk.column.table.name == PROFILES_TABLE]
        through = [fk for fk in keys if fk.column.table.name in links]
        if direct:
            links[table.name] = Link(table, direct[0].parent)
        elif through:
            fk = through[0]
            links[table.name] = Link(table, fk.parent, links[fk.column.table.name], fk.column)
    return list(links.values())


def _owned_by(link: Link, profile_id: int) -> ColumnElement[bool]:
    if link.parent is None:
        return link.column == profile_id
    assert link.parent_column is not None
    return link.column.in_(select(link.parent_column).where(_owned_by(link.parent, profile_id)))


def _exported_columns(link: Link) -> list[Column[Any]]:
    # The local profile id means nothing on another computer: it is given again on import.
    return [
        column
        for column in link.table.columns
        if link.parent is not None or column is not link.column
    ]


# --- counts ---------------------------------------------------------------------------------


def counts(session: Session, *, profile_id: int) -> DataCounts:
    verbs: dict[str, tuple[str, int]] = {}
    for verb_id, count in session.execute(
        select(StatementRow.verb, func.count())
        .where(StatementRow.profile_id == profile_id)
        .group_by(StatementRow.verb)
    ):
        display = None
        if verb_id not in VERB_LABELS:
            payload = session.scalar(
                select(StatementRow.payload)
                .where(StatementRow.profile_id == profile_id, StatementRow.verb == verb_id)
                .limit(1)
            )
            display = _display_of(payload)
        verbs[verb_id] = (verb_label(verb_id, display), count)
    tables = {
        link.name: session.scalar(
            select(func.count()).select_from(link.table).where(_owned_by(link, profile_id))
        )
        or 0
        for link in linked_tables()
    }
    modes = {
        mode: count
        for mode, count in session.execute(
            select(SandboxWorkspaceRow.mode, func.count())
            .where(SandboxWorkspaceRow.profile_id == profile_id)
            .group_by(SandboxWorkspaceRow.mode)
        )
    }
    return build_counts(verbs=verbs, tables=tables, sandbox_modes=modes)


def _display_of(payload: str | None) -> str | None:
    try:
        display = json.loads(payload or "{}").get("verb", {}).get("display", {})
    except (ValueError, AttributeError):
        return None
    value = display.get("fr-FR") if isinstance(display, dict) else None
    return value if isinstance(value, str) else None


# --- dump -----------------------------------------------------------------------------------


def _to_json(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def dump(session: Session, *, profile_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row linked to the profile, per table, as JSON-ready dicts (dates in ISO 8601).
    Statements are given as the xAPI statements they store."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for link in linked_tables():
        columns = _exported_columns(link)
        query = (
            select(*columns)
            .where(_owned_by(link, profile_id))
            .order_by(*link.table.primary_key.columns)
        )
        if link.name == STATEMENTS_TABLE:
            query = select(StatementRow.payload).where(StatementRow.profile_id == profile_id)
            query = query.order_by(StatementRow.timestamp, StatementRow.id)
            tables[link.name] = [json.loads(payload) for payload in session.scalars(query)]
            continue
        tables[link.name] = [
            {column.name: _to_json(value) for column, value in zip(columns, row, strict=True)}
            for row in session.execute(query)
        ]
    return tables


# --- import ---------------------------------------------------------------------------------


def _statement_values(statement: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": statement["id"],
        "verb": statement["verb"]["id"],
        "activity_id": statement["object"]["id"],
        "timestamp": statement["timestamp"],
        "payload": json.dumps(statement, ensure_ascii=False, separators=(",", ":")),
    }


def _python_type(column: Column[Any]) -> type:
    try:
        return column.type.python_type
    except NotImplementedError:  # a type without one: accept its text form
        return str


def _column_value(column: Column[Any], value: Any, where: str) -> Any:
    """Check one imported value against the column and return it in the column's Python type."""
    name = f"{where}.{column.name}"
    if value is None:
        if not column.nullable:
            raise ArchiveError(f"Valeur manquante pour « {name} ».")
        return None
    expected = _python_type(column)
    if expected is bool:
        if not isinstance(value, bool):
            raise ArchiveError(f"« {name} » doit valoir true ou false.")
        return value
    if expected is int:
        if not isinstance(value, int) or isinstance(value, bool) or abs(value) > 2**62:
            raise ArchiveError(f"« {name} » doit être un nombre entier.")
        return value
    if expected is float:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ArchiveError(f"« {name} » doit être un nombre.")
        return float(value)
    if expected in (dt.datetime, dt.date):
        parse = dt.datetime.fromisoformat if expected is dt.datetime else dt.date.fromisoformat
        try:
            parsed = parse(value) if isinstance(value, str) and len(value) <= 40 else None
        except ValueError:
            parsed = None
        if parsed is None or getattr(parsed, "tzinfo", None) is not None:
            raise ArchiveError(f"« {name} » n'est pas une date ISO 8601 valide (sans fuseau).")
        return parsed
    if not isinstance(value, str):
        raise ArchiveError(f"« {name} » doit être un texte.")
    limit = getattr(column.type, "length", None) or MAX_TEXT_CHARS
    if len(value) > limit:
        raise ArchiveError(f"« {name} » est trop long ({len(value)} caractères, {limit} au plus).")
    return value


def check_tables(tables: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Check every row against the schema before anything is written; return the rows as
    column values ready to insert (profile ids still missing). Raises ArchiveError."""
    links = {link.name: link for link in linked_tables()}
    unknown = sorted(set(tables) - set(links))
    if unknown:
        raise ArchiveError(f"Catégorie de données inconnue dans le fichier : « {unknown[0]} ».")
    checked: dict[str, list[dict[str, Any]]] = {}
    for name, link in links.items():
        rows = tables.get(name, [])
        columns = {column.name: column for column in _exported_columns(link)}
        values_list: list[dict[str, Any]] = []
        for index, row in enumerate(rows):
            where = f"{name}[{index}]"
            if name == STATEMENTS_TABLE:
                row = _statement_values(row)  # shape checked by the archive reader
            extra = sorted(set(row) - set(columns))
            if extra:
                raise ArchiveError(f"Champ inconnu « {where}.{extra[0]} ».")
            values = {
                column.name: _column_value(column, row.get(column.name), where)
                for column in columns.values()
            }
            values_list.append(values)
        _check_unique(link, values_list)
        if link.parent is not None:
            _check_parents(link, values_list, checked[link.parent.name])
        checked[name] = values_list
    return checked


def _check_unique(link: Link, rows: Iterable[dict[str, Any]]) -> None:
    # Direct rows all get the new profile's id, so their key without it must be unique.
    keys = [
        column.name
        for column in link.table.primary_key.columns
        if link.parent is not None or column is not link.column
    ]
    seen: set[tuple[Any, ...]] = set()
    for row in rows:
        key = tuple(row[name] for name in keys)
        if key in seen:
            raise ArchiveError(f"Ligne en double dans « {link.name} » : le fichier est incohérent.")
        seen.add(key)


def _check_parents(link: Link, rows: list[dict[str, Any]], parents: list[dict[str, Any]]) -> None:
    # A child row must hang from a row of this same file: otherwise it would attach itself to
    # another profile's data already on this computer.
    assert link.parent_column is not None
    known = {parent[link.parent_column.name] for parent in parents}
    for row in rows:
        if row[link.column.name] not in known:
            raise ArchiveError(
                f"« {link.name} » fait référence à un élément absent du fichier : le fichier est "
                "incohérent."
            )


def profile_by_pseudonym(session: Session, pseudonym: str) -> Profile | None:
    row_id = session.scalar(select(ProfileRow.id).where(ProfileRow.pseudonym == pseudonym))
    return None if row_id is None else get_profile(session, row_id)


def free_name(session: Session, name: str) -> str:
    """``name`` if no profile has it, else the first free « name (2) », « name (3) »…"""
    if not name_taken(session, name):
        return name
    counter = 2
    while True:
        suffix = f" ({counter})"
        candidate = name[: 40 - len(suffix)] + suffix
        if not name_taken(session, candidate):
            return candidate
        counter += 1


def insert_archive(
    session: Session, archive: ProfileArchive, *, display_name: str | None = None
) -> Profile:
    """Insert the archive as a new profile in the caller's transaction (all or nothing)."""
    rows = check_tables(archive.tables)
    source = archive.profile
    existing = profile_by_pseudonym(session, source.pseudonym)
    if existing is not None:
        raise ArchiveError(
            f"Ce profil est déjà sur cet ordinateur (« {existing.display_name} ») : rien n'a été "
            "importé. Pour le remplacer, effacez d'abord le profil existant."
        )
    name = display_name or source.display_name
    if name_taken(session, name):
        raise NameTakenError(name, free_name(session, name))
    profile = ProfileRow(
        pseudonym=source.pseudonym,
        display_name=name,
        role=source.role.value,
        locale=source.locale,
        pin_hash=None,
        created_at=source.created_at,
        last_used_at=None,
    )
    session.add(profile)
    session.flush()
    try:
        for link in linked_tables():
            values = rows[link.name]
            if not values:
                continue
            if link.parent is None:
                values = [{**row, link.column.name: profile.id} for row in values]
            session.execute(insert(link.table), values)
    except IntegrityError as exc:
        raise ArchiveError(
            "Une partie de ces données existe déjà sur cet ordinateur (identifiants en double) : "
            "rien n'a été importé."
        ) from exc
    imported = get_profile(session, profile.id)
    assert imported is not None
    return imported
