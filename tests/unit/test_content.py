"""Loading and checking tutorials: every problem kind is reported as ``file:line: message``."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ent_coach import cli, paths
from ent_coach.content.problems import Problem
from ent_coach.content.render import render_tutorial
from ent_coach.content.tutorials import check_tutorials, content_version, load_tutorials

_PROBLEM_LINE = re.compile(r"^.+\.md:\d+: \S.*$")


def replace_once(text: str, old: str, new: str) -> str:
    """Replace exactly one occurrence, so a mutation can never silently miss its target."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """1-based number of the only line containing ``needle``."""
    matches = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(matches) == 1, f"{needle!r} is on lines {matches}"
    return matches[0]


def only_problem(directory: Path) -> Problem:
    problems = check_tutorials(directory).problems
    assert len(problems) == 1, problems
    return problems[0]


def check_single_mutation(factory, old: str, new: str) -> tuple[Problem, str, Path]:
    text = replace_once(factory.text(), old, new)
    path = factory.write(text=text)
    problem = only_problem(factory.directory)
    assert problem.path == path
    return problem, text, path


# --- the shipped content -------------------------------------------------------------------


def test_shipped_tutorials_pass_every_check() -> None:
    directory = paths.tutorials_dir()
    files = sorted(directory.glob("*.md")) if directory.is_dir() else []
    if not files:
        pytest.skip("aucun tutoriel livré pour l'instant")
    checked = check_tutorials(directory)
    assert [p.format(relative_to=paths.bundle_root()) for p in checked.problems] == []
    assert {t.id for t in checked.tutorials} == {f.stem for f in files}
    for tutorial in checked.tutorials:
        rendered = render_tutorial(tutorial)
        assert "<h1" in rendered.html, tutorial.id
        assert "<script" not in rendered.html.lower(), tutorial.id
        assert tutorial.sources, tutorial.id


# --- a valid file, then one defect at a time ------------------------------------------------


def test_valid_minimal_tutorial_has_no_problem(tutorial_factory) -> None:
    path = tutorial_factory.write()
    result = check_tutorials(tutorial_factory.directory)
    assert result.problems == []
    [tutorial] = result.tutorials
    assert tutorial.id == "exemple-valide"
    assert tutorial.path == path
    assert tutorial.themes == ("decouvrir", "services")
    assert tutorial.audiences == ("stagiaire-1d", "enseignant")
    assert tutorial.content_version == 2
    assert tutorial.sources[0].url == "https://eduscol.education.fr/ent"
    assert tutorial.sources[0].section == "§ Généralités"
    assert [h.anchor for h in tutorial.headings][:3] == ["objectifs", "contexte", "pas-a-pas"]


def test_missing_front_matter(tutorial_factory) -> None:
    body = tutorial_factory.text().split("---\n", 2)[2]
    tutorial_factory.write(text=body)
    problem = only_problem(tutorial_factory.directory)
    assert (problem.line, "en-tête YAML absent" in problem.message) == (1, True)


def test_unclosed_front_matter(tutorial_factory) -> None:
    text = tutorial_factory.text()
    head, _, rest = text.partition("---\n")
    front, _, body = rest.partition("---\n")
    tutorial_factory.write(text=head + "---\n" + front + body)
    problem = only_problem(tutorial_factory.directory)
    assert problem.line == 1
    assert "non fermé" in problem.message


def test_unreadable_yaml_reports_its_line(tutorial_factory) -> None:
    problem, text, _ = check_single_mutation(
        tutorial_factory, "level: debutant", "level: debutant: avance"
    )
    assert "en-tête YAML illisible" in problem.message
    assert problem.line == line_of(text, "level: debutant: avance")


def test_nested_schema_error_points_at_the_nested_line(tutorial_factory) -> None:
    problem, text, _ = check_single_mutation(
        tutorial_factory, 'url: "https://eduscol', 'url: "http://eduscol'
    )
    assert problem.message.startswith("sources.0.url :")
    assert "https://" in problem.message
    assert problem.line == line_of(text, "http://eduscol")


def test_unknown_field(tutorial_factory) -> None:
    problem, text, _ = check_single_mutation(
        tutorial_factory, "duration: 8\n", "duration: 8\nauteur: quelqu'un\n"
    )
    assert problem.message == "auteur : champ inconnu"
    assert problem.line == line_of(text, "auteur:")


def test_unknown_theme(tutorial_factory) -> None:
    problem, text, _ = check_single_mutation(
        tutorial_factory, "themes: [decouvrir, services]", "themes: [decouvrir, cuisine]"
    )
    assert "thème inconnu : cuisine" in problem.message
    assert problem.line == line_of(text, "themes:")


def test_unknown_audience(tutorial_factory) -> None:
    problem, text, _ = check_single_mutation(
        tutorial_factory, "audiences: [stagiaire-1d, enseignant]", "audiences: [parents]"
    )
    assert "public inconnu : parents" in problem.message
    assert problem.line == line_of(text, "audiences:")


def test_missing_sources(tutorial_factory) -> None:
    text = tutorial_factory.text()
    start = text.index("sources:\n")
    end = text.index("---\n", start)
    tutorial_factory.write(text=text[:start] + text[end:])
    problem = only_problem(tutorial_factory.directory)
    assert problem.message == "sources : champ obligatoire absent"
    assert problem.line == 2


def test_empty_sources_list(tutorial_factory) -> None:
    text = tutorial_factory.text()
    start = text.index("sources:\n")
    end = text.index("---\n", start)
    tutorial_factory.write(text=text[:start] + "sources: []\n" + text[end:])
    problem = only_problem(tutorial_factory.directory)
    assert problem.message.startswith("sources : liste trop courte")


def test_id_differs_from_file_name(tutorial_factory) -> None:
    tutorial_factory.write("nom-du-fichier", tutorial_factory.text("autre-id"))
    problem = only_problem(tutorial_factory.directory)
    assert (
        "« autre-id » ne correspond pas au nom du fichier « nom-du-fichier.md »" in problem.message
    )
    assert problem.line == 2


def test_duplicate_ids(tutorial_factory) -> None:
    tutorial_factory.write("doublon")
    second = tutorial_factory.write("zz-copie", tutorial_factory.text("doublon"))
    result = check_tutorials(tutorial_factory.directory)
    assert [t.id for t in result.tutorials] == ["doublon"]
    messages = [(p.path, p.message) for p in result.problems]
    assert (second, "id : « doublon » est déjà utilisé par doublon.md") in messages


def test_broken_internal_link_with_line(tutorial_factory) -> None:
    extra = "\nVoir aussi [un autre tutoriel](tutoriel-absent.md).\n"
    path = tutorial_factory.write(text=tutorial_factory.text(extra_body=extra))
    problem = only_problem(tutorial_factory.directory)
    assert problem.message == "lien vers un tutoriel inexistant : tutoriel-absent.md"
    assert problem.line == line_of(path.read_text(encoding="utf-8"), "tutoriel-absent.md")


def test_internal_links_and_anchors_that_exist_are_accepted(tutorial_factory) -> None:
    tutorial_factory.write("cible", tutorial_factory.text("cible", title="Le tutoriel cible"))
    extra = (
        "\nLire [la cible](cible.md), [ses étapes](cible.md#pas-a-pas), "
        "[ses sources](cible.md#sources) et [plus haut](#a-retenir).\n"
    )
    tutorial_factory.write(text=tutorial_factory.text(extra_body=extra))
    assert check_tutorials(tutorial_factory.directory).problems == []


def test_broken_anchor_in_another_tutorial(tutorial_factory) -> None:
    tutorial_factory.write("cible", tutorial_factory.text("cible", title="Le tutoriel cible"))
    extra = "\nLire [la cible](cible.md#section-absente).\n"
    path = tutorial_factory.write(text=tutorial_factory.text(extra_body=extra))
    problem = only_problem(tutorial_factory.directory)
    assert problem.message == "ancre introuvable dans cible : #section-absente"
    assert problem.line == line_of(path.read_text(encoding="utf-8"), "section-absente")


def test_broken_anchor_in_the_same_tutorial(tutorial_factory) -> None:
    path = tutorial_factory.write(
        text=tutorial_factory.text(extra_body="\nVoir [ici](#nulle-part).\n")
    )
    problem = only_problem(tutorial_factory.directory)
    assert problem.message == "ancre introuvable : #nulle-part"
    assert problem.line == line_of(path.read_text(encoding="utf-8"), "#nulle-part")


def test_invalid_link(tutorial_factory) -> None:
    path = tutorial_factory.write(
        text=tutorial_factory.text(extra_body="\nUn [partage](ftp://serveur/fichier).\n")
    )
    problem = only_problem(tutorial_factory.directory)
    assert problem.message.startswith("lien invalide : ftp://serveur/fichier")
    assert problem.line == line_of(path.read_text(encoding="utf-8"), "ftp://")


def test_http_link(tutorial_factory) -> None:
    path = tutorial_factory.write(
        text=tutorial_factory.text(extra_body="\nLe [site](http://exemple.fr/page).\n")
    )
    problem = only_problem(tutorial_factory.directory)
    assert problem.message.startswith("lien non sécurisé (http) : http://exemple.fr/page")
    assert problem.line == line_of(path.read_text(encoding="utf-8"), "http://exemple.fr")


def test_missing_image(tutorial_factory) -> None:
    path = tutorial_factory.write(
        text=tutorial_factory.text(extra_body="\n![Un schéma](images/absent.svg)\n")
    )
    problem = only_problem(tutorial_factory.directory)
    assert problem.message == "image introuvable : images/absent.svg"
    assert problem.line == line_of(path.read_text(encoding="utf-8"), "absent.svg")


def test_present_local_image_is_accepted(tutorial_factory) -> None:
    (tutorial_factory.directory / "images").mkdir()
    (tutorial_factory.directory / "images" / "schema.svg").write_text("<svg/>", encoding="utf-8")
    tutorial_factory.write(
        text=tutorial_factory.text(extra_body="\n![Un schéma](images/schema.svg)\n")
    )
    assert check_tutorials(tutorial_factory.directory).problems == []


def test_remote_image(tutorial_factory) -> None:
    path = tutorial_factory.write(
        text=tutorial_factory.text(extra_body="\n![Un logo](https://exemple.fr/logo.png)\n")
    )
    problem = only_problem(tutorial_factory.directory)
    assert problem.message.startswith("image distante interdite")
    assert problem.line == line_of(path.read_text(encoding="utf-8"), "logo.png")


def test_image_without_alt_text(tutorial_factory) -> None:
    (tutorial_factory.directory / "images").mkdir()
    (tutorial_factory.directory / "images" / "schema.svg").write_text("<svg/>", encoding="utf-8")
    path = tutorial_factory.write(
        text=tutorial_factory.text(extra_body="\n![](images/schema.svg)\n")
    )
    problem = only_problem(tutorial_factory.directory)
    assert problem.message == "image sans texte alternatif : images/schema.svg"
    assert problem.line == line_of(path.read_text(encoding="utf-8"), "schema.svg")


def test_unknown_callout(tutorial_factory) -> None:
    extra = '\n!!! danger "Danger"\n    Un encadré qui n\'existe pas.\n'
    path = tutorial_factory.write(text=tutorial_factory.text(extra_body=extra))
    problem = only_problem(tutorial_factory.directory)
    assert problem.message.startswith("encadré inconnu « danger »")
    assert problem.line == line_of(path.read_text(encoding="utf-8"), "!!! danger")


@pytest.mark.parametrize(
    "raw_html",
    [
        "<script>alert(1)</script>",
        '<iframe src="https://exemple.fr"></iframe>',
        '<span onclick="alert(1)">clic</span>',
        '<a href="javascript:alert(1)">lien</a>',
    ],
)
def test_dangerous_raw_html(tutorial_factory, raw_html: str) -> None:
    path = tutorial_factory.write(text=tutorial_factory.text(extra_body=f"\nTexte {raw_html}\n"))
    problem = only_problem(tutorial_factory.directory)
    assert problem.message.startswith("HTML interdit")
    assert problem.line == line_of(path.read_text(encoding="utf-8"), raw_html)


def test_missing_required_section(tutorial_factory) -> None:
    text = replace_once(tutorial_factory.text(), "## Exemple en classe", "## Un exemple")
    tutorial_factory.write(text=text)
    problem = only_problem(tutorial_factory.directory)
    assert problem.message == "section manquante : « ## Exemple en classe »"


def test_too_few_words(tutorial_factory) -> None:
    text = tutorial_factory.text()
    front, body_start = text.split("\n## Objectifs", 1)
    short = front + "".join(
        f"\n## {name}\n\nQuelques mots seulement.\n"
        for name in ("Objectifs", "Contexte", "Pas à pas", "Exemple en classe",
                     "Erreurs fréquentes", "À retenir")
    )  # fmt: skip
    assert body_start
    tutorial_factory.write(text=short)
    problem = only_problem(tutorial_factory.directory)
    assert problem.message.startswith("longueur : ")
    assert "attendu : 600 à 1500" in problem.message


def test_problems_are_sorted_by_file_and_line(tutorial_factory) -> None:
    extra = "\n[a](http://exemple.fr)\n\n[b](absent.md)\n"
    tutorial_factory.write("b-second", tutorial_factory.text("b-second", extra_body=extra))
    tutorial_factory.write("a-premier", tutorial_factory.text("a-premier", extra_body=extra))
    problems = check_tutorials(tutorial_factory.directory).problems
    assert len(problems) == 4
    assert problems == sorted(problems)
    assert [p.path.name for p in problems] == ["a-premier.md"] * 2 + ["b-second.md"] * 2


# --- the fast start-up path (no schema validation) ------------------------------------------


def test_trusted_loading_matches_validated_loading(tutorial_factory) -> None:
    tutorial_factory.write("premier", tutorial_factory.text("premier", title="Premier titre"))
    tutorial_factory.write("second", tutorial_factory.text("second", title="Second titre"))
    directory = tutorial_factory.directory
    validated = load_tutorials(directory)
    trusted = load_tutorials(directory, validate=False)
    assert trusted.problems == validated.problems == []
    assert trusted.tutorials == validated.tutorials


def test_trusted_loading_matches_validated_loading_on_shipped_content() -> None:
    directory = paths.tutorials_dir()
    if not (directory.is_dir() and any(directory.glob("*.md"))):
        pytest.skip("aucun tutoriel livré pour l'instant")
    assert (
        load_tutorials(directory, validate=False).tutorials == load_tutorials(directory).tutorials
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("content_version: 2", "content_version: deux", "content_version : un nombre entier"),
        ("last_reviewed: 2026-01-15", "last_reviewed: bientôt", "last_reviewed : une date"),
        ("duration: 8\n", "", "duration : champ obligatoire absent"),
    ],
)
def test_trusted_loading_falls_back_to_full_validation(
    tutorial_factory, old: str, new: str, expected: str
) -> None:
    tutorial_factory.write(text=replace_once(tutorial_factory.text(), old, new))
    result = load_tutorials(tutorial_factory.directory, validate=False)
    assert result.tutorials == []
    [problem] = result.problems
    assert problem.message.startswith(expected)


def test_trusted_loading_still_checks_the_file_name(tutorial_factory) -> None:
    tutorial_factory.write("nom-du-fichier", tutorial_factory.text("autre-id"))
    result = load_tutorials(tutorial_factory.directory, validate=False)
    [problem] = result.problems
    assert "ne correspond pas au nom du fichier" in problem.message


def test_content_version(tutorial_factory) -> None:
    assert content_version([]) == "—"
    tutorial_factory.write("ancien", tutorial_factory.text("ancien"))
    newer = replace_once(
        tutorial_factory.text("recent"), "last_reviewed: 2026-01-15", "last_reviewed: 2026-03-02"
    )
    tutorial_factory.write("recent", newer)
    tutorials = load_tutorials(tutorial_factory.directory).tutorials
    assert content_version(tutorials) == "2026.03.02 (2 tutoriels)"


# --- the check-content command --------------------------------------------------------------


def test_cli_check_content_reports_file_line_message(tutorial_factory, capsys) -> None:
    tutorial_factory.write("bon")
    tutorial_factory.write(
        "mauvais",
        tutorial_factory.text("mauvais", extra_body="\n[x](absent.md)\n[y](http://a.fr)\n"),
    )
    args = cli.build_parser().parse_args(["check-content", str(tutorial_factory.directory)])
    assert cli.run_command(args) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert _PROBLEM_LINE.match(line), line
        assert line.startswith(str(tutorial_factory.directory / "mauvais.md") + ":")
    assert "2 problèmes" in err


def test_cli_check_content_accepts_the_content_root(tutorial_factory, capsys) -> None:
    tutorial_factory.write("bon")
    root = tutorial_factory.directory.parent
    args = cli.build_parser().parse_args(["check-content", str(root)])
    assert cli.run_command(args) == 0
    out, _ = capsys.readouterr()
    assert "Contenu valide : 1 tutoriel." in out


def test_cli_check_content_on_a_missing_folder_fails(tmp_path: Path, capsys) -> None:
    args = cli.build_parser().parse_args(["check-content", str(tmp_path / "absent")])
    assert cli.run_command(args) == 1
    assert "dossier des tutoriels introuvable" in capsys.readouterr().out


@pytest.mark.skipif(
    importlib.util.find_spec("ent_coach.app") is None,
    reason="ent_coach.app (point d'entrée de python -m ent_coach) pas encore écrit",
)
def test_python_m_ent_coach_check_content_exit_codes(tutorial_factory) -> None:
    tutorial_factory.write("bon")

    def run(directory: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ent_coach", "check-content", str(directory)],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip

    good = run(tutorial_factory.directory)
    assert good.returncode == 0, good.stderr
    tutorial_factory.write(
        "mauvais", tutorial_factory.text("mauvais", extra_body="\n[x](absent.md)\n")
    )
    bad = run(tutorial_factory.directory)
    assert bad.returncode == 1, bad.stderr
    assert "mauvais.md:" in bad.stdout
