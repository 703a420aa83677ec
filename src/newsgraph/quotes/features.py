"""What the quotes model sees of a candidate quote and of a candidate speaker, as named features.

A feature is a string ("cue=say", "frame=clause", "words=4-6"); the model gives each a weight.
Only the candidate's own paragraph and sentence are read, so a feature means the same in a short
item and in a long article. Everything here is a cheap look at the parse: no second model runs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Token

from ..model import Analysis, Span
from ..parsing import sentence_of
from .assemble import FoundQuote
from .lexicon import CueLexicon

# Parts of speech a speaker mention may have: a name, a noun, a pronoun.
SPEAKER_POS = frozenset({"PROPN", "NOUN", "PRON"})
# Dependencies of words that are part of a longer name or noun phrase, not its head.
_NOT_HEADS = frozenset({"compound", "flat", "poss", "case", "det", "amod", "nummod"})
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_OPENING_MARKS = "\"“«„`'"
# Speaker candidates may be this many tokens away from the cue (either side) inside its sentence.
_SPEAKER_REACH = 25


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    """The bucket of a count: "<=edge" for the first edge it does not exceed, ">last" past them."""
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


class TokenIndex:
    """Which tokens of a Doc lie at or inside a character span (one sorted list per document)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def first_at(self, offset: int) -> int:
        """The index of the first token starting at or after ``offset``."""
        return bisect_left(self.starts, offset)

    def inside(self, span: Span) -> list[Token]:
        """The tokens that start inside ``span``."""
        lo, hi = bisect_left(self.starts, span[0]), bisect_left(self.starts, span[1])
        return [self.doc[i] for i in range(lo, hi)]

    def token_at(self, offset: int) -> Token | None:
        """The token that covers ``offset``, if any."""
        i = bisect_right(self.starts, offset) - 1
        if i < 0:
            return None
        tok = self.doc[i]
        return tok if offset < tok.idx + len(tok) else None


def _cue_class(lexicon: CueLexicon, lemma: str, frame: str) -> str:
    if frame in ("noun", "source", "adjective", "colon", "dash", "introduced"):
        return frame
    for name in ("speech", "thought", "intent", "stance"):
        if lemma in getattr(lexicon, name):
            return name
    return "other"


def _around(text: str, span: Span) -> tuple[str, str]:
    """The word right before a content (across its opening mark) and the one right after it."""
    before = text[max(0, span[0] - 40) : span[0]].rstrip(_OPENING_MARKS + " \t")
    after = text[span[1] : span[1] + 40].lstrip("\"”»'’ \t")
    left_words = _WORD.findall(before)
    right_words = _WORD.findall(after[:20])
    left = left_words[-1].lower() if left_words and not before.endswith(("\n", ".", ",", ":")) else "<p>"
    right = right_words[0].lower() if right_words and not after.startswith("\n") else "</p>"
    return left, right


def quote_features(
    candidate: FoundQuote, text: str, tokens: TokenIndex, lexicon: CueLexicon, analysis: Analysis
) -> list[str]:
    """The features of one candidate quote: its kind, cue and frame, the shape of its content,
    the words around it and its paragraph."""
    start, end = candidate.span
    content = text[start:end]
    words = _WORD.findall(content)
    attribution = candidate.attribution
    frame = attribution.frame if attribution is not None else candidate.frame
    cue_tok = (
        tokens.doc[attribution.cue_token] if attribution is not None and attribution.cue_token >= 0 else None
    )
    cue = cue_tok.lemma_.lower() if cue_tok is not None else "none"
    cue_class = _cue_class(lexicon, cue, frame)
    feats = [
        "bias",
        f"kind={candidate.kind}",
        f"frame={frame}",
        f"how={candidate.frame}",
        f"from_rules={candidate.from_rules}",
        f"cue={cue}",
        f"cue_class={cue_class}",
        f"cue_frame={cue}|{frame}",
        f"kind_class={candidate.kind}|{cue_class}",
        f"words={_bucket(len(words), (1, 2, 3, 5, 8, 12, 20, 40))}",
        f"kind_words={candidate.kind}|{_bucket(len(words), (1, 2, 3, 5, 8, 20))}",
        f"parts={len(candidate.parts) if candidate.parts else 1}",
        f"speaker={candidate.speaker is not None}",
    ]
    if words:
        capitals = sum(1 for w in words if w[0].isupper())
        share = capitals / len(words)
        feats.append(f"title_case={_bucket(round(10 * share), (0, 2, 5, 8, 10))}")
        feats.append(f"kind_title_case={candidate.kind}|{share >= 0.6}")
        feats.append(f"first_upper={words[0][0].isupper()}")
        feats.append(f"first_word={words[0].lower()}")
    last = content.rstrip()[-1:] if content.strip() else ""
    feats.append(f"ends={last if not last.isalnum() else 'word'}")
    inner = tokens.inside(candidate.span)
    verbs = [t for t in inner if t.pos_ in ("VERB", "AUX")]
    feats.append(f"verbs={_bucket(len(verbs), (0, 1, 3))}")
    feats.append(f"kind_verbs={candidate.kind}|{bool(verbs)}")
    if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in inner):
        feats.append("finite_verb")
    if any(t.lower_ in ("i", "we", "me", "us", "my", "our") for t in inner):
        feats.append("first_person")
    if any(t.lower_ in ("you", "your") for t in inner):
        feats.append("second_person")
    left, right = _around(text, candidate.span)
    feats.append(f"left={left}")
    feats.append(f"right={right}")
    feats.append(f"kind_left={candidate.kind}|{left}")
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    paragraph_words = len(_WORD.findall(text[para_start:para_end]))
    feats.append(f"paragraph_words={_bucket(paragraph_words, (3, 8, 15, 30))}")
    feats.append(f"whole_paragraph={paragraph_words - len(words) <= 2}")
    feats.append(f"first_paragraph={para_start == 0}")
    if cue_tok is not None:
        feats.append(f"cue_tag={cue_tok.tag_}")
        feats.append(f"cue_dep={cue_tok.dep_}")
        feats.append(f"cue_lemma_tag={cue}|{cue_tok.tag_}")
        feats.append(
            f"cue_side={'after' if cue_tok.idx >= end else 'before' if cue_tok.idx < start else 'inside'}"
        )
        if any(c.dep_ == "neg" for c in cue_tok.children):
            feats.append("cue_negated")
    if candidate.speaker_token is not None:
        speaker = tokens.doc[candidate.speaker_token]
        feats.append(f"speaker_kind={_mention_kind(speaker, analysis)}")
        feats.append(f"speaker_dep={speaker.dep_}")
    return feats


def _mention_kind(token: Token, analysis: Analysis) -> str:
    """What a mention is: a pronoun by its word, else the type of its entity, else its part of speech."""
    if token.pos_ == "PRON":
        return f"pron:{token.lower_}"
    entity = analysis.entity_at((token.idx, token.idx + len(token)))
    if entity is not None:
        return f"entity:{entity.type}"
    if token.ent_type_:
        return f"ner:{token.ent_type_}"
    return token.pos_


def speaker_candidates(candidate: FoundQuote, tokens: TokenIndex) -> list[Token]:
    """The mentions that may be a cued quote's speaker: the head of every name, noun and pronoun of
    the cue's sentence within reach of the cue and outside the content, and the rules' choice."""
    attribution = candidate.attribution
    if attribution is None or attribution.cue_token < 0:
        return []
    doc = tokens.doc
    cue = doc[attribution.cue_token]
    sent = sentence_of(cue)
    content_parts = candidate.parts or [candidate.span]
    found: list[Token] = []
    for tok in doc[max(sent.start, cue.i - _SPEAKER_REACH) : min(sent.end, cue.i + _SPEAKER_REACH + 1)]:
        if tok.pos_ not in SPEAKER_POS or tok.i == cue.i:
            continue
        if tok.dep_ in _NOT_HEADS and tok.head.pos_ in SPEAKER_POS:
            continue
        if any(s <= tok.idx < e for s, e in content_parts):
            continue
        found.append(tok)
    if candidate.speaker_token is not None and all(t.i != candidate.speaker_token for t in found):
        found.append(doc[candidate.speaker_token])
    return found


def _path(token: Token, cue: Token) -> str:
    """The dependency path from a mention up to the lowest common head and down to the cue."""
    up: list[Token] = [token]
    while up[-1].head.i != up[-1].i and len(up) < 6:
        up.append(up[-1].head)
    up_index = {t.i: n for n, t in enumerate(up)}
    down: list[Token] = [cue]
    while down[-1].i not in up_index and down[-1].head.i != down[-1].i and len(down) < 6:
        down.append(down[-1].head)
    if down[-1].i not in up_index:
        return "far"
    meet = up_index[down[-1].i]
    if meet + len(down) - 1 > 5:
        return "far"
    rising = "^".join(t.dep_ for t in up[:meet])
    falling = "v".join(t.dep_ for t in reversed(down[:-1]))
    return f"{rising}|{falling}"


def speaker_features(candidate: FoundQuote, mention: Token, analysis: Analysis, text: str) -> list[str]:
    """The features of one candidate speaker of a cued quote: its path to the cue, side and
    distance, its kind, and the signs of a dateline, a participle or a place."""
    assert candidate.attribution is not None
    doc = mention.doc
    cue = doc[candidate.attribution.cue_token]
    path = _path(mention, cue)
    kind = _mention_kind(mention, analysis)
    distance = abs(mention.i - cue.i)
    side = "left" if mention.i < cue.i else "right"
    frame = candidate.attribution.frame
    feats = [
        "bias",
        f"path={path}",
        f"path_frame={path}|{frame}",
        f"rules={mention.i == candidate.speaker_token}",
        f"rules_frame={mention.i == candidate.speaker_token}|{frame}",
        f"kind={kind}",
        f"kind_path={kind}|{path}",
        f"pos={mention.pos_}",
        f"tag={mention.tag_}",
        f"dep={mention.dep_}",
        f"side={side}",
        f"distance={_bucket(distance, (1, 2, 3, 5, 8, 13))}",
        f"side_distance={side}|{_bucket(distance, (1, 3, 8))}",
        f"cue_tag={cue.tag_}",
    ]
    if mention.pos_ == "PRON":
        feats.append(f"pronoun={mention.lower_}")
    if mention.ent_type_:
        feats.append(f"ner={mention.ent_type_}")
    if mention.is_upper and len(mention) > 2:
        feats.append("all_caps")
    previous = doc[mention.i - 1] if mention.i > 0 else None
    following = doc[mention.i + 1] if mention.i + 1 < len(doc) else None
    feats.append(
        f"before={previous.lower_ if previous is not None and sentence_of(previous) == sentence_of(mention) else '<s>'}"
    )
    feats.append(
        f"after={following.lower_ if following is not None and sentence_of(following) == sentence_of(mention) else '</s>'}"
    )
    # a dateline ("ZURICH (Reuters) -", "BEIRUT —") opens its paragraph and is set off by a dash
    para_start = text.rfind("\n", 0, mention.idx) + 1
    if (
        mention.left_edge.idx <= para_start + 1
        and following is not None
        and following.text in ("-", "—", "–", "(")
    ):
        feats.append("dateline")
    if mention.tag_ == "VBG" or mention.lower_.endswith("ing"):
        feats.append("participle_form")
    if any(s <= mention.idx < e for s, e in [candidate.span]):
        feats.append("inside_content")
    # a mention that is itself a place ("São Paulo") rarely speaks; one inside "in X" never does
    if (
        previous is not None
        and previous.lower_ in ("in", "from", "at", "of", "to")
        and previous.i == mention.head.i
    ):
        feats.append(f"governed_by={previous.lower_}")
    entity = analysis.entity_at((mention.idx, mention.idx + len(mention)))
    if entity is not None:
        feats.append(f"entity_mentions={_bucket(len(entity.mentions), (1, 2, 4))}")
    return feats
