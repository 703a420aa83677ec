"""How an event is reported: negated, hypothetical, future, said by someone, or alleged.

These read the trigger's auxiliaries and the verbs that govern it: "did not attack" is negated,
"could lead to a deal" hypothetical, "will provide aid" future (which PLOVER codes as AGREE for
cooperation), "Seoul said Pyongyang fired" is said by Seoul, "accused X of supplying arms" makes
the supplying alleged.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..parsing import sentence_of
from ..quotes.lexicon import load_lexicon
from ..wordlists import word_list

# The verbs that report what someone said or thought ("say", "believe"), from the quote cue lexicon
# (data/quote_cues.json, "reporting"), where the speech verbs are listed once for every stage.
SPEECH_LEMMAS = load_lexicon().reporting
MODAL_HYPOTHETICAL = word_list("events", "modal_hypothetical")
FUTURE_AUX = word_list("events", "future_aux")
FUTURE_GOVERNORS = word_list("events", "future_governors")
SPECULATIVE_GOVERNORS = word_list("events", "speculative_governors")
NEGATORS = word_list("events", "negators")


def is_negated(token: Token) -> bool:
    """Whether the trigger (or its auxiliary chain) is negated: "did not attack", "no talks"."""
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in token.children):
        return True
    head = token.head
    # "failed to" / "refused to" are coded as REJECT by the lexicon, not as negation.
    return token.dep_ == "xcomp" and any(c.dep_ == "neg" for c in head.children) and head.pos_ == "AUX"


def modals(token: Token) -> set[str]:
    """Lower-cased auxiliaries of a trigger and of the verb it is an infinitive of."""
    words = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
    if token.dep_ in ("xcomp", "acomp") and token.head is not token:
        words |= {c.lower_ for c in token.head.children if c.dep_ in ("aux", "auxpass")}
    return words


def is_conditional(token: Token) -> bool:
    """Whether the trigger sits in, or governs, an "if"/"unless" clause."""
    node = token
    for _ in range(4):
        if node.dep_ == "advcl" and any(
            c.lower_ in ("if", "unless") for c in node.children if c.dep_ == "mark"
        ):
            return True
        if node.head is node:
            break
        node = node.head
    if any(
        c.dep_ == "advcl" and any(g.lower_ in ("if", "unless") for g in c.children) for c in token.children
    ):
        return "would" in modals(token) or bool(modals(token) & MODAL_HYPOTHETICAL)
    return False


def is_future(token: Token, governor: Token | None) -> bool:
    """Whether the event is reported as future ("will meet", "plans to visit")."""
    aux = modals(token)
    if aux & FUTURE_AUX:
        return True
    # "said it would provide": future in the past of a report.
    if "would" in aux and governor is not None and governor.lemma_.lower() in SPEECH_LEMMAS:
        return True
    if governor is not None and governor.lemma_.lower() in FUTURE_GOVERNORS:
        return True
    return any(c.lower_ == "going" for c in token.head.children) and token.dep_ == "xcomp"


def is_hypothetical(token: Token, governor: Token | None) -> bool:
    """Whether the event is conditional or speculative ("could lead to a deal", "if they attack")."""
    aux = modals(token)
    if aux & MODAL_HYPOTHETICAL:
        return True
    if "would" in aux and (governor is None or governor.lemma_.lower() not in SPEECH_LEMMAS):
        return True
    if is_conditional(token):
        return True
    return governor is not None and governor.lemma_.lower() in SPECULATIVE_GOVERNORS


def according_to(token: Token) -> Token | None:
    """The source named by "according to X" in the trigger's sentence, if any."""
    for tok in sentence_of(token):
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            for child in tok.doc[tok.i + 1].children:
                if child.dep_ == "pobj":
                    return child
            for child in tok.children:
                if child.dep_ == "prep":
                    obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                    if obj is not None:
                        return obj
    return None
