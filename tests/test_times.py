"""The times stage: every news convention of the issue, the bad inputs, and the event-time linker."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsgraph.errors import Messages
from newsgraph.model import Analysis, Article, Event, TimeExpr
from newsgraph.pipeline import Draft
from newsgraph.times import EventTimeLinker, TimeStage, tag_times

WEDNESDAY = "2023-09-13"

# (sentence, the expression as written, TIMEX3 type, value) for an article published Wednesday 2023-09-13.
CONVENTIONS = [
    ("The two leaders met on Wednesday in the port city.", "Wednesday", "DATE", "2023-09-13"),
    ("Talks collapsed on Monday after a night of shelling.", "Monday", "DATE", "2023-09-11"),
    ("The ministers will meet again on Monday in Geneva.", "Monday", "DATE", "2023-09-18"),
    ("The delegation arrived in the capital in July.", "July", "DATE", "2023-07"),
    ("Prices have risen since the start of 2022, the bank said.", "the start of 2022", "DATE", "2022"),
    ("Veterans of the 1950-53 Korean War laid wreaths.", "1950-53", "DATE", "1950/1953"),
    ("Exports fell sharply last year, customs data showed.", "last year", "DATE", "2022"),
    ("The embassy reopened earlier this month.", "earlier this month", "DATE", "2023-09"),
    ("The treaty was signed on Sept. 13 in a brief ceremony.", "Sept. 13", "DATE", "2023-09-13"),
    ("Protests began in June and spread quickly.", "June", "DATE", "2023-06"),
    ("The summit will take place in July in Lisbon.", "July", "DATE", "2024-07"),
    ("The factory closed last July after a fire.", "last July", "DATE", "2023-07"),
    ("The rebels seized the airport yesterday.", "yesterday", "DATE", "2023-09-12"),
    ("The president flies to Paris today.", "today", "DATE", "2023-09-13"),
    ("The border is now closed to trucks.", "now", "DATE", "PRESENT_REF"),
    ("About 400 troops are currently deployed there.", "currently", "DATE", "PRESENT_REF"),
    ("The minister recently visited the region.", "recently", "DATE", "PAST_REF"),
    ("The company was founded in the 1990s by two brothers.", "the 1990s", "DATE", "199"),
    ("Profits doubled in the second quarter of 2021.", "the second quarter of 2021", "DATE", "2021-Q2"),
    ("Tourism picked up this summer along the coast.", "this summer", "DATE", "2023-SU"),
    ("The siege lasted more than 18 months.", "more than 18 months", "DURATION", "P18M"),
    ("The inquiry will take three weeks to finish.", "three weeks", "DURATION", "P3W"),
    ("He spent two years in prison.", "two years", "DURATION", "P2Y"),
    ("The region has been at war for a decade.", "a decade", "DURATION", "P10Y"),
    ("Inspectors visit the plant every week.", "every week", "SET", "P1W"),
    ("The report is published annually by the ministry.", "annually", "SET", "P1Y"),
    ("Shells hit the town on Tuesday morning.", "Tuesday morning", "TIME", "2023-09-12TMO"),
    ("The vote closes at 3 p.m. in every district.", "3 p.m.", "TIME", "2023-09-13T15:00"),
    (
        "The polls opened on May 3. Three weeks after the vote, the count was done.",
        "Three weeks after",
        "DATE",
        "2023-05-24",
    ),
    ("The film festival runs Sept. 13-15 in Berlin.", "Sept. 13-15", "DATE", "2023-09-13/2023-09-15"),
    ("Over the past 24 hours, 12 people died.", "the past 24 hours", "DURATION", "PT24H"),
    ("Crops fail in the fall.", "the fall", "DATE", "2023-FA"),
    ("The committee meets on Thursdays.", "Thursdays", "SET", "XXXX-WXX-4"),
    ("Drones struck the city overnight, officials said.", "overnight", "TIME", "2023-09-12TNI"),
    ("Profit rose in the third quarter from a year earlier.", "a year earlier", "DATE", "2022-Q3"),
    ("The election was held in May 2019, four years ago.", "four years ago", "DATE", "2019"),
    (
        "Third-quarter profit rose 8% to $40 million. Sales climbed to $2 billion from $1.8 billion a year earlier.",
        "a year earlier",
        "DATE",
        "2022-Q3",
    ),
    ("The envoys planned to fly to Cairo on Friday for more talks.", "Friday", "DATE", "2023-09-15"),
    ("The port was shelled last month. For now, the ferries are idle.", "now", "DATE", "PRESENT_REF"),
    ("The firm earned $4 million in the year ended June 30.", "the year", "DURATION", "P1Y"),
    ("The dam was finished in nineteen ninety-six.", "nineteen ninety-six", "DATE", "1996"),
    ("The plan aimed to halve poverty by the year two thousand.", "the year two thousand", "DATE", "2000"),
    (
        "The army left the valley in May 2021 and came back later that year.",
        "later that year",
        "DATE",
        "2021",
    ),
    (
        "The talks opened on Sept. 4. Earlier that day, a car bomb exploded.",
        "Earlier that day",
        "DATE",
        "2023-09-04",
    ),
    ("Ballots can be cast until Friday, the commission says.", "Friday", "DATE", "2023-09-15"),
    ("For the year, sales of the brand were flat.", "the year", "DATE", "2023"),
    ("Net fell from $5 million in the 1988 quarter.", "1988", "DATE", "1988"),
    ("Output fell in the first nine months of the year.", "the year", "DATE", "2023"),
    ("Floods delayed planting earlier in the year.", "earlier in the year", "DATE", "2023"),
    ("Sales should rise in the current fiscal year.", "the current fiscal year", "DATE", "2023"),
    ("The index fell 8% over the past year.", "the past year", "DURATION", "P1Y"),
    ("Margins will stay thin in the near term, the bank said.", "the near term", "DATE", "FUTURE_REF"),
    ("The group expects a loss for the full year.", "the full year", "DATE", "2023"),
    ("Revenue in the latest period rose 4% to $80 million.", "the latest period", "DATE", "2023-Q2"),
    ("The troops will stay for at least two more weeks.", "at least two more weeks", "DURATION", "P2W"),
    ("The sale should close by year-end, the company said.", "year-end", "DATE", "2023"),
    ("He paused for a second, then spoke.", "a second", "DURATION", "PT1S"),
    ("The festival is held annually in the old town.", "annually", "SET", "P1Y"),
    ("The ferry sails twice a week to the island.", "twice a week", "SET", "P1W"),
    ("This week the talks resumed in Doha.", "This week", "DATE", "2023-W37"),
    ("In a poll completed on Monday, 62 percent backed the deal.", "Monday", "DATE", "2023-09-11"),
    ("Prosecutors may soon file charges against the mayor.", "soon", "DATE", "FUTURE_REF"),
    ("The ceasefire began on Monday, 11 September.", "Monday, 11 September", "DATE", "2023-09-11"),
    ("Earnings will fall for the fiscal year, the company warned.", "the fiscal year", "DATE", "2023"),
    ("Turnout fell on Election Day 2022.", "Election Day 2022", "DATE", "2022-11-08"),
    ("Voters will choose a mayor on Election Day.", "Election Day", "DATE", "2023-11-07"),
    ("Pilgrims filled the square on Easter 2019.", "Easter 2019", "DATE", "2019-04-21"),
    (
        "Net income rose in the third quarter. In the year-ago quarter, sales were lower than a year earlier.",
        "a year earlier",
        "DATE",
        "2022-Q3",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "written", "kind", "value"), CONVENTIONS, ids=[c[1] for c in CONVENTIONS]
)
def test_news_conventions(nlp: Language, sentence: str, written: str, kind: str, value: str) -> None:
    times = tag_times(sentence, WEDNESDAY, nlp(sentence))
    start = sentence.index(written)
    found = [t for t in times if t.span == (start, start + len(written))]
    assert found, f"{written!r} not found; got {[(sentence[t.span[0] : t.span[1]], t.value) for t in times]}"
    assert (found[0].type, found[0].value) == (kind, value)


def _stage(nlp: Language, text: str, published: str | None) -> Analysis:
    draft = Draft(analysis=Analysis(article=Article(text=text, published=published)), doc=nlp(text))
    TimeStage(nlp)(draft)
    return draft.analysis


@pytest.mark.parametrize(
    ("text", "absolute", "relative"),
    [
        ("The accord of Sept. 13, 2021 was broken yesterday.", "Sept. 13, 2021", "yesterday"),
        ("Fighting resumed on Friday, a year after the truce of 1998.", "1998", "Friday"),
    ],
)
def test_without_publication_date_only_absolute_dates_resolve(
    nlp: Language, text: str, absolute: str, relative: str
) -> None:
    analysis = _stage(nlp, text, None)
    by_text = {analysis.slice(t.span): t for t in analysis.times}
    assert by_text[absolute].value is not None
    assert by_text[relative].value is None and by_text[relative].type == "DATE"
    assert Messages.NO_PUBLICATION_DATE in analysis.warnings


@pytest.mark.parametrize(
    "text",
    [
        "The fall of the old regime surprised no one.",
        "Monitoring is done concurrently by two teams.",
        "A 62-year-old man was hurt.",
        # A sentence-opening "Now," moves the story on; it names no time (TimeML).
        "The old plan failed. Now, the council says, a new one is needed.",
        "Now for the weather across the region.",
        "She was named woman of the year by a magazine.",
        "He told CBS's 60 Minutes that the talks had failed.",
        "Critics called it a second betrayal of the refugees.",
        "The trickle of cash soon became a flood.",
        "He resigned soon after the vote.",
        "The standoff felt like a scene from High Noon.",
        "The mill makes 10,000 units annually.",
        "Rooms will cost $55 a night.",
        "The country imports about three-quarters of its grain.",
        "Unemployment is just above its quarter-century low.",
        "The minister spoke on ABC's This Week program.",
        "The index closed at 2082.1 points.",
    ],
)
def test_not_times(nlp: Language, text: str) -> None:
    assert tag_times(text, WEDNESDAY, nlp(text)) == []


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Two weeks later the ceasefire broke down.", "Two weeks later"),
        ("The day before, the rebels had withdrawn.", "The day before"),
    ],
)
def test_unresolvable_keeps_span_and_type(nlp: Language, text: str, written: str) -> None:
    # Counted from a time the text never gives: never counted from the publication date.
    analysis = _stage(nlp, text, WEDNESDAY)
    start = text.index(written)
    found = [t for t in analysis.times if t.span == (start, start + len(written))]
    assert found and found[0].type == "DATE" and found[0].value is None
    assert not analysis.warnings


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("The summit ended three days after the opening.", "three days", "P3D"),
        ("He resigned two months before the inquiry.", "two months", "P2M"),
    ],
)
def test_after_an_undated_event_states_a_duration(nlp: Language, text: str, written: str, value: str) -> None:
    analysis = _stage(nlp, text, WEDNESDAY)
    start = text.index(written)
    found = [t for t in analysis.times if t.span == (start, start + len(written))]
    assert found and (found[0].type, found[0].value) == ("DURATION", value)


def _linked(
    nlp: Language, text: str, trigger: str, *others: str, published: str | None = WEDNESDAY
) -> tuple[Analysis, Event]:
    """Tag the times, build one hand-made event per trigger word, link them; return the first."""
    doc = nlp(text)
    analysis = Analysis(article=Article(text=text, published=published))
    analysis.times = tag_times(text, published, doc)
    for number, word in enumerate((trigger, *others), start=1):
        start = text.index(word)
        sentence = next(s for s in doc.sents if s.start_char <= start < s.end_char)
        analysis.events.append(
            Event(
                id=f"V{number}",
                type="ASSAULT",
                trigger_span=(start, start + len(word)),
                sentence_span=(sentence.start_char, sentence.end_char),
            )
        )
    EventTimeLinker(nlp)(Draft(analysis=analysis, doc=doc))
    return analysis, analysis.events[0]


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Rebels attacked the convoy on Tuesday near the border.", "attacked", "Tuesday"),
        ("In 1998, the army shelled the village, survivors recalled on Monday.", "shelled", "1998"),
        ("Survivors recalled on Monday that the army shelled the village in 1998.", "shelled", "1998"),
        ("The two sides signed a truce yesterday after weeks of talks.", "signed", "yesterday"),
        ("On Monday, police said they had arrested 20 protesters.", "arrested", "Monday"),
    ],
)
def test_linker_picks_the_governing_time(nlp: Language, text: str, trigger: str, expected: str) -> None:
    analysis, event = _linked(nlp, text, trigger)
    chosen: TimeExpr | None = next((t for t in analysis.times if t.id == event.time), None)
    assert chosen is not None and analysis.slice(chosen.span) == expected
    assert event.time_is_default is False


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Police arrested dozens of protesters in the capital.", "arrested"),
        ("The talks lasted three weeks. Police arrested dozens of protesters.", "arrested"),
    ],
)
def test_linker_flags_the_default(nlp: Language, text: str, trigger: str) -> None:
    _, event = _linked(nlp, text, trigger)
    assert event.time is None and event.time_is_default is True


def test_another_events_time_is_not_borrowed(nlp: Language) -> None:
    # "next week" dates the sanctions, not the condemnation conjoined with them.
    text = "The United States condemned the launches and will impose new sanctions next week."
    analysis, condemned = _linked(nlp, text, "condemned", "impose")
    impose = analysis.events[1]
    assert condemned.time is None and condemned.time_is_default is True
    chosen = next(t for t in analysis.times if t.id == impose.time)
    assert analysis.slice(chosen.span) == "next week" and chosen.value == "2023-W38"
