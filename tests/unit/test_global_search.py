"""One search over everything: every kind of content is found, grouped by kind with a count,
accent- and case-insensitive, with snippets; a profile's own practices are found, and found as
they are after an edit, by that profile only."""

from __future__ import annotations

import re

import pytest

from ent_coach import paths
from ent_coach.content.practices import load_practices
from ent_coach.content.quiz import load_quiz
from ent_coach.domain.practices import Practice, PracticeDraft, PracticeSource
from ent_coach.domain.profiles import Profile
from ent_coach.domain.quiz.model import QuizItem
from ent_coach.domain.taxonomy import Role
from ent_coach.domain.text import fold
from ent_coach.services.practices import PracticeService
from ent_coach.services.profiles import ProfileService
from ent_coach.services.search import (
    GROUP_SIZE,
    ResultKind,
    SearchService,
    SearchSources,
)
from ent_coach.store.database import Store
from ent_coach.store.search_index import HIGHLIGHT_END, HIGHLIGHT_START

WEBRADIO = "college-journal-webradio-validation"


@pytest.fixture(scope="module")
def shipped_practices() -> tuple[Practice, ...]:
    return tuple(load_practices(paths.resources_dir() / "practices").practices)


@pytest.fixture(scope="module")
def quiz_items() -> tuple[QuizItem, ...]:
    return load_quiz(paths.resources_dir() / "quiz").bank.items


@pytest.fixture
def practices(store: Store, shipped_practices: tuple[Practice, ...]) -> PracticeService:
    return PracticeService(store, lambda: shipped_practices)


@pytest.fixture
def search(tutorials, sandbox_content, shipped_pathways, quiz_items, practices) -> SearchService:  # type: ignore[no-untyped-def]
    return SearchService(
        SearchSources(
            tutorials=lambda: tutorials,
            practices=lambda: practices.shipped,
            quiz_items=lambda: quiz_items,
            scenarios=lambda: sandbox_content.scenarios,
            pathways=lambda: shipped_pathways,
            own_practices=practices.own_practices,
            own_generation=lambda: practices.generation,
        )
    )


@pytest.fixture
def lea(store: Store) -> Profile:
    return ProfileService(store).create(display_name="Léa", role=Role.STAGIAIRE_2D)


def ids(search: SearchService, text: str, kind: ResultKind, profile: Profile | None = None) -> list[str]:
    found = search.search(text, profile=profile, expanded=[kind])
    return [hit.id for hit in found.hits(kind)]


def rare_word(text: str, elsewhere: str) -> str:
    """The longest word of ``text`` that ``elsewhere`` does not contain."""
    other = set(re.findall(r"\w+", fold(elsewhere)))
    candidates = [w for w in re.findall(r"\w+", text) if fold(w) not in other and w.isalpha()]
    return max(candidates, key=len)


def test_webradio_finds_the_practice(search: SearchService) -> None:
    found = search.search("webradio")
    assert found.hits(ResultKind.PRACTICE)[0].id == WEBRADIO
    [hit] = [h for h in found.hits(ResultKind.PRACTICE) if h.id == WEBRADIO]
    assert hit.title.startswith("Produire un journal et une webradio du collège")
    assert hit.kind == ResultKind.PRACTICE


def test_groups_in_kind_order_with_a_count_each(search: SearchService) -> None:
    found = search.search("ENT")
    kinds = [group.kind for group in found.groups]
    assert kinds == [kind for kind in ResultKind if kind in kinds]
    assert set(kinds) == set(ResultKind), "« ENT » figure dans chaque sorte de contenu"
    for group in found.groups:
        assert 0 < len(group.hits) <= min(group.total, GROUP_SIZE)
        assert all(hit.kind == group.kind for hit in group.hits)
    assert found.total == sum(group.total for group in found.groups)


def test_an_expanded_kind_shows_all_its_results(search: SearchService) -> None:
    tutorials = search.search("ENT", expanded=[ResultKind.TUTORIAL]).group(ResultKind.TUTORIAL)
    assert tutorials is not None and tutorials.total > GROUP_SIZE
    assert len(tutorials.hits) == tutorials.total
    assert len({hit.id for hit in tutorials.hits}) == tutorials.total


@pytest.mark.parametrize("query", ["securite", "SÉCURITÉ", "Sécurité", "sécu", "SECU"])
def test_accents_and_case_are_ignored_in_every_kind(search: SearchService, query: str) -> None:
    reference = search.search("sécurité")
    found = search.search(query)
    assert {g.kind for g in reference.groups} <= {g.kind for g in found.groups}
    assert ResultKind.TUTORIAL in {g.kind for g in found.groups}


def test_each_kind_is_found_by_its_title(
    search: SearchService, tutorials, sandbox_content, shipped_pathways, quiz_items, shipped_practices  # type: ignore[no-untyped-def]
) -> None:
    samples = {
        ResultKind.TUTORIAL: tutorials[0],
        ResultKind.PRACTICE: shipped_practices[0],
        ResultKind.QUIZ: quiz_items[0],
        ResultKind.SCENARIO: sandbox_content.scenarios[0],
        ResultKind.PATHWAY: shipped_pathways[0],
    }
    for kind, sample in samples.items():
        assert sample.id in ids(search, sample.title, kind), kind


def test_quiz_explanations_and_option_feedback_are_searched(search: SearchService, quiz_items) -> None:  # type: ignore[no-untyped-def]
    item = next(i for i in quiz_items if len(i.explanation) > 80)
    visible = f"{item.title} {item.situation or ''} {item.question}"
    word = rare_word(item.explanation, visible)
    assert item.id in ids(search, word, ResultKind.QUIZ)
    option = next(o for o in item.options if o.feedback)
    word = rare_word(option.feedback, visible + " " + item.explanation)
    assert item.id in ids(search, word, ResultKind.QUIZ)


def test_scenario_hints_and_solution_are_not_searched(search: SearchService, sandbox_content) -> None:  # type: ignore[no-untyped-def]
    for scenario in sandbox_content.scenarios:
        shown = " ".join([scenario.title, scenario.brief, *(g.label or "" for g in scenario.goals)])
        hints = [w for w in re.findall(r"\w+", " ".join(scenario.hints)) if len(w) > 6]
        secret = [w for w in hints if fold(w) not in fold(shown)]
        if secret:
            assert scenario.id not in ids(search, secret[0], ResultKind.SCENARIO)
            return
    pytest.skip("aucun mot propre aux indices")


def test_snippets_highlight_the_match_in_summary_or_body(search: SearchService, quiz_items) -> None:  # type: ignore[no-untyped-def]
    item = next(i for i in quiz_items if len(i.explanation) > 80)
    word = rare_word(item.explanation, f"{item.title} {item.situation or ''} {item.question}")
    [hit] = [h for h in search.search(word, expanded=[ResultKind.QUIZ]).hits(ResultKind.QUIZ) if h.id == item.id]
    marked = re.findall(f"{HIGHLIGHT_START}(.*?){HIGHLIGHT_END}", hit.snippet)
    assert marked and all(fold(m).startswith(fold(word)) for m in marked)
    assert hit.terms == (fold(word),)


def test_a_title_only_match_shows_the_summary_not_the_title_twice(
    search: SearchService, shipped_practices  # type: ignore[no-untyped-def]
) -> None:
    [hit] = [h for h in search.search("webradio").hits(ResultKind.PRACTICE) if h.id == WEBRADIO]
    practice = next(p for p in shipped_practices if p.id == WEBRADIO)
    assert hit.snippet != hit.title
    assert practice.summary.startswith(hit.snippet.rstrip("…"))


def test_no_result_tells_what_each_word_gives(search: SearchService) -> None:
    found = search.search("zorglub sécurité")
    assert found.groups == () and found.total == 0
    words = {word: total for word, total, _capped in found.single_words}
    assert words["zorglub"] == 0
    assert words["sécurité"] == search.search("sécurité").total > 0
    assert search.search("zorglub").single_words == ()


def test_a_one_letter_last_word_is_not_a_prefix(search: SearchService) -> None:
    # « sécurité p » would otherwise match every word starting with p.
    assert search.search("sécurité p").total < search.search("sécurité").total


def own_draft(title: str) -> PracticeDraft:
    return PracticeDraft(
        title=title,
        summary="Les élèves de CE1 déposent chaque semaine une photo de feuille et sa légende.",
        levels=("cycle-2",),
        disciplines=("sciences",),
        services=("mur-collaboratif",),
        duration="Une période, 20 min par semaine",
        description="Chaque lundi, un binôme photographie une feuille ramassée dans la cour.",
        steps=("Créer le mur de la classe", "Publier chaque lundi"),
        benefits=("Les élèves observent et décrivent avec précision.",),
        vigilance=("Aucune photo d'élève : seulement les feuilles.",),
        sources=(PracticeSource("Éduscol", "Les ENT", "https://eduscol.education.fr/ent"),),
    )


def test_own_practices_are_found_and_follow_each_edit(
    search: SearchService, practices: PracticeService, lea: Profile, store: Store
) -> None:
    search.warm_up()  # built before the practice exists, as in the application
    assert ids(search, "herbier", ResultKind.PRACTICE, lea) == []
    practice = practices.create(lea, own_draft("Un herbier partagé sur le mur"))
    assert ids(search, "herbier", ResultKind.PRACTICE, lea) == [practice.id]
    # Shipped practices are still there alongside.
    assert WEBRADIO in ids(search, "webradio", ResultKind.PRACTICE, lea)

    practices.update(lea, practice.id, own_draft("Un abécédaire des saisons sur le mur"))
    assert ids(search, "herbier", ResultKind.PRACTICE, lea) == []
    assert ids(search, "abecedaire", ResultKind.PRACTICE, lea) == [practice.id]

    hugo = ProfileService(store).create(display_name="Hugo", role=Role.ENSEIGNANT)
    assert ids(search, "abecedaire", ResultKind.PRACTICE, hugo) == []
    assert ids(search, "abecedaire", ResultKind.PRACTICE, None) == []
    assert ids(search, "abecedaire", ResultKind.PRACTICE, lea) == [practice.id]

    practices.delete(lea, practice.id)
    assert ids(search, "abecedaire", ResultKind.PRACTICE, lea) == []


def test_content_that_cannot_be_read_leaves_the_rest_searchable(tutorials, shipped_practices) -> None:  # type: ignore[no-untyped-def]
    def broken() -> tuple[()]:
        raise OSError("fichier illisible")

    search = SearchService(
        SearchSources(tutorials=lambda: tutorials, practices=lambda: shipped_practices, quiz_items=broken)
    )
    assert WEBRADIO in ids(search, "webradio", ResultKind.PRACTICE)


def test_start_up_indexes_the_tutorials_only_and_opening_the_search_the_rest(tutorials, quiz_items) -> None:  # type: ignore[no-untyped-def]
    read: list[str] = []

    def quiz() -> tuple[QuizItem, ...]:
        read.append("quiz")
        return quiz_items

    search = SearchService(SearchSources(tutorials=lambda: tutorials, quiz_items=quiz))
    search.warm_up()
    assert read == []  # the quiz content is not read on the way to the first screen
    search.prepare()
    assert read == ["quiz"]
    search.search("registre")
    assert read == ["quiz"]  # read once
    assert search.search(quiz_items[0].title).group(ResultKind.QUIZ) is not None
