"""A practice as readable HTML for a QTextBrowser. Every field is plain text, escaped here.

Links use two schemes the page handles itself: ``tutoriel:<id>`` opens a tutorial in the
application, ``https://`` asks before opening the browser."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from ent_coach.domain.practices import DISCIPLINES, SCHOOL_LEVELS, SERVICES, Practice, labels

TUTORIAL_SCHEME = "tutoriel"


@dataclass(frozen=True, slots=True)
class RenderColours:
    """Colours taken from the current palette, so light and dark themes both read well."""

    chip: str
    muted: str
    warning_background: str
    warning_border: str
    note_background: str


def _chips(values: list[str], colour: str) -> str:
    return " ".join(
        f'<span style="background-color:{colour};">&nbsp;{escape(value)}&nbsp;</span>'
        for value in values
    )


def _date(value: dt.datetime | None) -> str:
    return value.strftime("%d/%m/%Y à %H:%M") if value else "—"


def practice_html(
    practice: Practice,
    *,
    colours: RenderColours,
    favourite: bool,
    tutorial_title: Callable[[str], str | None],
    competence_title: Callable[[str], str | None],
) -> str:
    parts = [f"<h2>{'★ ' if favourite else ''}{escape(practice.title)}</h2>"]
    parts.append(f"<p><i>{escape(practice.summary)}</i></p>")
    facts = [
        ("Niveaux", _chips(labels(practice.levels, SCHOOL_LEVELS), colours.chip)),
        ("Disciplines", _chips(labels(practice.disciplines, DISCIPLINES), colours.chip)),
        ("Services ENT", _chips(labels(practice.services, SERVICES), colours.chip)),
        ("Durée", escape(practice.duration)),
    ]
    rows = "".join(
        f'<tr><td style="color:{colours.muted}; padding-right:10px;">{name}</td>'
        f'<td style="padding-bottom:4px;">{value}</td></tr>'
        for name, value in facts
    )
    parts.append(f'<table cellspacing="0" cellpadding="2">{rows}</table>')
    if practice.is_own:
        parts.append(
            f'<table width="100%" cellpadding="6" style="margin-top:8px;">'
            f'<tr><td style="background-color:{colours.note_background};">'
            f"<b>Pratique personnelle</b> — créée le {_date(practice.created_at)}, "
            f"modifiée le {_date(practice.updated_at)}. Elle n'est visible que dans votre profil."
            "</td></tr></table>"
        )
    parts.append("<h3>Description</h3>")
    parts += [
        f"<p>{escape(paragraph)}</p>"
        for paragraph in practice.description.splitlines()
        if paragraph.strip()
    ]
    parts.append("<h3>Étapes</h3><ol>")
    parts += [f"<li>{escape(step)}</li>" for step in practice.steps]
    parts.append("</ol><h3>Ce que cela apporte</h3><ul>")
    parts += [f"<li>{escape(benefit)}</li>" for benefit in practice.benefits]
    parts.append("</ul>")
    vigilance = "".join(f"<li>{escape(item)}</li>" for item in practice.vigilance)
    parts.append(
        f'<table width="100%" cellpadding="8" cellspacing="0" style="margin-top:10px;'
        f' border-left: 4px solid {colours.warning_border};">'
        f'<tr><td style="background-color:{colours.warning_background};'
        f' border-left: 4px solid {colours.warning_border};">'
        f'<b>⚠ Points de vigilance</b> <span style="color:{colours.muted};">'
        "(données personnelles, images, modération)</span>"
        f"<ul>{vigilance}</ul></td></tr></table>"
    )
    if practice.tutorials:
        parts.append("<h3>Tutoriels liés</h3><ul>")
        for tutorial_id in practice.tutorials:
            title = tutorial_title(tutorial_id)
            if title is None:
                parts.append(
                    f"<li>{escape(tutorial_id)} <i>(tutoriel absent de cette version)</i></li>"
                )
            else:
                parts.append(
                    f'<li><a href="{TUTORIAL_SCHEME}:{escape(tutorial_id)}">{escape(title)}</a></li>'
                )
        parts.append("</ul>")
    if practice.competences:
        parts.append("<h3>Compétences du CRCN</h3><ul>")
        for competence_id in practice.competences:
            title = competence_title(competence_id)
            text = f"{competence_id} — {title}" if title else competence_id
            parts.append(f"<li>{escape(text)}</li>")
        parts.append("</ul>")
    if practice.sources:
        parts.append("<h3>Sources</h3><ul>")
        for source in practice.sources:
            parts.append(
                f'<li>{escape(source.publisher)} : <a href="{escape(source.url, quote=True)}">'
                f"{escape(source.title)}</a></li>"
            )
        parts.append("</ul>")
    return "".join(parts)
