"""Tutorial search: accent- and case-insensitive, ranked, highlighted, never broken by a query."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ent_coach import paths
from ent_coach.content.tutorials import load_tutorials
from ent_coach.services.search import ResultKind, SearchService, SearchSources, documents_for
from ent_coach.store.search_index import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    SearchDocument,
    SearchHit,
    SearchIndex,
    query_terms,
)

DOCUMENTS = [
    SearchDocument(
        id="corps-seulement",
        title="Organiser le cahier de textes",
        summary="Planifier les séances de la semaine.",
        body="Pensez aussi à la sécurité des comptes avant de partager un document.",
    ),
    SearchDocument(
        id="titre",
        title="Sécurité des comptes",
        summary="Mots de passe et connexion.",
        body="Un mot de passe solide protège toute la classe.",
    ),
    SearchDocument(
        id="eleves",
        title="Faire travailler les élèves",
        summary="Des activités pour la classe.",
        body="Chaque Élève reçoit un espace personnel.",
    ),
]


@pytest.fixture
def index() -> Iterator[SearchIndex]:
    built = SearchIndex(DOCUMENTS)
    yield built
    built.close()


def ids(hits: list) -> list[str]:  # type: ignore[type-arg]
    return [hit.id for hit in hits]


@pytest.mark.parametrize("query", ["securite", "SÉCURITÉ", "Sécurité", "sécu", "SECU"])
def test_accent_and_case_insensitive(index: SearchIndex, query: str) -> None:
    assert set(ids(index.search(query))) == {"titre", "corps-seulement"}


def test_unaccented_query_finds_capitalised_accented_word(index: SearchIndex) -> None:
    assert ids(index.search("eleve")) == ["eleves"]
    assert ids(index.search("ÉLÈVES")) == ["eleves"]


def test_title_match_ranks_above_body_only_match(index: SearchIndex) -> None:
    assert ids(index.search("sécurité")) == ["titre", "corps-seulement"]


def test_every_term_must_match(index: SearchIndex) -> None:
    assert ids(index.search("sécurité partager")) == ["corps-seulement"]
    assert index.search("sécurité girafe") == []


def test_snippets_highlight_the_match(index: SearchIndex) -> None:
    [hit] = index.search("partager")
    assert f"{HIGHLIGHT_START}partager{HIGHLIGHT_END}" in hit.snippet
    assert hit.title == "Organiser le cahier de textes"
    assert hit.terms == ("partager",)


def test_summary_snippet_when_only_the_summary_matches(index: SearchIndex) -> None:
    [hit] = index.search("séances")
    assert hit.id == "corps-seulement"
    assert f"{HIGHLIGHT_START}séances{HIGHLIGHT_END}" in hit.snippet


def test_limit(index: SearchIndex) -> None:
    assert len(index.search("sécurité", limit=1)) == 1


@pytest.mark.parametrize("query", ["", "   ", "...", "!?;,", '"', "*", "-", "^", "(", ")", "'"])
def test_empty_or_punctuation_query_returns_nothing(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []


@pytest.mark.parametrize(
    "query",
    ['"sécurité', "sécu*", "AND", "OR", "NOT", "NEAR(", "NEAR(sécurité comptes)", "-sécurité",
     "^sécurité", "title:sécurité", "sécurité AND", "{titre}", "a_b", "*:*", "\x00", "\u0301"],
)  # fmt: skip
def test_fts_syntax_never_raises(index: SearchIndex, query: str) -> None:
    hits = index.search(query)
    assert isinstance(hits, list)


def test_fts_keywords_are_searched_as_words(index: SearchIndex) -> None:
    # Operators are punctuation to the search: "-sécurité" is not "NOT sécurité".
    for query in ("-sécurité", "^sécurité", '"sécurité', "sécurité*", "(sécurité)"):
        assert set(ids(index.search(query))) == {"titre", "corps-seulement"}, query
    # "NEAR" and "AND" are plain words that must be present, not operators.
    assert index.search("NEAR(sécurité comptes)") == []
    assert index.search("sécurité AND comptes") == []


@given(st.text(max_size=60))
def test_arbitrary_queries_never_raise(query: str) -> None:
    built = SearchIndex(DOCUMENTS)
    try:
        assert isinstance(built.search(query), list)
    finally:
        built.close()


def test_query_terms_are_folded_and_capped() -> None:
    assert query_terms("L'Élève, SÉCURITÉ!") == ["eleve", "securite"]  # « l' » is a small word
    assert len(query_terms(" ".join(["mot"] * 40))) == 12


def test_tutorial_search_over_purpose_made_tutorials(tutorial_factory) -> None:
    tutorial_factory.write(
        "securite-des-comptes",
        tutorial_factory.text("securite-des-comptes", title="La sécurité des comptes"),
    )
    tutorial_factory.write(
        "cahier",
        tutorial_factory.text(
            "cahier",
            title="Le cahier de textes",
            extra_body="\nVoir [la page](https://a.fr/zebre).\n",
        ),
    )
    tutorials = load_tutorials(tutorial_factory.directory).tutorials
    service = SearchService(SearchSources(tutorials=lambda: tutorials))

    def search(text: str) -> list[SearchHit]:
        return service.search(text).hits(ResultKind.TUTORIAL)

    assert ids(search("securite"))[0] == "securite-des-comptes"
    assert ids(search("cahier")) == ["cahier"]
    # Link targets are not searchable text, the link's words are.
    assert search("zebre") == []
    assert ids(search("page")) == ["cahier"]
    assert all("](" not in d.body for d in documents_for(tutorials))


def test_tutorial_search_over_shipped_tutorials() -> None:
    tutorials = (
        load_tutorials(paths.tutorials_dir()).tutorials if paths.tutorials_dir().is_dir() else []
    )
    if not tutorials:
        pytest.skip("aucun tutoriel livré pour l'instant")
    search = SearchService(SearchSources(tutorials=lambda: tutorials))
    search.warm_up()
    assert search.search("ENT").total, "« ENT » doit apparaître dans le contenu livré"
    first = tutorials[0]
    assert first.id in ids(search.search(first.title).hits(ResultKind.TUTORIAL))


def test_ligatures_are_found_written_either_way() -> None:
    # FTS5 keeps « œ » as a letter of its own while the query folds it to « oe ».
    built = SearchIndex([SearchDocument("oeuvres", "Les Œuvres des élèves", "Un cœur d'ex-æquo.", "")])
    try:
        for query in ("oeuvres", "œuvres", "ŒUVRES", "coeur", "cœur", "ex aequo"):
            assert ids(built.search(query)) == ["oeuvres"], query
        [hit] = built.search("coeur")
        assert f"{HIGHLIGHT_START}cœur{HIGHLIGHT_END}" in hit.snippet
    finally:
        built.close()


def test_a_broad_query_is_counted_up_to_a_cap_and_ranked_on_titles() -> None:
    from ent_coach.store.search_index import COUNT_CAP

    documents = [SearchDocument(f"d{n}", f"Document {n}", "Résumé.", "commun " * 5) for n in range(COUNT_CAP + 20)]
    documents.append(SearchDocument("titre", "Le mot commun au titre", "Résumé.", "commun"))
    built = SearchIndex(documents)
    try:
        [group] = built.search_kinds("commun", limit=3)
        assert group.capped and group.total == COUNT_CAP
        assert group.hits[0].id == "titre"
        assert len(group.hits) == 3
    finally:
        built.close()


def test_small_french_words_are_not_required_nor_highlighted() -> None:
    from ent_coach.store.search_index import query_terms

    assert query_terms("securite mot de passe") == ["securite", "mot", "passe"]
    assert query_terms("le blog de la classe") == ["blog", "classe"]
    assert query_terms("de") == ["de"]  # nothing else to search for
    assert query_terms("droit d") == ["droit", "d"]  # still being typed: « d » may be « droit »
