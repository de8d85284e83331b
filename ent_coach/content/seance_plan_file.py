"""The séance plan file the tutor hands to trainees, and the plan's JSON form.

``plan_to_dict``/``plan_from_dict`` are the one JSON shape of a plan (the store keeps plans
with them too); ``plan_from_dict`` checks every field and names the item at fault in French.
The file wraps that shape with a format marker and version::

    {"format": "ent-coach-seance", "version": 1, "app_version": "0.1.0",
     "exported_at": "2026-03-10T09:00:00+01:00", "plan": {...}}

A plan may name content this copy of ENT Coach lacks: it is still read, and
``missing_content`` says which items will show as unavailable. No database, no Qt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from ent_coach.content.atomic_file import (
    FileTooLargeError,
    NotRegularFileError,
    cannot_write,
    os_reason,
    read_at_most,
    write_bytes_atomically,
)
from ent_coach.domain.coaching import (
    PLACE_MAX_CHARS,
    PLAN_KINDS,
    PLAN_MAX_ITEMS,
    TITLE_MAX_CHARS,
    PlanItem,
    SeancePlan,
    is_valid_code,
)
from ent_coach.domain.pathways import (
    CHECKLIST_MAX_ITEMS,
    CHECKLIST_MIN_ITEMS,
    QUIZ_KINDS,
    ChecklistItem,
    InstalledContent,
    StepKind,
)
from ent_coach.domain.quiz.presentation import MAX_SEED
from ent_coach.domain.text import has_invisible_characters, has_markup

PLAN_FORMAT = "ent-coach-seance"
PLAN_VERSION = 1
MAX_PLAN_BYTES = 1024 * 1024

TUTOR_NOTE_MAX_CHARS = 1000
INSTRUCTIONS_MAX_CHARS = 2000
CHECKLIST_TEXT_MAX_CHARS = 200
ITEM_MIN_MINUTES = 1
ITEM_MAX_MINUTES = 240
PASS_MARK_MIN = 0.5
PASS_MARK_MAX = 1.0
_VERSION_MAX_CHARS = 40

_ITEM_ID = re.compile(r"[a-z0-9-]{1,40}")
_REFERENCE = re.compile(r"[a-z0-9-]{1,80}")
_PLAN_KEYS = frozenset({"code", "title", "date", "place", "tutor_note", "items"})
_ITEM_KEYS = frozenset(
    {"id", "kind", "title", "minutes", "reference", "pass_mark", "seed", "instructions",
     "checklist"}
)
_FILE_KEYS = frozenset({"format", "version", "app_version", "exported_at", "plan"})
_PLAN_KIND_VALUES = tuple(kind.value for kind in PLAN_KINDS)
# « le tutoriel « x » », « la bonne pratique « y » »: the noun with its article.
_CONTENT_NOUNS: dict[StepKind, str] = {
    StepKind.TUTORIAL: "le tutoriel",
    StepKind.QUIZ_THEME: "le thème de quiz",
    StepKind.SCENARIO: "le scénario",
    StepKind.PRACTICE: "la bonne pratique",
}


class PlanFileError(ValueError):
    """A plan that cannot be read or written. ``str()`` is a complete French sentence;
    ``problems`` lists every problem found (French fragments, the item named)."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems or (message,)


# --- JSON shape -------------------------------------------------------------------------------


def plan_to_dict(plan: SeancePlan) -> dict[str, Any]:
    return {
        "code": plan.code,
        "title": plan.title,
        "date": plan.date.isoformat(),
        "place": plan.place,
        "tutor_note": plan.tutor_note,
        "items": [
            {
                "id": item.id,
                "kind": item.kind.value,
                "title": item.title,
                "minutes": item.minutes,
                "reference": item.reference,
                "pass_mark": item.pass_mark,
                "seed": item.seed,
                "instructions": item.instructions,
                "checklist": [{"id": entry.id, "text": entry.text} for entry in item.checklist],
            }
            for item in plan.items
        ],
    }


def _text_problem(value: object, *, label: str, low: int, high: int) -> str | None:
    """Plain text of ``low`` to ``high`` characters (after trimming) without markup."""
    if not isinstance(value, str):
        return f"{label} doit être un texte"
    length = len(value.strip())
    if length < low:
        return f"{label} est vide"
    if length > high:
        return f"{label} est trop long ({length} caractères, {high} au plus)"
    if has_markup(value):
        return f"{label} ne doit pas contenir de balise HTML"
    if has_invisible_characters(value):
        return f"{label} contient des caractères invisibles"
    return None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _unknown_keys(data: dict[Any, Any], allowed: frozenset[str]) -> list[str]:
    return sorted(str(key)[:40] for key in data if key not in allowed)


def _checklist(
    value: object, where: str, problems: list[str]
) -> tuple[ChecklistItem, ...]:
    if not isinstance(value, list):
        problems.append(f"{where} : la liste de vérification doit être une liste")
        return ()
    if not CHECKLIST_MIN_ITEMS <= len(value) <= CHECKLIST_MAX_ITEMS:
        problems.append(
            f"{where} : une activité demande de {CHECKLIST_MIN_ITEMS} à {CHECKLIST_MAX_ITEMS} "
            f"points à vérifier ({len(value)} indiqués)"
        )
    entries: list[ChecklistItem] = []
    seen: set[str] = set()
    for number, entry in enumerate(value, 1):
        label = f"{where}, point {number}"
        if not isinstance(entry, dict) or set(entry) != {"id", "text"}:
            problems.append(f"{label} : « id » et « text » sont attendus")
            continue
        entry_id, text = entry["id"], entry["text"]
        if not isinstance(entry_id, str) or _ITEM_ID.fullmatch(entry_id) is None:
            problems.append(f"{label} : identifiant invalide (minuscules, chiffres et tirets)")
            continue
        if entry_id in seen:
            problems.append(f"{label} : l'identifiant « {entry_id} » est déjà utilisé")
            continue
        seen.add(entry_id)
        problem = _text_problem(text, label="le texte", low=1, high=CHECKLIST_TEXT_MAX_CHARS)
        if problem:
            problems.append(f"{label} : {problem}")
            continue
        entries.append(ChecklistItem(entry_id, text.strip()))
    return tuple(entries)


def _item(data: object, number: int, problems: list[str]) -> PlanItem | None:
    where = f"élément {number}"
    if not isinstance(data, dict):
        problems.append(f"{where} : un objet est attendu")
        return None
    count = len(problems)
    unknown = _unknown_keys(data, _ITEM_KEYS)
    if unknown:
        problems.append(f"{where} : champ inconnu « {unknown[0]} »")
    title = data.get("title")
    problem = _text_problem(title, label="le titre", low=1, high=TITLE_MAX_CHARS)
    if problem:
        problems.append(f"{where} : {problem}")
    else:
        where = f"élément {number} (« {title.strip()[:40]} »)"  # type: ignore[union-attr]
    item_id = data.get("id")
    if not isinstance(item_id, str) or _ITEM_ID.fullmatch(item_id) is None:
        problems.append(
            f"{where} : identifiant invalide (1 à 40 minuscules, chiffres ou tirets)"
        )
    raw_kind = data.get("kind")
    if raw_kind not in _PLAN_KIND_VALUES:
        problems.append(
            f"{where} : type inconnu « {str(raw_kind)[:40]} » (possibles : "
            f"{', '.join(_PLAN_KIND_VALUES)})"
        )
        return None
    kind = StepKind(raw_kind)
    minutes = data.get("minutes")
    if not _is_int(minutes) or not ITEM_MIN_MINUTES <= minutes <= ITEM_MAX_MINUTES:
        problems.append(
            f"{where} : la durée doit être un nombre entier de minutes entre "
            f"{ITEM_MIN_MINUTES} et {ITEM_MAX_MINUTES}"
        )
    reference = data.get("reference")
    if kind.needs_reference:
        if not isinstance(reference, str) or _REFERENCE.fullmatch(reference) is None:
            problems.append(
                f"{where} : la référence du contenu manque ou est invalide (1 à 80 minuscules, "
                "chiffres ou tirets)"
            )
    elif reference is not None:
        problems.append(f"{where} : un élément « {kind.label} » ne prend pas de référence")
    pass_mark = data.get("pass_mark")
    if pass_mark is not None:
        if kind not in QUIZ_KINDS:
            problems.append(f"{where} : seul un quiz peut avoir un seuil de réussite")
        elif (
            not isinstance(pass_mark, int | float)
            or isinstance(pass_mark, bool)
            or not PASS_MARK_MIN <= pass_mark <= PASS_MARK_MAX
        ):
            problems.append(f"{where} : le seuil de réussite doit être compris entre 0,5 et 1")
    seed = data.get("seed")
    if seed is not None:
        if kind is not StepKind.QUIZ_ASSESSMENT:
            problems.append(f"{where} : seule l'évaluation du quiz peut avoir un tirage fixé")
        elif not _is_int(seed) or not 0 <= seed <= MAX_SEED:
            problems.append(f"{where} : le tirage doit être un entier de 0 à {MAX_SEED}")
    instructions = data.get("instructions")
    if instructions is not None:
        problem = _text_problem(
            instructions, label="la consigne", low=1, high=INSTRUCTIONS_MAX_CHARS
        )
        if problem:
            problems.append(f"{where} : {problem}")
    raw_checklist = data.get("checklist") or []
    checklist: tuple[ChecklistItem, ...] = ()
    if kind is StepKind.ACTIVITY:
        checklist = _checklist(raw_checklist, where, problems)
    elif raw_checklist:
        problems.append(f"{where} : seule une activité peut avoir des points à vérifier")
    if len(problems) > count:
        return None
    return PlanItem(
        id=item_id,  # type: ignore[arg-type]
        kind=kind,
        title=title.strip(),  # type: ignore[union-attr]
        minutes=minutes,  # type: ignore[arg-type]
        reference=reference,
        pass_mark=float(pass_mark) if pass_mark is not None else None,
        seed=seed,
        instructions=instructions.strip() if instructions is not None else None,
        checklist=checklist,
    )


def plan_problems(data: object) -> tuple[SeancePlan | None, list[str]]:
    """The plan and every problem found (French fragments); the plan is None on any problem."""
    if not isinstance(data, dict):
        return None, ["le plan doit être un objet JSON"]
    problems: list[str] = []
    unknown = _unknown_keys(data, _PLAN_KEYS)
    if unknown:
        problems.append(f"champ inconnu « {unknown[0]} »")
    code = data.get("code")
    if not isinstance(code, str) or not is_valid_code(code):
        problems.append("le code de séance est invalide (6 lettres ou chiffres)")
    for key, label, low, high in (
        ("title", "le titre de la séance", 1, TITLE_MAX_CHARS),
        ("place", "le lieu", 0, PLACE_MAX_CHARS),
        ("tutor_note", "le mot du formateur", 0, TUTOR_NOTE_MAX_CHARS),
    ):
        value = data.get(key, "" if key != "title" else None)
        problem = _text_problem(value, label=label, low=low, high=high)
        if problem:
            problems.append(problem)
    raw_date = data.get("date")
    date: dt.date | None = None
    if isinstance(raw_date, str):
        with contextlib.suppress(ValueError):
            date = dt.date.fromisoformat(raw_date)
    if date is None:
        problems.append("la date doit être au format AAAA-MM-JJ")
    raw_items = data.get("items")
    items: list[PlanItem] = []
    if not isinstance(raw_items, list) or not 1 <= len(raw_items) <= PLAN_MAX_ITEMS:
        problems.append(f"le plan doit compter de 1 à {PLAN_MAX_ITEMS} éléments")
    else:
        seen: set[str] = set()
        for number, raw in enumerate(raw_items, 1):
            item = _item(raw, number, problems)
            if item is None:
                continue
            if item.id in seen:
                problems.append(f"élément {number} : l'identifiant « {item.id} » est déjà utilisé")
            seen.add(item.id)
            items.append(item)
    if problems:
        return None, problems
    return (
        SeancePlan(
            code=code,  # type: ignore[arg-type]
            title=data["title"].strip(),
            date=date,  # type: ignore[arg-type]
            place=data.get("place", "").strip(),
            items=tuple(items),
            tutor_note=data.get("tutor_note", "").strip(),
        ),
        [],
    )


def _sentence(problems: list[str], prefix: str) -> str:
    more = len(problems) - 1
    tail = f" (et {more} autre{'s' if more > 1 else ''} problème{'s' if more > 1 else ''})"
    return f"{prefix}{problems[0]}{tail if more else ''}."


def plan_from_dict(data: object) -> SeancePlan:
    """A checked plan; raises PlanFileError naming the first problem (all in ``problems``)."""
    plan, problems = plan_problems(data)
    if plan is None:
        raise PlanFileError(_sentence(problems, "Plan de séance invalide : "), tuple(problems))
    return plan


# --- file ---------------------------------------------------------------------------------------


def write_plan(path: Path, plan: SeancePlan, *, app_version: str, exported_at: dt.datetime) -> None:
    """Write the plan file atomically (temporary file beside it, then a rename)."""
    document = {
        "format": PLAN_FORMAT,
        "version": PLAN_VERSION,
        "app_version": app_version,
        "exported_at": exported_at.isoformat(),
        "plan": plan_to_dict(plan),
    }
    payload = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    try:
        write_bytes_atomically(path, payload)
    except OSError as exc:
        raise PlanFileError(cannot_write(path, exc)) from exc


def read_plan(path: Path) -> SeancePlan:
    """Read and check a plan file; raises PlanFileError. Nothing is written."""
    name = path.name
    try:
        raw = read_at_most(path, MAX_PLAN_BYTES)
    except FileTooLargeError as exc:
        raise PlanFileError(
            f"Le fichier « {name} » est trop volumineux ({max(1, exc.size // 1024)} ko) : un "
            f"plan de séance ne dépasse pas {MAX_PLAN_BYTES // 1024} ko."
        ) from None
    except NotRegularFileError as exc:
        raise PlanFileError(f"« {name} » est refusé : {exc.reason}.") from None
    except OSError as exc:
        raise PlanFileError(
            f"Impossible de lire le fichier « {name} » ({os_reason(exc)})."
        ) from exc
    not_plan = f"Le fichier « {name} » n'est pas un plan de séance ENT Coach"
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise PlanFileError(f"{not_plan} : ce n'est pas du texte UTF-8.") from None
    except (ValueError, RecursionError):
        raise PlanFileError(f"{not_plan} : son contenu n'est pas du JSON valide.") from None
    if not isinstance(document, dict) or document.get("format") != PLAN_FORMAT:
        raise PlanFileError(f"{not_plan} (marqueur de format absent ou différent).")
    version = document.get("version")
    if not _is_int(version) or version < 1:
        raise PlanFileError(f"Le fichier « {name} » a une version de format inconnue ou illisible.")
    if version > PLAN_VERSION:
        raise PlanFileError(
            f"Le fichier « {name} » vient d'une version plus récente d'ENT Coach (format "
            f"{version}, cette version lit le format {PLAN_VERSION}) : mettez ENT Coach à jour "
            "pour l'ouvrir."
        )
    unknown = _unknown_keys(document, _FILE_KEYS)
    if unknown:
        raise PlanFileError(f"Le fichier « {name} » contient un champ inconnu « {unknown[0]} ».")
    app_version = document.get("app_version")
    if not isinstance(app_version, str) or len(app_version) > _VERSION_MAX_CHARS:
        raise PlanFileError(f"Le fichier « {name} » a une version d'application illisible.")
    exported_at = document.get("exported_at")
    try:
        dt.datetime.fromisoformat(exported_at)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise PlanFileError(f"Le fichier « {name} » a une date d'export illisible.") from None
    plan, problems = plan_problems(document.get("plan"))
    if plan is None:
        raise PlanFileError(_sentence(problems, f"Le plan « {name} » est refusé : "), tuple(problems))
    return plan


def missing_content(plan: SeancePlan, installed: InstalledContent) -> list[str]:
    """One French line per item whose content this copy of ENT Coach lacks; the plan stays
    usable, those steps show as unavailable."""
    lines: list[str] = []
    for number, item in enumerate(plan.items, 1):
        if not item.kind.needs_reference:
            continue
        known = installed.ids_for(item.kind)
        if known is None or item.reference in known:
            continue
        lines.append(
            f"Élément {number} « {item.title} » : {_CONTENT_NOUNS[item.kind]} "
            f"« {item.reference} » n'existe pas dans cette version d'ENT Coach ; cet élément "
            "sera indiqué comme indisponible."
        )
    return lines
