"""Rules propose, the trained model decides: which candidate quotes are kept, and who speaks them.

The cue lexicon, the parse and the quotation marks propose every candidate (``propose_quotes``:
also the short uncued runs and the nested claims the rules pass over). For a reported (indirect or
mixed) candidate the ``bounds`` model first chooses its content among the spans the parse offers
(``boundaries.alternatives``). The ``keep`` model then gives
each one the probability that it is someone's attributed words; a candidate below the threshold
(chosen on the corpus dev split in training) is dropped: titles in quotation marks, page
furniture, verbs that report no one's words. Of two kept candidates that are mostly the same words,
only the likelier stays. For a kept quote with a cue, the ``speaker`` model
scores every name, noun and pronoun of the cue's sentence and the best one speaks. Uncued direct
quotes then take the speaker of the quote before them, as the rules do.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..entities.lexicon import ORG_NOUNS, PERSON_ROLES, SOMEONE_NOUNS
from ..learning import LinearModel
from ..model import Analysis, Entity, Span
from .assemble import FoundQuote, carry_speakers, overlaps_well, propose_quotes
from .attribution import Attribution, antecedent, name_phrase, person_in_title
from .boundaries import alternatives, boundary_features
from .features import TokenIndex, quote_features, speaker_candidates, speaker_features
from .learned import QuoteModel
from .lexicon import CueLexicon
from .marks import QuoteRun

YES = "yes"


def _person_at(analysis: Analysis, token: Token) -> Entity | None:
    """The person entity a token is part of, if the entities stage found one: the one with the
    shortest mention holding it (the name's, not an apposition's run around it)."""
    entity = analysis.entity_at((token.idx, token.idx + len(token)))
    if entity is None or entity.type != "PERSON":
        return None
    holding = [
        (end - start, e.id, e)
        for e in analysis.entities
        if e.type == "PERSON"
        for start, end in e.mentions
        if start <= token.idx < end
    ]
    return min(holding, key=lambda item: item[:2])[2] if holding else entity


def _mention_of(entity: Entity, token: Token) -> Span:
    """The entity's shortest mention that holds the token, its name rather than an apposition
    around it ("the prosecutor general of Tehran, Ali Alghasi Mehr"); the token alone if none."""
    holding = [(start, end) for start, end in entity.mentions if start <= token.idx < end]
    return min(holding, key=lambda m: m[1] - m[0]) if holding else (token.idx, token.idx + len(token))


def _holds_another(analysis: Analysis, phrase: Span, entity: Entity) -> bool:
    """Whether a speaker's phrase runs into a mention of an entity other than ``entity``."""
    return any(
        other is not entity and any(start < phrase[1] and phrase[0] < end for start, end in other.mentions)
        for other in analysis.entities
    )


# Heads of "X of Y" that name a part or a number of Y ("some of the protesters"): Y speaks.
_PARTITIVES = frozenset(
    "some one many most all each several none few part rest majority half dozens hundreds thousands number group".split()
)


# Nouns for those who speak: people, bodies, and the state's own ("the government of Oman").
_SPEAKING_NOUNS = (
    PERSON_ROLES
    | ORG_NOUNS
    | frozenset(SOMEONE_NOUNS)
    | frozenset("government administration army military police department office embassy".split())
)


def _head_of_of_phrase(chosen: Token, mentions: list[Token]) -> Token:
    """ "Mick Jagger of The Rolling Stones reacted", "The government of Oman announced": the one
    who speaks is the phrase's head, not the body its "of" names, unless the head is a part of
    it ("some of the protesters said")."""
    if chosen.lower_ in _PARTITIVES and chosen.lower_ != "one":
        # "Some of the protesters Wikinews interviewed said": the protesters speak.
        whole = [
            g
            for c in chosen.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        if whole and whole[0].pos_ in ("NOUN", "PROPN") and any(m.i == whole[0].i for m in mentions):
            return whole[0]
        return chosen
    preposition = chosen.head
    if chosen.dep_ != "pobj" or preposition.lower_ != "of":
        return chosen
    head = preposition.head
    lemma = head.lemma_.lower()
    # A name, or a noun for a person or a body ("the government of Oman"), not a thing of it
    # ("the home of Prime Minister Tuilaepa, who told", "in support of their president's comments").
    speaks = head.pos_ == "PROPN" or lemma in _SPEAKING_NOUNS
    if not speaks or head.lower_ in _PARTITIVES:
        return chosen
    return head if any(m.i == head.i for m in mentions) else chosen


# Nouns for what was written or said: a speaker when no one is named as its author.
_DOCUMENT_NOUNS = frozenset(
    "statement report post tweet message letter announcement release proclamation communique memo".split()
)


def _author_of(chosen: Token) -> Token:
    """ "Part of the judge's statement reads": a statement's possessor is its speaker. Not one "by"
    someone ("a tweet by Mike Pompeo" speaks as the tweet), nor what a quote is "according to",
    which names the document (docs/annotation.md, Q4)."""
    if chosen.lemma_.lower() not in _DOCUMENT_NOUNS:
        return chosen
    if chosen.head.lower_ == "to" and chosen.head.head.lower_ == "according":
        return chosen
    owner = next((c for c in chosen.children if c.dep_ == "poss"), None)
    return owner if owner is not None and owner.pos_ in ("NOUN", "PROPN") else chosen


def _in_cue_paragraph(mentions: list[Token], candidate: FoundQuote, text: str) -> list[Token]:
    """The candidate speakers in the cue's own paragraph: a parse that runs a sentence across a
    paragraph break ('... Om Shanti."' then 'Vijay Goel ... said, "He was ...') offers the last
    paragraph's words as subjects too. All of them when none is in it."""
    if candidate.cue is None:
        return mentions
    cue = candidate.cue[0]

    def apart(token: Token) -> bool:
        low, high = sorted((token.idx, cue))
        return "\n" in text[low:high]

    kept = [m for m in mentions if not apart(m)]
    return kept or mentions


def _cited_by(chosen: Token) -> Token:
    """The source a report cites for its claim: "Reports citing sources within the party have
    indicated ..." names the sources (the guidelines' speaker "names the source"); the report only
    passes the claim on. (Not when the parse hangs "citing" on the cue instead: that cost a quote
    on train and two on PolNeAR.)"""
    for child in chosen.children:
        if child.lemma_ == "cite" and child.dep_ in ("acl", "advcl", "relcl"):
            cited = next((g for g in child.children if g.dep_ == "dobj"), None)
            if cited is not None and cited.pos_ in ("NOUN", "PROPN"):
                return cited
    return chosen


def choose_speaker(
    model: QuoteModel, candidate: FoundQuote, tokens: TokenIndex, analysis: Analysis, text: str
) -> None:
    """Give a cued candidate the mention the speaker model scores best (the rules' one if none)."""
    mentions = _in_cue_paragraph(speaker_candidates(candidate, tokens), candidate, text)
    if not mentions:
        return
    scored = [
        (model.speaker.probability_of(speaker_features(candidate, m, analysis, text), YES), -m.i, m)
        for m in mentions
    ]
    _score, _order, chosen = max(scored, key=lambda item: (item[0], item[1]))
    chosen = _cited_by(chosen)
    chosen = _author_of(_head_of_of_phrase(chosen, mentions))
    best = antecedent(chosen)
    person = person_in_title(best, lambda token: _person_at(analysis, token) is not None)
    named = _person_at(analysis, person)
    phrase = name_phrase(best)
    # A person named at the end of a title's phrase is marked by their name alone: the phrase's
    # compounds would run "United Nations" into "Nikki Haley" (whether the model chose the title
    # or the name). A title that names no one stays ("Foreign Minister Ana Ruiz").
    chose_name = named is not None and person.pos_ == "PROPN" and _holds_another(analysis, phrase, named)
    if named is not None and (person is not best or chose_name):
        candidate.speaker = _mention_of(named, person)
    else:
        candidate.speaker = phrase
    candidate.speaker_token = person.i


def choose_content(bounds: LinearModel, candidate: FoundQuote, doc: Doc, text: str) -> None:
    """Give a reported candidate the content span the bounds model scores best (ties: the rules')."""
    options = alternatives(candidate, doc)
    if len(options) < 2:
        return
    scored = [
        (bounds.probability_of(boundary_features(candidate, span, how, at, doc, text), YES), -n, span)
        for n, (span, how, at) in enumerate(options)
    ]
    candidate.span = max(scored)[2]


def without_duplicates(scored: list[tuple[float, FoundQuote]]) -> list[FoundQuote]:
    """The candidates left when, of two that are mostly the same words (they share at least half
    of the longer one's characters), only the likelier is kept: two cues proposing one content
    ("..., he said" and "said that ...") are one quote, not two."""
    kept: list[FoundQuote] = []
    for _probability, candidate in sorted(scored, key=lambda item: (-item[0], item[1].span)):
        if not any(overlaps_well(candidate.span, other.span) for other in kept):
            kept.append(candidate)
    return kept


def decide_quotes(
    model: QuoteModel,
    lexicon: CueLexicon,
    analysis: Analysis,
    doc: Doc,
    runs: list[QuoteRun],
    attributions: list[Attribution],
    threshold: float | None = None,
) -> list[FoundQuote]:
    """The quotes the model keeps among the article's candidates, with their speakers, in text order."""
    text = analysis.article.text
    limit = model.keep.threshold if threshold is None else threshold
    tokens = TokenIndex(doc)
    scored: list[tuple[float, FoundQuote]] = []
    for candidate in propose_quotes(text, runs, attributions):
        choose_content(model.bounds, candidate, doc, text)
        feats = quote_features(candidate, text, tokens, lexicon, analysis)
        probability = model.keep.probability_of(feats, YES)
        if probability < limit:
            continue
        scored.append((probability, candidate))
    kept = without_duplicates(scored)
    for candidate in kept:
        choose_speaker(model, candidate, tokens, analysis, text)
    kept.sort(key=lambda q: q.span)
    carry_speakers(text, kept)
    analysis.models["quotes"] = model.version
    return kept
