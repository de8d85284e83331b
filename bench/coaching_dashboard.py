"""Séance dashboard benchmark: prints figures (never asserts on time).

A synthetic, deterministic séance of 300 participants × 40 plan items is shown in the
dashboard view offscreen; measured: the matrix model alone, ``set_dashboard`` (model, charts,
missed questions, column sizes) and a full repaint (``grab``) at 1400 × 900, each the median
of several runs, with the target of 0.5 s for « model built + painted »; and resident memory.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/coaching_dashboard.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psutil  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from ent_coach.domain.coaching import (  # noqa: E402
    PLAN_KINDS,
    AnswerReview,
    Cell,
    Dashboard,
    ItemStatus,
    MissedItem,
    Participant,
    ParticipantRow,
    PlanItem,
    SeancePlan,
)
from ent_coach.domain.pathways import StepKind  # noqa: E402

RUNS = 5
PARTICIPANTS = 300
ITEMS = 40
_FIRST = ("Léa", "Hugo", "Chloé", "Nathan", "Inès", "Louis", "Manon", "Yanis", "Jade", "Éloïse")
_LAST = ("Martin", "Bernard", "Dubois", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent")


def synthetic_dashboard(participants: int, items: int, *, seed: int = 20261129) -> Dashboard:
    """A plausible séance: mostly done or in progress, a few stuck, one quiz assessment."""
    rng = random.Random(seed)
    kinds = [kind for kind in PLAN_KINDS if kind is not StepKind.QUIZ_ASSESSMENT]
    plan_items = [
        PlanItem(
            id=f"i{number}",
            kind=StepKind.QUIZ_ASSESSMENT if number == 1 else rng.choice(kinds),
            title=f"Élément de séance numéro {number}",
            minutes=rng.choice((5, 10, 15, 20)),
            reference=f"ref-{number}",
            seed=4242 if number == 1 else None,
        )
        for number in range(1, items + 1)
    ]
    plan = SeancePlan(
        code="K7P4QX", title="Demi-journée de coaching ENT", date=dt.date(2026, 3, 10),
        place="INSPE, salle B12", items=tuple(plan_items),
    )  # fmt: skip
    imported = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
    rows = []
    completion = dict.fromkeys((item.id for item in plan_items), 0)
    bins = [0] * 10
    for person in range(participants):
        cells = {}
        for item in plan_items:
            status = rng.choices(list(ItemStatus), weights=(3, 3, 6, 1))[0]
            score = round(rng.random(), 2) if item.kind is StepKind.QUIZ_ASSESSMENT else None
            reason = "3 essais échoués sur ce scénario" if status is ItemStatus.NEEDS_HELP else None
            seconds = 0.0 if status is ItemStatus.NOT_STARTED else rng.uniform(30, 2400)
            cells[item.id] = Cell(status, seconds, score, rng.randint(0, 4), reason)
            if status is ItemStatus.DONE:
                completion[item.id] += 1
            if score is not None:
                bins[min(9, int(score * 10))] += 1
        named = person % 5 != 0
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" if named else None
        answers = tuple(
            AnswerReview(f"q{n}", f"Question {n}", "a", rng.random() < 0.6, n) for n in range(1, 21)
        )
        rows.append(
            ParticipantRow(
                participant=Participant(f"pseudo-{person:04d}", name, imported),
                cells=cells,
                total_seconds=sum(cell.seconds for cell in cells.values()),
                done_count=sum(cell.status is ItemStatus.DONE for cell in cells.values()),
                needs_help=any(cell.status is ItemStatus.NEEDS_HELP for cell in cells.values()),
                answers=answers,
            )
        )
    missed = tuple(
        MissedItem(
            f"q{n}", f"Question {n} de l'évaluation", participants, rng.randint(0, participants)
        )
        for n in range(1, 21)
    )
    return Dashboard(plan, tuple(rows), completion, missed, tuple(bins), imported)


def from_statements() -> tuple[Dashboard, float]:
    """The dashboard computed as the application does, from the participants' statements:
    300 trainees × 200 statements each (bench/coaching_import.py's realistic mix) against a
    40-item plan (30 tutorials, the assessment of their draw, 9 scenarios)."""
    import uuid

    from coaching_import import _statements

    from ent_coach.domain.coaching import ParticipantStatements, PlanItem, SeancePlan
    from ent_coach.domain.coaching_dashboard import compute_dashboard
    from ent_coach.domain.pathways import StepKind

    items = [PlanItem(f"i{n + 1}", StepKind.TUTORIAL, f"Tutoriel {n}", 10, reference=f"tutoriel-{n}")
             for n in range(30)]  # fmt: skip
    items.append(PlanItem("i31", StepKind.QUIZ_ASSESSMENT, "Évaluation", 20, seed=42))
    items += [PlanItem(f"i{n + 32}", StepKind.SCENARIO, f"Scénario {n}", 15, reference=f"scenario-{n}")
              for n in range(9)]  # fmt: skip
    plan = SeancePlan(code="ACDEFG", title="Banc", date=dt.date(2026, 3, 17), place="", items=tuple(items))
    participants = []
    for index in range(PARTICIPANTS):
        pseudonym = str(uuid.UUID(int=index + 1))
        participant = Participant(pseudonym, f"Stagiaire {index + 1}", dt.datetime(2026, 3, 17, 12))
        participants.append(ParticipantStatements(participant, tuple(_statements(pseudonym, 200))))
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        dashboard = compute_dashboard(plan, participants, now=dt.datetime(2026, 3, 17, 12))
        runs.append(time.perf_counter() - started)
    return dashboard, _median_ms(runs)


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> int:
    from ent_coach.ui.coaching.dashboard import DashboardView
    from ent_coach.ui.coaching.matrix_model import MatrixModel, NameMode
    from ent_coach.ui.theme import apply_theme

    app = QApplication.instance() or QApplication([sys.argv[0], "-style", "Fusion"])
    apply_theme(app, theme="clair", text_scale=100)  # type: ignore[arg-type]
    started = time.perf_counter()
    dashboard = synthetic_dashboard(PARTICIPANTS, ITEMS)
    synthetic_ms = (time.perf_counter() - started) * 1000

    window = QWidget()
    window.resize(1400, 900)
    view = DashboardView(window, question_lookup=lambda _item_id: None)
    view.resize(1400, 900)
    window.show()
    app.processEvents()

    model_runs, set_runs, paint_runs, total_runs = [], [], [], []
    for _ in range(RUNS):
        model = MatrixModel()
        started = time.perf_counter()
        model.set_dashboard(dashboard, NameMode.NAMES)
        model_runs.append(time.perf_counter() - started)

        view.set_dashboard(None)
        app.processEvents()
        started = time.perf_counter()
        view.set_dashboard(dashboard)
        set_done = time.perf_counter()
        view.grab()  # lays out and paints every visible child
        painted = time.perf_counter()
        set_runs.append(set_done - started)
        paint_runs.append(painted - set_done)
        total_runs.append(painted - started)

    computed, compute_ms = from_statements()
    started = time.perf_counter()
    view.set_dashboard(computed)
    view.grab()
    end_to_end = compute_ms + (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    view.table.sortByColumn(3, view.table.horizontalHeader().sortIndicatorOrder())
    view.grab()
    sort_ms = (time.perf_counter() - started) * 1000
    rss_mb = psutil.Process().memory_info().rss / 1_000_000
    total = _median_ms(total_runs)

    rows = [
        (f"Tableau synthétique {PARTICIPANTS} × {ITEMS} (construction)", f"{synthetic_ms:.0f} ms", "", ""),
        ("Modèle de la matrice seul (médiane)", f"{_median_ms(model_runs):.1f} ms", "", ""),
        ("set_dashboard : modèle, graphiques, colonnes (médiane)", f"{_median_ms(set_runs):.0f} ms", "", ""),
        ("Affichage complet à 1400 × 900, grab (médiane)", f"{_median_ms(paint_runs):.0f} ms", "", ""),
        ("Modèle construit + affiché (médiane)", f"{total:.0f} ms", "≤ 500 ms", total <= 500),
        (f"Calcul depuis {PARTICIPANTS * 200:,} déclarations xAPI (médiane)".replace(",", " "),
         f"{compute_ms:.0f} ms", "", ""),
        ("Calcul + modèle + affichage", f"{end_to_end:.0f} ms", "≤ 500 ms", end_to_end <= 500),
        ("Tri par une colonne d'élément + affichage", f"{sort_ms:.0f} ms", "", ""),
        ("Mémoire résidente", f"{rss_mb:.0f} Mo", "", ""),
    ]  # fmt: skip
    width = max(len(r[0]) for r in rows)
    print(f"{'Mesure'.ljust(width)}  {'Valeur':>10}  {'Cible':>9}  Résultat")
    for name, value, target, ok in rows:
        verdict = "" if ok == "" else ("atteint" if ok else "NON ATTEINT")
        print(f"{name.ljust(width)}  {value:>10}  {target:>9}  {verdict}")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
