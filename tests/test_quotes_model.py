"""The trained quotes model: its file, its errors, reproducible training, and what it decides.

The rules propose candidate quotes (tests/test_quotes.py tests them alone); the model keeps the
real ones, chooses each reported content's boundaries and each quote's speaker. These tests check
the contract around the model and decisions the shipped model must get right; the gate
(tests/test_corpus_gate.py) pins the scores.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import REPO
from spacy.language import Language

from newsgraph.cli import main
from newsgraph.errors import CorrectionRefused, TrainedModelError, TrainingDataError
from newsgraph.evaluation.gold import read_gold
from newsgraph.evaluation.run import gold_article
from newsgraph.learning import LinearModel
from newsgraph.model import Analysis, Article
from newsgraph.pipeline import Draft, Pipeline
from newsgraph.quotes import QuoteStage
from newsgraph.quotes.assemble import FoundQuote, overlaps_well, propose_quotes
from newsgraph.quotes.attribution import AttributionFinder, QuotedText, name_phrase
from newsgraph.quotes.boundaries import alternatives
from newsgraph.quotes.decide import without_duplicates
from newsgraph.quotes.learned import FORMAT_VERSION, QuoteModel, default_model_path, load_model, save_model
from newsgraph.quotes.lexicon import load_lexicon
from newsgraph.quotes.marks import find_quote_runs
from newsgraph.quotes.training import train_quotes
from newsgraph.settings import Settings
from newsgraph.store import open_store
from newsgraph.store.review import Correction, article_review, correct, corrections_as_gold

SHIPPED = default_model_path()


def _tiny_model() -> QuoteModel:
    def part(features: tuple[str, ...], seed: int) -> LinearModel:
        weights = np.random.default_rng(seed).normal(size=(len(features) + 1, 2)).astype(np.float32)
        return LinearModel(classes=("no", "yes"), features=features, weights=weights, threshold=0.4)

    return QuoteModel(
        bounds=part(("bias", "how=rules"), 1),
        keep=part(("bias", "cue=say", "frame=clause"), 2),
        speaker=part(("bias", "path=nsubj|"), 3),
        summary={"note": "test"},
    )


@pytest.fixture(scope="module")
def model_pipeline() -> Pipeline:
    """The default pipeline with the shipped quotes model (and events model) deciding."""
    return Pipeline(Settings(quotes_model="shipped"))


def quotes_of(pipeline: Pipeline, text: str) -> list[tuple[str, str | None]]:
    """(content, speaker as written) of each quote the pipeline finds in ``text``."""
    analysis = pipeline.analyze(text)
    return [
        (analysis.slice(q.span), analysis.slice(q.speaker_span) if q.speaker_span else None)
        for q in analysis.quotes
    ]


def test_a_model_file_round_trips_with_the_same_bytes(tmp_path: Path) -> None:
    model = _tiny_model()
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    version = save_model(model, first)
    save_model(model, second)
    assert first.read_bytes() == second.read_bytes()
    assert version.startswith("quotes-")
    loaded = load_model(first)
    assert loaded.version == version and loaded.summary == {"note": "test"}
    for name, part in model.parts().items():
        again = loaded.parts()[name]
        assert again.features == part.features and again.threshold == part.threshold
        assert np.array_equal(again.weights, part.weights)


def test_a_missing_model_file_says_how_to_rebuild_it(tmp_path: Path) -> None:
    with pytest.raises(TrainedModelError, match="newsgraph train quotes"):
        load_model(tmp_path / "nowhere.zip")


def test_a_truncated_model_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.zip"
    save_model(_tiny_model(), path)
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(TrainedModelError, match="not a complete newsgraph model file"):
        load_model(path)


def test_a_model_of_another_format_or_task_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.zip"
    save_model(_tiny_model(), path)
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    meta = json.loads(entries["meta.json"])
    for change, message in (
        ({"format": FORMAT_VERSION + 1}, "model format"),
        ({"task": "events"}, "not for"),
    ):
        broken = tmp_path / "broken.zip"
        with zipfile.ZipFile(broken, "w") as archive:
            for name, data in entries.items():
                archive.writestr(name, json.dumps({**meta, **change}) if name == "meta.json" else data)
        with pytest.raises(TrainedModelError, match=message):
            load_model(broken)


def test_the_events_model_file_is_not_a_quotes_model() -> None:
    events = REPO / "src" / "newsgraph" / "data" / "models" / "events.zip"
    with pytest.raises(TrainedModelError):
        load_model(events)


def test_the_shipped_model_is_small_and_records_its_training() -> None:
    assert SHIPPED.stat().st_size < 40 * 1024 * 1024
    model = load_model()
    assert model.summary["trained_on"] == ["corpus/articles/train.jsonl"]
    assert model.summary["tuned_on"] == ["corpus/articles/dev.jsonl"]
    assert 0.0 < model.keep.threshold < 1.0


def test_the_stage_follows_the_settings(nlp: Language, tmp_path: Path) -> None:
    assert QuoteStage.from_settings(nlp, Settings(quotes_model="rules")).model is None
    assert QuoteStage.from_settings(nlp, Settings(quotes_model="shipped")).model is not None
    with pytest.raises(TrainedModelError):
        QuoteStage.from_settings(nlp, Settings(quotes_model=str(tmp_path / "missing.zip")))


def test_settings_read_the_quotes_model_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_QUOTES_MODEL", "rules")
    assert Settings.from_env().quotes_model == "rules"


def test_each_analysis_names_the_quotes_model(model_pipeline: Pipeline) -> None:
    analysis = model_pipeline.analyze('"We will stay," the mayor said.')
    assert analysis.models["quotes"] == load_model().version
    assert analysis.to_dict()["models"]["quotes"] == load_model().version


def test_candidates_include_what_the_rules_pass_over(nlp: Language) -> None:
    text = 'Tickets for "Blue Moon" sold out.\n\nOfficials said the director said it was late.'
    doc = nlp(text)
    runs = find_quote_runs(text)
    attributions = AttributionFinder(load_lexicon()).find(doc, text, QuotedText(r.span for r in runs))
    candidates = propose_quotes(text, runs, attributions)
    passed_over = {text[c.span[0] : c.span[1]] for c in candidates if not c.from_rules}
    assert "Blue Moon" in passed_over  # a short uncued quoted run
    assert any("it was late" in words for words in passed_over)  # a claim inside a claim


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a dateline city is never the speaker
        ("BEIRUT — The army said its troops had withdrawn from the border town.", "army"),
        # the name, as the guidelines mark a speaker: no determiner
        ("The mayor said the bridge would reopen in May.", "mayor"),
        ("Foreign Minister Ana Ruiz said the talks would resume in June.", "Foreign Minister Ana Ruiz"),
        # a resident of a city speaks, not the city
        ("Maria Silva, a resident of São Paulo, said the water had been cut off for a week.", "Maria Silva"),
        # a relative pronoun's noun speaks, as the guidelines mark a speaker: not "who"
        ("The talks were led by Ana Ruiz, who said a deal was close.", "Ana Ruiz"),
        # the parser reads "coach" as a verb and leaves "said" no subject: the name before it spoke
        ('"We were lucky", Caloundra coach Geoff Ingram said.', "Geoff Ingram"),
        # the person at the end of a title's phrase, which the parse heads with the title
        (
            'Former US Ambassador to the United Nations Nikki Haley wrote on Twitter, "We must always '
            'have the backs of our allies."',
            "Nikki Haley",
        ),
        # "X of Y" speaks as X: a person of a band, a government of a country ...
        (
            "Ginger Baker died on Sunday. Mick Jagger of The Rolling Stones also reacted on Twitter, "
            '"Sad news hearing that Ginger Baker has died, I remember playing with him."',
            "Mick Jagger",
        ),
        (
            "Qaboos died on Friday. The government of Oman said in a statement that he would be buried on Saturday.",
            "government",
        ),
        # ... unless X is a part or a number of Y
        (
            "Thousands marched on Saturday. Some of the protesters said they would march again next week.",
            "protesters",
        ),
        (
            'A number of Senators condemned the act, citing the move as a "grave abuse of governmental power".',
            "Senators",
        ),
        (
            "Some of the protesters Wikinews interviewed said they had gone to \"defend our children's right "
            'to live and work in Europe".',
            "protesters",
        ),
        # a statement's owner speaks it ...
        (
            "The judge ruled on Monday. Part of the judge's statement reads \"the average woman could "
            'conceivably be better suited physically for some of these jobs."',
            "judge",
        ),
        # ... but what a quote is "according to" is the document (docs/annotation.md, Q4)
        (
            "According to a report on Wednesday by UpGuard, a cybersecurity firm, two databases containing "
            "user data were found on public servers.",
            "report",
        ),
        # a name inside an apposition the entities stage ran on from the agency before it
        (
            "According to semi-official news agency ISNA, the prosecutor general of Tehran, Ali Alghasi Mehr, "
            'said the 36 must face "murder and terrorism charges".',
            "Ali Alghasi Mehr",
        ),
    ],
)
def test_the_model_chooses_the_speaker(model_pipeline: Pipeline, text: str, speaker: str) -> None:
    found = quotes_of(model_pipeline, text)
    assert found, f"no quote in {text!r}"
    assert all(who == speaker for _content, who in found), found


def test_a_reports_cited_source_speaks(model_pipeline: Pipeline) -> None:
    # The guidelines' speaker names the source: the report only passes the claim on.
    text = "Reports citing sources within the party have indicated he was encouraged to drop out."
    found = dict(quotes_of(model_pipeline, text))
    assert found["he was encouraged to drop out"] == "sources"


def test_a_speaker_is_found_in_the_cues_paragraph(model_pipeline: Pipeline) -> None:
    # The parse runs the first paragraph's last sentence into the second's, so "Shanti" is offered
    # as a subject of "said" as well.
    text = (
        'Prime Minister Narendra Modi wrote: "He was admired across the political spectrum. Condolences '
        'to his family, friends, admirers and supporters across India. Om Shanti."\n\nVijay Goel, a '
        'member of the Rajya Sabha, said, "He was an excellent politician, orator and a true statesman."'
    )
    speakers = [who for _content, who in quotes_of(model_pipeline, text)]
    assert speakers == ["Prime Minister Narendra Modi", "Vijay Goel"]


def test_a_participle_is_not_a_quote(model_pipeline: Pipeline) -> None:
    found = quotes_of(
        model_pipeline, "Speaking on Monday, the minister said the talks would resume next week."
    )
    assert found == [("the talks would resume next week", "minister")]


def test_indirect_content_starts_after_that(model_pipeline: Pipeline) -> None:
    found = quotes_of(
        model_pipeline, "ZURICH (Reuters) - The bank said on Monday that its profits fell by a third."
    )
    assert found == [("its profits fell by a third", "bank")]


@pytest.mark.parametrize(
    "text",
    [
        'Our Standards: "The Thomson Reuters Trust Principles"',
        'The study, titled "Rising seas and sinking cities: a global view", was published in Nature.',
    ],
)
def test_titles_and_furniture_are_not_quotes(model_pipeline: Pipeline, text: str) -> None:
    # the rules alone report each of these as a quote; the model does not
    assert quotes_of(Pipeline(Settings(quotes_model="rules")), text)
    assert quotes_of(model_pipeline, text) == []


def test_a_content_can_be_cut_before_the_cues_own_modifier(nlp: Language) -> None:
    # The rules run the cue's object on into "during a radio interview", a modifier of the cue
    # itself; the bounds model must be offered the content without it.
    text = "Police accused the driver of speeding during a radio interview."
    doc = nlp(text)
    attributions = AttributionFinder(load_lexicon()).find(doc, text, QuotedText([]))
    accused = [a for a in attributions if text[a.cue[0] : a.cue[1]] == "accused"]
    assert accused and accused[0].content is not None
    candidate = FoundQuote(span=accused[0].content, kind="indirect", attribution=accused[0], frame="object")
    spans = [text[span[0] : span[1]] for span, _how, _at in alternatives(candidate, doc)]
    assert "the driver of speeding" in spans


def test_name_phrase_keeps_name_parts_and_drops_determiners(nlp: Language) -> None:
    doc = nlp("The Russian president Vladimir Putin said so.")
    head = next(t for t in doc if t.text == "Putin")
    assert doc.text[slice(*name_phrase(head))].endswith("Vladimir Putin")
    assert not doc.text[slice(*name_phrase(head))].startswith("The")


def _small_split(tmp_path: Path, source: str, count: int, name: str) -> Path:
    lines = (REPO / "corpus" / "articles" / source).read_text(encoding="utf-8").splitlines()[:count]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_training_is_deterministic_and_the_model_it_writes_is_used(tmp_path: Path, nlp: Language) -> None:
    train = _small_split(tmp_path, "train.jsonl", 12, "train.jsonl")
    dev = _small_split(tmp_path, "dev.jsonl", 4, "dev.jsonl")
    first, second = tmp_path / "one.zip", tmp_path / "two.zip"
    report = train_quotes([train], [dev], first)
    train_quotes([train], [dev], second)
    assert first.read_bytes() == second.read_bytes()
    assert report.candidates > 0 and 0.0 <= report.dev["content_f1"] <= 1.0
    stage = QuoteStage.from_settings(nlp, Settings(quotes_model=str(first)))
    analysis = Analysis(article=Article(text='"We will stay," the mayor said.'))
    stage(Draft(analysis=analysis, doc=nlp(analysis.article.text)))
    assert analysis.models["quotes"] == report.version


def test_training_without_quotes_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "none.jsonl"
    empty.write_text(json.dumps({"id": "a", "text": "No labels here."}) + "\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="no document has a 'quotes' list"):
        train_quotes([empty], [empty], tmp_path / "out.zip")


def test_the_train_command_names_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["train", "quotes", "--train", str(tmp_path / "nope.jsonl"), "--dev", str(tmp_path / "nope.jsonl")],
    )
    assert result.exit_code != 0
    assert "nope.jsonl" in result.output


def _sample_lines(path: Path, source: Path, start: int, count: int) -> None:
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    path.write_text("\n".join(lines[start : start + count]) + "\n", encoding="utf-8")


def _review_quotes_like_the_corpus(store: Any, gold_path: Path) -> int:
    """Review every machine quote of the stored corpus articles as their corpus labels say: reject
    one no gold quote overlaps well, accept one whose content is the gold content, else edit its
    content and kind to the gold ones (and its speaker to the gold speaker when that is a mention).
    Returns how many quotes were reviewed."""
    done = 0
    for gold in read_gold(gold_path):
        article = gold_article(gold).id
        if not store.has_article(article):
            continue
        for quote in article_review(store, article, "machine")["machine"]["quotes"]:
            span = tuple(quote["span"])
            match = next((g for g in gold.quotes or () if overlaps_well(span, g.span)), None)
            if match is None:
                correct(store, Correction(article, "quote", quote["id"], "reject", 0, "corpus"))
            elif span == match.span and quote["kind"] == match.kind:
                correct(store, Correction(article, "quote", quote["id"], "accept", 0, "corpus"))
            else:
                changes: dict[str, Any] = {"span": list(match.span), "kind": match.kind}
                try:
                    with_speaker = {**changes, "speaker_span": list(match.speaker_span or ())}
                    correct(
                        store, Correction(article, "quote", quote["id"], "edit", 0, "corpus", with_speaker)
                    )
                except CorrectionRefused:  # the gold speaker is not one of the machine's mentions
                    correct(store, Correction(article, "quote", quote["id"], "edit", 0, "corpus", changes))
            done += 1
    return done


def test_retraining_on_corrected_quotes_moves_the_dev_split_score(tmp_path: Path, pipeline: Pipeline) -> None:
    articles = REPO / "corpus" / "articles" / "train.jsonl"
    train, dev, reviewed = tmp_path / "train.jsonl", tmp_path / "dev.jsonl", tmp_path / "more.jsonl"
    _sample_lines(train, articles, 0, 30)
    _sample_lines(dev, REPO / "corpus" / "articles" / "dev.jsonl", 0, 10)
    # Articles the sample does not hold, analyzed by the machine and reviewed with the corpus's own
    # labels standing in for the reviewer.
    _sample_lines(reviewed, articles, 30, 40)
    db = str(tmp_path / "reviewed.db")
    with open_store(db) as store:
        store.ingest([gold_article(g) for g in read_gold(reviewed)], pipeline)
        assert _review_quotes_like_the_corpus(store, reviewed) >= 100
        gold = corrections_as_gold(store, tasks=("quotes",))
    assert sum(len(d["quotes"]) for d in gold) > 0
    out = tmp_path / "q.zip"
    env = {k: v for k, v in os.environ.items() if k != "NEWSGRAPH_QUOTES_MODEL"}
    args = ["train", "quotes", "--train", str(train), "--dev", str(dev), "--out", str(out)]
    result = CliRunner(env=env).invoke(main, [*args, "--with-corrections", db, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    extra = tmp_path / "q.zip.corrections.jsonl"
    assert len(read_gold(extra)) == len(gold)
    model = load_model(out)
    assert model.summary["trained_on"] == [train.as_posix(), extra.as_posix()]
    assert out.read_bytes() != SHIPPED.read_bytes()
    # The dev scores before are the shipped model's, scored as `newsgraph eval quotes` scores it.
    keys = ("content_precision", "content_recall", "content_f1", "speaker_accuracy")
    shipped = CliRunner(env=env).invoke(main, ["eval", "quotes", str(dev), "--json"])
    assert shipped.exit_code == 0, shipped.output
    for key in keys:
        assert report["dev_before"][key] == pytest.approx(json.loads(shipped.stdout)["metrics"][key])
    # The same sample without the corrections, for the score the corrections moved.
    without = train_quotes([train], [dev], tmp_path / "without.zip")
    moved = {k: (round(without.dev[k], 4), round(report["dev"][k], 4)) for k in keys}
    assert any(a != b for a, b in moved.values()), (
        f"the corrections changed nothing on the dev split: {moved}"
    )
    print("dev split without -> with the corrections:", moved)


def test_corrected_quotes_need_a_model_of_their_own(tmp_path: Path) -> None:
    # The shipped model stays as it is: retraining on corrections must name another file.
    result = CliRunner().invoke(main, ["train", "quotes", "--with-corrections", str(tmp_path / "r.db")])
    assert result.exit_code != 0
    assert "--out" in result.output and "NEWSGRAPH_QUOTES_MODEL" in result.output


def test_two_candidates_for_one_content_are_one_quote() -> None:
    # "..., he said" and "said that ..." once both kept the same words: one matched gold, the other
    # counted as a false quote.
    likelier = FoundQuote(span=(10, 60), kind="indirect")
    same_words = FoundQuote(span=(14, 60), kind="mixed")
    elsewhere = FoundQuote(span=(70, 90), kind="direct")
    kept = without_duplicates([(0.6, same_words), (0.9, likelier), (0.5, elsewhere)])
    assert kept == [likelier, elsewhere]
