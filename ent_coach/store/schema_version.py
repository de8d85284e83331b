"""Schema revisions this version knows. A test keeps SCHEMA_HEAD equal to Alembic's head.

Kept as constants so a normal start (schema already at head) needs no Alembic import.
"""

from __future__ import annotations

KNOWN_REVISIONS = (
    "0001_initial",
    "0002_quiz",
    "0003_sandbox",
    "0004_assessments_practices",
    "0005_pathways",
    "0006_seances",
)
SCHEMA_HEAD = KNOWN_REVISIONS[-1]
