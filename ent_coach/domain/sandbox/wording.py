"""French wording shared by explanations, goals and findings: a group's members are plural
(« les membres du groupe « Parents de la classe 4B » peuvent »), a persona singular."""

from __future__ import annotations

from ent_coach.domain.sandbox.model import INTERNET, Workspace


def subject(ws: Workspace, who: str) -> tuple[str, bool]:
    """The phrase naming ``who`` as a sentence subject, and whether it is plural."""
    if who == INTERNET:
        return "n'importe quel internaute", False
    if who in ws.groups:
        return f"les membres du groupe « {ws.groups[who].name} »", True
    return ws.principal_name(who), False


def to_whom(ws: Workspace, who: str) -> str:
    """« à Léa » / « aux membres du groupe « X » » (« à les » is not French)."""
    name, _plural = subject(ws, who)
    if name.startswith("les "):
        return "aux " + name[len("les ") :]
    return f"à {name}"


def can(ws: Workspace, who: str, *, positive: bool = True, capital: bool = True) -> str:
    """« Les membres du groupe « X » peuvent » / « Léa ne peut pas »."""
    name, plural = subject(ws, who)
    verb = (
        ("peuvent" if plural else "peut")
        if positive
        else ("ne peuvent pas" if plural else "ne peut pas")
    )
    text = f"{name} {verb}"
    return text[0].upper() + text[1:] if capital else text


def verb3(ws: Workspace, who: str, singular: str, plural: str, *, capital: bool = True) -> str:
    """Subject plus a conjugated verb: « Les membres du groupe « X » publient »."""
    name, is_plural = subject(ws, who)
    text = f"{name} {plural if is_plural else singular}"
    return text[0].upper() + text[1:] if capital else text
