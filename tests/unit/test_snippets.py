"""Snippets: accent- and case-insensitive, cut at words around the first match, marked."""

from __future__ import annotations

import unicodedata

from ent_coach.domain.snippets import composed, fold_in_place, leading_words, patterns_for, snippet


def cut(text: str, *terms: str, words: int = 6, prefix: bool = True) -> str | None:
    text = composed(text)
    patterns = patterns_for(terms, last_is_prefix=prefix)
    return snippet(text, fold_in_place(text), patterns, words=words, start="[", end="]")


def test_folding_keeps_every_position() -> None:
    text = "Œuvres des Élèves, SÉCURITÉ ça"
    folded = fold_in_place(text)
    assert len(folded) == len(text)
    assert folded == "œuvres des eleves, securite ca"


def test_folded_terms_find_written_words() -> None:
    assert cut("La Sécurité des comptes", "securite") == "La [Sécurité] des comptes"
    assert cut("Les œuvres des élèves", "oeuvres", "eleve") == "Les [œuvres] des [élèves]"


def test_only_whole_words_or_word_starts() -> None:
    assert cut("insécurité", "securite") is None
    assert cut("Les comptes", "compte", prefix=False) is None
    assert cut("Les comptes", "compte") == "Les [comptes]"


def test_long_text_is_cut_around_the_first_match_with_ellipses() -> None:
    text = " ".join(f"mot{n}" for n in range(100)) + " la webradio du collège " + " ".join(f"fin{n}" for n in range(100))
    found = cut(text, "webradio", words=8)
    assert found is not None and found.startswith("…") and found.endswith("…")
    assert "[webradio]" in found
    assert len(found.strip("…").split()) == 8


def test_decomposed_accents_are_composed_first() -> None:
    text = unicodedata.normalize("NFD", "La sécurité")
    assert cut(text, "securite") == "La [sécurité]"


def test_leading_words() -> None:
    assert leading_words("Un deux trois quatre", 2) == "Un deux…"
    assert leading_words("Un  deux", 5) == "Un deux"
