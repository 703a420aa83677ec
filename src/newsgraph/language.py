"""A cheap check that a text is English, before the English models are spent on it."""

from __future__ import annotations

import re

# The commonest English function words: news prose in English has a quarter to a half of its words
# among them, other languages (even ones written in Latin letters) almost none.
_FUNCTION_WORDS = frozenset(
    "the a an of to in and or but is are was were be been has have had it its this that these those "
    "for on at by with from as not he she they we you i his her their our who which what said says "
    "will would can could may should do does did there than then also after before about into over".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
MIN_WORDS_TO_JUDGE = 12
MIN_FUNCTION_WORD_SHARE = 0.08


def english_verdict(text: str) -> tuple[bool, str]:
    """Return (looks English, why) for a text; short texts get the benefit of the doubt."""
    sample = text[:20_000]
    words = _WORD.findall(sample)
    letters = sum(len(w) for w in words)
    if letters == 0:
        return False, "it has no letters"
    latin = len(_LATIN.findall(sample))
    if latin / letters < 0.5:
        return False, f"only {latin / letters:.0%} of its letters are Latin"
    if len(words) < MIN_WORDS_TO_JUDGE:
        return True, "too short to judge"
    share = sum(w.lower() in _FUNCTION_WORDS for w in words) / len(words)
    if share < MIN_FUNCTION_WORD_SHARE:
        return False, f"only {share:.0%} of its words are common English words"
    return True, f"{share:.0%} of its words are common English words"
