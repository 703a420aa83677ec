"""Hand-built analyses for the storage tests and benchmark: fast, varied, and known in every detail.

``make_analysis(i)`` builds article ``i`` deterministically: sentences about made-up events between
a fixed cast of actors, with filler words drawn from ``i`` so that different articles are never
near-duplicates of each other.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from newsgraph.model import Analysis, Article, Entity, Event, Place, Quote, Span, TimeExpr

ACTORS = (
    ("Vladimir Putin", "RUS", "GOV"),
    ("Joe Biden", "USA", "GOV"),
    ("Olaf Scholz", "DEU", "GOV"),
    ("Kim Jong Un", "PRK", "GOV"),
    ("Amnesty International", "NGO", None),
    ("Rodrigo Alvarez", None, None),
)
TYPES = (("ASSAULT", 4), ("AGREE", 1), ("CONSULT", 1), ("ACCUSE", 3), ("SUPPORT", 1), ("THREATEN", 3))
PLACES = (("Kyiv", "UKR", 50.45, 30.52), ("Berlin", "DEU", 52.52, 13.40), ("Pyongyang", "PRK", 39.03, 125.75))
FILLER = (
    "harbour tractor violin orchard lantern pebble copper meadow saddle thimble walnut quarry "
    "ribbon glacier anvil cobalt falcon juniper marble nutmeg oyster parsley quilt raven"
).split()


@dataclass
class Builder:
    """Appends text and remembers the span of each piece."""

    parts: list[str] = field(default_factory=list)
    length: int = 0

    def add(self, piece: str) -> Span:
        """Append a piece of text; return its span."""
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return (start, self.length)

    @property
    def text(self) -> str:
        """The text so far."""
        return "".join(self.parts)


@dataclass(frozen=True)
class Plan:
    """One event of a made-up article: who did what to whom, where and when."""

    actor: int
    type: int
    recipient: int
    place: int
    date: str


def plans_for(i: int, events: int = 2, start: dt.date = dt.date(2023, 1, 1)) -> list[Plan]:
    """The events article ``i`` reports (deterministic)."""
    rng = random.Random(i)
    plans = []
    for _ in range(events):
        actor, recipient = rng.sample(range(len(ACTORS)), 2)
        date = (start + dt.timedelta(days=rng.randrange(365))).isoformat()
        plans.append(Plan(actor, rng.randrange(len(TYPES)), recipient, rng.randrange(len(PLACES)), date))
    return plans


def make_analysis(
    i: int,
    plans: list[Plan] | None = None,
    *,
    url: str | None = None,
    source: str | None = None,
    published: str | None = None,
    filler_seed: int | None = None,
) -> Analysis:
    """Build article ``i``: one sentence and one quote per planned event, with filler in between."""
    plans = plans_for(i) if plans is None else plans
    rng = random.Random(i if filler_seed is None else filler_seed)
    text = Builder()
    entities: dict[int, Entity] = {}
    analysis = Analysis(article=Article(text=""))

    def entity(index: int, span: Span) -> str:
        name, country, sector = ACTORS[index]
        found = entities.setdefault(
            index,
            Entity(id=f"E{len(entities) + 1}", name=name, type="PERSON", country=country, sector=sector),
        )
        found.mentions.append(span)
        return found.id

    for n, plan in enumerate(plans, start=1):
        text.add(" ".join(rng.choice(FILLER) for _ in range(30)) + ". ")
        sentence_start = text.length
        actor = entity(plan.actor, text.add(ACTORS[plan.actor][0]))
        trigger = text.add(f" did {TYPES[plan.type][0].lower()} to ")
        recipient = entity(plan.recipient, text.add(ACTORS[plan.recipient][0]))
        text.add(" in ")
        place_name, country, lat, lon = PLACES[plan.place]
        analysis.places.append(
            Place(
                id=f"P{n}",
                name=place_name,
                country=country,
                lat=lat,
                lon=lon,
                mentions=[text.add(place_name)],
            )
        )
        text.add(" on ")
        analysis.times.append(TimeExpr(id=f"T{n}", span=text.add(plan.date), type="DATE", value=plan.date))
        sentence = (sentence_start, text.add(".")[1])
        type_name, quad = TYPES[plan.type]
        analysis.events.append(
            Event(
                id=f"V{n}",
                type=type_name,
                quad=quad,
                actor=[actor],
                recipient=[recipient],
                trigger_span=(trigger[0] + 1, trigger[1] - 1),
                sentence_span=sentence,
                time=f"T{n}",
                place=f"P{n}",
                confidence=0.8,
            )
        )
        text.add(' "')
        content = text.add(f"We will answer the {rng.choice(FILLER)} question")
        text.add('," ')
        speaker = entity(plan.actor, text.add(ACTORS[plan.actor][0]))
        cue = text.add(" said")
        analysis.quotes.append(
            Quote(
                id=f"Q{n}",
                span=content,
                kind="direct",
                speaker=speaker,
                speaker_span=None,
                cue_span=(cue[0] + 1, cue[1]),
            )
        )
        text.add(". ")
    analysis.entities = sorted(entities.values(), key=lambda e: int(e.id[1:]))
    first_date = min((p.date for p in plans), default="2023-01-01")
    analysis.article = Article(
        text=text.text,
        url=url,
        source=source or f"Outlet {i % 7}",
        published=published or first_date,
        title=f"Report {i}",
    )
    return analysis
