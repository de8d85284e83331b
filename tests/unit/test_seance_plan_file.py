"""Séance plan files: round trip, every invalid field named in French, versions, atomic
writing, and the items whose content this copy of ENT Coach lacks."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from ent_coach.content import atomic_file
from ent_coach.content.seance_plan_file import (
    MAX_PLAN_BYTES,
    PLAN_FORMAT,
    PLAN_VERSION,
    PlanFileError,
    missing_content,
    plan_from_dict,
    plan_to_dict,
    read_plan,
    write_plan,
)
from ent_coach.domain.coaching import PLAN_MAX_ITEMS, PlanItem, SeancePlan, plan_as_pathway
from ent_coach.domain.pathways import ChecklistItem, InstalledContent, StepKind

EXPORTED = dt.datetime(2026, 3, 9, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))

PLAN = SeancePlan(
    code="K7P4QX",
    title="Demi-journée ENT — droit à l'image",
    date=dt.date(2026, 3, 10),
    place="INSPE de Caen, salle 204",
    tutor_note="Apportez vos identifiants ÉduConnect.\nPause à 10 h 30.",
    items=(
        PlanItem("i1", StepKind.TUTORIAL, "Lire : le blog de classe", 15, reference="blog-de-classe"),
        PlanItem("i2", StepKind.QUIZ_THEME, "S'entraîner : droit à l'image", 20,
                 reference="droit-image", pass_mark=0.8),
        PlanItem("i3", StepKind.QUIZ_ASSESSMENT, "Évaluation commune", 25, pass_mark=0.7,
                 seed=123_456_789),
        PlanItem("i4", StepKind.SCENARIO, "Créer l'espace de la classe", 30,
                 reference="creer-espace-classe", instructions="Travaillez en binôme."),
        PlanItem("i5", StepKind.PRACTICE, "Un cahier de textes partagé", 10,
                 reference="cahier-de-textes-partage"),
        PlanItem("i6", StepKind.ACTIVITY, "Publier dans votre ENT", 20,
                 instructions="Dans l'ENT de votre établissement.",
                 checklist=(ChecklistItem("publie", "Un billet est publié"),
                            ChecklistItem("moderation", "La modération est activée"))),
    ),
)  # fmt: skip


def _data() -> dict[str, Any]:
    return copy.deepcopy(plan_to_dict(PLAN))


def test_dict_round_trip() -> None:
    data = plan_to_dict(PLAN)
    assert json.loads(json.dumps(data)) == data  # plain JSON
    assert plan_from_dict(json.loads(json.dumps(data))) == PLAN


def test_optional_texts_and_fields_may_be_left_out() -> None:
    data = _data()
    del data["place"], data["tutor_note"]
    for item in data["items"]:
        for key in ("reference", "pass_mark", "seed", "instructions", "checklist"):
            if not item[key]:
                del item[key]
    plan = plan_from_dict(data)
    assert plan.place == "" and plan.tutor_note == ""
    assert plan.items == PLAN.items


def test_integer_pass_mark_is_read_as_a_fraction() -> None:
    data = _data()
    data["items"][2]["pass_mark"] = 1
    assert plan_from_dict(data).items[2].pass_mark == 1.0


def test_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "seance-K7P4QX.json"
    write_plan(path, PLAN, app_version="0.1.0", exported_at=EXPORTED)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == PLAN_FORMAT
    assert document["version"] == PLAN_VERSION
    assert document["app_version"] == "0.1.0"
    assert dt.datetime.fromisoformat(document["exported_at"]) == EXPORTED
    assert "Évaluation commune" in path.read_text(encoding="utf-8")  # UTF-8, not \u escapes
    assert path.read_text(encoding="utf-8").count("\n") > 20  # indented for a human reader
    assert read_plan(path) == PLAN
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_plan_becomes_a_pathway_with_the_same_steps(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    write_plan(path, PLAN, app_version="0.1.0", exported_at=EXPORTED)
    pathway = plan_as_pathway(read_plan(path))
    assert [step.id for step in pathway.steps] == [item.id for item in PLAN.items]
    assert pathway.step("i3").seed == 123_456_789  # type: ignore[union-attr]


def _set_item(index: int, key: str, value: Any) -> Any:
    def edit(data: dict[str, Any]) -> None:
        data["items"][index][key] = value

    return edit


def _set(key: str, value: Any) -> Any:
    def edit(data: dict[str, Any]) -> None:
        data[key] = value

    return edit


def _drop(key: str) -> Any:
    def edit(data: dict[str, Any]) -> None:
        del data[key]

    return edit


def _duplicate_id(data: dict[str, Any]) -> None:
    data["items"][3]["id"] = "i1"


def _too_many(data: dict[str, Any]) -> None:
    data["items"] = [
        {**data["items"][0], "id": f"i{n}"} for n in range(1, PLAN_MAX_ITEMS + 2)
    ]


def _checklist_duplicate(data: dict[str, Any]) -> None:
    data["items"][5]["checklist"][1]["id"] = "publie"


# (name, edit, words the French message must hold)
INVALID: list[tuple[str, Any, str]] = [
    ("not an object", lambda d: d.clear() or d.update({"x": 1}), "champ inconnu « x »"),
    ("unknown plan key", _set("lieu", "Caen"), "champ inconnu « lieu »"),
    ("code too short", _set("code", "K7P4"), "code de séance est invalide"),
    ("code confusable letters", _set("code", "K0P1QX"), "code de séance est invalide"),
    ("code missing", _drop("code"), "code de séance est invalide"),
    ("title empty", _set("title", "  "), "le titre de la séance est vide"),
    ("title too long", _set("title", "x" * 121), "le titre de la séance est trop long"),
    ("title markup", _set("title", "<b>Séance</b>"), "balise HTML"),
    ("title invisible", _set("title", "Séance\u202e"), "caractères invisibles"),
    ("title not text", _set("title", 12), "doit être un texte"),
    ("place too long", _set("place", "x" * 121), "le lieu est trop long"),
    ("note too long", _set("tutor_note", "x" * 1001), "le mot du formateur est trop long"),
    ("note markup", _set("tutor_note", "<script>alert(1)</script>"), "balise HTML"),
    ("date not ISO", _set("date", "10/03/2026"), "la date doit être au format AAAA-MM-JJ"),
    ("date impossible", _set("date", "2026-02-30"), "AAAA-MM-JJ"),
    ("date missing", _drop("date"), "AAAA-MM-JJ"),
    ("no items", _set("items", []), f"de 1 à {PLAN_MAX_ITEMS} éléments"),
    ("too many items", _too_many, f"de 1 à {PLAN_MAX_ITEMS} éléments"),
    ("items not a list", _set("items", {"i1": {}}), "éléments"),
    ("item not an object", _set("items", ["i1"]), "élément 1 : un objet est attendu"),
    ("bad item id", _set_item(1, "id", "I 2"), "élément 2 (« S'entraîner"),
    ("item id too long", _set_item(1, "id", "a" * 41), "élément 2"),
    ("duplicate item id", _duplicate_id, "élément 4 : l'identifiant « i1 » est déjà utilisé"),
    ("unknown kind", _set_item(0, "kind", "video"), "élément 1 (« Lire : le blog de classe »)"
     " : type inconnu « video »"),
    ("self-assessment kind", _set_item(0, "kind", "auto-evaluation"), "type inconnu"),
    ("item title empty", _set_item(2, "title", ""), "élément 3 : le titre est vide"),
    ("item title markup", _set_item(2, "title", "<i>x</i>"), "élément 3 : le titre"),
    ("minutes zero", _set_item(0, "minutes", 0), "élément 1 (« Lire"),
    ("minutes too many", _set_item(0, "minutes", 241), "entre 1 et 240"),
    ("minutes not int", _set_item(0, "minutes", 12.5), "entre 1 et 240"),
    ("minutes bool", _set_item(0, "minutes", True), "entre 1 et 240"),
    ("reference missing", _set_item(0, "reference", None), "la référence du contenu manque"),
    ("reference bad", _set_item(3, "reference", "Créer espace"), "élément 4"),
    ("reference too long", _set_item(4, "reference", "a" * 81), "la référence"),
    ("reference on assessment", _set_item(2, "reference", "evaluation"),
     "ne prend pas de référence"),
    ("reference on activity", _set_item(5, "reference", "x"), "ne prend pas de référence"),
    ("pass mark low", _set_item(1, "pass_mark", 0.4), "entre 0,5 et 1"),
    ("pass mark high", _set_item(1, "pass_mark", 80), "entre 0,5 et 1"),
    ("pass mark text", _set_item(1, "pass_mark", "0.8"), "entre 0,5 et 1"),
    ("pass mark on tutorial", _set_item(0, "pass_mark", 0.8), "seul un quiz"),
    ("seed on training", _set_item(1, "seed", 4), "seule l'évaluation du quiz"),
    ("seed negative", _set_item(2, "seed", -1), "entier de 0 à 999999999"),
    ("seed too big", _set_item(2, "seed", 1_000_000_000), "entier de 0 à"),
    ("seed text", _set_item(2, "seed", "12"), "entier de 0 à"),
    ("instructions too long", _set_item(3, "instructions", "x" * 2001), "la consigne est trop long"),
    ("instructions markup", _set_item(3, "instructions", "<a href=x>ici</a>"), "la consigne"),
    ("checklist on tutorial", _set_item(0, "checklist", [{"id": "a", "text": "b"}]),
     "seule une activité"),
    ("checklist too short", _set_item(5, "checklist", [{"id": "a", "text": "Un point"}]),
     "de 2 à 6 points"),
    ("checklist missing", _set_item(5, "checklist", []), "élément 6"),
    ("checklist too long", _set_item(5, "checklist", [{"id": f"p{n}", "text": "Un point"}
                                                      for n in range(7)]), "de 2 à 6"),
    ("checklist duplicate", _checklist_duplicate, "point 2 : l'identifiant « publie »"),
    ("checklist entry shape", _set_item(5, "checklist", [{"id": "a"}, {"id": "b", "text": "x"}]),
     "point 1 : « id » et « text » sont attendus"),
    ("unknown item key", _set_item(0, "url", "https://x"), "champ inconnu « url »"),
]


@pytest.mark.parametrize(("name", "edit", "expected"), INVALID, ids=[case[0] for case in INVALID])
def test_invalid_field_is_named(name: str, edit: Any, expected: str) -> None:
    data = _data()
    edit(data)
    with pytest.raises(PlanFileError) as caught:
        plan_from_dict(data)
    message = str(caught.value)
    assert message.startswith("Plan de séance invalide : ") and message.endswith(".")
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems


@pytest.mark.parametrize("value", [None, [], "plan", 3])
def test_plan_must_be_an_object(value: object) -> None:
    with pytest.raises(PlanFileError, match="le plan doit être un objet JSON"):
        plan_from_dict(value)


def test_every_problem_is_listed_and_counted() -> None:
    data = _data()
    data["title"] = ""
    data["items"][0]["minutes"] = 0
    data["items"][2]["seed"] = -5
    with pytest.raises(PlanFileError) as caught:
        plan_from_dict(data)
    assert len(caught.value.problems) == 3
    assert "(et 2 autres problèmes)" in str(caught.value)


# --- the file ---------------------------------------------------------------------------------


def _file(tmp_path: Path, document: Any, name: str = "plan.json") -> Path:
    path = tmp_path / name
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def _document(**changes: Any) -> dict[str, Any]:
    document = {
        "format": PLAN_FORMAT,
        "version": PLAN_VERSION,
        "app_version": "0.1.0",
        "exported_at": EXPORTED.isoformat(),
        "plan": plan_to_dict(PLAN),
    }
    document.update(changes)
    return document


def _refused(path: Path, *expected: str) -> None:
    with pytest.raises(PlanFileError) as caught:
        read_plan(path)
    message = str(caught.value)
    assert path.name in message
    for words in expected:
        assert words in message, message


def test_newer_version(tmp_path: Path) -> None:
    path = _file(tmp_path, _document(version=PLAN_VERSION + 1))
    _refused(path, "vient d'une version plus récente d'ENT Coach (format 2", "mettez ENT Coach à jour")


@pytest.mark.parametrize("version", ["1", 0, None, 1.5, False])
def test_unknown_version(tmp_path: Path, version: object) -> None:
    _refused(_file(tmp_path, _document(version=version)), "version de format inconnue")


@pytest.mark.parametrize("marker", ["ent-coach-progression", None])
def test_wrong_marker(tmp_path: Path, marker: object) -> None:
    _refused(_file(tmp_path, _document(format=marker)), "n'est pas un plan de séance ENT Coach")


def test_not_json(tmp_path: Path) -> None:
    _refused(_file(tmp_path, "{plan: oui"), "n'est pas du JSON valide")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes('{"format": "é"}'.encode("latin-1"))
    _refused(path, "n'est pas du texte UTF-8")


def test_a_zip_is_not_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "progression.zip"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    _refused(path, "n'est pas un plan de séance ENT Coach")


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(_document()).encode())
    assert read_plan(path) == PLAN


def test_unknown_file_key(tmp_path: Path) -> None:
    _refused(_file(tmp_path, _document(macro="x")), "champ inconnu « macro »")


def test_bad_export_date(tmp_path: Path) -> None:
    _refused(_file(tmp_path, _document(exported_at="hier")), "date d'export illisible")


def test_invalid_plan_inside_the_file(tmp_path: Path) -> None:
    document = _document()
    document["plan"]["items"][0]["minutes"] = 500
    _refused(_file(tmp_path, document), "est refusé : élément 1 (« Lire : le blog de classe »)",
             "entre 1 et 240")


def test_too_big_file_is_refused_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gros.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_PLAN_BYTES + 1)

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the file must not be opened")

    monkeypatch.setattr(Path, "open", never)
    _refused(path, "trop volumineux", "ne dépasse pas 1024 ko")


def test_missing_file(tmp_path: Path) -> None:
    _refused(tmp_path / "absent.json", "Impossible de lire")


def test_failed_write_leaves_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.json"
    path.write_text("ancien", encoding="utf-8")

    def read_only(*_args: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(atomic_file.os, "replace", read_only)
    with pytest.raises(PlanFileError, match=r"Impossible d.enregistrer le fichier « plan\.json »"):
        write_plan(path, PLAN, app_version="0.1.0", exported_at=EXPORTED)
    assert path.read_text(encoding="utf-8") == "ancien"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


# --- content this copy lacks -------------------------------------------------------------------


def test_missing_content_names_the_right_items() -> None:
    installed = InstalledContent(
        tutorials=frozenset({"autre-tutoriel"}),
        quiz_themes=frozenset({"droit-image"}),
        scenarios=frozenset(),
        practices=frozenset({"cahier-de-textes-partage"}),
    )
    assert missing_content(PLAN, installed) == [
        "Élément 1 « Lire : le blog de classe » : le tutoriel « blog-de-classe » n'existe pas "
        "dans cette version d'ENT Coach ; cet élément sera indiqué comme indisponible.",
        "Élément 4 « Créer l'espace de la classe » : le scénario « creer-espace-classe » "
        "n'existe pas dans cette version d'ENT Coach ; cet élément sera indiqué comme "
        "indisponible.",
    ]


def test_missing_practice_uses_the_feminine_article() -> None:
    installed = InstalledContent(practices=frozenset())
    (line,) = missing_content(PLAN, installed)
    assert line.startswith("Élément 5 « Un cahier de textes partagé » : la bonne pratique")


def test_nothing_missing_when_everything_is_installed_or_unknown() -> None:
    assert missing_content(PLAN, InstalledContent()) == []
    everything = InstalledContent(
        tutorials=frozenset({"blog-de-classe"}),
        quiz_themes=frozenset({"droit-image"}),
        scenarios=frozenset({"creer-espace-classe"}),
        practices=frozenset({"cahier-de-textes-partage"}),
    )
    assert missing_content(PLAN, everything) == []


def test_a_symbolic_link_or_a_folder_is_refused(tmp_path: Path) -> None:
    """Links are not followed, whatever they point to (before: the plan behind it was read)."""
    target = tmp_path / "plan.json"
    write_plan(target, PLAN, app_version="0.1.0", exported_at=EXPORTED)
    link = tmp_path / "lien.json"
    link.symlink_to(target)
    with pytest.raises(PlanFileError) as caught:
        read_plan(link)
    assert str(caught.value) == (
        "« lien.json » est refusé : c'est un lien symbolique ; choisissez le fichier lui-même."
    )
    with pytest.raises(PlanFileError, match="est refusé : c'est un dossier"):
        read_plan(tmp_path)
    assert read_plan(target) == PLAN
