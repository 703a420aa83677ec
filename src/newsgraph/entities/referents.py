"""What every part of the resolver shares: the document, its clusters, and how a mention is found
and attached (entities/coref.py, pronouns.py, descriptions.py, unnamed.py)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..model import Span
from ..parsing import document_text
from .clusters import Cluster
from .features import quotation_openings

# How far back (in sentences) a pronoun or role noun may look for its referent.
_WINDOW = 3


class ReferentBase:
    """The state of one document's resolution: its clusters and the spans already taken."""

    def __init__(self, doc: Doc, clusters: list[Cluster], taken: set[Span]) -> None:
        self.doc = doc
        self.clusters = clusters
        self.taken = taken
        self.sent_starts = sorted(s.start_char for s in doc.sents)
        # Per token, the mark that opened the quotation it stands in (None outside one).
        self.openings = quotation_openings(doc)
        # ``Doc.text`` joins every token on each access: read it once.
        self.text = document_text(doc)
        # Whose relative a cluster was introduced as ("his brother, George"): by id, of the clusters.
        self._relative_of: dict[int, int] = {}
        # Each cluster's names' head words, found once (names do not change while pronouns resolve).
        self._heads: dict[int, set[str]] = {}

    def _sentence_index(self, offset: int) -> int:
        lo, hi = 0, len(self.sent_starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sent_starts[mid] <= offset:
                lo = mid + 1
            else:
                hi = mid
        return lo - 1

    def _recent(self, offset: int, fits: object) -> list[tuple[int, Cluster]]:
        """Clusters with a mention before ``offset`` inside the window, by distance then recency."""
        here = self._sentence_index(offset)
        ranked: list[tuple[int, int, Cluster]] = []
        for cluster in self.clusters:
            if not fits(cluster):  # type: ignore[operator]
                continue
            # A demonym standing for its country ("Greek food") is no antecedent of "it" or "the city".
            before = [m for m in cluster.mentions if m[1] <= offset and m not in cluster.mention_types]
            if not before:
                continue
            last = before[-1]
            distance = here - self._sentence_index(last[0])
            if distance <= _WINDOW:
                ranked.append((distance, -last[1], cluster))
        ranked.sort(key=lambda r: (r[0], r[1]))
        return [(d, c) for d, _, c in ranked]

    def _cluster_at(self, token: Token) -> Cluster | None:
        for cluster in self.clusters:
            for start, end in cluster.mentions:
                if start <= token.idx < end:
                    return cluster
        return None

    def _attach(self, cluster: Cluster, span: Span) -> None:
        """Make ``span`` a mention of ``cluster``, unless another cluster has it already: one
        mention, one referent."""
        if span in self.taken and span not in cluster.mentions:
            return
        cluster.add(span)
        self.taken.add(span)
