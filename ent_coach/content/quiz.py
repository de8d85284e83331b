"""Load and check the quiz bank: ``resources/quiz/<theme>.yaml``, a list of items each."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ent_coach.content.problems import Problem
from ent_coach.content.yamlfile import read_yaml_file
from ent_coach.domain.quiz.model import OPTION_KEYS, Option, QuizBank, QuizFormat, QuizItem
from ent_coach.domain.tutorials import Source

MIN_SCENARIO_SHARE = 0.4


@dataclass
class QuizLoad:
    items: list[QuizItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def bank(self) -> QuizBank:
        return QuizBank(tuple(self.items))


def load_quiz(directory: Path) -> QuizLoad:
    """Every item of every file; invalid items are reported and left out."""
    from pydantic import ValidationError

    from ent_coach.content.frontmatter import line_for
    from ent_coach.content.quiz_schema import QuizItemModel
    from ent_coach.content.schema import french_errors

    result = QuizLoad()
    if not directory.is_dir():
        return result
    for path in sorted(directory.glob("*.yaml")):
        parsed, problems = read_yaml_file(path)
        result.problems.extend(problems)
        if parsed is None:
            continue
        if not isinstance(parsed.data, list):
            result.problems.append(
                Problem(path, 1, "le fichier doit contenir une liste de questions")
            )
            continue
        for index, raw in enumerate(parsed.data):
            item_line = parsed.key_lines.get((index,), 1)
            try:
                model = QuizItemModel.model_validate(raw)
            except ValidationError as exc:
                for loc, message in french_errors(exc):
                    line = line_for(parsed.key_lines, (index, *loc)) if loc else item_line
                    result.problems.append(Problem(path, line, message))
                continue
            item = _to_item(model, path, item_line)
            if item.theme != path.stem:
                result.problems.append(
                    Problem(
                        path,
                        parsed.key_lines.get((index, "themes"), item_line),
                        f"le thème principal ({item.theme}) doit être celui du fichier "
                        f"({path.stem})",
                    )
                )
            result.items.append(item)
    _check_ids(result)
    return result


def _to_item(model, path: Path, line: int) -> QuizItem:  # type: ignore[no-untyped-def]
    fmt = QuizFormat(model.format)
    if fmt is QuizFormat.ORDERING:
        # Keys follow the right order, so the correct response is always a, b, c…
        order = model.answer or list(range(1, len(model.steps) + 1))
        steps = [model.steps[number - 1] for number in order]
        options = tuple(
            Option(key=OPTION_KEYS[i], text=step.text, correct=True, feedback=step.feedback)
            for i, step in enumerate(steps)
        )
    else:
        options = tuple(
            Option(key=OPTION_KEYS[i], text=o.text, correct=o.correct, feedback=o.feedback)
            for i, o in enumerate(model.options)
        )
    return QuizItem(
        id=model.id,
        format=fmt,
        themes=tuple(model.themes),
        difficulty=model.difficulty,
        title=model.title,
        situation=model.situation,
        question=model.question,
        options=options,
        explanation=model.explanation,
        sources=tuple(
            Source(publisher=s.publisher, title=s.title, url=str(s.url), section=s.section)
            for s in model.sources
        ),
        last_verified=model.last_verified,
        volatile=model.volatile,
        shuffle=model.shuffle,
        path=path,
        line=line,
        degree=model.degre,
    )


def _check_ids(result: QuizLoad) -> None:
    counts = Counter(item.id for item in result.items)
    for item in result.items:
        if counts[item.id] > 1:
            assert item.path is not None
            result.problems.append(
                Problem(item.path, item.line, f"identifiant de question en double : {item.id}")
            )
    # Keep one item per id so the rest of the application never sees an ambiguity.
    seen: set[str] = set()
    unique: list[QuizItem] = []
    for item in result.items:
        if item.id not in seen:
            seen.add(item.id)
            unique.append(item)
    result.items = unique


def bank_problems(load: QuizLoad, directory: Path) -> list[Problem]:
    """Rules on the whole bank rather than on one item."""
    items = load.items
    if not items:
        return []
    scenarios = sum(item.format is QuizFormat.SCENARIO for item in items)
    if scenarios < MIN_SCENARIO_SHARE * len(items):
        return [
            Problem(
                directory,
                1,
                f"{scenarios} {'mise' if scenarios <= 1 else 'mises'} en situation sur "
                f"{len(items)} questions : il en faut au "
                f"moins {round(MIN_SCENARIO_SHARE * 100)} %",
            )
        ]
    return []


def check_quiz(directory: Path) -> QuizLoad:
    load = load_quiz(directory)
    load.problems.extend(bank_problems(load, directory))
    load.problems.sort()
    return load
