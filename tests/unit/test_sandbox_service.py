"""Sandbox use cases on a real temporary database: resume, hints, solution, verification,
statements, content changes and profile deletion."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ent_coach import paths
from ent_coach.content.sandbox_templates import load_templates
from ent_coach.content.scenarios import load_scenarios
from ent_coach.domain import statements as xapi
from ent_coach.domain.profiles import Profile
from ent_coach.domain.sandbox import commands as cmd
from ent_coach.domain.sandbox.checks import RISK_CHECKS, run_checks
from ent_coach.domain.sandbox.model import Comments, Publication
from ent_coach.domain.sandbox.rights import Level
from ent_coach.domain.sandbox.saved import SandboxMode
from ent_coach.domain.taxonomy import Role
from ent_coach.services.profiles import ProfileService
from ent_coach.services.sandbox import SandboxContent, SandboxError, SandboxService
from ent_coach.store.database import Store

SCENARIO = "blog-de-la-4b"


@pytest.fixture(scope="module")
def content() -> SandboxContent:
    root = paths.bundle_root()
    scenarios, templates = load_scenarios(root), load_templates(root)
    assert not scenarios.problems and not templates.problems
    return SandboxContent(tuple(scenarios.scenarios), tuple(templates.templates))


@pytest.fixture
def service(store: Store, content: SandboxContent) -> SandboxService:
    return SandboxService(store, lambda: content)


@pytest.fixture
def profile(store: Store) -> Profile:
    return ProfileService(store).create(display_name="Camille", role=Role.STAGIAIRE_2D)


def _statements(store: Store, profile: Profile) -> list[dict]:
    with store.reader() as connection:
        rows = connection.execute(
            "SELECT payload FROM statements WHERE profile_id = ? ORDER BY rowid", (profile.id,)
        ).fetchall()
    return [json.loads(row[0]) for row in rows]


def _set_steps(store: Store, profile: Profile, text: str) -> None:
    """Write the stored steps behind the application's back (an old or damaged save)."""
    connection = sqlite3.connect(store.path)
    with connection:
        connection.execute(
            "UPDATE sandbox_workspaces SET steps = ? WHERE profile_id = ?", (text, profile.id)
        )
    connection.close()


def _verb(statement: dict) -> str:
    return statement["verb"]["id"].rsplit("/", 1)[-1]


def test_opening_records_an_attempt_and_reopening_resumes_the_exact_workspace(
    service: SandboxService, store: Store, profile: Profile
) -> None:
    sitting = service.open_scenario(profile, SCENARIO)
    assert sitting.attempt == 1 and sitting.restore_notice is None
    sitting.history.execute(cmd.RemoveShare("blog-4b", "eleves-etab"))
    sitting.history.execute(cmd.SetComments("blog-4b", Comments.MODERES))
    service.save(profile, sitting)

    again = service.open_scenario(profile, SCENARIO)
    assert again.attempt == 2
    assert again.history.current == sitting.history.current
    assert again.history.action_count == 2
    # Undo still works after a resume: the steps were replayed, not a flat snapshot.
    assert (
        again.history.undo()
        and again.history.current.items["blog-4b"].comments is not Comments.MODERES
    )

    attempted = [s for s in _statements(store, profile) if _verb(s) == "attempted"]
    assert [s["context"]["extensions"][xapi.EXT_ATTEMPT] for s in attempted] == [1, 2]
    assert attempted[0]["object"]["id"] == xapi.scenario_iri(SCENARIO)
    assert attempted[0]["object"]["definition"]["type"] == xapi.SIMULATION
    assert attempted[0]["context"]["registration"] != attempted[1]["context"]["registration"]


def test_verify_fails_with_the_failed_checks_then_passes_with_the_solution(
    service: SandboxService, store: Store, profile: Profile, content: SandboxContent
) -> None:
    sitting = service.open_scenario(profile, SCENARIO)
    first = service.verify(profile, sitting)
    assert not first.passed
    for command in next(s for s in content.scenarios if s.id == SCENARIO).solution:
        sitting.history.execute(command)
    second = service.verify(profile, sitting)
    assert second.passed and sitting.passed
    assert second.actions == 6 and second.recommended_actions == 6

    failed, passed = [s for s in _statements(store, profile) if _verb(s) in ("failed", "passed")]
    assert _verb(failed) == "failed" and _verb(passed) == "passed"
    checks = failed["result"]["extensions"][xapi.EXT_CHECKS_FAILED]
    assert "objectif-2" in checks  # parents may comment at first
    assert "commentaire-coche-par-defaut" in checks
    assert failed["result"]["score"]["max"] == len(sitting.goals)
    assert passed["result"]["extensions"][xapi.EXT_CHECKS_FAILED] == []
    assert passed["result"]["score"]["scaled"] == 1.0
    assert failed["context"]["registration"] == passed["context"]["registration"]
    with store.reader() as connection:
        status = connection.execute(
            "SELECT status, attempts FROM activity_progress WHERE profile_id = ? AND activity_id = ?",
            (profile.id, xapi.scenario_iri(SCENARIO)),
        ).fetchone()
    assert tuple(status) == ("termine", 1)
    # A later failed check never takes the success back.
    sitting.history.undo()
    service.verify(profile, sitting)
    assert service.saved_workspaces(profile)[(SandboxMode.SCENARIO, SCENARIO)].passed


def test_hints_come_one_at_a_time_and_the_solution_is_recorded_as_seen(
    service: SandboxService, store: Store, profile: Profile
) -> None:
    sitting = service.open_scenario(profile, SCENARIO)
    hints = [service.next_hint(profile, sitting) for _ in range(4)]
    assert hints[:3] == list(sitting.hints) and hints[3] == sitting.hints[2]
    steps = service.reveal_solution(profile, sitting)
    assert len(steps) == len(sitting.solution)
    assert steps[0].startswith("Retirer Élèves de l'établissement du partage")
    again = service.open_scenario(profile, SCENARIO)
    assert again.hints_shown == 3 and again.solution_seen
    verdict = service.verify(profile, again)
    statement = [s for s in _statements(store, profile) if _verb(s) == "failed"][-1]
    assert not verdict.passed
    assert statement["result"]["extensions"][xapi.EXT_SOLUTION_SEEN] is True
    assert statement["result"]["extensions"][xapi.EXT_HINTS_SHOWN] == 3


def test_saved_steps_that_no_longer_apply_reset_the_workspace_with_a_message(
    service: SandboxService, store: Store, profile: Profile
) -> None:
    sitting = service.open_scenario(profile, SCENARIO)
    sitting.history.execute(cmd.SetPublication("blog-4b", Publication.VALIDATION))
    service.save(profile, sitting)
    # As if a content update had renamed the blog: the saved step names an unknown object.
    old = [{"action": "publication", "objet": "ancien-blog", "valeur": "validation"}]
    _set_steps(store, profile, json.dumps(old))
    again = service.open_scenario(profile, SCENARIO)
    assert again.restore_notice is not None and "étape 1" in again.restore_notice
    assert again.history.current == again.history.initial
    # The reset is saved: the next opening has nothing to report.
    assert service.open_scenario(profile, SCENARIO).restore_notice is None


@pytest.mark.parametrize(
    "stored", ["{pas du json", json.dumps({"action": "x"}), json.dumps([{"action": "inconnue"}])]
)
def test_unreadable_saved_work_never_breaks_the_opening(
    service: SandboxService, store: Store, profile: Profile, stored: str
) -> None:
    service.open_scenario(profile, SCENARIO)
    _set_steps(store, profile, stored)
    again = service.open_scenario(profile, SCENARIO)
    assert again.restore_notice
    assert again.history.current == again.history.initial


def test_free_mode_saves_per_template_and_runs_every_check_live(
    service: SandboxService, store: Store, profile: Profile
) -> None:
    sitting = service.open_template(profile, "classe-de-6e")
    assert not sitting.is_scenario and not sitting.findings()
    blog = next(
        i.id
        for i in sitting.history.current.objects()
        if i.app is not None and i.app.value == "blog"
    )
    sitting.history.execute(cmd.AddToShare(blog, "parents-etab"))
    assert {f.check_id for f in sitting.findings()} >= {"audience-trop-large"}
    service.save(profile, sitting)
    again = service.open_template(profile, "classe-de-6e")
    assert again.history.current == sitting.history.current
    with pytest.raises(SandboxError):
        service.verify(profile, again)
    # Free mode is practice, not an assessed activity: no statement.
    assert not _statements(store, profile)


def test_unknown_ids_give_a_french_error(service: SandboxService, profile: Profile) -> None:
    with pytest.raises(SandboxError, match="Scénario introuvable"):
        service.open_scenario(profile, "n-existe-pas")
    with pytest.raises(SandboxError, match="Modèle introuvable"):
        service.open_template(profile, "n-existe-pas")


def test_each_profile_has_its_own_workspaces_and_deletion_removes_them(
    service: SandboxService, store: Store, profile: Profile
) -> None:
    other = ProfileService(store).create(display_name="Dominique", role=Role.ENSEIGNANT)
    mine = service.open_scenario(profile, SCENARIO)
    mine.history.execute(cmd.TickLevel("blog-4b", "parents-4b", Level.LIRE))
    mine.history.execute(cmd.RemoveShare("blog-4b", "parents-4b"))
    service.save(profile, mine)
    theirs = service.open_scenario(other, SCENARIO)
    assert theirs.history.current == theirs.history.initial
    ProfileService(store).delete(profile.id)
    with store.reader() as connection:
        rows = connection.execute("SELECT profile_id FROM sandbox_workspaces").fetchall()
    assert [row[0] for row in rows] == [other.id]


def test_bundled_templates_start_clean(content: SandboxContent) -> None:
    """A template is a clean start: the warnings come from what the teacher then does."""
    assert len(content.templates) >= 4
    for template in content.templates:
        assert template.initial.player in template.initial.users
        assert template.risk_checks == tuple(RISK_CHECKS)
        assert run_checks(template.initial, template.risk_checks) == (), template.id


def test_bad_template_is_rejected_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "resources" / "scenarios" / "modeles"
    folder.mkdir(parents=True)
    (folder / "modele-casse.yaml").write_text(
        "id: modele-casse\n"
        'titre: "Un modèle cassé"\n'
        'description: "Un modèle qui cite un groupe inconnu et un risque qui n\'existe pas."\n'
        "joueur: prof\n"
        'etablissement: {nom: "École fictive"}\n'
        "groupes:\n"
        '  - {id: eleves, nom: "Élèves", type: etablissement, profil: eleve}\n'
        "utilisateurs:\n"
        '  - {id: prof, nom: "Mme Test", profil: enseignant, groupes: [inconnu]}\n'
        "espaces:\n"
        '  - {id: classe, nom: "Classe"}\n'
        "risques: [risque-imaginaire]\n",
        encoding="utf-8",
    )
    found = load_templates(tmp_path)
    messages = {(p.line, p.message) for p in found.problems}
    assert (9, "groupe inconnu : inconnu") in messages
    assert (12, "risque inconnu : risque-imaginaire") in messages
    assert not found.templates
