"""The English check: news in other languages is refused, short or name-heavy English is kept."""

from __future__ import annotations

import pytest

from newsgraph.language import english_verdict

ENGLISH = [
    "Rebels seized the airport on Tuesday.",
    "Putin meets Erdogan in Ankara for talks on Syria.",
    "Punjab government imposed blockades in four cities.",
    "U.S. Lifts Travel Ban to Lebanon.",
    "The finance ministers of the G7 agreed on Friday to extend the support package for another year.",
]
FOREIGN = [
    "El presidente se reunió ayer con los líderes de la oposición para hablar de la crisis económica del país.",
    "Le président a rencontré hier les dirigeants de l'opposition pour discuter de la crise économique.",
    "Il presidente ha incontrato ieri i leader dell'opposizione per discutere della crisi economica.",
    "Der Kanzler hat sich gestern mit der Opposition getroffen, um über die Wirtschaftskrise zu sprechen.",
    "De premier heeft gisteren met de leiders van de oppositie gesproken over de economische crisis.",
    "Президент встретился вчера с лидерами оппозиции, чтобы обсудить экономический кризис в стране.",
    "总统昨天会见了反对派领导人，讨论了该国的经济危机和政府的应对措施。",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_news_is_accepted(text: str) -> None:
    assert english_verdict(text)[0]


@pytest.mark.parametrize("text", FOREIGN)
def test_news_in_other_languages_is_refused_with_a_reason(text: str) -> None:
    english, why = english_verdict(text)
    assert not english and "language" in why


def test_text_without_words_is_refused() -> None:
    assert english_verdict("12345 67 -- 89") == (False, "it has no words")
