"""Times: find time expressions, resolve them (TIMEX3) and give each event its time.

Conventions (an article published Wednesday 2023-09-13):

- A bare weekday or month is the most recent one, today (this month) included: "on Wednesday" ->
  2023-09-13, "in July" -> 2023-07; when the governing verb speaks of the future ("will", "plans
  to") it is the next one. "last July" / "next Friday" exclude the current one.
- Values never claim more precision than the text: "last year" -> 2022, "earlier this month" ->
  2023-09, "the 1990s" -> 199, "the third quarter" -> 2023-Q3, "this summer" -> 2023-SU,
  "Tuesday morning" -> 2023-09-12TMO (type TIME), "3 p.m." -> 2023-09-13T15:00.
- A range of years ("the 1950-53 Korean War") has the ISO 8601 interval value "1950/1953" with
  type DATE: TIMEX3 has no range type.
- Durations are ISO 8601 ("more than 18 months" -> P18M, "a decade" -> P10Y, "years" -> PXY);
  sets carry their period ("every week" -> P1W, "annually" -> P1Y, "every Thursday" ->
  XXXX-WXX-4); "now" is PRESENT_REF, "recently" PAST_REF, "soon" FUTURE_REF.
- "three weeks after <event>" / "two days later" are counted from the time the text gives that
  event (a date right after "after"/"before", else the last date before the expression); with no
  such date the value is None, never counted from the publication date.
- Anaphora take the last date given: "later that year", "earlier that day". Results stories:
  "a year earlier" is the quarter named a few sentences back, one year back (2022-Q3); "for the
  year", "the full year", "by year-end" are the current year; "the year ended June 30" is P1Y.
- Not times: a sentence-opening "Now," (a discourse marker), prices and rates of quantities
  ("$55 a night", "8% annually"), fractions ("three-quarters of"), titles ("60 Minutes").
- Without a publication date only absolute dates resolve; the rest keep span and type with value
  None, and ``analysis.warnings`` says so.

Event times: ``EventTimeLinker`` sets ``event.time`` to the id of the DATE/TIME expression that
governs the event's clause. When none does, ``event.time`` stays None and ``event.time_is_default``
is True: the event is dated by ``article.published`` (exports use that date).
"""

from .linker import EventTimeLinker
from .stage import TimeStage, tag_times

__all__ = ["EventTimeLinker", "TimeStage", "tag_times"]
