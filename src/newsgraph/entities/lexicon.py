"""Role words: which PLOVER sector a noun or title names ("troops" -> MIL, "court" -> JUD)."""

from __future__ import annotations

# Words naming a role of the state in general: they give GOV unless a more specific word beside
# them says which arm ("Defense Minister" -> MIL, "police chief" -> COP, "intelligence official" ->
# SPY).
_GENERIC_GOV = """government governments govt minister ministers ministry ministries cabinet president
presidents presidency premier chancellor official officials administration regime authorities
spokesman spokeswoman spokesperson diplomat diplomats ambassador ambassadors envoy envoys embassy
consulate king queen emperor monarch crown prince leader leaders leadership governor governors mayor
secretary department office foreign state"""

# Sector -> the words that name it. Names exactly as the PLOVER manual spells the sector codes.
_SPECIFIC = {
    "MIL": """military army armies troops troop soldier soldiers forces navy naval marines general generals
    admiral commander commanders defense defence warplanes jets tanks artillery battalion battalions
    brigade warship warships paratroopers servicemen junta""",
    "COP": """police policeman policemen policewoman cop cops gendarmes gendarmerie constabulary
    guards""",
    "JUD": "court courts judge judges judiciary judicial tribunal prosecutor prosecutors justice justices",
    "LEG": """parliament parliaments parliamentary parliamentarian parliamentarians lawmaker lawmakers
    legislator legislators legislature congress congressman congresswoman senator senators senate mp
    mps assembly deputies""",
    "PTY": "party parties",
    "REB": """rebel rebels insurgent insurgents militant militants guerrilla guerrillas separatist
    separatists jihadist jihadists fighters""",
    "SPY": "intelligence spy spies espionage",
    "UAF": "gunmen gunman assailants attackers",
    "CVL": """protesters protestors demonstrators activist activists civilians civilian residents villagers
    crowd crowds""",
    "JRN": "journalist journalists reporter reporters media newspaper broadcaster correspondent",
    "BUS": "company companies firm firms business businesses businessman corporation executives investors",
    "MED": "doctors doctor nurses hospital hospitals medics",
    "EDU": "students student teachers teacher university universities school schools professor",
    "REL": "church cleric clerics imam bishop priest priests pope mosque monks religious",
    "LAB": "union unions workers strikers",
    "REF": "refugees refugee migrants asylum-seekers displaced",
    "CRM": "criminals criminal gang gangs smugglers traffickers cartel cartels",
    "AGR": "farmers peasants",
    "OPP": "opposition dissident dissidents",
}

GENERIC_GOV_WORDS = frozenset(_GENERIC_GOV.split())
SECTOR_WORDS: dict[str, str] = {w: "GOV" for w in GENERIC_GOV_WORDS}
for _sector, _words in _SPECIFIC.items():
    SECTOR_WORDS.update({w: _sector for w in _words.split()})

# Words that make a role word a former office: "former president" is ELI in PLOVER.
FORMER = frozenset({"former", "ex", "ousted", "exiled", "late"})

# Titles written before a name ("President Putin", "Gen. Milley"): the title codes the sector.
TITLES: dict[str, str] = {
    **{
        t: "GOV"
        for t in "president premier chancellor minister secretary ambassador king queen emperor prince governor mayor sheikh".split()
    },
    **{
        t: "MIL"
        for t in "general gen. gen admiral adm. colonel col. lt. lieutenant major sergeant commander marshal".split()
    },
    **{
        t: "LEG"
        for t in "senator sen. rep. representative congressman congresswoman speaker mp lawmaker".split()
    },
    **{t: "JUD" for t in "judge justice".split()},
    **{t: "REL" for t in "pope cardinal bishop ayatollah imam rabbi".split()},
}

# Words that say a role noun phrase names a person ("the Russian president") rather than a body.
PERSON_ROLES = frozenset(
    """president premier chancellor minister secretary ambassador envoy king queen emperor prince
    governor mayor leader spokesman spokeswoman spokesperson general admiral commander senator
    lawmaker judge prosecutor pope diplomat official chief head
    suspect defendant gunman attacker assailant victim driver pilot
    singer actor actress drummer guitarist musician rapper player coach author writer artist""".split()
)

# Endings of nouns for people ("inventor", "guitarist", "politician", "resident"): what a
# person is said to be counts as a role of theirs only with one (a parse's "the tusk" does not).
PERSON_NOUN_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman")

# Role nouns that say whether a person is a woman or a man ("actress Jeanne Moreau", "Baker was a
# businessman"): the gender a "she" or "he" must agree with.
GENDERED_ROLES = {
    **dict.fromkeys(
        """actress businesswoman chairwoman spokeswoman congresswoman councilwoman sportswoman
        policewoman stewardess waitress heiress duchess countess empress princess queen widow
        nun""".split(),
        "f",
    ),
    **dict.fromkeys(
        """businessman chairman spokesman congressman councilman sportsman policeman fireman
        duke count emperor prince king widower monk""".split(),
        "m",
    ),
}

# Role nouns naming bodies: "the company" -> the most recent ORG.
ORG_NOUNS = frozenset(
    """company firm organization organisation group agency ministry party maker manufacturer
    automaker carmaker retailer airline carrier bank lender insurer giant conglomerate broadcaster
    newspaper union team club alliance coalition militia committee council commission board
    charity university network chain channel outlet publisher operator supermarket""".split()
)
COUNTRY_NOUNS = frozenset({"country", "nation"})
# Nouns naming a settlement or area: "the city", "the island" -> the most recent named place.
PLACE_NOUNS = frozenset(
    """city town village island region province capital district neighborhood neighbourhood
    state county""".split()
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Nouns for a person the article does not name, and the gender each says: "a 25-year-old man was
# arrested ... He was charged ... The man" is one referent.
SOMEONE_NOUNS = {"man": "m", "boy": "m", "woman": "f", "girl": "f", "teenager": None, "person": None}
# Kin of someone the text names, and the gender each says: "his father" twice in an article about
# one man is one person.
KIN_NOUNS = {
    **dict.fromkeys("father husband son brother grandfather uncle nephew stepfather".split(), "m"),
    **dict.fromkeys("mother wife daughter sister grandmother aunt niece stepmother".split(), "f"),
}
