"""A cheap check that a text is English, before the English models are spent on it.

py3langid (a naive Bayes classifier over byte n-grams, its model shipped in the package) decides,
restricted to the languages news is commonly written in: left to choose among all 97, it calls
short English headlines Nigerian Pidgin or Bikol. Text that it does not call English but that is
full of English function words (a story quoting a long passage in another script, say) is kept.
"""

from __future__ import annotations

import re
from functools import lru_cache

import py3langid

# Languages with a sizeable news press; pidgins and minority languages close to English are left
# out on purpose (see above).
NEWS_LANGUAGES = (
    "en es fr de it pt nl sv da no fi pl cs sk hu ro bg ru uk sr hr sl el tr ar fa ur hi bn id ms tl vi "
    "th zh ja ko he sw af ca eu gl et lv lt is ga cy sq mk be ka hy az kk"
).split()
# The commonest English function words: English news prose has a quarter to a half of its words among
# them; other languages almost none.
_FUNCTION_WORDS = frozenset(
    "the a an of to in and or but is are was were be been has have had it its this that these those "
    "for on at by with from as not he she they we you i his her their our who which what said says "
    "will would can could may should do does did there than then also after before about into over".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_WORDS_TO_JUDGE = 4
MIN_LETTERS_TO_JUDGE = 20
# Share of English function words above which a text counts as English whatever the classifier says.
ENGLISH_FUNCTION_WORD_SHARE = 0.2
SAMPLE_CHARS = 5_000


@lru_cache(maxsize=1)
def _classifier() -> None:
    py3langid.set_languages(NEWS_LANGUAGES)


def english_verdict(text: str) -> tuple[bool, str]:
    """Return (looks English, why) for a text; very short texts get the benefit of the doubt."""
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample)
    if not words:
        return False, "it has no words"
    # Scripts without spaces (Chinese, Japanese, Thai) give few but long "words": count letters too.
    if len(words) < MIN_WORDS_TO_JUDGE and sum(map(len, words)) < MIN_LETTERS_TO_JUDGE:
        return True, "too short to judge"
    _classifier()
    language, _score = py3langid.classify(sample)
    if language == "en":
        return True, "classified as English"
    share = sum(w.lower() in _FUNCTION_WORDS for w in words) / len(words)
    if share >= ENGLISH_FUNCTION_WORD_SHARE:
        return True, f"{share:.0%} of its words are common English words"
    return False, f"it reads as language '{language}', with {share:.0%} common English words"
