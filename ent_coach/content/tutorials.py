"""Load and check tutorials: ``tutorials/<id>.md`` with YAML front matter."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ent_coach.content.atomic_file import os_reason
from ent_coach.content.frontmatter import Document, FrontMatterError, line_for, split_document
from ent_coach.content.links import classify_image, classify_link
from ent_coach.content.problems import Problem
from ent_coach.domain.taxonomy import CALLOUT_KINDS
from ent_coach.domain.text import french_spacing, slugify
from ent_coach.domain.tutorials import Heading, Source, Tutorial
from ent_coach.domain.tutorials import content_version as content_version  # re-exported

MIN_WORDS, MAX_WORDS = 600, 1500
REQUIRED_SECTIONS = (
    "Objectifs",
    "Contexte",
    "Pas à pas",
    "Exemple en classe",
    "Erreurs fréquentes",
    "À retenir",
)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*([^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*([^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
_CALLOUT = re.compile(r"^!!!\s+([\w-]+)")
_DANGEROUS_HTML = re.compile(
    r"<\s*(script|iframe|object|embed|style|form|input)\b|\son\w+\s*=|javascript:", re.IGNORECASE
)


@dataclass
class TutorialSet:
    tutorials: list[Tutorial] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def resolve_tutorials_dir(root: Path) -> Path:
    """Accept either a content root holding ``tutorials/`` or the tutorials folder itself."""
    candidate = root / "tutorials"
    return candidate if candidate.is_dir() else root


def load_tutorial(path: Path, *, validate: bool = True) -> tuple[Tutorial | None, list[Problem]]:
    """Read one tutorial. ``validate=False`` is the start-up path for bundled content that
    ``check-content`` already validated in CI: it skips the pydantic schema (and its import
    cost) but still falls back to full validation if the file does not have the expected
    shape."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(path, 1, "le fichier n'est pas encodé en UTF-8")]
    except OSError as exc:
        return None, [Problem(path, 1, f"lecture impossible : {os_reason(exc)}")]
    try:
        document = split_document(text, with_lines=validate)
    except FrontMatterError as exc:
        return None, [Problem(path, exc.line, exc.message)]
    if not validate:
        trusted = _trusted_tutorial(document, path)
        if trusted is not None:
            return trusted, []
        document = split_document(text)  # not the expected shape: validate, with line numbers
    from pydantic import ValidationError

    from ent_coach.content.schema import TutorialFrontMatter, french_errors

    try:
        meta = TutorialFrontMatter.model_validate(document.data)
    except ValidationError as exc:
        return None, [
            Problem(path, line_for(document.key_lines, loc), message)
            for loc, message in french_errors(exc)
        ]
    problems: list[Problem] = []
    if meta.id != path.stem:
        problems.append(
            Problem(
                path,
                document.key_lines.get(("id",), 2),
                f"id : « {meta.id} » ne correspond pas au nom du fichier « {path.stem}.md »",
            )
        )
    tutorial = Tutorial(
        id=meta.id,
        title=french_spacing(meta.title),
        summary=french_spacing(meta.summary),
        themes=tuple(meta.themes),
        audiences=tuple(meta.audiences),
        duration_minutes=meta.duration,
        level=meta.level,
        content_version=meta.content_version,
        last_reviewed=meta.last_reviewed,
        sources=tuple(
            Source(publisher=s.publisher, title=s.title, url=str(s.url), section=s.section)
            for s in meta.sources
        ),
        body=document.body,
        path=path,
        body_first_line=document.body_first_line,
        headings=tuple(_headings(document.body)),
    )
    return tutorial, problems


def _trusted_tutorial(document: Document, path: Path) -> Tutorial | None:
    data = document.data
    try:
        if data["id"] != path.stem or not isinstance(data["last_reviewed"], dt.date):
            return None
        return Tutorial(
            id=data["id"],
            title=french_spacing(str(data["title"])),
            summary=french_spacing(str(data["summary"])),
            themes=tuple(str(t) for t in data["themes"]),
            audiences=tuple(str(a) for a in data["audiences"]),
            duration_minutes=int(data["duration"]),
            level=str(data["level"]),
            content_version=int(data["content_version"]),
            last_reviewed=data["last_reviewed"],
            sources=tuple(
                Source(publisher=str(s["publisher"]), title=str(s["title"]), url=str(s["url"]),
                       section=s.get("section"))
                for s in data["sources"]
            ),
            body=document.body,
            path=path,
            body_first_line=document.body_first_line,
            headings=tuple(_headings(document.body)),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _headings(body: str) -> list[Heading]:
    out = []
    in_code = False
    for line in body.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        match = None if in_code else _HEADING.match(line)
        if match and len(match[1]) in (2, 3):
            out.append(Heading(level=len(match[1]), text=match[2], anchor=slugify(match[2])))
    return out


def load_tutorials(directory: Path, *, validate: bool = True) -> TutorialSet:
    """Every valid tutorial, sorted by title, and every problem found on the way."""
    result = TutorialSet()
    seen: dict[str, Path] = {}
    for path in sorted(directory.glob("*.md")):
        tutorial, problems = load_tutorial(path, validate=validate)
        result.problems.extend(problems)
        if tutorial is None:
            continue
        if tutorial.id in seen:
            result.problems.append(
                Problem(path, 2, f"id : « {tutorial.id} » est déjà utilisé par {seen[tutorial.id].name}")
            )
            continue
        seen[tutorial.id] = path
        result.tutorials.append(tutorial)
    result.tutorials.sort(key=lambda t: slugify(t.title))
    return result


def check_tutorials(directory: Path) -> TutorialSet:
    """Load, then check what loading alone cannot: links, images, structure, length, HTML."""
    result = load_tutorials(directory)
    if not directory.is_dir():
        result.problems.append(Problem(directory, 1, "dossier des tutoriels introuvable"))
        return result
    anchors = {t.id: {h.anchor for h in t.headings} | {"sources", "haut"} for t in result.tutorials}
    for tutorial in result.tutorials:
        result.problems.extend(_check_body(tutorial, directory, anchors))
    result.problems.sort()
    return result


def _check_body(
    tutorial: Tutorial, directory: Path, anchors: dict[str, set[str]]
) -> list[Problem]:
    problems: list[Problem] = []
    path = tutorial.path
    in_code = False
    for offset, line in enumerate(tutorial.body.splitlines()):
        number = tutorial.body_first_line + offset
        if line.startswith("```"):
            in_code = not in_code
        if in_code:
            continue
        for alt, src in _IMAGE.findall(line):
            kind = classify_image(src)
            if kind == "remote":
                problems.append(Problem(path, number, f"image distante interdite (jamais chargée) : {src}"))
            elif kind == "invalid":
                problems.append(Problem(path, number, f"image hors du dossier images/ : {src}"))
            elif not (directory / src).is_file():
                problems.append(Problem(path, number, f"image introuvable : {src}"))
            if not alt.strip():
                problems.append(Problem(path, number, f"image sans texte alternatif : {src}"))
        for href in _LINK.findall(line):
            problems.extend(_check_link(path, number, href, tutorial, anchors))
        callout = _CALLOUT.match(line)
        if callout and callout[1] not in CALLOUT_KINDS:
            problems.append(
                Problem(path, number, f"encadré inconnu « {callout[1]} » (possibles : {', '.join(CALLOUT_KINDS)})")
            )
        if _DANGEROUS_HTML.search(line):
            problems.append(Problem(path, number, "HTML interdit (script, iframe, objet ou attribut d'événement)"))
    present = {h.text for h in tutorial.headings if h.level == 2}
    for section in REQUIRED_SECTIONS:
        if section not in present:
            problems.append(Problem(path, tutorial.body_first_line, f"section manquante : « ## {section} »"))
    count = tutorial.word_count
    if not MIN_WORDS <= count <= MAX_WORDS:
        problems.append(
            Problem(path, tutorial.body_first_line,
                    f"longueur : {count} mots (attendu : {MIN_WORDS} à {MAX_WORDS})")
        )  # fmt: skip
    return problems


def _check_link(
    path: Path, number: int, href: str, tutorial: Tutorial, anchors: dict[str, set[str]]
) -> list[Problem]:
    kind, target = classify_link(href)
    if kind == "invalid":
        return [Problem(path, number, f"lien invalide : {href} (attendu : autre-tutoriel.md, #ancre ou https://…)")]
    if kind == "internal":
        target_id, _, anchor = target.partition(":")[2].partition("#")
        if target_id not in anchors:
            return [Problem(path, number, f"lien vers un tutoriel inexistant : {href}")]
        if anchor and anchor not in anchors[target_id]:
            return [Problem(path, number, f"ancre introuvable dans {target_id} : #{anchor}")]
    if kind == "anchor" and href[1:] not in anchors.get(tutorial.id, set()):
        return [Problem(path, number, f"ancre introuvable : {href}")]
    if kind == "external" and href.startswith("http://"):
        return [Problem(path, number, f"lien non sécurisé (http) : {href} — utilisez https://")]
    return []
