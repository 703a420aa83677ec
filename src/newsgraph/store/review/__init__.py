"""Review: analysts' corrections to the machine coding, stored as rows beside it (docs/review.md).

>>> from newsgraph.store import open_store
>>> from newsgraph.store.review import Correction, correct, undo, article_review
>>> store = open_store("newsgraph.db")
>>> state = correct(store, Correction(article="3f2a...", kind="event", item="V1", action="edit",
...                                   version=0, author="ana", changes={"type": "ACCUSE"}))
>>> undo(store, "3f2a...", "event", "V1", version=state["version"], author="ana")

A correction accepts, rejects or edits one event, quote or entity of one stored article (an
entity's edit may merge it into another or split some of its mentions off into a new one). The
machine coding (``articles.analysis`` and the tables built from it) is never changed: each
corrected item has a row in ``review_items`` (its coding as corrected, its status and a version)
and each change a row in ``corrections`` (who, when, what before, what after). ``corrected_analysis``
applies them on top of the machine coding when asked; ``undo`` takes the last change back.

Every change names the item's version it was made on (0 for an item nobody has corrected); a change
on an older version is refused (``StaleCorrection``), so two reviewers never overwrite each other's
work unseen. Every change is checked against the article and PLOVER's tables before anything is
written (``CorrectionRefused``): what is refused is never stored.

``reanalyze`` replaces an article's machine coding with a new analysis of the same text and keeps
each correction whose item the new coding still has (the same trigger, quote span or mention),
listing those it no longer has. ``corrections_as_gold`` turns reviewed articles into
``newsgraph.gold/1`` documents for training (``newsgraph train events --with-corrections DB``).

The package has one module per concern: ``vocabulary`` (what a correction is and may name),
``reading`` (stored rows and the log), ``checks``, ``writing`` (correct, undo), ``applying`` (the
corrected coding), ``rows`` (the coding a listing shows), ``queue``, ``reanalysis`` and ``gold``.
The public names are re-exported here.
"""

from __future__ import annotations

from ...vocabulary import country_codes
from .applying import analyses, article_review, corrected_analysis
from .checks import check
from .gold import corrections_as_gold
from .queue import review_queue
from .reading import count_corrections, history, item_states
from .reanalysis import Reconciled, reanalyze
from .rows import CODED_FIELDS, check_coding, flat_rows, with_coding
from .vocabulary import (
    ACTIONS,
    ADDABLE,
    CODINGS,
    EDITABLE,
    ENTITY_TYPES,
    KINDS,
    MAX_AUTHOR,
    MAX_NOTE,
    QUOTE_KINDS,
    SECTORS,
    SPLIT_FIELDS,
    STATUSES,
    Correction,
    split_id,
)
from .writing import correct, undo

__all__ = [
    "ACTIONS",
    "ADDABLE",
    "CODED_FIELDS",
    "CODINGS",
    "EDITABLE",
    "ENTITY_TYPES",
    "KINDS",
    "MAX_AUTHOR",
    "MAX_NOTE",
    "QUOTE_KINDS",
    "SECTORS",
    "SPLIT_FIELDS",
    "STATUSES",
    "Correction",
    "Reconciled",
    "analyses",
    "article_review",
    "check",
    "check_coding",
    "correct",
    "corrected_analysis",
    "corrections_as_gold",
    "count_corrections",
    "country_codes",
    "flat_rows",
    "history",
    "item_states",
    "reanalyze",
    "review_queue",
    "split_id",
    "undo",
    "with_coding",
]
