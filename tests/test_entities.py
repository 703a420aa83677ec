"""The entities stage: grouping mentions per referent, pronouns and role nouns, country/sector coding."""

from __future__ import annotations

import re

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.entities import EntityStage, add_entity
from newsgraph.entities.clusters import ClusterBuilder
from newsgraph.entities.coding import code_phrase
from newsgraph.entities.dictionary import ActorDictionary
from newsgraph.entities.features import quoted_offsets
from newsgraph.entities.stage import split_before_country, split_known_prefix, tight_parts
from newsgraph.model import Analysis, Article, Entity
from newsgraph.pipeline import Draft


@pytest.fixture(scope="module")
def stage(nlp: Language) -> EntityStage:
    return EntityStage(nlp, rules_only=True)


def run(stage: EntityStage, nlp: Language, text: str) -> Analysis:
    analysis = Analysis(article=Article(text=text))
    stage(Draft(analysis=analysis, doc=nlp(text)))
    return analysis


def entity_of(analysis: Analysis, surface: str, occurrence: int = 0) -> Entity:
    """The entity with a mention of ``surface`` (its n-th whole-word occurrence), a leading "the" allowed."""
    matches = list(re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", analysis.article.text))
    start, end = matches[occurrence].span()
    for entity in analysis.entities:
        for m_start, m_end in entity.mentions:
            written = analysis.article.text[m_start:m_end]
            if (
                m_start <= start
                and m_end == end
                and written.lower().removeprefix("the ")
                in (
                    surface.lower(),
                    surface.lower().removeprefix("the "),
                )
            ):
                return entity
    raise AssertionError(f"no entity has {surface!r} as a mention: {analysis.entities}")


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("Vladimir Putin arrived in Minsk. Putin then met officials.", "Vladimir Putin", "Putin"),
        ("Hanna Virtanen opened the show. Virtanen thanked the crowd.", "Hanna Virtanen", "Virtanen"),
        ("Ramaphosa spoke on Monday. Cyril Ramaphosa later left for Durban.", "Ramaphosa", "Cyril Ramaphosa"),
        ("The United States sent aid. The U.S. said more would come.", "United States", "U.S."),
        ("The United Nations met. The UN called for calm.", "United Nations", "UN"),
        ("The World Health Organization (WHO) warned of a new virus.", "World Health Organization", "WHO"),
        ("Russia's Vladimir Putin spoke. Putin was calm.", "Vladimir Putin", "Putin"),
        # The NER tags the second "Ramos" as an organisation; the full name before it was a person.
        ("Sergio Ramos joined the club. Ramos signed for two years.", "Sergio Ramos", "Ramos"),
        # The NER tags only the first "Gaziantep"; the repeat is the same place.
        ("The floods reached Gaziantep. Gaziantep officials asked for help.", "Gaziantep", "Gaziantep"),
        # An honorific is no part of whose name it is.
        (
            "Robert Mugabe died on Friday. Cde Mugabe was an icon of liberation, the minister said.",
            "Robert Mugabe",
            "Cde Mugabe",
        ),
        # Accents or none, one name.
        ("Zahā Ḥadīd was born in Baghdad. Zaha Hadid later moved to London.", "Zahā Ḥadīd", "Zaha Hadid"),
        # The tagger takes a surname ending in -s that opens a sentence for a plural common noun.
        ("Lars Holm met Jonas Kalnins on Monday. Kalnins said he was pleased.", "Jonas Kalnins", "Kalnins"),
        # The NER misses the full name the second time, and calls a surname a product.
        (
            "On Monday, Pranab Mukherjee, a career politician, died. Born in 1935 in Mirati, "
            "Pranab Mukherjee began his political career in West Bengal.",
            "Pranab Mukherjee",
            "Pranab Mukherjee",
        ),
        (
            "On Monday, Pranab Mukherjee, a career politician, died. India grieves the passing away "
            "of Bharat Ratna Pranab Mukherjee.",
            "Pranab Mukherjee",
            "Pranab Mukherjee",
        ),
        # Another name the text says a person is known by.
        (
            "Jenna Nicole Mourey (born September 15, 1986), better known by her pseudonym Jenna "
            "Marbles, was an American YouTube personality. Marbles later quit.",
            "Jenna Nicole Mourey",
            "Jenna Marbles",
        ),
        # One name transliterated two ways.
        (
            "The US believes Hamza bin Laden died last year. The loss of Hamza bin Ladin deprives the "
            "group of a leader.",
            "Hamza bin Laden",
            "Hamza bin Ladin",
        ),
        # A company without its "Group", which the NER missed.
        (
            "Tesco agreed to sell its Polish stores to Salling Group. Both Tesco and Salling entered "
            "the Polish market in 1995.",
            "Salling Group",
            "Salling",
        ),
        # "George W Bush" (no full stop) is not the dictionary's spelling, "Bush" is.
        ("George W Bush spoke in Khartoum on Monday. On Tuesday Bush flew home.", "George W Bush", "Bush"),
    ],
)
def test_names_of_one_referent_are_one_entity(
    stage: EntityStage, nlp: Language, text: str, first: str, second: str
) -> None:
    analysis = run(stage, nlp, text)
    # The second name may also occur inside the first ("Putin" in "Vladimir Putin"): take its own.
    assert entity_of(analysis, first) is entity_of(analysis, second, first.count(second))


@pytest.mark.parametrize(
    ("text", "running_over", "expected"),
    [
        (
            "They sued District Court against Thomas Reid today.",
            "District Court against Thomas Reid",
            ["District Court", "Thomas Reid"],
        ),
        ("He met Patrick Gordon of the guard.", "Patrick Gordon of", ["Patrick Gordon"]),
        ("Kenya\n\nNairobi is the capital.", "Kenya\n\nNairobi", ["Kenya", "Nairobi"]),
        ("She praised Bank of England staff.", "Bank of England", ["Bank of England"]),
    ],
)
def test_ner_spans_running_over_are_cut_tight(
    nlp: Language, text: str, running_over: str, expected: list[str]
) -> None:
    doc = nlp(text)
    start = text.index(running_over)
    ent = doc.char_span(start, start + len(running_over), label="ORG")
    assert ent is not None
    assert [part.text for part in tight_parts(ent)] == expected


@pytest.mark.parametrize(
    ("running_over", "label", "expected"),
    [
        ("BBC Hamza bin Laden", "PERSON", ["BBC", "Hamza bin Laden"]),
        ("Hong Kong Carrie Lam", "PERSON", ["Hong Kong", "Carrie Lam"]),
        # tagged ORG, but the dictionary knows the person
        ("India Narendra Modi", "ORG", ["India", "Narendra Modi"]),
        # an office title between them: the rest is a person, the title neither
        ("United States Representative Elijah Cummings", "ORG", ["United States", "Elijah Cummings"]),
        ("India Prime Minister Narendra Modi", "ORG", ["India", "Narendra Modi"]),
        # a first name opens the rest ("First Minister of Scotland Nicola Sturgeon")
        ("Scotland Nicola Sturgeon", "ORG", ["Scotland", "Nicola Sturgeon"]),
        # no person after the country: one name
        ("China Southern Airlines", "ORG", ["China Southern Airlines"]),
        ("Bank of England", "ORG", ["Bank of England"]),
    ],
)
def test_a_known_country_or_body_run_into_a_persons_name_is_split_off(
    nlp: Language, running_over: str, label: str, expected: list[str]
) -> None:
    doc = nlp(f"On Monday {running_over} spoke.")
    start = doc.text.index(running_over)
    ent = doc.char_span(start, start + len(running_over), label=label)
    assert ent is not None
    assert [part.text for part in split_known_prefix(ent, ActorDictionary())] == expected


@pytest.mark.parametrize(
    ("running_over", "expected"),
    [
        ("Democratic Rally in Cyprus", [("Democratic Rally", "ORG"), ("Cyprus", "GPE")]),
        ("Greece and Cyprus", [("Greece", "GPE"), ("Cyprus", "GPE")]),
        # a name the dictionary knows whole, and one with no country after the word, stay one
        ("Bosnia and Herzegovina", [("Bosnia and Herzegovina", "ORG")]),
        ("Museum of Art in Boston", [("Museum of Art in Boston", "ORG")]),
    ],
)
def test_a_name_run_into_a_country_over_and_or_in_is_split(
    nlp: Language, running_over: str, expected: list[tuple[str, str]]
) -> None:
    doc = nlp(f"On Monday the {running_over} spoke.")
    start = doc.text.index(running_over)
    ent = doc.char_span(start, start + len(running_over), label="ORG")
    assert ent is not None
    assert [(p.text, p.label_) for p in split_before_country(ent, ActorDictionary())] == expected


@pytest.mark.parametrize(
    ("text", "occurrence"),
    [
        (
            "Tomas Berg opened a bakery in Malmo in 1990. Berg hired six bakers. Berg later opened a second "
            "shop. His daughter, Sofia Berg, joined the firm in 2010. Berg still bakes bread every morning.",
            4,
        ),
        # Named as often as the relative so far: the one named first is the story's subject.
        (
            "Drummer Tomas Berg died on Monday, his daughter Sofia Berg said. Berg had been ill for years.",
            2,
        ),
    ],
)
def test_bare_surname_is_the_most_mentioned_relative(
    stage: EntityStage, nlp: Language, text: str, occurrence: int
) -> None:
    analysis = run(stage, nlp, text)
    assert entity_of(analysis, "Berg", occurrence) is entity_of(analysis, "Tomas Berg")
    assert entity_of(analysis, "Sofia Berg") is not entity_of(analysis, "Tomas Berg")


def test_a_middle_name_the_ner_missed_joins_the_persons_name(stage: EntityStage, nlp: Language) -> None:
    analysis = run(
        stage,
        nlp,
        "Early yesterday morning, United States Representative Elijah Cummings died while in hospice care. "
        "Cummings, the Democratic chairman of the House Oversight and Reform Committee, was 68.\n\n"
        "Elijah Eugene Cummings, first elected to Congress in 1996, was born in Baltimore, Maryland, in 1951.",
    )
    person = entity_of(analysis, "Elijah Cummings")
    assert person.type == "PERSON"
    assert "Elijah Eugene Cummings" in [analysis.slice(m) for m in person.mentions]
    assert "Anders" not in [e.name for e in analysis.entities]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # the name ends an office title's phrase, run on from the name before it (tagged ORG)
        ("Former US Ambassador to the United Nations Nikki Haley wrote on Twitter.", "Nikki Haley", "PERSON"),
        # a body's name after a preposition is no person's, first name or not
        ("The chairman of Ford Motor, Bill Ford, said sales rose.", "Ford Motor", "ORG"),
    ],
)
def test_a_name_that_ends_a_title_phrase_is_a_person(
    stage: EntityStage, nlp: Language, text: str, name: str, kind: str
) -> None:
    assert entity_of(run(stage, nlp, text), name).type == kind


@pytest.mark.parametrize(
    ("text", "first", "again", "same"),
    [
        # the same country, by another of its names
        (
            "Protesters gathered outside the United States Embassy in Baghdad. The U.S. Embassy was closed.",
            "United States Embassy",
            "U.S. Embassy",
            True,
        ),
        # the body named again without its country
        (
            "Brian Carroll leads the American Solidarity Party. The Solidarity Party was founded in 2011.",
            "American Solidarity Party",
            "Solidarity Party",
            True,
        ),
        # two countries' embassies stay two
        (
            "Crowds marched from the British Embassy to the Iranian Embassy on Friday.",
            "British Embassy",
            "Iranian Embassy",
            False,
        ),
    ],
)
def test_a_body_named_with_its_country_and_again(
    stage: EntityStage, nlp: Language, text: str, first: str, again: str, same: bool
) -> None:
    analysis = run(stage, nlp, text)
    # "Solidarity Party" is first written inside "American Solidarity Party": take its own mention
    occurrence = 1 if again in first else 0
    assert (entity_of(analysis, first).id == entity_of(analysis, again, occurrence).id) is same


@pytest.mark.parametrize(
    ("text", "full", "own_name"),
    [
        (
            "Hurricane Dorian struck the Bahamas on Sunday. Dorian made landfall at Elbow Cay with winds of 185 mph.",
            "Hurricane Dorian",
            "Dorian",
        ),
        # "the cyclone": what kind of storm it is names it again
        (
            "Cyclone Phailin has winds of 200 km/h. The cyclone killed 20 people, officials said.",
            "Cyclone Phailin",
            "The cyclone",
        ),
        # tagged PERSON both times: a storm all the same
        (
            "Tropical Storm Imelda flooded Houston on Thursday. Forecasters said Imelda would weaken by Friday.",
            "Storm Imelda",
            "Imelda",
        ),
    ],
)
def test_a_storm_goes_by_its_own_name(
    stage: EntityStage, nlp: Language, text: str, full: str, own_name: str
) -> None:
    storm = entity_of(run(stage, nlp, text), full)
    assert storm.type == "EVENT" or storm.type == "ORG"
    assert own_name in [text[start:end] for start, end in storm.mentions]


@pytest.mark.parametrize(
    ("text", "name", "label", "again"),
    [
        # a name the NER tagged on its first mention only
        ("Astronomers found water on K2-18b. They say K2-18b may hold life.", "K2-18b", "LOC", True),
        ("Protesters marched to Area 51 in Nevada. Few reached Area 51 itself.", "Area 51", "FAC", True),
        # written again only as part of a longer name: not a mention
        (
            "The United States sent aid. The United States Constitution was read.",
            "United States",
            "GPE",
            False,
        ),
        # one plain word is left to the surname rule
        ("The Amazon is burning. Fires in the Amazon spread.", "Amazon", "LOC", False),
    ],
)
def test_a_name_written_again_is_a_mention_where_the_ner_missed_it(
    nlp: Language, text: str, name: str, label: str, again: bool
) -> None:
    doc = nlp(text)
    first = text.index(name)
    span = doc.char_span(first, first + len(name), label=label)
    assert span is not None
    builder = ClusterBuilder(ActorDictionary())
    cluster = builder.add_name(span)
    assert cluster is not None
    builder.add_repeated_names(doc)
    second = text.index(name, first + 1)
    assert ((second, second + len(name)) in cluster.mentions) is again


def test_a_company_written_without_its_corporation_is_a_mention_before_the_full_name(nlp: Language) -> None:
    text = "The franchise of ABS-CBN expired on Monday. ABS-CBN Corporation is the largest broadcaster."
    doc = nlp(text)
    full = text.index("ABS-CBN Corporation")
    span = doc.char_span(full, full + len("ABS-CBN Corporation"), label="ORG")
    assert span is not None
    builder = ClusterBuilder(ActorDictionary())
    cluster = builder.add_name(span)
    assert cluster is not None
    builder.add_repeated_names(doc)
    short = text.index("ABS-CBN")
    assert (short, short + len("ABS-CBN")) in cluster.mentions


@pytest.mark.parametrize(
    "text",
    [
        "On Sunday a man wearing a fake suicide vest entered a store and began to stab people. Officers "
        "shot him dead. The attacker, identified as Sudesh Amman, 20, was under surveillance.",
        "A woman was found dead in her car on Monday. Police said she had been shot. The victim was "
        "identified as Maria Lopez, a nurse from Tucson.",
    ],
)
def test_an_unnamed_person_identified_by_name_is_that_person(
    stage: EntityStage, nlp: Language, text: str
) -> None:
    analysis = run(stage, nlp, text)
    name = "Sudesh Amman" if "Amman" in text else "Maria Lopez"
    introduced = "a man wearing a fake suicide vest" if "Amman" in text else "A woman"
    person = entity_of(analysis, name)
    assert person.name == name
    assert introduced in [analysis.slice(m) for m in person.mentions]


def test_the_person_identified_is_the_one_the_story_is_about_not_the_last_one_met(
    stage: EntityStage, nlp: Language
) -> None:
    text = (
        "On Sunday a man wearing a fake suicide vest entered a store and began to stab people. Officers "
        "shot him dead. Later a man was found injured nearby. The attacker, identified as Sudesh Amman, "
        "20, was under surveillance."
    )
    analysis = run(stage, nlp, text)
    mentions = [analysis.slice(m) for m in entity_of(analysis, "Sudesh Amman").mentions]
    assert "him" in mentions and "a man" not in mentions


def test_a_citys_name_that_is_a_persons_surname_is_that_person(stage: EntityStage, nlp: Language) -> None:
    text = "Police named the man as Sudesh Amman on Monday. Amman had been released from prison a week ago."
    analysis = run(stage, nlp, text)
    assert entity_of(analysis, "Amman", 1).id == entity_of(analysis, "Sudesh Amman").id


@pytest.mark.parametrize(
    ("text", "full", "short", "same"),
    [
        (
            "Benin joined the African Continental Free Trade Area on Sunday. The AfCFTA will cover 1.2 billion people.",
            "African Continental Free Trade Area",
            "AfCFTA",
            True,
        ),
        # two capitals are a company's name, not an acronym
        ("Shares of Pacific Power rose. PayPal fell.", "Pacific Power", "PayPal", False),
    ],
)
def test_an_acronym_with_small_letters_is_its_full_name(
    stage: EntityStage, nlp: Language, text: str, full: str, short: str, same: bool
) -> None:
    analysis = run(stage, nlp, text)
    assert (entity_of(analysis, full).id == entity_of(analysis, short).id) is same


@pytest.mark.parametrize(
    ("speaker", "country", "words", "phrase"),
    [
        # a head of state speaks for the country the document names: its "we" and "our country"
        ("President Recep Tayyip Erdogan", "Turkey", "We will not stop until the job is done.", "We"),
        ("President Recep Tayyip Erdogan", "Turkey", "Our country will not stop.", "Our country"),
        # a musician's are not their country's
        ("Dave Lewis, a British musician,", None, "We will not stop until the job is done.", "We"),
        ("Dave Lewis, a British musician,", None, "Our country will not stop.", "Our country"),
    ],
)
def test_a_government_persons_we_and_our_country_are_their_country(
    stage: EntityStage, nlp: Language, speaker: str, country: str | None, words: str, phrase: str
) -> None:
    text = f'Turkey began an offensive in Syria on Wednesday. {speaker} said, "{words}"'
    analysis = run(stage, nlp, text)
    start = text.index('"' + phrase) + 1  # the quotation's, not the "We" of "Wednesday"
    holder = next((e.name for e in analysis.entities if (start, start + len(phrase)) in e.mentions), None)
    assert holder == country


@pytest.mark.parametrize(
    ("text", "name", "other", "times"),
    [
        # the name someone was born with is theirs, and the name they go by stays the entity's
        (
            "Ginger Baker died on Sunday. Ginger Baker was born Peter Edward Baker in Lewisham in 1939.",
            "Ginger Baker",
            "Peter Edward Baker",
            1,
        ),
        (
            "The singer Lady Gaga, born Stefani Joanne Germanotta in New York, released an album.",
            "Lady Gaga",
            "Stefani Joanne Germanotta",
            1,
        ),
        # "known (to fans) as" a name the NER did not tag: that name, there and again later
        (
            "Radio host Don Imus, known to fans as the I-Man, died on Friday. A colleague wrote: "
            '"I owe everything to the I-Man."',
            "Don Imus",
            "I-Man",
            2,
        ),
        # ... and one it tagged as another kind of name
        (
            "The drug lord Joaquin Guzman, nicknamed El Chapo, was sentenced. El Chapo will appeal.",
            "Joaquin Guzman",
            "El Chapo",
            2,
        ),
    ],
)
def test_a_persons_other_names_are_mentions_of_them_wherever_written(
    stage: EntityStage, nlp: Language, text: str, name: str, other: str, times: int
) -> None:
    analysis = run(stage, nlp, text)
    person = entity_of(analysis, name)
    assert [analysis.slice(m) for m in person.mentions].count(other) == times
    assert person.name == name


def test_a_quotation_goes_on_with_its_speaker_not_the_next_paragraphs(
    stage: EntityStage, nlp: Language
) -> None:
    # The next paragraph's "Chelsea captain ... lamented" introduces someone else (the parse may
    # run the quotation's sentence on into it): the "We" is not Chelsea's.
    text = (
        "Leeds United beat Chelsea on Saturday.\n\n"
        '"I am pretty happy with that", Leeds United coach Marcelo Bielsa said. "We made a lot of ground today."\n\n'
        "Chelsea captain Cesar Azpilicueta lamented the loss."
    )
    analysis = run(stage, nlp, text)
    we = text.index("We ")
    assert (we, we + 2) not in entity_of(analysis, "Chelsea").mentions


def test_a_coachs_we_is_the_team_before_their_name_when_the_parse_makes_coach_a_verb(
    stage: EntityStage, nlp: Language
) -> None:
    text = (
        "On Saturday, Caloundra defeated Maroochydore in round 3 of the 2020 Sunshine Coast Rugby Union season.\n\n"
        '"I am [pretty happy with that]", Caloundra coach Geoff Ingram said. "We made a lot of ground on where '
        'we were [in the] last couple of weeks."'
    )
    analysis = run(stage, nlp, text)
    we = text.index("We ")
    assert (we, we + 2) in entity_of(analysis, "Caloundra").mentions


@pytest.mark.parametrize(
    ("between", "hers"),
    [
        # the quotation runs on from the sentence about her, in her paragraph
        (" ", True),
        # a new paragraph: no telling whose it is
        ("\n\n", False),
    ],
)
def test_a_quotation_with_no_speech_verb_is_the_previous_sentences_persons(
    stage: EntityStage, nlp: Language, between: str, hers: bool
) -> None:
    text = (
        "Actress Denise Crosby is set to appear in the final season of Suits. Underwhelmed with her "
        f'role, she left the series toward the end of its first season.{between}"This is not what I wanted '
        'to become an actor for."'
    )
    analysis = run(stage, nlp, text)
    i = text.index(" I ") + 1
    assert ((i, i + 1) in entity_of(analysis, "Denise Crosby").mentions) is hers


def test_a_company_goes_by_the_first_word_of_its_name_and_by_what_it_is(
    stage: EntityStage, nlp: Language
) -> None:
    # "Mahan" is also a town the dictionary knows
    text = "Germany banned Iran's Mahan Air on Monday. Mahan has been under sanctions since 2011. The airline flies to Europe."
    analysis = run(stage, nlp, text)
    mentions = [analysis.slice(m) for m in entity_of(analysis, "Mahan Air").mentions]
    assert "Mahan" in mentions and "The airline" in mentions


@pytest.mark.parametrize("title", ["Dame", "Sir", "Mr."])
def test_a_title_the_ner_cut_off_a_name_is_no_person(nlp: Language, title: str) -> None:
    # The NER tags "Dame" of "Dame Zaha Mohammad Hadid" a person of its own now and then.
    text = f"{title} Zaha Mohammad Hadid was an architect."
    doc = nlp(text)
    span = doc.char_span(0, len(title), label="PERSON")
    assert span is not None
    assert ClusterBuilder(ActorDictionary()).add_name(span) is None


def test_a_hyphenated_description_is_one_mention(stage: EntityStage, nlp: Language) -> None:
    # The parse splits "co-founder" into three predicates: "the co", "-" and "founder of ...".
    text = "Mohammed Hadid was the co-founder of the National Democratic Party in Iraq."
    analysis = run(stage, nlp, text)
    mentions = [analysis.slice(m) for m in entity_of(analysis, "Mohammed Hadid").mentions]
    assert "the co-founder of the National Democratic Party in Iraq" in mentions
    assert "-" not in mentions and "the co" not in mentions


def test_a_relatives_full_name_does_not_take_the_bare_surname_named_before(
    stage: EntityStage, nlp: Language
) -> None:
    analysis = run(
        stage,
        nlp,
        'Edward Lodewijk "Eddie" Van Halen, lead guitarist of US rock band Van Halen, died Tuesday at age 65 '
        "following an extended battle with throat cancer. His death was confirmed by his son, Wolfgang Van "
        "Halen.\n\nEddie Van Halen was known for his heavy use of two-handed tapping.",
    )
    son = entity_of(analysis, "Wolfgang Van Halen")
    assert entity_of(analysis, "Van Halen", 0) is not son
    assert entity_of(analysis, "Van Halen", 0) is entity_of(analysis, "Eddie Van Halen")


def test_a_name_the_ner_missed_after_a_title_is_a_person(stage: EntityStage, nlp: Language) -> None:
    analysis = run(
        stage,
        nlp,
        "On Saturday, Thailand's Thai Raksa Chart Party withdrew from using Princess Ubolratana Mahidol as "
        "their candidate for prime minister. Shortly after she formally filed for candidacy, the palace "
        "issued a statement.",
    )
    princess = entity_of(analysis, "Ubolratana Mahidol")
    assert princess.type == "PERSON"
    assert entity_of(analysis, "she") is princess


def test_a_possessive_ending_is_no_part_of_a_name(stage: EntityStage, nlp: Language) -> None:
    text = (
        "Nickey Iyambo died on Sunday, early in the morning. He was 82 years old.\n\nThe current "
        "president of Namibia, Hage Geingob, expressed his sadness at Iyambo's death."
    )
    analysis = run(stage, nlp, text)
    assert entity_of(analysis, "Iyambo", 1) is entity_of(analysis, "Nickey Iyambo")
    # ... and an apposition that says a person names one, whatever the NER's label
    assert entity_of(analysis, "Hage Geingob").type == "PERSON"


def test_a_plural_apposition_says_nothing_of_the_first_name_in_it(stage: EntityStage, nlp: Language) -> None:
    analysis = run(
        stage,
        nlp,
        "Tomas Berg was born in Oslo. His parents, Erik Berg and Anna Berg, were farmers.",
    )
    father = entity_of(analysis, "Erik Berg")
    assert "His parents" not in [analysis.slice(m) for m in father.mentions]


def test_different_people_stay_apart(stage: EntityStage, nlp: Language) -> None:
    analysis = run(
        stage, nlp, "Emma Lindqvist and Tomas Berg founded a bakery. Lindqvist runs it; Berg bakes."
    )
    assert entity_of(analysis, "Lindqvist", 1) is entity_of(analysis, "Emma Lindqvist")
    assert entity_of(analysis, "Berg", 1) is entity_of(analysis, "Tomas Berg")
    assert entity_of(analysis, "Emma Lindqvist") is not entity_of(analysis, "Tomas Berg")
    # two-word names one letter apart are two people
    analysis = run(stage, nlp, "Anna Berg met Anna Borg in Oslo on Monday.")
    assert entity_of(analysis, "Anna Berg") is not entity_of(analysis, "Anna Borg")


@pytest.mark.parametrize(
    ("text", "name", "mention"),
    [
        ("Angela Merkel met farmers on Monday. She promised them help.", "Angela Merkel", "She"),
        ("Narendra Modi visited Washington with his ministers.", "Narendra Modi", "his"),
        (
            "Kim Jong Un watched the launch. The North Korean leader called it a success.",
            "Kim Jong Un",
            "The North Korean leader",
        ),
        (
            "Foreign Minister Sergei Lavrov flew to Ankara. The minister met his counterpart.",
            "Sergei Lavrov",
            "The minister",
        ),
        ('"I will not back down," Keir Starmer said on Friday.', "Keir Starmer", "I"),
        ("Samsung reported record profits. The company plans to hire engineers.", "Samsung", "The company"),
        ("Peru declared an emergency. The country has had floods for weeks.", "Peru", "The country"),
        ("Floods hit Manila on Monday. The city was cut off for days.", "Manila", "The city"),
        ("Toyota recalled 50,000 cars. The automaker said no one was hurt.", "Toyota", "The automaker"),
        ('"We will keep the plant open," Siemens said on Monday.', "Siemens", "We"),
        ("Toyota cut its forecast. Its shares fell sharply.", "Toyota", "Its"),
        ("Crowds gathered in Lyon. The city's mayor asked for calm.", "Lyon", "The city's"),
        (
            "Police raided the offices of Al Jazeera in Cairo. The network said it would appeal.",
            "Al Jazeera",
            "The network",
        ),
        ("Tesco sold its stores in Poland. The chain said it would close more.", "Tesco", "The chain"),
        (
            "Marta Okonkwo, the head of the rescue team, said roads were blocked.",
            "Marta Okonkwo",
            "the head of the rescue team",
        ),
        (
            "Lars Eriksen is a retired fisherman from the north.",
            "Lars Eriksen",
            "a retired fisherman from the north",
        ),
        # An occupation or a part in a crime said of a name is a role noun of it later.
        (
            "English drummer Tomas Berg died on Monday. The drummer had been ill for years.",
            "Tomas Berg",
            "The drummer",
        ),
        (
            "Police arrested suspect Jonas Kalnins on Monday. The suspect was held overnight.",
            "Jonas Kalnins",
            "The suspect",
        ),
        # What a person is known or served as is a mention of them, as a copular predicate is.
        (
            "Tomas Berg was widely known as the drummer of the band Cream.",
            "Tomas Berg",
            "the drummer of the band Cream",
        ),
        (
            "Anna Berg served as the head of the electoral commission until 2019.",
            "Anna Berg",
            "the head of the electoral commission",
        ),
        (
            "In 2001 Anna Berg was appointed as the head of the electoral commission.",
            "Anna Berg",
            "the head of the electoral commission",
        ),
        # A description before the name, set off by commas, and a capitalised title.
        (
            "The Italian foreign minister, Luigi Di Maio, joined the talks.",
            "Luigi Di Maio",
            "The Italian foreign minister",
        ),
        (
            "NPR reported Adil Abdul-Mahdi, the caretaker Prime Minister, recommended the plan.",
            "Adil Abdul-Mahdi",
            "the caretaker Prime Minister",
        ),
        # ... and so is what a pronoun standing for them is said to be
        (
            "Tomas Berg was born in Oslo in 1950. He was a contemporary and close friend of Lars Holm.",
            "Tomas Berg",
            "a contemporary and close friend of Lars Holm",
        ),
        # A predicate headed by "one", and a second predicate with a determiner of its own.
        ("Anna Berg was one of the founders of the party.", "Anna Berg", "one of the founders of the party"),
        ("Lars Eriksen is a retired fisherman and a keen sailor.", "Lars Eriksen", "a keen sailor"),
        ("Lars Eriksen is a retired fisherman and a keen sailor.", "Lars Eriksen", "a retired fisherman"),
        # A person introduced without a name is a referent too.
        (
            "Police said a 25-year-old man was arrested in Leeds. He was charged with murder.",
            "a 25-year-old man",
            "He",
        ),
        (
            "Police said a 25-year-old man was arrested in Leeds. The man will appear in court.",
            "a 25-year-old man",
            "The man",
        ),
        ("A woman wearing a red coat attacked Lars Holm. She fled.", "A woman wearing a red coat", "She"),
        # A relative pronoun is a mention of the named referent its clause describes.
        ("Vladimir Putin, who met Xi Jinping on Monday, praised the deal.", "Vladimir Putin", "who"),
        ("The ministers thanked Canada, which sent two planes.", "Canada", "which"),
        # through the noun or preposition it hangs on
        ("Kofi Annan, whose plans include a visit to Iran, spoke on Monday.", "Kofi Annan", "whose"),
        ("Burundi, during which Pierre Nkurunziza served in the army, was at war.", "Burundi", "which"),
        # "I" in a quotation that goes on after the sentence naming its speaker, and in one of
        # several sentences whose speaker is named after the last.
        (
            '"Nobody expected this," said Brigid Kosgei after the race. "But I felt strong."',
            "Brigid Kosgei",
            "I",
        ),
        (
            'Maria Lind spoke first. "I lost. We tried hard. It was not enough," said Anna Berg.',
            "Anna Berg",
            "I",
        ),
        # ... and when a pronoun after the quotation says who speaks
        ('Anna Berg finished fourth. "I lost the race," she said.', "Anna Berg", "I"),
        # A definite noun that is the head word of a recent name.
        (
            "The Supreme Court heard the case on Monday. The court ruled against the ban.",
            "Supreme Court",
            "The court",
        ),
    ],
)
def test_pronouns_and_role_nouns_join_their_referent(
    stage: EntityStage, nlp: Language, text: str, name: str, mention: str
) -> None:
    analysis = run(stage, nlp, text)
    assert entity_of(analysis, mention) is entity_of(analysis, name)


def test_the_same_description_again_is_the_same_referent(stage: EntityStage, nlp: Language) -> None:
    # whoever was named between
    text = (
        "Tesco said on Monday that the chain would close 40 stores. The Competition and Markets "
        "Authority opened an inquiry. Hours later the chain said it would appeal."
    )
    analysis = run(stage, nlp, text)
    assert entity_of(analysis, "the chain", 1) is entity_of(analysis, "Tesco")


def test_the_same_description_far_back_is_the_same_referent(stage: EntityStage, nlp: Language) -> None:
    # more sentences back than a role noun looks for its referent
    text = (
        "Tesco said the chain would close. Sainsbury's and Asda cut prices. Morrisons said sales "
        "rose. Aldi grew. Lidl expanded. Later the chain said it would hire 500 staff."
    )
    analysis = run(stage, nlp, text)
    assert entity_of(analysis, "the chain", 1) is entity_of(analysis, "Tesco")


def test_a_relative_is_one_entity_and_says_their_gender(stage: EntityStage, nlp: Language) -> None:
    text = (
        "Ginger Baker died on Sunday, his daughter Nettie Baker said. Although he had lived in South "
        "Africa, his daughter said he died in Britain."
    )
    analysis = run(stage, nlp, text)
    daughter = entity_of(analysis, "Nettie Baker")
    assert entity_of(analysis, "his daughter", 1) is daughter
    # "his daughter ... he died": not her
    assert entity_of(analysis, "he", 1) is entity_of(analysis, "Ginger Baker")


def test_an_unnamed_relative_told_again_is_the_same_person(stage: EntityStage, nlp: Language) -> None:
    text = (
        "Daniel Bernoulli had a bad relationship with his father. Despite Daniel's attempts at "
        "reconciliation, his father carried the grudge until his death."
    )
    analysis = run(stage, nlp, text)
    father = entity_of(analysis, "his father")
    assert entity_of(analysis, "his father", 1) is father
    assert father is not entity_of(analysis, "Daniel Bernoulli")


def test_no_mention_belongs_to_two_entities(stage: EntityStage, nlp: Language) -> None:
    # An interview whose answer opens a quotation it never closes: the answers' "I" were given to
    # the interviewee and again, read as inside a quotation, to the person named before them.
    text = (
        "Frank Messina: An Interview with the poet Frank Messina\n\n"
        "What goes through your head when people stop you?\n\n"
        "I understand it. When someone comes up and says, 'Frank, thank you, your work is great.\"\n\n"
        "Walt Whitman wrote about the war. He went looking for his brother.\n\n"
        "I experienced that kind of adversity. I turned to Whitman to find some understanding.\n\n"
        "Can you recite a stanza for us?\n\n"
        "I wrote it quickly. I like it."
    )
    analysis = run(stage, nlp, text)
    mentions = [mention for entity in analysis.entities for mention in entity.mentions]
    assert len(mentions) == len(set(mentions))
    # and a headline run into the next paragraph by the parse is no description of the name
    assert all("\n" not in analysis.article.text[start:end] for start, end in mentions)


def test_what_someone_is_appointed_as_is_said_of_whom_they_appoint(stage: EntityStage, nlp: Language) -> None:
    text = "In 2019 Anna Berg appointed Lars Holm as the head of the electoral commission."
    analysis = run(stage, nlp, text)
    assert len(entity_of(analysis, "Anna Berg").mentions) == 1
    # and a time said beside a name in brackets is no description of it
    analysis = run(stage, nlp, "The clocks stopped at 5 p.m. local time (2100 UTC) on Friday.")
    mentions = [analysis.article.text[s:e] for entity in analysis.entities for s, e in entity.mentions]
    assert "local time" not in mentions


def test_a_quotations_he_is_not_its_speaker(stage: EntityStage, nlp: Language) -> None:
    text = (
        'Pranab Mukherjee died on Monday. Vijay Goel, a member of the Rajya Sabha, said, "He was an '
        'excellent politician. He won the hearts of everyone."'
    )
    analysis = run(stage, nlp, text)
    assert entity_of(analysis, "He") is entity_of(analysis, "Mukherjee")
    assert entity_of(analysis, "He", 1) is entity_of(analysis, "Mukherjee")


def test_the_person_named_right_before_a_speech_verb_speaks(stage: EntityStage, nlp: Language) -> None:
    # The parse makes "Imus" the subject of "tweeted".
    text = (
        "Don Imus died on Friday. Longtime Imus in the Morning writer and performer Rob Bartlett "
        'tweeted: "He was a rebel. I am grateful to him for being my boss."'
    )
    analysis = run(stage, nlp, text)
    assert entity_of(analysis, "I") is entity_of(analysis, "Rob Bartlett")


@pytest.mark.parametrize(
    ("text", "outside"),
    [
        # A stray closing mark does not turn the rest of the text into a quotation.
        ('When a young girl," the family moved south. Moreau lived with her mother.', "mother"),
        # No quotation runs past its paragraph (one that goes on reopens with a mark of its own).
        ('"The vote was close.\n\nBut we won," she said.', "But"),
    ],
)
def test_where_a_quotation_ends(nlp: Language, text: str, outside: str) -> None:
    doc = nlp(text)
    inside = quoted_offsets(doc)
    assert not next(flag for token, flag in zip(doc, inside, strict=True) if token.text == outside)
    # and a quotation opened properly is one
    doc = nlp('She said, "We won." Then she left.')
    assert [t.text for t, flag in zip(doc, quoted_offsets(doc), strict=True) if flag] == ["We", "won", "."]


def test_a_relative_pronoun_of_the_wrong_kind_joins_nothing(stage: EntityStage, nlp: Language) -> None:
    analysis = run(stage, nlp, "A man who lives in Oslo saw Maria Lind, which surprised everyone.")
    start = analysis.article.text.index(" which ") + 1
    assert analysis.entity_at((start, start + len("which"))) is None
    # "who" is the man's, an unnamed person's, with "A man" its first mention (guideline N1: the
    # noun phrase without its relative clause).
    start = analysis.article.text.index(" who ") + 1
    man = analysis.entity_at((start, start + len("who")))
    assert man is not None and man.mentions[0] == (0, len("A man"))


@pytest.mark.parametrize(
    ("text", "mention", "occurrence", "referent"),
    [
        # what a name was said to be names it again: an apposition's head ...
        (
            "Zapata, a French inventor, crossed the English Channel on Sunday. The inventor flew at 170 km/h.",
            "The inventor",
            0,
            "Zapata",
        ),
        (
            "The Baltic Pipe, a pipeline that carries gas from Norway, opened on Tuesday in Poland. "
            "The pipeline cost 1.6 billion euros.",
            "The pipeline",
            0,
            "The Baltic Pipe",
        ),
        # ... and the role noun written before a person's name
        (
            "French inventor Franky Zapata crossed the English Channel on Sunday. The inventor flew at 170 km/h.",
            "The inventor",
            0,
            "Franky Zapata",
        ),
        # a capitalised office is a role noun like a lower-case one
        (
            "Pierre Nkurunziza, the President of Burundi, died on Monday. The President was 55.",
            "The President",
            0,
            "Pierre Nkurunziza",
        ),
        # "the city" is no country, "the country" is one
        (
            "Protesters gathered in Minsk, the capital of Belarus, on Sunday. Opposition leaders said the "
            "country needed new elections. Police detained 30 people in the city.",
            "the city",
            0,
            "Minsk",
        ),
        (
            "Protesters gathered in Minsk, the capital of Belarus, on Sunday. Opposition leaders said the "
            "country needed new elections. Police detained 30 people in the city.",
            "the country",
            0,
            "Belarus",
        ),
        # "its" with no body a subject nearby: a body named in its own sentence
        (
            "Two men were charged on Monday with stealing from the Red Cross and selling its supplies.",
            "its",
            0,
            "the Red Cross",
        ),
        # a body named as a subject by a noun is the "it" after
        (
            "Germany has banned Iran's Mahan Air from its airports. The Iranian airline runs about 300 "
            "flights to Syria, and its planes carry troops.",
            "its",
            1,
            "Mahan Air",
        ),
        # a quotation's "I": the name before a speech verb the parse left without a subject ...
        (
            "On Saturday, Caloundra defeated Maroochydore in round 3 of the 2020 Sunshine Coast Rugby Union "
            'season.\n\n"I am [pretty happy with that]", Caloundra coach Geoff Ingram said.',
            "I",
            0,
            "Geoff Ingram",
        ),
        # ... and the subject of the verb a participle of speech hangs on
        (
            'Mark Amodei has publicly voiced support for the inquiry, telling the Nevada Independent: "I want '
            'to get to the bottom of it."',
            "I",
            0,
            "Mark Amodei",
        ),
        # a subject pronoun in a sentence with someone else's subject mention is that subject
        (
            "Matthew Goode is an English actor. He had a lead role in the series as journalist Stanley "
            "Mitchell, for which he earned a nomination.",
            "he",
            0,
            "Matthew Goode",
        ),
    ],
)
def test_a_mention_joins_its_referent(
    stage: EntityStage, nlp: Language, text: str, mention: str, occurrence: int, referent: str
) -> None:
    analysis = run(stage, nlp, text)
    assert entity_of(analysis, mention, occurrence) is entity_of(analysis, referent)


def test_pronoun_agrees_in_gender_once_known(stage: EntityStage, nlp: Language) -> None:
    text = "Mrs. Anna Berg met Mr. Lars Holm. Holm left early. She stayed until noon."
    analysis = run(stage, nlp, text)
    assert entity_of(analysis, "She") is entity_of(analysis, "Anna Berg")


@pytest.mark.parametrize(
    ("text", "mention", "country", "sector"),
    [
        ("Vladimir Putin spoke on Tuesday.", "Vladimir Putin", "RUS", "GOV"),
        ("The Kremlin rejected the claim.", "Kremlin", "RUS", "GOV"),
        ("NATO held talks on Friday.", "NATO", "IGO", "MIL"),
        ("The European Union imposed tariffs.", "European Union", "EUR", None),
        ("The United Nations asked for money.", "United Nations", "UNO", None),
        ("Amnesty International published a report.", "Amnesty International", "NGO", None),
        ("KCNA said the test succeeded.", "KCNA", "PRK", "JRN"),
        ("Hungarian officials objected.", "Hungarian", "HUN", None),
        ("Russia's Defense Minister Alexei Morozov visited the front.", "Alexei Morozov", "RUS", "MIL"),
        ("Iran's Foreign Minister Reza Tavakoli spoke to reporters.", "Reza Tavakoli", "IRN", "GOV"),
        # A name the dictionary lacks gets no country; its appositive still says the sector.
        ("Marta Kowalczyk, a teacher, said she would vote.", "Marta Kowalczyk", None, "EDU"),
        ("Jonas Kalnins spoke to the crowd.", "Jonas Kalnins", None, None),
    ],
)
def test_entities_are_coded(
    stage: EntityStage, nlp: Language, text: str, mention: str, country: str | None, sector: str | None
) -> None:
    entity = entity_of(run(stage, nlp, text), mention)
    assert (entity.country, entity.sector) == (country, sector)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Russia's Defense Minister Sergei Shoigu", ("RUS", "MIL")),
        ("South Korea's Unification Ministry", ("KOR", "GOV")),
        ("the Iranian foreign minister", ("IRN", "GOV")),
        ("Chinese troops", ("CHN", "MIL")),
        ("Syrian rebels", ("SYR", "REB")),
        ("Indian police", ("IND", "COP")),
        ("the Brazilian supreme court", ("BRA", "JUD")),
        ("Polish lawmakers", ("POL", "LEG")),
        ("the White House", ("USA", "GOV")),
        ("Downing Street", ("GBR", "GOV")),
        ("Pyongyang", ("PRK", "GOV")),
        ("the Blue House", ("KOR", "GOV")),
        ("the Pentagon", ("USA", "MIL")),
        ("the IAEA", ("UNO", None)),
        ("Human Rights Watch", ("NGO", None)),
        ("protesters", (None, "CVL")),
        ("police", (None, "COP")),
        ("former President Bush", ("USA", "ELI")),
        ("Israelis", ("ISR", None)),
        ("Jonas Kalnins", (None, None)),
    ],
)
def test_code_phrase(phrase: str, expected: tuple[str | None, str | None]) -> None:
    assert code_phrase(phrase) == expected


@pytest.mark.parametrize(
    ("surface", "country"),
    [("France", "FRA"), ("Ivory Coast", "CIV"), ("Burma", "MMR"), ("DPRK", "PRK"), ("Kosovo", "KOS")],
)
def test_dictionary_covers_countries_by_any_name(surface: str, country: str) -> None:
    entry = ActorDictionary().lookup(surface)
    assert entry is not None and entry.country == country


def test_acronyms_match_case_sensitively() -> None:
    dictionary = ActorDictionary()
    assert dictionary.lookup("US") is not None
    assert dictionary.lookup("us") is None


def test_add_entity_reuses_a_mention_and_numbers_new_ones() -> None:
    analysis = Analysis(article=Article(text="Police fired tear gas at protesters."))
    police = add_entity(analysis, "Police", "ORG", (0, 6), None, "COP")
    again = add_entity(analysis, "Police", "ORG", (0, 6), "FRA", None)
    protesters = add_entity(analysis, "protesters", "NORP", (26, 36), None, "CVL")
    assert again is police and police.country == "FRA" and police.sector == "COP"
    assert [e.id for e in analysis.entities] == ["E1", "E2"] and protesters.id == "E2"


def test_the_datelines_place_is_a_place_and_the_same_entity_as_its_later_mentions(
    stage: EntityStage, nlp: Language
) -> None:
    # The small model calls the dateline's "OSLO" an organisation; the dateline, found once by the
    # reader, says it is a place, and in capitals it is still the capital of the dictionary.
    text = "OSLO, March 18, 2024 (Ledger) - Talks in Oslo ended on Monday without a deal."
    analysis = run(stage, nlp, text)
    dateline = entity_of(analysis, "OSLO")
    assert dateline.type == "GPE"
    assert dateline.country == "NOR"
    assert dateline is entity_of(analysis, "Oslo")


@pytest.mark.parametrize(
    ("text", "demonym", "country"),
    [
        (
            "Israeli forces shelled the town on Monday. Israel said the strikes would go on.",
            "Israeli",
            "Israel",
        ),
        ("The Russian government said talks with Russia's neighbours had stalled.", "Russian", "Russia"),
        # A demonym in a list of them hangs on the first, which modifies the noun.
        ("Officials said Indian and Pakistani nuclear tests worried Pakistan.", "Pakistani", "Pakistan"),
    ],
)
def test_a_demonym_that_stands_for_its_state_is_a_norp_mention_of_the_country(
    stage: EntityStage, nlp: Language, text: str, demonym: str, country: str
) -> None:
    analysis = run(stage, nlp, text)
    entity = entity_of(analysis, demonym)
    assert entity is entity_of(analysis, country)
    assert entity.type == "GPE"
    start = text.index(demonym)
    assert entity.type_of((start, start + len(demonym))) == "NORP"
    named = text.index(country, start + len(demonym))
    assert entity.type_of((named, named + len(country))) == "GPE"


@pytest.mark.parametrize(
    ("text", "phrase", "country"),
    [
        (
            "Sudan signed the deal. The Sudanese government said it would disarm the militias.",
            "The Sudanese government",
            "Sudan",
        ),
        ("Iran denied it. Protesters in Tehran defied the Iranian regime.", "the Iranian regime", "Iran"),
    ],
)
def test_a_demonyms_government_is_an_organisation_mention_of_the_country(
    stage: EntityStage, nlp: Language, text: str, phrase: str, country: str
) -> None:
    analysis = run(stage, nlp, text)
    entity = entity_of(analysis, country)
    start = text.index(phrase)
    assert (start, start + len(phrase)) in entity.mentions
    assert entity.type_of((start, start + len(phrase))) == "ORG"


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        (
            "Witnesses said police arrived late. The police did not name him. Police officers searched the house.",
            ["police", "The police"],
        ),
        (
            "The Metropolitan Police said two men were held. Later police said one was freed.",
            ["Metropolitan Police", "police"],
        ),
    ],
)
def test_the_police_of_an_article_are_one_entity(
    stage: EntityStage, nlp: Language, text: str, mentions: list[str]
) -> None:
    analysis = run(stage, nlp, text)
    force = entity_of(analysis, mentions[0])
    assert all(entity_of(analysis, mention) is force for mention in mentions)
    assert force.type == "ORG"
    assert force.sector == "COP"
    officers = text.find("Police officers")
    if officers >= 0:
        assert analysis.entity_at((officers, officers + len("Police"))) is None


def test_a_demonym_alone_is_the_country_and_people_stay_apart(stage: EntityStage, nlp: Language) -> None:
    analysis = run(stage, nlp, "Hungarian officials objected. Hungarians queued for fuel in Budapest.")
    officials = entity_of(analysis, "Hungarian")
    # The country, named by its demonym only, still has the country's name, type and code.
    assert (officials.name, officials.type, officials.country) == ("Hungary", "GPE", "HUN")
    people = analysis.entity_at((analysis.article.text.index("Hungarians"),) * 2)
    assert people is None or people is not officials


def test_a_demonym_is_no_antecedent_of_a_pronoun(stage: EntityStage, nlp: Language) -> None:
    # Athens is the city; "Greek" before "it" must not make Greece the nearest place.
    text = "Greece has many islands. Athens is old, and Greek food is good. It has many museums."
    analysis = run(stage, nlp, text)
    assert entity_of(analysis, "It") is entity_of(analysis, "Athens")


def test_a_definite_noun_that_is_not_the_names_head_joins_nothing(stage: EntityStage, nlp: Language) -> None:
    # "Fire" is a word of the brigade's name but not its head: the fire is no brigade.
    text = "The State Fire Brigade arrived at noon. The fire spread to two houses."
    analysis = run(stage, nlp, text)
    start = text.index("The fire")
    assert analysis.entity_at((start, start + len("The fire"))) is None


def test_an_organisation_the_ner_calls_a_person_is_the_organisation(
    stage: EntityStage, nlp: Language
) -> None:
    # The small model tags "Twitter" a person here; the dictionary knows the company. A person whose
    # name holds a company's ("Maria Shell") stays a person.
    text = "The news came from the Twitter account in his name. Maria Shell confirmed it."
    analysis = run(stage, nlp, text)
    assert entity_of(analysis, "Twitter").type == "ORG"
    assert entity_of(analysis, "Maria Shell").type == "PERSON"


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("The buckets were only secured after Bloomberg contacted Facebook.", "Facebook", "ORG"),
        ("Niger hosted an AU summit on Sunday.", "AU", "ORG"),
    ],
)
def test_a_name_the_ner_missed_that_the_dictionary_knows_is_an_entity(
    stage: EntityStage, nlp: Language, text: str, name: str, kind: str
) -> None:
    assert not any(ent.text == name for ent in nlp(text).ents)  # the small model misses it here
    assert entity_of(run(stage, nlp, text), name).type == kind


def test_what_the_text_says_a_name_is_corrects_its_type(stage: EntityStage, nlp: Language) -> None:
    text = "The film starred Lior Amsel, a French actress, in 1970."
    assert any(ent.text == "Lior Amsel" and ent.label_ == "ORG" for ent in nlp(text).ents)
    assert entity_of(run(stage, nlp, text), "Lior Amsel").type == "PERSON"


def test_a_country_the_ner_calls_a_person_once_is_the_country(stage: EntityStage, nlp: Language) -> None:
    # spaCy's small model tags the first "Chad" PERSON and the second GPE.
    text = "Chad said the rebels came from Sudan. Rebels attacked the capital of Chad on Thursday."
    analysis = run(stage, nlp, text)
    chad = entity_of(analysis, "Chad")
    assert chad is entity_of(analysis, "Chad", 1)
    assert (chad.type, chad.country) == ("GPE", "TCD")
    # "The capital of Chad" says which place it is: no mention of the place named last (Sudan).
    start = text.index("the capital")
    assert analysis.entity_at((start, start + len("the capital"))) is None


def test_a_relative_clause_on_a_nominal_goes_to_the_name_just_before_it(
    stage: EntityStage, nlp: Language
) -> None:
    # "the head of Acme Holdings, which makes trucks": a parse that hangs the clause on "head"
    # (no entity) leaves the relative pronoun to the name that ends just before its comma.
    words = [
        "Officials",
        "met",
        "the",
        "head",
        "of",
        "Acme",
        "Holdings",
        ",",
        "which",
        "makes",
        "trucks",
        ".",
    ]
    heads = [1, 1, 3, 1, 3, 6, 4, 3, 9, 3, 9, 1]
    deps = [
        "nsubj",
        "ROOT",
        "det",
        "dobj",
        "prep",
        "compound",
        "pobj",
        "punct",
        "nsubj",
        "relcl",
        "dobj",
        "punct",
    ]
    tags = ["NNS", "VBD", "DT", "NN", "IN", "NNP", "NNP", ",", "WDT", "VBZ", "NNS", "."]
    pos = ["NOUN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PROPN", "PUNCT", "PRON", "VERB", "NOUN", "PUNCT"]
    doc = Doc(
        nlp.vocab,
        words=words,
        heads=heads,
        deps=deps,
        tags=tags,
        pos=pos,
        ents=["O"] * 5 + ["B-ORG", "I-ORG"] + ["O"] * 5,
    )
    analysis = Analysis(article=Article(text=doc.text))
    stage(Draft(analysis=analysis, doc=doc))
    which = doc.text.index("which")
    acme = next(e for e in analysis.entities if e.name == "Acme Holdings")
    assert (which, which + len("which")) in acme.mentions
