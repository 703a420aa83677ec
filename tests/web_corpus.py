"""A small database for the web tests: hand-built analyses plus one article full of HTML and script.

The hostile article checks that nothing from an article is ever interpreted: its text, entity names,
quote and source all carry markup that would run or change the page if rendered as HTML.
"""

from __future__ import annotations

from pathlib import Path

from store_corpus import make_analysis

from newsgraph.model import Analysis, Article, Entity, Event, Quote
from newsgraph.store import open_store

ARTICLES = 24
HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">Mallory'
HOSTILE_TEXT = (
    f"{HOSTILE_NAME} met officials in Kyiv on Monday. "
    '"<script>window.__pwned=1</script> We will not be silenced," Mallory said. '
    "<b>Bold</b> claims and <iframe src='https://example.com'></iframe> followed."
)


def hostile_analysis() -> Analysis:
    """An article whose text, names and source are HTML that must stay inert text."""
    text = HOSTILE_TEXT
    name_end = len(HOSTILE_NAME)
    met = text.index("met")
    quote_start = text.index("<script>")
    quote_end = text.index(',"')
    speaker = text.index("Mallory said")
    mallory = Entity(
        id="E1", name=HOSTILE_NAME, type="PERSON", mentions=[(0, name_end), (speaker, speaker + 7)]
    )
    officials = Entity(id="E2", name="<i>officials</i>", type="ORG", country="UKR", sector="GOV", mentions=[])
    return Analysis(
        article=Article(
            text=text,
            title="<script>window.__pwned=1</script>Hostile title",
            published="2023-05-02",
            source="<b>Evil Outlet</b>",
        ),
        entities=[mallory, officials],
        quotes=[
            Quote(
                id="Q1",
                span=(quote_start, quote_end),
                kind="direct",
                speaker="E1",
                speaker_span=(speaker, speaker + 7),
                cue_span=(speaker + 8, speaker + 12),
            )
        ],
        events=[
            Event(
                id="V1",
                type="CONSULT",
                quad=1,
                actor=["E1"],
                recipient=["E2"],
                trigger_span=(met, met + 3),
                sentence_span=(0, text.index("Monday.") + 7),
                confidence=0.7,
            )
        ],
    )


def build_database(path: Path) -> str:
    """Create a SQLite database at ``path`` with the test articles; return its URL."""
    url = str(path)
    with open_store(url) as store:
        store.ingest([*(make_analysis(i) for i in range(ARTICLES)), hostile_analysis()])
    return url
