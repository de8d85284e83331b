"""Which sources count as official: the authority a quiz answer or a risk check may rest on.

Secondary sources (press, law firms, unions) give context only; every answer needs at least one
source published by a public body.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_OFFICIAL_SUFFIXES = (
    "legifrance.gouv.fr",
    "cnil.fr",
    "eur-lex.europa.eu",
    "education.gouv.fr",  # also eduscol., gar., and the ministry's own pages
    "education.fr",  # gar.education.fr, eduscol.education.fr (older addresses)
    "reseau-canope.fr",
    "service-public.fr",
    "cybermalveillance.gouv.fr",
    "cyber.gouv.fr",
    "ssi.gouv.fr",
    "ih2ef.gouv.fr",
    "vie-publique.fr",
    "assemblee-nationale.fr",
    "senat.fr",
    "conseil-etat.fr",
    "gouvernement.fr",
    "info.gouv.fr",
)
# Académies and their services: ac-paris.fr, dane.ac-lyon.fr, applilocale.ac-besancon.fr…
_ACADEMIE = re.compile(r"(^|\.)ac-[a-z-]+\.fr$")
_REGION_ACADEMIQUE = re.compile(r"(^|\.)region-academique-[a-z-]+\.fr$")


def is_official_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return False
    if _ACADEMIE.search(host) or _REGION_ACADEMIQUE.search(host):
        return True
    return any(host == suffix or host.endswith("." + suffix) for suffix in _OFFICIAL_SUFFIXES)
