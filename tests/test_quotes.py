"""The quotes stage's rules: direct, indirect and mixed quotes with content, cue and speaker.

These pin what the hand-written rules propose and keep on their own (``rules_only``, as
``NEWSGRAPH_QUOTES_MODEL=rules``); the trained model's decisions are tested in
tests/test_quotes_model.py.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsgraph.model import Analysis, Article, Entity, Quote
from newsgraph.pipeline import Draft
from newsgraph.quotes import QuoteStage
from newsgraph.quotes.marks import find_quote_runs
from newsgraph.quotes.speakers import they_antecedent


@pytest.fixture(scope="module")
def stage(nlp: Language) -> QuoteStage:
    """One rules-only QuoteStage for the module."""
    return QuoteStage(nlp, rules_only=True)


def run_stage(nlp: Language, stage: QuoteStage, text: str, entities: list[Entity] | None = None) -> Analysis:
    """Parse ``text`` and run only the quotes stage over it (with the given entities)."""
    analysis = Analysis(article=Article(text=text), entities=list(entities or []))
    stage(Draft(analysis=analysis, doc=nlp(text)))
    return analysis


def written_speaker(analysis: Analysis, quote: Quote) -> str | None:
    """The quote's speaker as written in the text (None when it has none)."""
    return analysis.slice(quote.speaker_span) if quote.speaker_span is not None else None


def find(analysis: Analysis, content: str) -> Quote:
    """The quote whose content is exactly ``content``; fails the test when there is none."""
    for quote in analysis.quotes:
        if analysis.slice(quote.span) == content:
            return quote
    found = [analysis.slice(q.span) for q in analysis.quotes]
    raise AssertionError(f"no quote with content {content!r}; found {found}")


DIRECT = [
    # straight marks, cue after
    (
        '"We will rebuild the bridge by spring," the mayor said.',
        "We will rebuild the bridge by spring,",
        "the mayor",
        "said",
    ),
    # curly marks, inverted cue
    (
        "“The talks are over for now,” said Foreign Minister Ana Ruiz.",
        "The talks are over for now,",
        "Foreign Minister Ana Ruiz",
        "said",
    ),
    # TimeBank-style marks
    (
        "``We expect a long winter,'' the farmer told reporters.",
        "We expect a long winter,",
        "the farmer",
        "told",
    ),
    # guillemets, cue before with a colon
    (
        "The general declared: «Our troops will stay in the north until the spring.»",
        "Our troops will stay in the north until the spring.",
        "The general",
        "declared",
    ),
    # cue before with a comma
    (
        'The senator wrote, "Nobody in this chamber voted for a tax rise."',
        "Nobody in this chamber voted for a tax rise.",
        "The senator",
        "wrote",
    ),
]


@pytest.mark.parametrize(("text", "content", "speaker", "cue"), DIRECT)
def test_direct_quotes_by_mark_style(
    nlp: Language, stage: QuoteStage, text: str, content: str, speaker: str, cue: str
) -> None:
    """Each quotation mark style gives one direct quote without its marks, with cue and speaker."""
    analysis = run_stage(nlp, stage, text)
    quote = find(analysis, content)
    assert quote.kind == "direct"
    assert analysis.slice(quote.speaker_span) == speaker
    assert analysis.slice(quote.cue_span).startswith(cue)


INDIRECT = [
    (
        "The governor said that the bridge would reopen in May.",
        "that the bridge would reopen in May",
        "The governor",
        "said",
    ),
    ("The mayor said the budget was balanced.", "the budget was balanced", "The mayor", "said"),
    (
        "The coach told reporters that the team was exhausted.",
        "that the team was exhausted",
        "The coach",
        "told",
    ),
    (
        "According to the ministry, the ceasefire will begin on Monday.",
        "the ceasefire will begin on Monday",
        "the ministry",
        "According to",
    ),
    (
        "The minister warned that prices would rise sharply.",
        "that prices would rise sharply",
        "The minister",
        "warned",
    ),
    (
        "Police added that two suspects had been arrested.",
        "that two suspects had been arrested",
        "Police",
        "added",
    ),
    (
        "The company insisted that its products were safe.",
        "that its products were safe",
        "The company",
        "insisted",
    ),
    (
        "The senator denied that he had taken any money.",
        "that he had taken any money",
        "The senator",
        "denied",
    ),
    (
        "Lawyers for the family argued that the verdict was unfair.",
        "that the verdict was unfair",
        "Lawyers",
        "argued",
    ),
    (
        "The president believes the economy will recover next year.",
        "the economy will recover next year",
        "The president",
        "believes",
    ),
    ("The union wants to renegotiate the contract.", "to renegotiate the contract", "The union", "wants"),
    (
        "The strike will end on Friday, union leaders said.",
        "The strike will end on Friday",
        "union leaders",
        "said",
    ),
    (
        "The dam, the engineer said, will hold until spring.",
        "The dam, the engineer said, will hold until spring",
        "the engineer",
        "said",
    ),
    (
        "The army said in a statement that its troops had withdrawn.",
        "that its troops had withdrawn",
        "The army",
        "said",
    ),
    ("The group's support for the new treaty surprised diplomats.", "the new treaty", "The group", "support"),
    (
        # a relative pronoun's noun is the speaker, as the guidelines mark one
        "Officials, who said the fire was under control, closed the road.",
        "the fire was under control",
        "Officials",
        "said",
    ),
    # stance adjectives: the subject holds the stance, the complement is what it is about
    (
        "The senator has been critical of the new trade agreement.",
        "the new trade agreement",
        "The senator",
        "critical of",
    ),
    ("Farmers are worried about the drought.", "the drought", "Farmers", "worried about"),
    ("The union was eager to resume the negotiations.", "to resume the negotiations", "The union", "eager"),
    (
        "The coalition is confident that the budget will pass.",
        "that the budget will pass",
        "The coalition",
        "confident",
    ),
    # a noun naming its holder by the stance, where the text says whose it is
    (
        "The mayor is a longtime supporter of the stadium project.",
        "the stadium project",
        "The mayor",
        "supporter of",
    ),
    (
        "Jane Ortiz, a critic of the pipeline, spoke at the hearing.",
        "the pipeline",
        "Jane Ortiz",
        "critic of",
    ),
    # a noun cue's preposition hung on the light verb before it
    (
        "The opposition leader took a swipe at the finance minister.",
        "the finance minister",
        "The opposition leader",
        "swipe at",
    ),
    ("The governor made no mention of the tax increase.", "the tax increase", "The governor", "mention of"),
    # a noun cue in a prepositional phrase is the stance of its verb's subject
    (
        "The residents wrote to the minister with concerns about the dam.",
        "the dam",
        "The residents",
        "concerns about",
    ),
    (
        "The senator returned from the capital with praise for the new treaty.",
        "the new treaty",
        "The senator",
        "praise for",
    ),
    # verbs whose object is the stance or claim
    (
        "The defense secretary offered no evidence for the claim.",
        "no evidence for the claim",
        "The defense secretary",
        "offered",
    ),
    (
        "Local officials are seeking a full investigation of the crash.",
        "a full investigation of the crash",
        "Local officials",
        "seeking",
    ),
    ("Many economists view the tariffs as a mistake.", "the tariffs as a mistake", "Many economists", "view"),
    (
        "The senator outlined her plan for rural hospitals.",
        "her plan for rural hospitals",
        "The senator",
        "outlined",
    ),
    ("The minister stressed the need for calm.", "the need for calm", "The minister", "stressed"),
    # a trailing source phrase is never part of what the source says
    (
        "The company employs about 4,000 people in the region, most of them in its two factories, according to its annual report.",
        "The company employs about 4,000 people in the region, most of them in its two factories",
        "its annual report",
        "according to",
    ),
    (
        "Turnout rose among young voters, according to early exit polls conducted for the networks.",
        "Turnout rose among young voters",
        "early exit polls",
        "according to",
    ),
    # the parser read the reported clause's verb as a participle describing its subject
    (
        "The fire department said several acres of land burned before the flames were extinguished.",
        "several acres of land burned before the flames were extinguished",
        "The fire department",
        "said",
    ),
    # a name the tagger did not know, read as an adverb, still speaks
    (
        "Vesey said equipment is being added to lines to aid in shutdowns.",
        "equipment is being added to lines to aid in shutdowns",
        "Vesey",
        "said",
    ),
    # a source phrase the parse hangs on the last of two clauses attributes both
    (
        "Four soldiers were killed and nine were wounded, according to the army.",
        "Four soldiers were killed and nine were wounded",
        "the army",
        "according to",
    ),
    # a poll as the source of a fronted finding
    (
        "In the latest poll, the governor leads his rival by six points.",
        "the governor leads his rival by six points",
        "the latest poll",
        "In",
    ),
]


@pytest.mark.parametrize(("text", "content", "speaker", "cue"), INDIRECT)
def test_indirect_patterns(
    nlp: Language, stage: QuoteStage, text: str, content: str, speaker: str, cue: str
) -> None:
    """Complement clauses, infinitives, parentheticals, "according to" and noun cues are indirect quotes."""
    analysis = run_stage(nlp, stage, text)
    quote = find(analysis, content)
    assert quote.kind == "indirect"
    assert analysis.slice(quote.speaker_span) == speaker
    assert analysis.slice(quote.cue_span).startswith(cue)


def test_interrupted_quote_is_one_quote_with_parts(nlp: Language, stage: QuoteStage) -> None:
    """A quote resumed after its attribution is one quote spanning both parts."""
    text = '"We will win this election," she said, "whatever it takes."'
    analysis = run_stage(nlp, stage, text)
    assert len(analysis.quotes) == 1
    quote = analysis.quotes[0]
    assert analysis.slice(quote.span).startswith("We will win this election")
    assert analysis.slice(quote.span).endswith("whatever it takes.")
    assert quote.parts is not None
    assert [analysis.slice(p) for p in quote.parts] == ["We will win this election,", "whatever it takes."]
    assert analysis.slice(quote.speaker_span) == "she"


def test_quote_over_several_paragraphs(nlp: Language, stage: QuoteStage) -> None:
    """A paragraph that leaves its quote open continues into the next one that opens with a mark."""
    text = (
        "The minister spoke for an hour.\n\n"
        '"We have rebuilt the schools and the hospitals," she said. "The roads come next.\n\n'
        '"Nobody will be left behind."\n\n'
        "The opposition did not respond."
    )
    analysis = run_stage(nlp, stage, text)
    quote = find(
        analysis,
        'We have rebuilt the schools and the hospitals," she said. "The roads come next.\n\n"Nobody will be left behind.',
    )
    assert quote.kind == "direct"
    assert analysis.slice(quote.speaker_span) == "she"


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ('He said "yes" and "no".', ["yes", "no"]),
        ("“Open,” then “closed”.", ["Open,", "closed"]),
        ("``Old style,'' he said.", ["Old style,"]),
        ('"An unclosed quote.\n\nA plain paragraph.', ["An unclosed quote."]),
        ('"Part one.\n\n"Part two."', ['Part one.\n\n"Part two.']),
        ("No marks at all.", []),
        # a straight mark no straight mark closes is stray: the curly quote after it is the quote
        ('"Trump walked onto the stage, chanting “U-S-A! U-S-A!”', ["U-S-A! U-S-A!"]),
        ('"Yes," he said, “and no.”', ["Yes,", "and no."]),
        # a straight mark glued to the word before it, with nothing open, only closes: stray
        ('When a young girl," the family moved. "It was wonderful", she said.', ["It was wonderful"]),
    ],
)
def test_quote_runs(text: str, runs: list[str]) -> None:
    """Marks pair within a paragraph; an open quote runs on only into a paragraph opening with a mark."""
    assert [text[r.span[0] : r.span[1]] for r in find_quote_runs(text)] == runs


def test_mixed_quote_embeds_quoted_fragment(nlp: Language, stage: QuoteStage) -> None:
    """An indirect quote with a quoted fragment inside is one mixed quote, not two."""
    text = 'The farmers said the new tariff was "a disaster for the valley".'
    analysis = run_stage(nlp, stage, text)
    assert len(analysis.quotes) == 1
    assert analysis.quotes[0].kind == "mixed"
    assert "a disaster for the valley" in analysis.slice(analysis.quotes[0].span)


def test_pronoun_speaker_resolves_to_preceding_person(nlp: Language, stage: QuoteStage) -> None:
    """Without the entities stage's help, "he" goes to the nearest preceding PERSON entity."""
    text = 'Pedro Alvarez arrived late. "The vote was rigged," he said.'
    entities = [
        Entity(id="E1", name="Pedro Alvarez", type="PERSON", mentions=[(0, 13)]),
        Entity(id="E2", name="Lisbon", type="GPE", mentions=[]),
    ]
    analysis = run_stage(nlp, stage, text, entities)
    quote = find(analysis, "The vote was rigged,")
    assert analysis.slice(quote.speaker_span) == "he"
    assert quote.speaker == "E1"


def test_named_speaker_resolves_to_its_entity(nlp: Language, stage: QuoteStage) -> None:
    """A speaker span that is an entity's mention gives that entity's id."""
    text = "Maria Costa said the harbour would close."
    entities = [Entity(id="E7", name="Maria Costa", type="PERSON", mentions=[(0, 11)])]
    analysis = run_stage(nlp, stage, text, entities)
    assert find(analysis, "the harbour would close").speaker == "E7"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Angry Farmers Protest Nationwide To ‘Save Our Land.’\n\nMaria Lopez loves the new library.",
            "Maria Lopez",
        ),
        ("The city council voted on Monday.\n\nMaria Lopez praised the new library.", "Maria Lopez"),
    ],
)
def test_speaker_stays_in_its_paragraph(nlp: Language, stage: QuoteStage, text: str, speaker: str) -> None:
    """A headline the parser runs into the next paragraph's subject is no part of the speaker."""
    analysis = run_stage(nlp, stage, text)
    quote = find(analysis, "the new library")
    assert quote.speaker_span is not None
    assert analysis.slice(quote.speaker_span) == speaker


def test_unresolvable_speaker_keeps_its_span(nlp: Language, stage: QuoteStage) -> None:
    """ "analysts say": the speaker span is kept, the entity is null."""
    text = "Analysts say the central bank will raise rates again."
    analysis = run_stage(nlp, stage, text)
    quote = find(analysis, "the central bank will raise rates again")
    assert analysis.slice(quote.speaker_span) == "Analysts"
    assert quote.speaker is None


@pytest.mark.parametrize(
    "text",
    [
        "The rain fell on the old town all night.",
        "Prices rose by three percent in March.",
        'The film "Dark Water" opened in June.',
        # no holder: the writer's own doubt, a crowd, a standing in the polls
        "It is unclear whether the talks will resume.",
        "Supporters of the bill gathered outside the courthouse.",
        "The team has slipped in the polls since March.",
        # raising taxes is an act, not a stance
        "The minister raised taxes on fuel.",
    ],
)
def test_no_quote_in_plain_sentences(nlp: Language, stage: QuoteStage, text: str) -> None:
    """Sentences without attribution (a title in marks included) give no quote."""
    assert run_stage(nlp, stage, text).quotes == []


def test_quotes_have_ids_and_lie_inside_the_text(nlp: Language, stage: QuoteStage) -> None:
    """Every quote has a unique id and spans that lie inside the article."""
    text = 'The mayor said the budget was balanced. "We saved money," she added.'
    analysis = run_stage(nlp, stage, text)
    assert len(analysis.quotes) == 2
    assert len({q.id for q in analysis.quotes}) == 2
    for quote in analysis.quotes:
        for span in (quote.span, quote.speaker_span, quote.cue_span):
            assert span is not None and 0 <= span[0] < span[1] <= len(text)


def test_speaker_is_the_entity_the_head_word_names(nlp: Language, stage: QuoteStage) -> None:
    # An adjective of nationality comes first in the phrase, but the speaker is the person.
    text = '"The border stays open," Canadian Foreign Minister Ana Ruiz told reporters.'
    canadian = Entity(id="E1", name="Canadian", type="NORP", country="CAN", mentions=[(25, 33)])
    ruiz = Entity(id="E2", name="Ana Ruiz", type="PERSON", country="CAN", mentions=[(51, 59)])
    analysis = run_stage(nlp, stage, text, [canadian, ruiz])
    assert text[51:59] == "Ana Ruiz" and text[25:33] == "Canadian"
    assert find(analysis, "The border stays open,").speaker == "E2"


def test_the_person_named_right_before_the_cue_speaks(nlp: Language, stage: QuoteStage) -> None:
    # The parse makes "Imus" the subject of "tweeted".
    text = (
        'Longtime Imus in the Morning writer and performer Rob Bartlett tweeted: "He was a rebel. '
        'I am grateful to him."'
    )
    analysis = run_stage(nlp, stage, text)
    quote = find(analysis, "He was a rebel. I am grateful to him.")
    assert quote.speaker_span is not None
    assert "Bartlett" in analysis.slice(quote.speaker_span)
    assert "Imus" not in analysis.slice(quote.speaker_span)


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        # a colon after a clause whose verb is no cue word
        (
            "The study appeared on Monday. Archaeologist Jo Anne Van Tilburg disagreed with these "
            'findings: "The existence of fresh water seeps near the coast is well known."',
            "The existence of fresh water seeps near the coast is well known.",
            "Jo Anne Van Tilburg",
        ),
        # a comma, before a quote that reads as a sentence of its own
        (
            'Ginger Baker died on Sunday. "He was a force of nature," said Eric Clapton. '
            'Mick Jagger also reacted on Twitter, "Sad news, I remember playing with him in the early days."',
            "Sad news, I remember playing with him in the early days.",
            "Mick Jagger",
        ),
    ],
)
def test_a_clause_with_no_cue_word_introduces_the_quote_after_it(
    nlp: Language, stage: QuoteStage, text: str, content: str, speaker: str
) -> None:
    # Without it the quote went uncued and took the previous quote's speaker (or none).
    analysis = run_stage(nlp, stage, text)
    assert speaker in (written_speaker(analysis, find(analysis, content)) or "")


def test_a_comma_introduces_no_fragment(nlp: Language, stage: QuoteStage) -> None:
    text = 'The board met on Monday. The chairman called the plan, "a mistake".'
    analysis = run_stage(nlp, stage, text)
    assert all(analysis.slice(q.cue_span or (0, 0)) != "met" for q in analysis.quotes)


def test_a_cue_whose_parsed_content_is_the_quotes_first_sentence_attributes_it(
    nlp: Language, stage: QuoteStage
) -> None:
    # The parse ends "praised"'s content at the first sentence of a two-sentence quote; the
    # quote is still the one it introduces, with its speaker.
    text = (
        'Senator Ann Lee praised the deal: "It is fair. It took a year of hard talks to reach, and '
        'both sides gave up a great deal to get there."'
    )
    analysis = run_stage(nlp, stage, text)
    quote = find(analysis, text[text.index("It is") : -1])
    assert quote.kind == "direct"
    assert "Ann Lee" in (written_speaker(analysis, quote) or "")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a group noun that is a subject earlier in the sentence is who "they" are
        (
            "The researchers observed horse flies in the field and they found that the flies avoided stripes.",
            "researchers",
        ),
        # a "They" opening its own sentence stays: the guidelines mark the pronoun where no name
        # is in the same sentence
        ("The researchers studied zebras for a year. They found that the flies avoided stripes.", "They"),
    ],
)
def test_a_speaking_they_is_the_group_named_in_its_sentence(
    nlp: Language, stage: QuoteStage, text: str, speaker: str
) -> None:
    analysis = run_stage(nlp, stage, text)
    assert written_speaker(analysis, find(analysis, "that the flies avoided stripes")) == speaker


@pytest.mark.parametrize(
    ("text", "speaker", "antecedent"),
    [
        ("The family said they planned to hold a private funeral.", 1, "family"),
        ("Several said they wanted the politicians to listen.", 0, "Several"),
        # a singular speaker is not who "they" are
        ("The minister said they planned to hold a private funeral.", 1, None),
    ],
)
def test_a_they_inside_a_plural_speakers_quote_is_that_speaker(
    nlp: Language, text: str, speaker: int, antecedent: str | None
) -> None:
    doc = nlp(text)
    they = next(t.i for t in doc if t.lower_ == "they")
    content = (doc[they].idx, len(text) - 1)
    found = they_antecedent(doc, they, [(content, speaker)])
    assert (doc[found].text if found is not None else None) == antecedent


def _attributed_contents(nlp: Language, rows: list[tuple[str, str, int, str, str, str]]) -> list[str]:
    """The contents the attribution finder gives for one sentence parsed as ``rows`` (word, label,
    head, tag, part of speech, lemma), a parse written out so that a repair is tested whatever a
    model parses."""
    from spacy.tokens import Doc

    from newsgraph.quotes.attribution import AttributionFinder, QuotedText
    from newsgraph.quotes.lexicon import load_lexicon

    words, deps, heads, tags, pos, lemmas = (list(column) for column in zip(*rows, strict=True))
    spaces = [rows[n + 1][0] not in ".," for n in range(len(rows) - 1)] + [False]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        tags=tags,
        pos=pos,
        lemmas=lemmas,
        sent_starts=[True] + [False] * (len(rows) - 1),
    )
    found = AttributionFinder(load_lexicon()).find(doc, doc.text, QuotedText([]))
    return [doc.text[a.content[0] : a.content[1]] for a in found if a.content is not None]


# Parses spaCy's small model gives, written out (word, label, head, tag, part of speech, lemma).
# "The committee announced the cockpit voice recorder from Flight 610 has been recovered":
# "recorder" the object of "announced", "recovered" a clause with no subject.
_OBJECT_AS_SUBJECT = [
    ("The", "det", 1, "DT", "DET", "the"),
    ("committee", "nsubj", 2, "NN", "NOUN", "committee"),
    ("announced", "ROOT", 2, "VBD", "VERB", "announce"),
    ("the", "det", 6, "DT", "DET", "the"),
    ("cockpit", "compound", 5, "NN", "NOUN", "cockpit"),
    ("voice", "compound", 6, "NN", "NOUN", "voice"),
    ("recorder", "dobj", 2, "NN", "NOUN", "recorder"),
    ("from", "prep", 2, "IN", "ADP", "from"),
    ("Flight", "pobj", 7, "NNP", "PROPN", "Flight"),
    ("610", "nummod", 8, "CD", "NUM", "610"),
    ("has", "aux", 12, "VBZ", "AUX", "have"),
    ("been", "auxpass", 12, "VBN", "AUX", "be"),
    ("recovered", "ccomp", 2, "VBN", "VERB", "recover"),
    (".", "punct", 2, ".", "PUNCT", "."),
]
# "According to Dallorso, for days the phone was off": for some names the parse makes "According"
# the sentence's root.
_SOURCE_AS_ROOT = [
    ("According", "ROOT", 0, "VBG", "VERB", "accord"),
    ("to", "prep", 0, "IN", "ADP", "to"),
    ("Dallorso", "pobj", 1, "NNP", "PROPN", "Dallorso"),
    (",", "punct", 0, ",", "PUNCT", ","),
    ("for", "prep", 0, "IN", "ADP", "for"),
    ("days", "pobj", 4, "NNS", "NOUN", "day"),
    ("the", "det", 7, "DT", "DET", "the"),
    ("phone", "nsubj", 8, "NN", "NOUN", "phone"),
    ("was", "relcl", 5, "VBD", "AUX", "be"),
    ("off", "advmod", 8, "RB", "ADV", "off"),
    (".", "punct", 0, ".", "PUNCT", "."),
]


@pytest.mark.parametrize(
    ("rows", "content"),
    [
        # the clause starts at the object the parser split off as the cue's
        (_OBJECT_AS_SUBJECT, "the cockpit voice recorder from Flight 610 has been recovered"),
        # a source phrase parsed as the root attributes what follows it
        (_SOURCE_AS_ROOT, "for days the phone was off"),
    ],
)
def test_a_misparsed_attribution_keeps_its_content(
    nlp: Language, rows: list[tuple[str, str, int, str, str, str]], content: str
) -> None:
    assert content in _attributed_contents(nlp, rows)
