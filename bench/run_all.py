"""ENT Coach benchmarks: prints a table of figures and ratios (never asserts on time).

- start-up until the home's « Continuer » card holds the next action and is painted, as a ratio to a minimal PySide6 window with
  a QTextBrowser measured in the same run (target ≤ 2.0);
- resident memory at the home screen (target ≤ 150 MB);
- rendering the longest tutorial, median (target ≤ 30 ms);
- search over 1,000 synthetic tutorials, 1,000 practices and 500 quiz questions, 95th
  percentile (target ≤ 5 ms), with the ratio to a bare FTS5 match (``bench/search.py``);
- sandbox goals and risk checks on 50 groups and 500 objects, median (target ≤ 5 ms), as a
  ratio to a plain dict look-up loop of the same size (``bench/sandbox_checks.py``).
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ent_coach import paths  # noqa: E402
from ent_coach.content.render import render_tutorial  # noqa: E402
from ent_coach.content.tutorials import load_tutorials  # noqa: E402
from ent_coach.domain.taxonomy import Role  # noqa: E402
from ent_coach.services.profiles import ProfileService  # noqa: E402
from ent_coach.store.database import open_store  # noqa: E402

STARTUP_RUNS = 7


def _spawn(args: list[str]) -> tuple[float, int]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # An installed application has its bytecode compiled (pip and PyInstaller do it); measure
    # that situation, not a first run that compiles every module.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "startup_child.py"), *args],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("ready"):
            elapsed = time.perf_counter() - started
            rss = int(line.split()[1])
            process.wait(timeout=30)
            return elapsed, rss
    process.wait(timeout=30)
    raise RuntimeError(f"le processus {args[0]} n'a pas signalé sa fenêtre")


def bench_startup() -> dict[str, float]:
    compileall.compile_dir(ROOT / "ent_coach", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(paths.database_path(Path(folder)))
        ProfileService(store).create(display_name="Banc d'essai", role=Role.ENSEIGNANT)
        store.close()
        _spawn(["baseline"])  # warm the file cache for both
        _spawn(["app", folder])
        baseline, app, memory = [], [], []
        for _ in range(STARTUP_RUNS):
            baseline.append(_spawn(["baseline"])[0])
            seconds, rss = _spawn(["app", folder])
            app.append(seconds)
            memory.append(rss)
    return {
        "baseline_ms": statistics.median(baseline) * 1000,
        "app_ms": statistics.median(app) * 1000,
        "ratio": statistics.median(app) / statistics.median(baseline),
        "rss_mb": statistics.median(memory) / 1_000_000,
    }


def bench_render() -> dict[str, float]:
    tutorials = load_tutorials(paths.tutorials_dir()).tutorials
    longest = max(tutorials, key=lambda t: len(t.body))
    render_tutorial(longest)  # first call builds the Markdown converter
    timings = []
    for _ in range(60):
        started = time.perf_counter()
        render_tutorial(longest)
        timings.append(time.perf_counter() - started)
    return {"median_ms": statistics.median(timings) * 1000, "words": float(longest.word_count), "id": longest.id}  # type: ignore[dict-item]


def bench_search() -> dict[str, float]:
    # bench/ is the script's folder, hence on sys.path when run as ``python bench/run_all.py``.
    from search import measure

    return measure()


def bench_sandbox() -> dict[str, float]:
    # bench/ is the script's folder, hence on sys.path when run as ``python bench/run_all.py``.
    from sandbox_checks import measure

    return measure()


def main() -> int:
    startup = bench_startup()
    render = bench_render()
    search = bench_search()
    sandbox = bench_sandbox()
    rows = [
        ("Démarrage jusqu'à l'accueil (médiane)", f"{startup['app_ms']:.0f} ms", "", ""),
        ("Fenêtre minimale QTextBrowser (médiane)", f"{startup['baseline_ms']:.0f} ms", "", ""),
        ("Rapport démarrage / référence", f"{startup['ratio']:.2f}", "≤ 2.0", startup["ratio"] <= 2.0),
        ("Mémoire résidente à l'accueil", f"{startup['rss_mb']:.0f} Mo", "≤ 150 Mo", startup["rss_mb"] <= 150),
        (f"Rendu du plus long tutoriel ({render['id']}, {render['words']:.0f} mots)",
         f"{render['median_ms']:.1f} ms", "≤ 30 ms", render["median_ms"] <= 30),
        ("Recherche, 2 500 documents, p95", f"{search['p95_ms']:.2f} ms", "≤ 5 ms", search["p95_ms"] <= 5),
        ("Recherche : médiane", f"{search['median_ms']:.2f} ms", "", ""),
        ("Recherche : p95 en temps processeur", f"{search['cpu_p95_ms']:.2f} ms", "", ""),
        ("Recherche : rapport p95 / simple correspondance", f"{search['ratio']:.1f}", "", ""),
        ("Construction de l'index (2 500 documents)", f"{search['build_ms']:.0f} ms", "", ""),
        ("Bac à sable : objectifs et risques, 500 objets (médiane)",
         f"{sandbox['median_ms']:.2f} ms", "≤ 5 ms", sandbox["median_ms"] <= 5),
        ("Bac à sable : p95", f"{sandbox['p95_ms']:.2f} ms", "", ""),
        ("Bac à sable : rapport / boucle de dictionnaire", f"{sandbox['ratio']:.0f}", "", ""),
    ]  # fmt: skip
    width = max(len(r[0]) for r in rows)
    print(f"{'Mesure'.ljust(width)}  {'Valeur':>10}  {'Cible':>9}  Résultat")
    for name, value, target, ok in rows:
        verdict = "" if ok == "" else ("atteint" if ok else "NON ATTEINT")
        print(f"{name.ljust(width)}  {value:>10}  {target:>9}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
