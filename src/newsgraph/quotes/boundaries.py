"""Where a reported content starts and ends: the alternatives the parse offers, for a model to rank.

The rules take a cue's complement as its content. The parse often hangs too much on it (a
trailing "and claimed ...", a comma-set aside, a "by"-phrase of the passive cue) or too little
(the clause goes on past a conjunction). For an indirect or mixed candidate, ``alternatives``
lists the rules' span, the span without a leading "that", the span cut before each modifier or
conjunct that ends it, and the span run on to the end of the sentence. The boundaries model
scores each alternative from how it was made and the words at its edges; the best one is kept.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..model import Span
from ..parsing import sentence_of
from .assemble import FoundQuote

# Dependencies that, when they end a content, may be a part the content should not have.
_CUT_DEPS = frozenset(
    {"conj", "cc", "prep", "advcl", "relcl", "acl", "appos", "npadvmod", "agent", "punct", "dobj"}
)
_EDGE_PUNCT = frozenset({"PUNCT", "SPACE", "CCONJ"})
# At most this many alternatives per candidate (the cuts nearest the rules' end first).
_MAX_CUTS = 6


def _span_of(doc: Doc, first: int, last: int) -> Span | None:
    """The character span of tokens first..last, edge punctuation and conjunctions trimmed."""
    while first <= last and doc[first].pos_ in _EDGE_PUNCT:
        first += 1
    while last >= first and doc[last].pos_ in _EDGE_PUNCT:
        last -= 1
    if first > last:
        return None
    return (doc[first].idx, doc[last].idx + len(doc[last]))


def _tokens_in(doc: Doc, span: Span) -> tuple[int, int] | None:
    inside = [t.i for t in doc.char_span(span[0], span[1], alignment_mode="expand") or ()]
    return (inside[0], inside[-1]) if inside else None


def alternatives(candidate: FoundQuote, doc: Doc) -> list[tuple[Span, str, Token | None]]:
    """The content spans a candidate may have: (span, how it was made, the word at the cut)."""
    rules: list[tuple[Span, str, Token | None]] = [(candidate.span, "rules", None)]
    attribution = candidate.attribution
    if candidate.kind == "direct" or attribution is None or attribution.cue_token < 0:
        return rules
    found = _tokens_in(doc, candidate.span)
    if found is None:
        return rules
    first, last = found
    cue = doc[attribution.cue_token]
    out = list(rules)
    seen = {candidate.span}

    def add(span: Span | None, how: str, at: Token | None) -> None:
        if span is not None and span not in seen and span[0] < span[1]:
            seen.add(span)
            out.append((span, how, at))

    if doc[first].lower_ in ("that", "whether", "if") and doc[first].dep_ in ("mark", "complm"):
        add(_span_of(doc, first + 1, last), "drop_mark", doc[first])
        first += 1
    cuts = []
    for tok in doc[first + 1 : last + 1]:
        # a modifier of the content, or one of the cue's own that the rules ran into the content
        # ("accused the driver of speeding during a radio interview": the interview is the cue's)
        attached = first <= tok.head.i <= last or tok.head.i == cue.i
        if tok.dep_ not in _CUT_DEPS or not attached or tok.head.i > tok.i:
            continue
        start = tok.left_edge.i if tok.dep_ != "punct" else tok.i
        if start <= first:
            continue
        cuts.append((start, tok))
    for start, tok in sorted(cuts, key=lambda item: -item[0])[:_MAX_CUTS]:
        add(_span_of(doc, first, start - 1), f"cut_{tok.dep_}", tok)
    sent = sentence_of(cue)
    if last + 1 < sent.end - 1 and cue.i < first:
        # the sentence goes on after the content: the claim may run to its end
        add(_span_of(doc, first, sent.end - 1), "to_sentence_end", doc[last + 1])
    return out


def _hangs_on(at: Token, cue: Token, content: tuple[int, int]) -> str:
    """Where the words from ``at`` on hang in the parse: on the cue itself (its own "and said ...",
    ", saying ..."), on a word of the content, or above the cue (the sentence's main clause)."""
    first, last = content
    doc = at.doc
    # a comma or dash before the words is hung wherever the parser liked: read the words themselves
    while at.is_punct and at.i + 1 < len(doc) and at.i + 1 < sentence_of(at).end:
        at = doc[at.i + 1]
    node = at
    # climb to the root of the chunk that starts at ``at`` (the first head to its left)
    for _ in range(12):
        if node.head.i == node.i or node.head.i < at.i:
            break
        node = node.head
    head = node.head
    if head.i == cue.i:
        return "cue"
    if first <= head.i <= last and head.i < at.i:
        return "content"
    return "above"


def boundary_features(
    candidate: FoundQuote, span: Span, how: str, at: Token | None, doc: Doc, text: str
) -> list[str]:
    """The features of one content alternative: how it was made, the words at its edges, its size
    against the rules' span."""
    rules_len = max(1, len(text[candidate.span[0] : candidate.span[1]].split()))
    words = len(text[span[0] : span[1]].split())
    ratio = words / rules_len
    ratio_bucket = (
        "<0.3"
        if ratio < 0.3
        else "<0.6"
        if ratio < 0.6
        else "<0.9"
        if ratio < 0.9
        else "=1"
        if ratio <= 1.0
        else ">1"
    )
    frame = candidate.attribution.frame if candidate.attribution else candidate.frame
    feats = [
        "bias",
        f"how={how}",
        f"how_frame={how}|{frame}",
        f"ratio={ratio_bucket}",
        f"how_ratio={how}|{ratio_bucket}",
        f"words={min(words, 30) // 5}",
    ]
    if at is not None:
        feats.append(f"at={at.lower_ if at.is_punct or at.pos_ in ('CCONJ', 'ADP', 'SCONJ') else at.pos_}")
        feats.append(f"how_at={how}|{at.lower_ if at.pos_ in ('CCONJ', 'ADP', 'PUNCT') else at.pos_}")
        previous = doc[at.left_edge.i - 1] if at.left_edge.i > 0 else None
        if previous is not None:
            feats.append(f"before_cut={previous.lower_ if previous.is_punct else previous.pos_}")
        if at.pos_ in ("VERB", "AUX") or at.dep_ in ("conj", "advcl"):
            feats.append(f"cut_clause={at.tag_}")
            # a second verb with no subject of its own shares one: the speaker's ("said X and
            # urged Y") or the claim's ("said he would resign and leave")
            own_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in at.children)
            feats.append(f"clause_subject={own_subject}|{how}")
        found = _tokens_in(doc, candidate.span)
        if found is not None and candidate.attribution is not None and candidate.attribution.cue_token >= 0:
            hangs = _hangs_on(at, doc[candidate.attribution.cue_token], found)
            feats.append(f"hangs_on={hangs}")
            feats.append(f"how_hangs={how}|{hangs}")
    end_char = text[span[1] : span[1] + 2].strip()[:1]
    feats.append(f"next_char={end_char if end_char and not end_char.isalnum() else 'word'}")
    tail = doc.char_span(span[0], span[1], alignment_mode="expand")
    if tail is not None and len(tail):
        feats.append(f"last_pos={tail[-1].pos_}")
        feats.append(f"first_pos={tail[0].pos_}")
        feats.append(f"has_verb={any(t.pos_ in ('VERB', 'AUX') for t in tail)}")
    return feats
