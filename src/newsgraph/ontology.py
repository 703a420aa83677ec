"""PLOVER's fixed tables: event types, quad categories and conflict-cooperation scores.

Values follow the PLOVER manual (PLOVER_MANUAL.tex, Open Event Data Alliance, CC BY-SA 4.0): the
quad category given in each event type's section, and the table "PLOVER conflict--cooperation
scores" (a category score applies when an event has no mode).
"""

from __future__ import annotations

EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

# 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
QUAD: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip

MODES: dict[str, tuple[str, ...]] = {
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": ("seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"),
    "ASSAULT": ("abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
                "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
                "unconventional"),
}  # fmt: skip

CONTEXTS: tuple[str, ...] = (
    "military", "intelligence", "executive", "legislative", "election", "political_institutions",
    "pro_democracy", "pro_autocracy", "economic", "legal", "reparations", "human_rights",
    "rights_freedoms", "repression", "human_security", "gender", "lgbt", "religion_ethnicity",
    "inequality", "diplomatic", "territory", "peacekeeping", "health", "asylum", "migration",
    "disasters", "natural_resource", "environment", "technology", "terrorism", "cbrn", "cyber",
    "misinformation", "crime", "corruption", "illegal_drugs", "trafficking",
)  # fmt: skip

# The manual's score table. ACCUSE's category score is printed as +3, which contradicts every one
# of its modes (-2 .. -3.5) and the verbal-conflict quad; we read it as the sign typo it must be.
SCORES: dict[str, float] = {
    "AGREE": 2.5, "CONSULT": 2.5, "CONSULT:visit": 4, "CONSULT:third-party": 1,
    "CONSULT:multilateral": 4, "CONSULT:phone": 1.5, "SUPPORT": 5, "CONCEDE": 4.5, "COOPERATE": 9.5,
    "AID": 10, "RETREAT": 6.5, "RETREAT:withdraw": 8, "RETREAT:release": 6.5, "RETREAT:disarm": 10,
    "RETREAT:ceasefire": 7.5, "RETREAT:access": 6.5, "RETREAT:resign": 4.5, "REQUEST": 0,
    "REQUEST:assist": 0.5, "REQUEST:change": -1, "REQUEST:yield": -1, "REQUEST:meet": 0,
    "ACCUSE": -3, "ACCUSE:disapprove": -2, "ACCUSE:investigate": -3.5, "ACCUSE:allege": -3.5,
    "REJECT": -2, "REJECT:assist": -1.5, "REJECT:change": -2, "REJECT:yield": -2, "REJECT:meet": -2,
    "THREATEN": -3.5, "THREATEN:restrict": -3, "THREATEN:arrest": -3.5, "THREATEN:relations": -3.5,
    "THREATEN:expel": -3.5, "THREATEN:territory": -4, "THREATEN:violence": -3.5, "PROTEST": -5,
    "PROTEST:demo": -5, "PROTEST:riot": -7, "PROTEST:strike": -5, "PROTEST:hunger": -4.5,
    "PROTEST:boycott": -4.5, "PROTEST:obstruct": -4.5, "SANCTION": -6, "SANCTION:convict": -6,
    "SANCTION:expel": -5.5, "SANCTION:withdraw": -6, "SANCTION:discontinue": -6, "MOBILIZE": -5.5,
    "MOBILIZE:troops": -6.5, "MOBILIZE:weapons": -6.5, "MOBILIZE:police": -5.5,
    "MOBILIZE:militia": -6, "COERCE": -7, "COERCE:seize": -7, "COERCE:restrict": -7,
    "COERCE:censor": -6.5, "COERCE:curfew": -6.5, "COERCE:martial-law": -7.5, "COERCE:arrest": -7,
    "COERCE:deport": -7, "COERCE:withhold": -7, "COERCE:misinformation": -6.5, "COERCE:cyber": -7,
    "ASSAULT": -9, "ASSAULT:abduct": -8.5, "ASSAULT:beat": -7.5, "ASSAULT:torture": -8.5,
    "ASSAULT:sexual": -8.5, "ASSAULT:targeted": -9.5, "ASSAULT:destroy": -8.5,
    "ASSAULT:primitive": -8, "ASSAULT:firearms": -9, "ASSAULT:explosives": -9,
    "ASSAULT:suicide-attack": -9.5, "ASSAULT:aerial": -9.5, "ASSAULT:drone": -9.5,
    "ASSAULT:heavy-weapons": -9.5, "ASSAULT:crowd-control": -7.5, "ASSAULT:unconventional": -10,
}  # fmt: skip

# PLOVER's sector codes, in the order of the manual's table "Sector Codes" (state sectors first).
SECTORS: tuple[str, ...] = (
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK",
    "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
)  # fmt: skip

# Modes that add their own context (the manual: "will also automatically add ... context").
MODE_CONTEXT: dict[str, str] = {"misinformation": "misinformation", "cyber": "cyber"}


def event_scale(event_type: str, mode: str | None) -> float:
    """Return the PLOVER score of a type and mode (the category score when the mode has none)."""
    if mode is not None and f"{event_type}:{mode}" in SCORES:
        return float(SCORES[f"{event_type}:{mode}"])
    return float(SCORES[event_type])


def quad_category(event_type: str) -> int:
    """Return the quad category (1-4) of an event type."""
    return QUAD[event_type]
