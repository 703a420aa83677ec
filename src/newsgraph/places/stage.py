"""The places stage: find the article's toponyms, resolve them, and group their mentions."""

from __future__ import annotations

from spacy.language import Language

from ..pipeline import Draft
from .gazetteer import Gazetteer, shared_gazetteer
from .resolve import resolve
from .toponyms import ToponymFinder


class PlaceStage:
    """Fills ``analysis.places``: each place once, with its GeoNames record and every mention.

    The gazetteer is loaded at the first article (from its disk cache; built there on first use).
    A name the gazetteer lacks is kept with null coordinates. ``demonyms`` and ``inside_names``
    follow the conventions of corpora that label adjectival toponyms ("Russian") and places inside
    organisation names ("the Dublin Arts Council"); see ``toponyms``.
    """

    def __init__(
        self,
        nlp: Language,
        gazetteer: Gazetteer | None = None,
        *,
        demonyms: bool = False,
        inside_names: bool = False,
    ) -> None:
        self.nlp = nlp
        self._gazetteer = gazetteer
        self._finder: ToponymFinder | None = None
        # Off by default, as docs/annotation.md labels them; on to follow corpora that do (LGL).
        self.demonyms = demonyms
        self.inside_names = inside_names

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer in use (loaded on first access)."""
        if self._gazetteer is None:
            self._gazetteer = shared_gazetteer()
        return self._gazetteer

    def __call__(self, draft: Draft) -> None:
        """Add the article's places to ``draft.analysis.places``."""
        if self._finder is None:
            self._finder = ToponymFinder(self.gazetteer, self.demonyms, self.inside_names)
        article = draft.analysis.article
        dateline_span = article.dateline.place_span if article.dateline is not None else None
        mentions = self._finder.find(draft.doc, dateline_span)
        dateline = next((m for m in mentions if m.source == "dateline"), None)
        context = self._finder.context(draft.doc, mentions)
        draft.analysis.places = resolve(mentions, self.gazetteer, dateline, context)
