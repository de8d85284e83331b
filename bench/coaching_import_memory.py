"""Peak memory of importing the largest progress file the limits allow: 200,000 statements
(about 185 MB of JSON, 10 MB zipped), into a new séance. Target: ≤ 300 MB resident.

The file is written first, statement by statement (the bench itself must not need gigabytes),
with realistic statements from the real builders; then a fresh process opens a new database,
imports it and reports its own peak resident memory (``ru_maxrss``), its memory before the
import and the import's time. ``--fichiers 2`` imports two such files at once, as a folder.
Prints figures; never asserts.

    .venv/bin/python bench/coaching_import_memory.py [--declarations 200000] [--fichiers 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGET_MB = 300
T0 = dt.datetime(2026, 3, 17, 9, 0, tzinfo=dt.UTC)


def write_large_bundle(path: Path, count: int, pseudonym: str) -> None:
    """A valid progress file of ``count`` statements, written as a stream (a few thousand
    statements in memory at a time), checksum and counts computed on the way."""
    from coaching_import import _statements

    from ent_coach.content.progress_bundle import (
        BUNDLE_FORMAT,
        BUNDLE_VERSION,
        MANIFEST_MEMBER,
        STATEMENTS_MEMBER,
        verb_short_name,
    )

    digest = hashlib.sha256()
    verbs: Counter[str] = Counter()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open(STATEMENTS_MEMBER, "w", force_zip64=True) as member:

            def put(data: bytes) -> None:
                digest.update(data)
                member.write(data)

            put(b"[")
            written = 0
            while written < count:
                chunk = _statements(pseudonym, min(2000, count - written))
                for statement in chunk:
                    statement["id"] = str(uuid.uuid4())  # ids are unique across chunks
                    verbs[verb_short_name(statement["verb"]["id"])] += 1
                text = json.dumps(chunk, ensure_ascii=False, separators=(",", ":"))[1:-1]
                put((b"," if written else b"") + text.encode())
                written += len(chunk)
            put(b"]")
        manifest = {
            "format": BUNDLE_FORMAT, "version": BUNDLE_VERSION, "app_version": "banc",
            "content_version": "banc", "pseudonym": pseudonym, "display_name": None,
            "seance_code": None, "created_at": T0.isoformat(),
            "counts": {"statements": count, **dict(sorted(verbs.items()))},
            "statements_sha256": digest.hexdigest(),
        }  # fmt: skip
        archive.writestr(MANIFEST_MEMBER, json.dumps(manifest, indent=2))


def import_in_this_process(database: Path, files: list[Path]) -> None:
    """The child: a new database and séance, then the import; prints one JSON line."""
    from ent_coach.domain.coaching import PlanItem
    from ent_coach.domain.pathways import InstalledContent, StepKind
    from ent_coach.domain.taxonomy import Role
    from ent_coach.services.coaching import CoachingService
    from ent_coach.services.pathways import PathwayService
    from ent_coach.services.profiles import ProfileService
    from ent_coach.store.database import open_store

    store = open_store(database)
    service = CoachingService(
        store, app_version="banc", content_version="banc", installed=InstalledContent,
        question_titles=dict, pathways=PathwayService(store, lambda: (), InstalledContent),
    )  # fmt: skip
    tutor = ProfileService(store).create(display_name="Formateur", role=Role.FORMATEUR)
    plan = service.create_seance(
        tutor, title="Banc", date=T0.date(), place="", tutor_note="",
        items=[PlanItem(id="", kind=StepKind.QUIZ_ASSESSMENT, title="Évaluation", minutes=20)],
    )  # fmt: skip
    store.warm_up()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    results = service.import_bundles(tutor, plan.code, files)
    seconds = time.perf_counter() - started
    store.close()
    print(json.dumps({
        "before_kb": before,
        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "seconds": seconds,
        "results": [[r.outcome.label, r.new_statements, r.message[:160]] for r in results],
    }))  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--declarations", type=int, default=200_000)
    parser.add_argument("--fichiers", type=int, default=1)
    parser.add_argument("--importer", nargs="+", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.importer:
        import_in_this_process(args.importer[0], args.importer[1:])
        return 0
    with tempfile.TemporaryDirectory(prefix="ent-coach-memoire-") as temp:
        work = Path(temp)
        files = []
        started = time.perf_counter()
        for index in range(args.fichiers):
            path = work / f"progression-{index + 1}.zip"
            write_large_bundle(path, args.declarations, str(uuid.UUID(int=index + 1)))
            files.append(path)
        made = time.perf_counter() - started
        child = subprocess.run(
            [sys.executable, __file__, "--importer", str(work / "base.sqlite3"), *map(str, files)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if child.returncode != 0:
            print(child.stderr, file=sys.stderr)
            return 1
        figures = json.loads(child.stdout.splitlines()[-1])
        size = sum(p.stat().st_size for p in files) / 1e6
        with zipfile.ZipFile(files[0]) as archive:
            inflated = archive.getinfo("statements.json").file_size / 1e6
    peak = figures["peak_kb"] / 1024
    rows = [
        ("Fichiers importés", f"{args.fichiers} × {args.declarations:,}".replace(",", " ")
         + " déclarations", "", ""),
        ("  taille (compressé / JSON décompressé, par fichier)",
         f"{size / args.fichiers:.1f} / {inflated:.0f} Mo", "", ""),
        ("  préparation des fichiers (hors mesure)", f"{made:.0f} s", "", ""),
        ("Mémoire résidente avant l'import", f"{figures['before_kb'] / 1024:.0f} Mo", "", ""),
        ("Mémoire résidente maximale pendant l'import", f"{peak:.0f} Mo", f"≤ {TARGET_MB} Mo",
         "atteint" if peak <= TARGET_MB else "NON ATTEINT"),
        ("Durée de l'import", f"{figures['seconds']:.1f} s", "", ""),
    ]  # fmt: skip
    for outcome, added, message in figures["results"]:
        rows.append((f"  résultat : {outcome}", f"{added} nouvelles", "", ""))
        if outcome == "refusé":
            rows.append(("  raison", message, "", ""))
    width = max(len(r[0]) for r in rows)
    print(f"{'Mesure'.ljust(width)}  {'Valeur':>24}  {'Cible':>9}  Résultat")
    for name, value, target, verdict in rows:
        print(f"{name.ljust(width)}  {value:>24}  {target:>9}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
