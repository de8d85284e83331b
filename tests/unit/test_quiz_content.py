"""``check-content`` on the quiz bank: each kind of bad item is rejected with file and line."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from ent_coach import paths
from ent_coach.cli import check_content
from ent_coach.content.quiz import check_quiz
from ent_coach.domain.quiz.model import QUIZ_THEMES, QuizFormat
from tests.quiz_samples import bank, item, write_bank


def _check_one(tmp_path: Path, bad: dict[str, Any], theme: str = "principes-rgpd") -> list[str]:
    files = bank()
    files[theme] = [*files[theme], bad]
    result = check_quiz(write_bank(tmp_path / "quiz", files))
    return [p.format(relative_to=tmp_path) for p in result.problems]


def test_a_valid_bank_has_no_problem(tmp_path: Path) -> None:
    result = check_quiz(write_bank(tmp_path / "quiz", bank()))
    assert result.problems == []
    assert len(result.items) == 4 * len(QUIZ_THEMES)


def test_single_choice_with_no_correct_option(tmp_path: Path) -> None:
    bad = item("sans-bonne-reponse")
    for option in bad["options"]:
        option["correct"] = False
    (message,) = _check_one(tmp_path, bad)
    assert message.startswith("quiz/principes-rgpd.yaml:")
    assert "exactement une option correcte (0 ici)" in message


def test_single_choice_with_two_correct_options(tmp_path: Path) -> None:
    (message,) = _check_one(tmp_path, item("deux-bonnes", correct=(0, 1)))
    assert "exactement une option correcte (2 ici)" in message


def test_duplicate_options(tmp_path: Path) -> None:
    bad = item("doublon-option")
    bad["options"][1]["text"] = bad["options"][0]["text"]
    (message,) = _check_one(tmp_path, bad)
    assert "option en double" in message


def test_duplicate_ids_name_both_places(tmp_path: Path) -> None:
    messages = _check_one(tmp_path, item("violations-0"))
    assert len(messages) == 2
    assert all("identifiant de question en double : violations-0" in m for m in messages)


def test_item_without_source_url(tmp_path: Path) -> None:
    bad = item("sans-url")
    del bad["sources"][0]["url"]
    (message,) = _check_one(tmp_path, bad)
    assert "sources.0.url : champ obligatoire absent" in message


def test_item_resting_only_on_a_secondary_source(tmp_path: Path) -> None:
    bad = item("source-secondaire")
    bad["sources"] = [{"publisher": "Un cabinet", "title": "Un article", "url": "https://exemple.com/a"}]
    (message,) = _check_one(tmp_path, bad)
    assert "aucune source officielle" in message


def test_unknown_theme(tmp_path: Path) -> None:
    bad = item("theme-inconnu")
    bad["themes"] = ["principes-rgpd", "astrologie"]
    (message,) = _check_one(tmp_path, bad)
    assert "thème inconnu : astrologie" in message


def test_ordering_answer_that_is_not_a_permutation(tmp_path: Path) -> None:
    bad = item("ordre-faux", fmt="ordre")
    bad["answer"] = [1, 2, 2, 4]
    (message,) = _check_one(tmp_path, bad)
    assert "n'est pas une permutation des étapes" in message


def test_ordering_with_an_explicit_permutation_is_accepted(tmp_path: Path) -> None:
    good = item("ordre-explicite", fmt="ordre")
    good["answer"] = [2, 1, 4, 3]
    files = bank()
    files["principes-rgpd"].append(good)
    result = check_quiz(write_bank(tmp_path / "quiz", files))
    assert result.problems == []
    loaded = next(i for i in result.items if i.id == "ordre-explicite")
    assert [o.text for o in loaded.options] == ["Étape 2", "Étape 1", "Étape 4", "Étape 3"]


@pytest.mark.parametrize("difficulty", [0, 4, "facile"])
def test_unknown_difficulty(tmp_path: Path, difficulty: object) -> None:
    bad = item("difficulte-inconnue")
    bad["difficulty"] = difficulty
    (message,) = _check_one(tmp_path, bad)
    assert "difficult" in message


@pytest.mark.parametrize("degree", ["college", "1er", 2])
def test_unknown_school_level(tmp_path: Path, degree: object) -> None:
    bad = item("degre-inconnu")
    bad["degre"] = degree
    (message,) = _check_one(tmp_path, bad)
    assert "degré inconnu" in message and "premier, second, tous" in message


def test_school_level_is_read_and_defaults_to_every_level(tmp_path: Path) -> None:
    files = bank()
    tagged = item("degre-second")
    tagged["degre"] = "second"
    files["principes-rgpd"] = [*files["principes-rgpd"], tagged]
    result = check_quiz(write_bank(tmp_path / "quiz", files))
    assert result.problems == []
    degrees = {entry.id: entry.degree for entry in result.items}
    assert degrees["degre-second"] == "second"
    assert degrees["principes-rgpd-0"] == "tous"


def test_true_false_needs_both_answers(tmp_path: Path) -> None:
    bad = item("vrai-faux-bancal", fmt="vrai-faux")
    for option in bad["options"]:
        option["text"] = option["text"].replace("Faux", "Vrai")
    bad["options"][1]["text"] = "Vrai, sans doute."
    bad["options"][2]["text"] = "Vrai, peut-être."
    (message,) = _check_one(tmp_path, bad)
    assert "« Vrai » ou « Faux »" in message


def test_scenario_needs_a_situation(tmp_path: Path) -> None:
    bad = item("scenario-nu", fmt="scenario")
    del bad["situation"]
    (message,) = _check_one(tmp_path, bad)
    assert "situation" in message


def test_unknown_format_and_main_theme_outside_its_file(tmp_path: Path) -> None:
    bad = item("format-inconnu", fmt="choix-unique")
    bad["format"] = "devinette"
    assert "format inconnu : devinette" in _check_one(tmp_path, bad)[0]
    misplaced = item("mal-range", theme="violations")
    (message,) = _check_one(tmp_path, misplaced)
    assert "doit être celui du fichier" in message


def test_too_few_scenarios_in_the_bank(tmp_path: Path) -> None:
    files = {"principes-rgpd": [item(f"q{n}") for n in range(5)]}
    result = check_quiz(write_bank(tmp_path / "quiz", files))
    assert any("0 mise en situation sur 5" in p.message for p in result.problems)


def test_unreadable_yaml_points_at_the_line(tmp_path: Path) -> None:
    directory = write_bank(tmp_path / "quiz", bank())
    (directory / "violations.yaml").write_text("- id: a\n  themes: [\n", encoding="utf-8")
    result = check_quiz(directory)
    (problem,) = result.problems
    assert problem.path.name == "violations.yaml" and problem.line >= 2
    assert "YAML illisible" in problem.message


def test_error_line_points_at_the_faulty_key(tmp_path: Path) -> None:
    directory = write_bank(tmp_path / "quiz", bank())
    path = directory / "violations.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    items[1]["difficulty"] = 9
    path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (problem,) = check_quiz(directory).problems
    line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert line.strip().startswith("difficulty: 9")


def test_check_content_command_reports_quiz_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "contenu"
    (root / "tutorials").mkdir(parents=True)
    files = bank()
    files["violations"][0]["difficulty"] = 5
    write_bank(root / "resources" / "quiz", files)
    assert check_content(root) == 1
    out = capsys.readouterr()
    assert "violations.yaml" in out.out and "difficulté inconnue" in out.out


def test_shipped_bank_is_valid_and_large_enough() -> None:
    result = check_quiz(paths.resources_dir() / "quiz")
    assert result.problems == []
    assert len(result.items) >= 90
    themes = {item.theme for item in result.items}
    assert len(themes) >= 10
    scenarios = sum(item.format is QuizFormat.SCENARIO for item in result.items)
    assert scenarios >= 0.4 * len(result.items)
    # The right option's position in the files is spread out, not always first or last.
    positions = [
        [o.correct for o in item.options].index(True)
        for item in result.items
        if item.format in (QuizFormat.SINGLE, QuizFormat.SCENARIO)
    ]
    for position in range(3):
        assert positions.count(position) >= len(positions) / 8
    # Every item says its school level explicitly, and both levels are represented.
    for path in sorted((paths.resources_dir() / "quiz").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        untagged = [entry["id"] for entry in raw if "degre" not in entry]
        assert untagged == [], path.name
    levels = Counter(item.degree for item in result.items)
    assert levels["premier"] >= 5 and levels["second"] >= 5 and levels["tous"] >= 5


def test_check_content_on_the_shipped_content_counts_every_kind(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert check_content(None) == 0
    out = capsys.readouterr().out
    assert "tutoriels" in out and "questions de quiz" in out
    assert "scénarios du bac à sable" in out
