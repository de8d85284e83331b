"""Search over a synthetic corpus of 1,000 tutorials, 1,000 practices and 500 quiz questions.

Each query is the one the search screen runs: for every kind, the count of matches and the
five best hits with their snippets. The words come from the shipped content; documents have
the length of real ones (a tutorial's body is about 1,100 words). 400 queries: 300 of one to
three words, 100 cut in the middle of a word as while typing.

Prints the median and 95th percentile in ms, wall-clock and as the thread's CPU time (the
wall-clock figures of a machine busy with other work include the time spent waiting for a
core), and the ratio to a baseline measured in the same run on the same tables: a bare FTS5
match that returns the first matching row of each kind (no count, no ranking, no snippet).
Target: p95 ≤ 5 ms. Never asserts on time.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ent_coach import paths  # noqa: E402
from ent_coach.content.practices import load_practices  # noqa: E402
from ent_coach.content.quiz import load_quiz  # noqa: E402
from ent_coach.content.tutorials import load_tutorials  # noqa: E402
from ent_coach.services.search import (  # noqa: E402
    GROUP_SIZE,
    ResultKind,
    documents_for,
    practice_document,
    quiz_document,
)
from ent_coach.store.search_index import (  # noqa: E402
    SearchDocument,
    SearchIndex,
    match_expression,
    query_terms,
)

SEED = 20261208
# (kind, how many, words in title, summary, body)
CORPUS = (
    (ResultKind.TUTORIAL, 1000, 6, 20, 1100),
    (ResultKind.PRACTICE, 1000, 10, 25, 250),
    (ResultKind.QUIZ, 500, 8, 30, 150),
)
_WORD = re.compile(r"[^\W\d_]{4,}")


def vocabulary() -> list[str]:
    """Words of the shipped tutorials, practices and quiz questions."""
    texts = [d.body for d in documents_for(load_tutorials(paths.tutorials_dir()).tutorials)]
    texts += [practice_document(p).body for p in load_practices(paths.resources_dir() / "practices").practices]
    texts += [quiz_document(i).body for i in load_quiz(paths.resources_dir() / "quiz").bank.items]
    return sorted({word for text in texts for word in _WORD.findall(text)})


def synthetic_corpus(words: list[str], rng: random.Random) -> list[SearchDocument]:
    documents = []
    for kind, count, title, summary, body in CORPUS:
        for number in range(count):
            documents.append(
                SearchDocument(
                    f"{kind}-{number}",
                    " ".join(rng.choices(words, k=title)),
                    " ".join(rng.choices(words, k=summary)),
                    " ".join(rng.choices(words, k=body)),
                    kind,
                )
            )
    return documents


def queries(words: list[str], rng: random.Random) -> list[str]:
    whole = [" ".join(rng.choices(words, k=rng.choice((1, 1, 2, 3)))) for _ in range(300)]
    return whole + [q[: max(3, len(q) // 2)] for q in whole[:100]]  # cut as while typing


def _percentiles(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings) * 1000, timings[int(len(timings) * 0.95)] * 1000


def measure() -> dict[str, float]:
    rng = random.Random(SEED)
    words = vocabulary()
    documents = synthetic_corpus(words, rng)
    started = time.perf_counter()
    index = SearchIndex(documents)
    build_ms = (time.perf_counter() - started) * 1000
    kinds = [kind.value for kind in ResultKind]
    asked = queries(words, rng)
    for query in asked[:20]:  # warm the page cache of the in-memory tables
        index.search_kinds(query, limit=GROUP_SIZE, kinds=kinds)

    timings, cpu, baseline, found = [], [], [], []
    for query in asked:
        started, started_cpu = time.perf_counter(), time.thread_time()
        groups = index.search_kinds(query, limit=GROUP_SIZE, kinds=kinds)
        cpu.append(time.thread_time() - started_cpu)
        timings.append(time.perf_counter() - started)
        found.append(sum(group.total for group in groups))
        started = time.perf_counter()
        _bare_match(index, query)
        baseline.append(time.perf_counter() - started)
    median, p95 = _percentiles(timings)
    cpu_median, cpu_p95 = _percentiles(cpu)
    base_median, base_p95 = _percentiles(baseline)
    index.close()
    return {
        "median_ms": median,
        "p95_ms": p95,
        "cpu_median_ms": cpu_median,
        "cpu_p95_ms": cpu_p95,
        "baseline_median_ms": base_median,
        "baseline_p95_ms": base_p95,
        "ratio": p95 / base_p95 if base_p95 else float("nan"),
        "build_ms": build_ms,
        "documents": float(len(documents)),
        "queries": float(len(asked)),
        "median_matches": float(statistics.median(found)),
    }


def _bare_match(index: SearchIndex, query: str) -> None:
    terms = query_terms(query)
    if not terms:
        return
    match = match_expression(terms)
    database = index._db  # the baseline reads the same tables, outside the search code
    for kind in index._kinds.values():
        table = kind.table
        database.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT 1", (match,)).fetchall()


def main() -> int:
    figures = measure()
    print(
        f"Recherche sur {figures['documents']:.0f} documents synthétiques "
        "(1 000 tutoriels, 1 000 pratiques, 500 questions), "
        f"{figures['queries']:.0f} requêtes, {figures['median_matches']:.0f} correspondances (médiane)"
    )
    print(f"  p50 {figures['median_ms']:.2f} ms, p95 {figures['p95_ms']:.2f} ms (cible p95 ≤ 5 ms)")
    print(
        f"  temps processeur du fil : p50 {figures['cpu_median_ms']:.2f} ms, "
        f"p95 {figures['cpu_p95_ms']:.2f} ms (ce que coûterait la requête sur une machine libre)"
    )
    print(
        f"  référence (simple correspondance FTS5, une ligne par sorte) : p50 "
        f"{figures['baseline_median_ms']:.2f} ms, p95 {figures['baseline_p95_ms']:.2f} ms ; "
        f"rapport des p95 : {figures['ratio']:.1f}"
    )
    print(f"  construction de l'index : {figures['build_ms']:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
