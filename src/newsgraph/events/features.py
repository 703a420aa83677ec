"""What the events model sees of a candidate: words, parse and the rules' evidence, as named features.

A feature is a string ("lemma=attack", "rule_type=ASSAULT"); the model gives each a weight per
decision. Only the candidate's own sentence is read, so a feature means the same in a one-line item
and in a long article.
"""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from .coder import Proposal, in_main_clause

# Parts of speech whose lemmas say what a sentence is about ("match", "goal", "troops", "minister").
CONTENT_POS = frozenset({"NOUN", "VERB", "PROPN", "ADJ"})
# An evidence line's template, without the words it quotes: "actor: subject of 'said'" -> "actor: subject of".
_QUOTED = re.compile(r"'[^']*'|\([^)]*\)|\b[A-Z]{4,}\b")


def _party(prefix: str, tokens: list[Token]) -> list[str]:
    if not tokens:
        return [f"{prefix}=none"]
    head = tokens[0]
    kind = head.ent_type_ or head.pos_
    return [
        f"{prefix}_kind={kind}",
        f"{prefix}_lemma={head.lemma_.lower()}",
        f"{prefix}_dep={head.dep_}",
        f"{prefix}_count={min(len(tokens), 3)}",
    ]


def sentence_features(sent: SpacySpan) -> list[str]:
    """What the candidate's sentence is about: its content lemmas and the kinds of its entities
    (computed once per sentence, shared by its candidates)."""
    feats = []
    for word in sent:
        if word.pos_ in CONTENT_POS and not word.is_stop:
            feats.append(f"word={word.lemma_.lower()}")
        if word.ent_type_ and word.ent_iob_ == "B":
            feats.append(f"entity={word.ent_type_}")
    return feats


def proposal_features(
    proposal: Proposal, sentence_candidates: int, in_sentence: list[str] | None = None
) -> list[str]:
    """The features of one candidate event (its trigger, parse, parties and the rules' reading);
    ``in_sentence`` is ``sentence_features`` of its sentence, when already computed."""
    tok = proposal.token
    trigger = proposal.cand.match.trigger
    lemma = tok.lemma_.lower()
    rule_type = proposal.type
    feats = [
        "bias",
        f"rule_type={rule_type}",
        f"lexicon_type={trigger.type}",
        f"pattern={trigger.pattern}",
        f"lemma={lemma}",
        f"lemma_type={lemma}|{rule_type}",
        f"mode={proposal.mode}",
        f"pos={tok.pos_}",
        f"tag={tok.tag_}",
        f"dep={tok.dep_}",
        f"head={tok.head.lemma_.lower()}",
        f"head_dep={tok.head.dep_}",
        f"from_rules={proposal.from_rules}",
        f"main_clause={in_main_clause(tok)}",
        f"noun={trigger.noun}",
        f"specific={min(trigger.specificity, 3)}",
        f"negated={proposal.negated}",
        f"hypothetical={proposal.hypothetical}",
        f"alleged={proposal.alleged}",
        f"future={proposal.future}",
        f"type_flags={rule_type}|{proposal.negated}|{proposal.hypothetical}|{proposal.alleged}",
        f"candidates={min(sentence_candidates, 4)}",
        f"left={tok.nbor(-1).lower_ if tok.i > proposal.sent.start else '<s>'}",
        f"right={tok.nbor(1).lower_ if tok.i + 1 < proposal.sent.end else '</s>'}",
    ]
    governor = proposal.cand.governor
    feats.append(f"governor={governor.lemma_.lower() if governor is not None else 'none'}")
    for child in tok.children:
        if child.dep_ in ("dobj", "prep", "prt", "agent", "neg", "aux", "auxpass", "xcomp", "nsubjpass"):
            feats.append(f"child={child.dep_}:{child.lemma_.lower()}")
            # What the act is done to says what act it is ("ended + talks", "beat + film").
            feats.append(f"lemma_child={lemma}|{child.dep_}:{child.lemma_.lower()}")
    feats += _party("actor", proposal.actors)
    feats += _party("recipient", proposal.recipients)
    feats.append(f"parties={bool(proposal.actors)}|{bool(proposal.recipients)}|{rule_type}")
    for line in proposal.evidence[1:]:
        feats.append("evidence=" + " ".join(_QUOTED.sub("", line).split()))
    feats += in_sentence if in_sentence is not None else sentence_features(proposal.sent)
    return feats
