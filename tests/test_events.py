"""The events stage: PLOVER types, arguments, stance flags and robustness, on sentences we wrote."""

from __future__ import annotations

import json
import re

import pytest
from conftest import GOLD_DIR
from spacy.language import Language

from newsgraph.entities.coding import code_phrase
from newsgraph.errors import LexiconError
from newsgraph.events import EventStage, Lexicon, stance
from newsgraph.events.parties import party_entity
from newsgraph.events.partyness import PLACE_ENTITIES, only_says_where
from newsgraph.model import Analysis, Article, Entity, Event
from newsgraph.ontology import CONTEXTS, EVENT_TYPES, MODES, QUAD, event_scale
from newsgraph.parsing import complement_head, nearest_verb
from newsgraph.pipeline import Draft, Pipeline
from newsgraph.quotes.lexicon import load_lexicon

GOLD = [json.loads(line) for line in (GOLD_DIR / "events.jsonl").read_text().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def code(nlp: Language):  # type: ignore[no-untyped-def]
    """A function that runs the events stage alone over a text and returns its Analysis."""
    stage = EventStage(nlp, rules_only=True)  # the rules that propose candidates, alone

    def run(text: str) -> Analysis:
        analysis = Analysis(article=Article(text=text, published="2024-05-01"))
        stage(Draft(analysis, nlp(text)))
        return analysis

    return run


def _words(text: str) -> list[str]:
    words = re.findall(r"\w+", text.lower())
    return words[1:] if words[:1] == ["the"] else words


def _names(analysis: Analysis, ids: list[str]) -> list[str]:
    return [" ".join(_words(analysis.entity(i).name)) for i in ids]  # type: ignore[union-attr]


def _mentions(analysis: Analysis, ids: list[str]) -> list[str]:
    """Every mention of the entities, as the scorer reads them."""
    return [" ".join(_words(analysis.slice(m))) for i in ids for m in analysis.entity(i).mentions]  # type: ignore[union-attr]


def _matches(gold: str | None, names: list[str]) -> bool:
    if gold is None:
        return True
    want = " ".join(_words(gold))
    return any(want in name or name in want for name in names if name)


def _found(analysis: Analysis, gold_event: dict) -> Event | None:  # type: ignore[type-arg]
    for event in analysis.events:
        if (
            event.type == gold_event["type"]
            and _matches(gold_event["actor"], _mentions(analysis, event.actor))
            and _matches(gold_event["recipient"], _mentions(analysis, event.recipient))
        ):
            return event
    return None


def test_gold_covers_every_type() -> None:
    """Our own gold labels all 16 PLOVER types, and sentences without any event."""
    types = {event["type"] for doc in GOLD for event in doc["events"]}
    assert types == set(EVENT_TYPES)
    assert any(not doc["events"] for doc in GOLD)


@pytest.mark.parametrize("doc", GOLD, ids=[doc["id"] for doc in GOLD])
def test_gold_sentence(code, doc: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    """Each gold event is found with its type, actor and recipient; event-free text gives none."""
    analysis = code(doc["text"])
    if not doc["events"]:
        assert analysis.events == []
    for gold_event in doc["events"]:
        assert _found(analysis, gold_event) is not None, (
            gold_event,
            analysis.to_dict(explain=True)["events"],
        )


@pytest.mark.parametrize(
    ("text", "event_type", "mode"),
    [
        ("Lithuania expelled two Russian diplomats.", "SANCTION", "expel"),
        ("Police arrested three opposition activists in Minsk.", "COERCE", "arrest"),
        ("The rebels released twelve hostages on Sunday.", "RETREAT", "release"),
        ("Dock workers went on strike in Antwerp on Monday.", "PROTEST", "strike"),
        ("Norway's foreign minister visited Colombia last week.", "CONSULT", "visit"),
        ("Israeli jets bombed targets in southern Lebanon.", "ASSAULT", "aerial"),
        ("The opposition called for the release of the detained students.", "REQUEST", None),
        ("The union urged the company to release the sacked workers.", "REQUEST", "yield"),
    ],
)
def test_modes(code, text: str, event_type: str, mode: str | None) -> None:  # type: ignore[no-untyped-def]
    """Modes come from the lexicon, or from the event a request governs; scores follow the mode."""
    event = next(e for e in code(text).events if e.type == event_type)
    assert event.mode == mode
    assert event.quad == QUAD[event_type]
    assert event.event_scale == event_scale(event_type, mode)


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("Russian and North Korean officials denied the reports.", ["russian", "north korean"]),
        ("France, Germany and Italy condemned the coup.", ["france", "germany", "italy"]),
    ],
)
def test_compound_actors_are_one_event(code, text: str, actors: list[str]) -> None:  # type: ignore[no-untyped-def]
    """A compound subject gives one event with several actors, not one event per actor."""
    analysis = code(text)
    assert len(analysis.events) == 1
    names = _names(analysis, analysis.events[0].actor)
    assert all(any(a in n for n in names) for a in actors), names


@pytest.mark.parametrize(
    ("text", "visitor", "host"),
    [
        ("The Japanese prime minister visited Vietnam on Monday.", "japanese prime minister", "vietnam"),
        ("Egypt hosted the Sudanese president in Cairo.", "sudanese president", "egypt"),
    ],
)
def test_visits(code, text: str, visitor: str, host: str) -> None:  # type: ignore[no-untyped-def]
    """Visits and hosting: the visitor is the actor, the host the recipient, mode visit."""
    analysis = code(text)
    event = next(e for e in analysis.events if e.type == "CONSULT")
    assert event.mode == "visit"
    assert _matches(visitor, _names(analysis, event.actor))
    assert _matches(host, _names(analysis, event.recipient))


def test_accusation_makes_inner_event_alleged(code) -> None:  # type: ignore[no-untyped-def]
    """ "accused X of providing Y with arms": ACCUSE USA->PRK asserted, the AID inside alleged."""
    analysis = code("The United States has accused North Korea of providing Russia with arms.")
    accuse = next(e for e in analysis.events if e.type == "ACCUSE")
    aid = next(e for e in analysis.events if e.type == "AID")
    assert not accuse.alleged and aid.alleged
    assert _names(analysis, accuse.actor) == ["united states"]
    assert _names(analysis, accuse.recipient) == ["north korea"]
    assert _names(analysis, aid.actor) == ["north korea"]
    assert _names(analysis, aid.recipient) == ["russia"]
    assert any("alleged" in reason for reason in aid.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "Both Russian and North Korean officials have denied such claims.",
        "The ministry rejected the accusation.",
    ],
)
def test_denial_is_reject(code, text: str) -> None:  # type: ignore[no-untyped-def]
    """Denials and rejections are REJECT; a denied claim is not a recipient."""
    analysis = code(text)
    assert [e.type for e in analysis.events] == ["REJECT"]
    assert analysis.events[0].recipient == []


def test_according_to_sets_said_by(code) -> None:  # type: ignore[no-untyped-def]
    """ "according to X" names the source of the report, not its actor."""
    analysis = code("Rebels attacked a convoy near Goma, according to the United Nations.")
    event = next(e for e in analysis.events if e.type == "ASSAULT")
    assert event.said_by is not None
    assert _names(analysis, [event.said_by]) == ["united nations"]


def test_speech_verb_sets_said_by(code) -> None:  # type: ignore[no-untyped-def]
    """ "X said Y did Z": Y is the actor and X the source."""
    analysis = code("Seoul said Pyongyang fired two missiles at the sea.")
    event = next(e for e in analysis.events if e.type == "ASSAULT")
    assert _names(analysis, event.actor) == ["pyongyang"]
    assert _names(analysis, [event.said_by]) == ["seoul"]  # type: ignore[list-item]


@pytest.mark.parametrize(
    "text",
    [
        "Japan will provide emergency aid to Tonga.",
        "The two leaders will meet in Geneva next month.",
        "Brazil said it would support the resolution.",
    ],
)
def test_future_cooperation_is_agree(code, text: str) -> None:  # type: ignore[no-untyped-def]
    """Future CONSULT/SUPPORT/COOPERATE/AID is coded as AGREE, as the manual says."""
    types = [e.type for e in code(text).events]
    assert types == ["AGREE"], types


@pytest.mark.parametrize(
    "text",
    [
        "The dispute could lead to sanctions against Iran.",
        "If the army attacks the city, thousands could die.",
    ],
)
def test_hypothetical(code, text: str) -> None:  # type: ignore[no-untyped-def]
    """Conditional and speculative events are flagged hypothetical, not dropped."""
    events = code(text).events
    assert events and all(e.hypothetical for e in events)


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Police did not arrest the protesters.", "COERCE"),
        ("The army never attacked the village.", "ASSAULT"),
    ],
)
def test_negated(code, text: str, event_type: str) -> None:  # type: ignore[no-untyped-def]
    """Negated events are kept and flagged."""
    event = next(e for e in code(text).events if e.type == event_type)
    assert event.negated


def test_negated_agreement_is_rejection(code) -> None:  # type: ignore[no-untyped-def]
    """Not agreeing is refusing: REJECT, asserted."""
    events = code("The opposition did not agree to the new constitution.").events
    assert [(e.type, e.negated) for e in events] == [("REJECT", False)]


@pytest.mark.parametrize(
    "text",
    [
        "The weather in Oslo was mild on Tuesday.",
        "Shares rose two percent in early trading.",
        "He likes tea.",
    ],
)
def test_no_event_gives_none(code, text: str) -> None:  # type: ignore[no-untyped-def]
    """No filler events: a sentence that reports nothing gives nothing."""
    assert code(text).events == []


def test_unknown_actor_still_an_event(code) -> None:  # type: ignore[no-untyped-def]
    """A passive without an agent still yields the event, with no actor invented."""
    analysis = code("A journalist was kidnapped in the capital on Friday.")
    event = next(e for e in analysis.events if e.type == "ASSAULT")
    assert event.actor == []
    assert _names(analysis, event.recipient) == ["journalist"]


def test_long_list_sentence_finishes(code) -> None:  # type: ignore[no-untyped-def]
    """A very long list sentence is coded without blow-up: bounded events and parties."""
    countries = ", ".join(f"Country{i}" for i in range(400))
    analysis = code(f"The council condemned {countries} and Freedonia for the attacks.")
    assert 1 <= len(analysis.events) <= 12
    assert all(len(e.recipient) <= 12 for e in analysis.events)


def test_evidence_explains_type_and_arguments(code) -> None:  # type: ignore[no-untyped-def]
    """Every event says which lexicon entry and which patterns decided it."""
    event = code("Militants attacked an army base near Kabul.").events[0]
    assert any("lexicon entry" in reason for reason in event.evidence)
    assert any(reason.startswith("actor:") for reason in event.evidence)
    assert any(reason.startswith("recipient:") for reason in event.evidence)
    assert "evidence" in code("Militants attacked an army base.").to_dict(explain=True)["events"][0]


def test_contexts_are_plover_names(code) -> None:  # type: ignore[no-untyped-def]
    """Contexts come from cues in the sentence and are spelled as in the manual."""
    event = code("The court charged the former governor with corruption.").events[0]
    assert {"legal", "corruption"} <= set(event.context)
    assert set(event.context) <= set(CONTEXTS)


def test_lexicon_uses_manual_names_only() -> None:
    """Every shipped trigger has a PLOVER type, and a mode of that type."""
    from newsgraph.events.lexicon import default_lexicon

    for entries in default_lexicon().by_head.values():
        for trig in entries:
            assert trig.type in EVENT_TYPES
            assert trig.mode is None or trig.mode in MODES[trig.type]


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # the tokenizer splits "cease-fire": the compound is the lexicon's "ceasefire", never a "fire"
        ("The government announced a weeklong cease-fire with the rebels.", "fire", "CONCEDE"),
        ("The government announced a weeklong cease-fire with the rebels.", "cease", None),
        # a compound the lexicon does not know whole is its last word
        ("Rebels launched a counter-attack on the town.", "attack", "ASSAULT"),
    ],
)
def test_a_hyphenated_compound_is_read_as_the_word_it_writes(
    nlp: Language, text: str, word: str, expected: str | None
) -> None:
    from newsgraph.events.coder import EventCoder
    from newsgraph.events.lexicon import default_lexicon

    sent = next(iter(nlp(text).sents))
    proposed = {
        p.token.text: p.type for p in EventCoder(default_lexicon()).sentence_proposals(sent, generous=True)
    }
    assert proposed.get(word) == expected


@pytest.mark.parametrize(
    "line",
    ["attack\tFIGHT\t-\t-", "attack\tASSAULT\tfight\t-", "attack\tASSAULT\t-\twarfare", "attack ASSAULT"],
)
def test_bad_lexicon_lines_are_rejected(line: str) -> None:
    """A lexicon line with a name the manual does not have is an error that says where."""
    with pytest.raises(LexiconError, match="custom:1"):
        Lexicon.from_text(line, "custom")


def test_stage_is_cheap(code) -> None:  # type: ignore[no-untyped-def]
    """Coding a sentence many times does not accumulate state (entities are per analysis)."""
    first = code("Gunmen killed five villagers in Borno state.")
    for _ in range(3):
        again = code("Gunmen killed five villagers in Borno state.")
    assert [e.type for e in again.events] == [e.type for e in first.events]


@pytest.mark.parametrize(
    ("text", "event_type", "actor", "recipient"),
    [
        # Recipients are parties: a thing is looked into for its owner or target.
        ("The ministry suspended food shipments to Eritrea.", "SANCTION", "ministry", "eritrea"),
        ("The senator welcomed the union's proposal.", "SUPPORT", "senator", "union"),
        ("The army freed dozens of detained farmers.", "RETREAT", "army", "farmers"),
        # Refused concessions are rejections.
        ("Ankara will not lift the ban on Dutch flowers.", "REJECT", "ankara", None),
        ("The junta will not release the jailed reporters.", "REJECT", "junta", "jailed reporters"),
        # Orders by an authority are the coercion they order; calls take their purpose's type.
        ("A judge in Lima ordered the mayor jailed.", "COERCE", "judge", "mayor"),
        ("The cabinet ordered the radio to suspend broadcasts.", "COERCE", "cabinet", "radio"),
        ("The Danish premier called Iceland's president to congratulate him.", "SUPPORT", "premier", None),
        ("Kenya sent a team of auditors to investigate the ministry.", "ACCUSE", "kenya", "ministry"),
        # Announced conflict acts are threats; readiness to help is agreement.
        ("The rebels said they will attack the garrison on Monday.", "THREATEN", "rebels", "garrison"),
        ("Portugal is ready to send doctors to Mozambique.", "AGREE", "portugal", "mozambique"),
        # "X says Y must act" is X's demand on Y.
        ("Seoul says Tokyo must withdraw the export curbs.", "REQUEST", "seoul", "tokyo"),
        # Verbal attacks and permissions.
        ("The mayor launched a scathing attack on the council.", "ACCUSE", "mayor", "council"),
        ("The governor gave permission for the march.", "CONCEDE", "governor", None),
        ("UN observers were deployed to monitor the truce in Kivu.", "AID", None, None),
        # Promised, conditional and military acts; labour strikes; refused meetings; taking territory.
        ("The militia vowed to attack the convoy.", "THREATEN", "militia", "convoy"),
        ("The army will shell the town if the rebels do not leave.", "THREATEN", "army", "town"),
        ("An Israeli strike on a school killed four people.", "ASSAULT", None, None),
        ("Teachers struck across the province on Monday.", "PROTEST", "teachers", None),
        ("The opposition boycotted the referendum.", "PROTEST", "opposition", None),
        ("The rebels will not begin talks with the government.", "REJECT", "rebels", "government"),
        ("Government troops captured the port city of Hodeidah.", "ASSAULT", "troops", None),
        ("Madrid shared intelligence with Rabat on the smuggling ring.", "COOPERATE", "madrid", "rabat"),
        ("Norway accepted 300 refugees from the camps.", "AID", "norway", "refugees"),
        ("The navy bolstered its presence in the strait.", "MOBILIZE", "navy", None),
        ("Seoul lodged a protest with Tokyo over the textbooks.", "ACCUSE", "seoul", "tokyo"),
        # Receiving: the giver is the actor.
        ("Moldova received emergency aid from Romania.", "AID", "romania", "moldova"),
        (
            "A court in Oslo found the former minister guilty of fraud.",
            "SANCTION",
            "court",
            "former minister",
        ),
        # A dateline parsed into the subject gives way to the real subject.
        ("LIMA, Peru -- Police arrested four smugglers.", "COERCE", "police", "smugglers"),
    ],
)
def test_typing_and_argument_rules(
    code, text: str, event_type: str, actor: str | None, recipient: str | None
) -> None:  # type: ignore[no-untyped-def]
    """Each rule of the coder, on sentences written for it: the type, and the parties found."""
    analysis = code(text)
    gold_event = {"type": event_type, "actor": actor, "recipient": recipient}
    assert _found(analysis, gold_event) is not None, analysis.to_dict(explain=True)["events"]


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("Ghana and Togo signed a border agreement in Accra.", ("ghana", "togo")),
        ("Chile and Peru agreed to share data on fishing fleets.", ("chile", "peru")),
    ],
)
def test_joint_actors_of_a_joint_act_have_no_recipient(code, text: str, parties: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    """ "X and Y sign / agree": one row per actor, recipient null (docs/annotation.md, example 15);
    neither what they sign nor where they sign it is a party."""
    analysis = code(text)
    rows = {
        (name, recipient)
        for e in analysis.events
        for name in _names(analysis, e.actor)
        for recipient in _names(analysis, e.recipient) or [None]
    }
    first, second = parties
    assert rows == {(first, None), (second, None)}, rows


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        # Two-sided fighting: one row per side, recipient null, the party fought "with" a side too (R1).
        ("Police and protesters clashed in Lagos.", {("police", None), ("protesters", None)}),
        (
            "Government troops clashed with rebels near the border.",
            {("government troops", None), ("rebels", None)},
        ),
        # A party the verb takes as its object is one-sided force, X -> Y.
        ("Puntland forces battled ISIL militants near Dharin.", {("puntland forces", "militants")}),
    ],
)
def test_two_sided_fighting_is_one_row_per_side(code, text: str, rows: set[tuple[str, str | None]]) -> None:  # type: ignore[no-untyped-def]
    """R1 of docs/annotation.md: "clashes between X and Y", "X clashed with Y" give X -> —, Y -> —;
    "X attacks Y" stays X -> Y; the place of the fighting is no party."""
    analysis = code(text)
    found = {
        (name, recipient)
        for e in analysis.events
        if e.type == "ASSAULT"
        for name in _names(analysis, e.actor)
        for recipient in _names(analysis, e.recipient) or [None]
    }
    assert found == rows, analysis.to_dict(explain=True)["events"]


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("Armenia and Azerbaijan held talks in Washington.", "armenia", "azerbaijan"),
        ("Modi and Putin met in Kazan on Tuesday.", "modi", "putin"),
    ],
)
def test_a_joint_meeting_is_one_row_from_the_first_to_the_other(
    code, text: str, first: str, second: str
) -> None:  # type: ignore[no-untyped-def]
    """ "X and Y meet" gives X -> Y, one row, and the city they meet in is no party (R23)."""
    analysis = code(text)
    consults = [e for e in analysis.events if e.type == "CONSULT"]
    assert [(_names(analysis, e.actor), _names(analysis, e.recipient)) for e in consults] == [
        ([first], [second])
    ], analysis.to_dict(explain=True)["events"]


@pytest.mark.parametrize(
    "text",
    ["The weather was mild and sunny along the coast.", "Prices rose in March."],
)
def test_no_event_without_trigger(code, text: str) -> None:  # type: ignore[no-untyped-def]
    """Sentences that report no political act give no event at all."""
    assert code(text).events == []


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("The government dispatched riot police to the capital.", "MOBILIZE"),
        ("India rushed additional troops to the disputed region.", "MOBILIZE"),
        ("Rebel commanders massed fighters outside the city.", "MOBILIZE"),
        ("Japan scrambled jets to intercept the bombers.", "MOBILIZE"),
        ("The army put two brigades on standby.", "MOBILIZE"),
        ("The government sent in troops to restore order.", "MOBILIZE"),
        ("The government expelled two foreign reporters.", "COERCE"),
        ("The authorities cut internet access in the restive region.", "COERCE"),
        ("The regime shut off electricity to the rebel district.", "COERCE"),
        ("Police locked up the protest leaders overnight.", "COERCE"),
        ("Customs officers impounded the cargo ship.", "COERCE"),
        ("The state media spread disinformation about the opposition candidate.", "COERCE"),
        ("The junta tightened restrictions on foreign media.", "COERCE"),
        ("The two sides exchanged prisoners on Monday.", "RETREAT"),
        ("The insurgents handed over their weapons to the monitors.", "RETREAT"),
        ("The rebels handed over control of the town to the army.", "RETREAT"),
        ("The militia handed over the hostages to the Red Cross.", "RETREAT"),
        ("The fighters abandoned their positions overnight.", "RETREAT"),
        ("The president relinquished power after weeks of protests.", "RETREAT"),
        ("The army reopened the road to the besieged town.", "RETREAT"),
        ("The government allowed aid convoys into the region.", "RETREAT"),
        ("The government dropped its demand for compensation.", "CONCEDE"),
        ("The opposition withdrew its objection to the budget.", "CONCEDE"),
        ("The ministry scrapped the tariff on imported grain.", "CONCEDE"),
        ("The company offered an apology to the villagers.", "CONCEDE"),
        ("The government bowed to pressure from the unions.", "CONCEDE"),
        ("The governor commuted the sentence of the activist.", "CONCEDE"),
        ("The government accepted the demands of the strikers.", "CONCEDE"),
        ("The president accepted responsibility for the failure.", "CONCEDE"),
        ("The two governments expanded trade ties.", "COOPERATE"),
        ("Japan and India deepened their defence cooperation.", "COOPERATE"),
        ("Turkey and Armenia resumed trade after a long pause.", "COOPERATE"),
        ("The World Bank approved a $1 billion loan to Egypt.", "AID"),
        ("The Paris Club forgave Nigeria's debt.", "AID"),
        ("The UN airlifted supplies to the flood victims.", "AID"),
        ("Jordan hosts more than a million refugees.", "AID"),
        ("The IMF extended a loan to Pakistan.", "AID"),
        ("Washington banned imports from the region.", "SANCTION"),
        ("Canada closed its embassy in Tehran.", "SANCTION"),
        ("The donors withheld aid from the government.", "SANCTION"),
        ("The army intensified its bombardment of the city.", "ASSAULT"),
        ("Rebels stepped up attacks on army posts.", "ASSAULT"),
        ("The bombardment of the port continued for a week.", "ASSAULT"),
        ("The authorities put the activist on trial for sedition.", "ACCUSE"),
        ("The prosecutor sought a life sentence for the former general.", "ACCUSE"),
        ("Pyongyang test-fired a ballistic missile into the sea.", "MOBILIZE"),
        ("The regulator suspended the licence of the broadcaster.", "COERCE"),
        ("The army handed control of the town to the police.", "RETREAT"),
        ("Hungary says it will not accept any more migrants.", "REJECT"),
        ("The government said it would not provide aid to the rebel region.", "REJECT"),
        ("The government did not provide aid to the rebel region.", "AID"),
        ("Russian forces launched a cruise-missile attack on targets in Syria.", "ASSAULT"),
        ("Hamas launched rockets at Israeli towns.", "ASSAULT"),
        ("North Korea launched a missile into the sea.", "MOBILIZE"),
        ("The president ordered sanctions on the central bank.", "SANCTION"),
        ("NATO reinforced its presence in the Baltics.", "MOBILIZE"),
        ("A party delegation called on the President at his residence on Thursday.", "CONSULT"),
        ("The opposition called on the government to resign.", "REQUEST"),
        ("He called on voters not to boycott the election.", "REQUEST"),
        ("Japan gave $10 million to the flood victims.", "AID"),
        ("Germany gave Ukraine 50 ambulances.", "AID"),
        ("Kosovo awarded a medal to the former envoy.", "SUPPORT"),
        ("The foundation awarded a grant to the hospital.", "AID"),
        ("Russia sent troops to the border with Ukraine.", "MOBILIZE"),
        ("Rwanda sent troops to Mozambique to help fight the insurgents.", "AID"),
        ("France sent soldiers to train the Malian army.", "AID"),
        ("Thousands of protesters gathered outside parliament on Sunday.", "PROTEST"),
        ("Demonstrators chanted slogans against the government.", "PROTEST"),
        ("The ministry approved a request from the opposition to hold a rally.", "CONCEDE"),
        ("The government declared a state of emergency to crush the protests.", "COERCE"),
        ("The envoy called out the government over its abuses.", "ACCUSE"),
        ("The ministry disputed the findings of the UN report.", "ACCUSE"),
        ("The governors challenged the federal plan to cut funding.", "ACCUSE"),
        ("The delegation offered scathing criticism of the government.", "ACCUSE"),
        ("Investigators searched the consulate for evidence.", "ACCUSE"),
        ("The two armies fired across the border on Sunday.", "ASSAULT"),
        ("The rebels violated the peace agreement.", "REJECT"),
    ],
)
def test_newswire_collocations(code, text: str, event_type: str) -> None:  # type: ignore[no-untyped-def]
    """The verbs and collocations news uses for each type, per the manual's definitions and modes."""
    assert event_type in {e.type for e in code(text).events}


@pytest.mark.parametrize(
    ("text", "absent_type"),
    [
        ("The shelling hit a besieged district in the east.", "COERCE"),
        ("Officials questioned the captured rebel commander.", "COERCE"),
        ("A Russia-backed offensive displaced thousands of families.", "SUPPORT"),
        ("The ministry reinforced its commitment to refugee schools.", "MOBILIZE"),
        ("The ministry confirmed the talks without providing more information.", "COOPERATE"),
        ("The delegation left without signing an agreement.", "AGREE"),
        ("The governor declared a state of emergency after the floods.", "COERCE"),
        ("The minister called the report a lie.", "CONSULT"),
        ("The two governments released a joint statement on Monday.", "RETREAT"),
        ("The minister asked about the health of the detained journalist.", "REQUEST"),
        ("The minister gave a long explanation to the committee.", "AID"),
        ("The country's donors said the reforms must continue.", "AID"),
        ("A party delegation called on the President at his residence on Thursday.", "REQUEST"),
    ],
)
def test_wrong_readings_report_nothing(code, text: str, absent_type: str) -> None:  # type: ignore[no-untyped-def]
    """Words that look like triggers but report no such act: adjectival participles ("the besieged
    district"), a reinforced commitment, a courtesy call, a given explanation, a donor named in passing, an act done "without", an emergency declared for a disaster (manual), calling someone a name, a released statement, a question asked."""
    assert absent_type not in {e.type for e in code(text).events}


def test_a_nominal_party_takes_the_next_free_entity_id_and_its_coding(nlp: Language) -> None:
    """A party the NER missed gets the entities stage's numbering: after E1 and E3 the next id is E4,
    never an id already taken (counting entities would give E3 again), and it is coded as the actor
    coder codes it."""
    text = "Police arrested the protesters."
    doc = nlp(text)
    analysis = Analysis(article=Article(text=text))
    analysis.entities = [Entity(id="E1", name="x", type="ORG"), Entity(id="E3", name="y", type="ORG")]
    police = next(t for t in doc if t.lower_ == "police")
    entity = party_entity(analysis, police)
    assert entity is not None
    assert entity.id == "E4"
    assert [e.id for e in analysis.entities] == ["E1", "E3", "E4"]
    assert (entity.country, entity.sector) == code_phrase("Police")
    assert entity.sector == "COP"
    # The same head again is the same entity, not a second one.
    assert party_entity(analysis, police) is entity


def test_speech_verbs_are_listed_once_in_the_cue_lexicon() -> None:
    """The events stage reads its reporting verbs from the quote cue lexicon, and each of them is
    one of the lexicon's verbs of speech or thought."""
    cues = load_lexicon()
    assert cues.reporting == stance.SPEECH_LEMMAS
    assert {"say", "tell", "believe"} <= cues.reporting <= cues.speech | cues.thought


def test_the_two_climbs_of_the_parse_answer_different_questions(nlp: Language) -> None:
    """complement_head: the word a complement completes; nearest_verb: the first verb at or above."""
    doc = nlp("The rebels agreed to withdraw from the town on Friday.")
    withdraw = next(t for t in doc if t.lower_ == "withdraw")
    friday = next(t for t in doc if t.lower_ == "friday")
    assert complement_head(withdraw).lower_ == "agreed"  # type: ignore[union-attr]
    assert nearest_verb(friday).lower_ in ("withdraw", "agreed")
    assert complement_head(doc[0]) is None


@pytest.mark.parametrize(
    ("text", "head", "party"),
    [
        ("At least two police officers were attacked.", "officers", "police officers"),
        ("Twenty-eight soldiers are killed during a mass shooting.", "soldiers", "soldiers"),
        ("Hamas released five Thai nationals.", "nationals", "Thai nationals"),
        ("Police detained more than 50 migrants.", "migrants", "migrants"),
        ("Syrian leader Ahmed al-Sharaa met Mikati.", "Sharaa", "Ahmed al-Sharaa"),
        ("The regional police headquarters was attacked.", "headquarters", "regional police headquarters"),
    ],
)
def test_a_party_is_named_without_its_count_or_title(nlp: Language, text: str, head: str, party: str) -> None:
    """The party's span is the shortest phrase naming it: no count ("at least two"), no title before
    a person's name (docs/annotation.md), which is also what the scorer's matching rule can match."""
    doc = nlp(text)
    analysis = Analysis(article=Article(text=text))
    token = next(t for t in doc if t.text == head)
    entity = party_entity(analysis, token)
    assert entity is not None
    assert entity.name == party


@pytest.mark.parametrize(
    ("text", "word", "where"),
    [
        ("Gunmen opened fire at a market in Mogadishu, Somalia.", "Mogadishu", True),
        ("Gunmen opened fire at a market in Mogadishu, Somalia.", "Somalia", True),
        (
            "Four people are killed in a mass shooting in Santo Tomas, Isabela, Philippines.",
            "Philippines",
            True,
        ),
        ("Talks were held in Moscow.", "Moscow", True),
        ("Israel imposed sanctions on Iran.", "Iran", False),
        ("Russia attacked Ukraine.", "Russia", False),
        ("Russia attacked Ukraine.", "Ukraine", False),
    ],
)
def test_a_place_named_as_where_is_no_party(nlp: Language, text: str, word: str, where: bool) -> None:
    """ "a market in Mogadishu, Somalia": the places say where, and are never a party
    (docs/annotation.md); a place acted on or acting stays one."""
    token = next(t for t in nlp(text) if t.text == word)
    assert token.ent_type_ in PLACE_ENTITIES  # what the sentence was written to show
    assert only_says_where(token) is where


@pytest.mark.parametrize(
    ("text", "recipients"),
    [
        # "Both sides" stands for the pair the article named together before it.
        (
            "Norway and Iceland ended two days of talks in Oslo. The European Union urged both sides to settle.",
            ["iceland", "norway"],
        ),
        # With no pair named before, both sides are unnamed: no recipient (the guidelines' example 9).
        ("The UN Security Council called on both sides to cease fire.", []),
    ],
)
def test_both_sides_are_the_pair_named_before_or_no_one(code, text: str, recipients: list[str]) -> None:  # type: ignore[no-untyped-def]
    analysis = code(text)
    event = next(e for e in analysis.events if e.type == "REQUEST")
    assert sorted(_names(analysis, event.recipient)) == recipients


def test_a_named_event_or_a_date_is_no_party(pipeline) -> None:  # type: ignore[no-untyped-def]
    # The small model tags "September 11, 2001" an EVENT; the attacks it names act on no one.
    text = "The president again attempted to link the September 11, 2001 attacks with his decision to invade Iraq."
    analysis = pipeline.analyze(text)
    for event in analysis.events:
        for entity_id in event.actor + event.recipient:
            entity = analysis.entity(entity_id)
            assert entity is not None and entity.type not in ("EVENT", "DATE", "CARDINAL"), (
                event.type,
                entity,
            )


@pytest.mark.parametrize(
    ("text", "event_type", "coded"),
    [
        # the two sides ending their talks concluded them: no one broke off with anyone ...
        ("Norway and Iceland ended two days of talks in Oslo on Monday.", "SANCTION", False),
        # ... one side breaking off talks with another is a SANCTION
        ("The United States ended talks with Iran on Monday.", "SANCTION", True),
        # a game's result is no use of force ...
        (
            "In association football, Manchester City beat Chelsea 1–0 at London's Wembley Stadium.",
            "ASSAULT",
            False,
        ),
        # ... a beating is
        ("Police beat protesters with batons in Minsk on Sunday.", "ASSAULT", True),
    ],
)
def test_what_only_looks_like_a_sanction_or_an_attack(code, text: str, event_type: str, coded: bool) -> None:  # type: ignore[no-untyped-def]
    assert (event_type in [e.type for e in code(text).events]) is coded


def test_a_threat_is_not_made_to_the_actors_own_capital(rules_pipeline: Pipeline) -> None:
    # (The whole pipeline: the entities stage codes Reykjavik as Iceland's government.)
    analysis = rules_pipeline.analyze(
        "Iceland's foreign minister warned that Reykjavik could close its ports to Norwegian boats."
    )
    threats = [e for e in analysis.events if e.type == "THREATEN"]
    assert threats, analysis.events
    recipients = {analysis.entity(r).name for e in threats for r in e.recipient if analysis.entity(r)}
    assert not any("Reykjav" in name for name in recipients)
    # the threatened act's own mode: closing ports restricts (COERCE(restrict)), it arrests no one
    assert threats[0].mode == "restrict"
