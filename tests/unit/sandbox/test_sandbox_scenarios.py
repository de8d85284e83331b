"""Scenario files: every bundled scenario is valid and solvable; each kind of bad file is
rejected with its file, its line and a French message."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from ent_coach import paths
from ent_coach.content.scenarios import check_scenarios, load_scenario, load_scenarios
from ent_coach.domain.sandbox import History, evaluate

SCENARIO_FILES = sorted((paths.resources_dir() / "scenarios").glob("*.yaml"))

VALID: dict[str, Any] = {
    "id": "exemple",
    "titre": "Un blog de classe d'exemple",
    "consigne": "Réglez le blog pour que les parents de la 4B puissent le lire sans le commenter.",
    "joueur": "prof",
    "etablissement": {"nom": "Collège fictif"},
    "groupes": [
        {"id": "parents-etab", "nom": "Parents de l'établissement", "type": "etablissement", "profil": "parent"},
        {"id": "parents-4b", "nom": "Parents de la classe 4B", "type": "classe", "profil": "parent", "classe": "4B", "dans": ["parents-etab"]},
        {"id": "enseignants-4b", "nom": "Enseignants de la classe 4B", "type": "classe", "profil": "enseignant", "classe": "4B"},
    ],
    "utilisateurs": [
        {"id": "prof", "nom": "Mme Prof", "profil": "enseignant", "groupes": ["enseignants-4b"]},
        {"id": "parent", "nom": "M. Parent", "profil": "parent", "groupes": ["parents-4b"]},
    ],
    "espaces": [
        {
            "id": "classe",
            "nom": "Classe",
            "applications": [
                {
                    "id": "app-blog",
                    "application": "blog",
                    "objets": [
                        {
                            "id": "blog",
                            "nom": "Blog",
                            "commentaires": "moderes",
                            "partages": [{"avec": "parents-4b", "droits": ["lire", "commenter"]}],
                        }
                    ],
                }
            ],
        }
    ],
    "objectifs": [
        {"qui": "parents-4b", "action": "voir", "objet": "blog", "attendu": True},
        {"qui": "parents-4b", "action": "commenter", "objet": "blog", "attendu": False},
    ],
    "risques": ["commentaire-coche-par-defaut"],
    "indices": [
        "Qui peut commenter ce blog ?",
        "Regardez les droits cochés d'office.",
        "Décochez « Commenter » pour les parents de 4B.",
    ],
    "solution": [{"action": "decocher", "objet": "blog", "pour": "parents-4b", "droit": "commenter"}],
    "actions_recommandees": 1,
    "tutoriels": ["blog-de-classe"],
}  # fmt: skip


def write(tmp_path: Path, data: dict[str, Any], name: str = "exemple") -> Path:
    folder = tmp_path / "resources" / "scenarios"
    folder.mkdir(parents=True, exist_ok=True)
    (tmp_path / "tutorials").mkdir(exist_ok=True)
    (tmp_path / "tutorials" / "blog-de-classe.md").write_text("---\n---\n", encoding="utf-8")
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def variant(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    data.update(changes)
    return data


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def only_problem(tmp_path: Path) -> tuple[int, str]:
    problems = check_scenarios(tmp_path)
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0].line, problems[0].message


# --- the bundled scenarios -------------------------------------------------------------------


def test_there_are_bundled_scenarios() -> None:
    assert len(SCENARIO_FILES) >= 3


def test_bundled_scenarios_have_no_problem() -> None:
    problems = check_scenarios(paths.bundle_root())
    assert not problems, "\n".join(p.format() for p in problems)


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_every_scenario_fails_at_start_and_its_solution_passes(path: Path) -> None:
    scenario, problems = load_scenario(path)
    assert scenario is not None, [p.format() for p in problems]
    start = evaluate(scenario.initial, goals=scenario.goals, risk_checks=scenario.risk_checks)
    assert not start.goals_met
    history = History(scenario.initial)
    for command in scenario.solution:
        assert history.execute(command), command
    end = evaluate(history.current, goals=scenario.goals, risk_checks=scenario.risk_checks)
    assert end.passed, [g.label for g in end.goals if not g.met] + [f.message for f in end.findings]
    assert history.action_count <= scenario.recommended_actions
    assert len(scenario.hints) == 3
    assert all((paths.tutorials_dir() / f"{t}.md").is_file() for t in scenario.tutorials)


# --- bad files -------------------------------------------------------------------------------


def test_the_valid_example_is_valid(tmp_path: Path) -> None:
    write(tmp_path, VALID)
    loaded = load_scenarios(tmp_path)
    assert loaded.problems == [] and [s.id for s in loaded.scenarios] == ["exemple"]


def test_goal_naming_an_unknown_object(tmp_path: Path) -> None:
    data = variant()
    data["objectifs"][0]["objet"] = "blog-inconnu"
    path = write(tmp_path, data)
    line, message = only_problem(tmp_path)
    assert message == "objet : objet inconnu : blog-inconnu"
    assert line == line_of(path, "objet: blog-inconnu")


def test_goal_naming_an_unknown_group_or_user(tmp_path: Path) -> None:
    data = variant()
    data["objectifs"][1]["qui"] = "parents-4z"
    data["objectifs"].append(
        {"qui": "parent", "action": "ecrire", "destinataire": "personne", "attendu": False}
    )
    path = write(tmp_path, data)
    problems = check_scenarios(tmp_path)
    assert [(p.line, p.message) for p in problems] == [
        (line_of(path, "qui: parents-4z"), "qui : utilisateur ou groupe inconnu : parents-4z"),
        (
            line_of(path, "destinataire: personne"),
            "destinataire : utilisateur ou groupe inconnu : personne",
        ),
    ]


def test_unknown_risk_id(tmp_path: Path) -> None:
    path = write(tmp_path, variant(risques=["risque-invente"]))
    line, message = only_problem(tmp_path)
    assert message.startswith("risque inconnu : risque-invente")
    assert line == line_of(path, "- risque-invente")


def test_solution_that_does_not_reach_the_goals(tmp_path: Path) -> None:
    steps = [{"action": "commentaires", "objet": "blog", "valeur": "immediats"}]
    path = write(tmp_path, variant(solution=steps, risques=[]))
    line, message = only_problem(tmp_path)
    assert message.startswith("la solution n'atteint pas l'objectif : Les membres du groupe")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[line - 1].strip() == "- qui: parents-4b"  # the second goal's first line
    assert "action: commenter" in lines[line]


def test_solution_that_leaves_a_risk(tmp_path: Path) -> None:
    data = variant()
    data["objectifs"][1] = {"objet": "blog", "reglage": "commentaires", "valeur": "desactives"}
    data["solution"] = [{"action": "commentaires", "objet": "blog", "valeur": "desactives"}]
    data["espaces"][0]["applications"][0]["objets"][0]["partages"].append(
        {"avec": "parents-etab", "droits": ["lire"]}
    )
    path = write(tmp_path, variant(**{**data, "risques": ["audience-trop-large"]}))
    line, message = only_problem(tmp_path)
    assert message.startswith("la solution laisse un risque (audience-trop-large)")
    assert line == line_of(path, "risques:")


def test_solution_step_that_the_engine_refuses(tmp_path: Path) -> None:
    steps = [{"action": "cocher", "objet": "blog", "pour": "parents-4b", "droit": "publier"}]
    path = write(tmp_path, variant(solution=steps))
    line, message = only_problem(tmp_path)
    assert message == "solution, étape 1 : Blog ne propose pas le droit : publier"
    assert line == line_of(path, "- action: cocher")


def test_solution_step_with_unknown_action_or_missing_key(tmp_path: Path) -> None:
    steps = [{"action": "repeindre", "objet": "blog"}, {"action": "decocher", "objet": "blog"}]
    write(tmp_path, variant(solution=steps))
    messages = [p.message for p in check_scenarios(tmp_path)]
    assert messages[0].startswith("action inconnue : repeindre")
    assert messages[1] == "l'action « decocher » demande : pour, droit"


def test_initial_state_that_already_passes(tmp_path: Path) -> None:
    data = variant()
    data["espaces"][0]["applications"][0]["objets"][0]["partages"] = [
        {"avec": "parents-4b", "droits": ["lire"]}
    ]
    data["solution"] = [{"action": "renommer", "objet": "blog", "nom": "Blog de la 4B"}]
    path = write(tmp_path, data)
    line, message = only_problem(tmp_path)
    assert message == "l'état initial atteint déjà tous les objectifs"
    assert line == line_of(path, "objectifs:")


@pytest.mark.parametrize("hints", [[], ["Un seul indice assez long."], None])
def test_exactly_three_hints(tmp_path: Path, hints: list[str] | None) -> None:
    data = variant()
    if hints is None:
        del data["indices"]
    else:
        data["indices"] = hints
    path = write(tmp_path, data)
    line, message = only_problem(tmp_path)
    expected = (
        "indices : champ obligatoire absent" if hints is None else "indices : liste trop courte"
    )
    assert message.startswith(expected)
    assert line == (1 if hints is None else line_of(path, "indices:"))


def test_missing_and_unknown_fields(tmp_path: Path) -> None:
    data = variant(couleur="rouge")
    del data["consigne"]
    write(tmp_path, data)
    messages = sorted(p.message for p in check_scenarios(tmp_path))
    assert messages == ["consigne : champ obligatoire absent", "couleur : champ inconnu"]


def test_unknown_names_in_the_initial_workspace(tmp_path: Path) -> None:
    data = variant()
    data["utilisateurs"][1]["groupes"] = ["parents-4z"]
    data["espaces"][0]["applications"][0]["objets"][0]["partages"][0]["droits"] = ["publier"]
    write(tmp_path, data)
    messages = [p.message for p in check_scenarios(tmp_path)]
    assert "groupe inconnu : parents-4z" in messages
    assert "droits : Blog ne propose pas : publier" in messages


def test_bad_enum_value_is_explained_in_french(tmp_path: Path) -> None:
    data = variant()
    data["groupes"][0]["profil"] = "directeur"
    write(tmp_path, data)
    [problem] = check_scenarios(tmp_path)
    assert problem.message.startswith("groupes.0.profil : valeur inconnue (valeurs possibles :")


def test_unknown_tutorial_and_id_not_matching_file(tmp_path: Path) -> None:
    write(tmp_path, variant(tutoriels=["tutoriel-absent"]), name="autre-nom")
    messages = sorted(p.message for p in check_scenarios(tmp_path))
    assert messages == [
        "id : « exemple » ne correspond pas au nom du fichier",
        "tutoriel inconnu : tutoriel-absent",
    ]


def test_unreadable_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    path.write_text("id: exemple\ntitre: [pas fermé\n", encoding="utf-8")
    [problem] = check_scenarios(tmp_path)
    assert problem.message.startswith("YAML illisible")


def test_no_scenario_folder_means_no_problem(tmp_path: Path) -> None:
    assert check_scenarios(tmp_path) == []
