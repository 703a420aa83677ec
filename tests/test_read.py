"""Reading articles: every input kind, every kind of bad input, and datelines."""

from __future__ import annotations

import dataclasses
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from newsgraph.dateline import Dateline, find_dateline, opening_label_end
from newsgraph.model import Analysis, Article, Failure
from newsgraph.pipeline import Pipeline
from newsgraph.read import ReadOptions, decode_bytes, read_paths, read_stream
from newsgraph.read import articles as articles_module
from newsgraph.read.articles import parse_published

FIXTURES = Path(__file__).parent / "fixtures"
STORY = "The harbor authority reopened the northern pier on Friday after a week of repairs."
OTHER = "Two ministers met in the capital to discuss the fishing dispute and agreed to talk again."


def _articles(items: list[Article | Failure]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def _failures(items: list[Article | Failure]) -> list[Failure]:
    return [i for i in items if isinstance(i, Failure)]


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


# --- each input kind -------------------------------------------------------------------------------


def _txt(tmp: Path) -> Path:
    return _write(tmp / "story.txt", STORY + "\n")


def _jsonl(tmp: Path) -> Path:
    lines = [
        {"id": "a1", "text": STORY, "title": "Pier reopens", "published": "2024-02-02", "source": "Ledger"},
        {"text": OTHER, "url": "https://news.example.org/2"},
    ]
    return _write(tmp / "many.jsonl", "".join(json.dumps(line) + "\n" for line in lines))


def _json_array(tmp: Path) -> Path:
    return _write(tmp / "many.json", json.dumps([{"text": STORY, "id": "a1"}, {"text": OTHER}], indent=2))


def _json_object(tmp: Path) -> Path:
    return _write(
        tmp / "one.json", json.dumps({"text": STORY, "id": "a1", "title": "Pier reopens"}, indent=2)
    )


def _csv(tmp: Path) -> Path:
    return _write(
        tmp / "many.csv", f'id,Title,text,published\na1,Pier reopens,"{STORY}",2024-02-02\n,,"{OTHER}",\n'
    )


def _directory(tmp: Path) -> Path:
    folder = tmp / "corpus"
    (folder / "nested").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    _write(folder / "b.txt", OTHER)
    _write(folder / "nested" / "a.txt", STORY)
    _write(folder / ".hidden" / "secret.txt", "not to be read")
    _write(folder / ".notes.txt", "not to be read either")
    _write(folder / "picture.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    return folder


def _no_suffix(tmp: Path) -> Path:
    return _write(tmp / "STORY", STORY)


@pytest.mark.parametrize(
    ("make", "expected_texts"),
    [
        (_txt, [STORY + "\n"]),
        (_jsonl, [STORY, OTHER]),
        (_json_array, [STORY, OTHER]),
        (_json_object, [STORY]),
        (_csv, [STORY, OTHER]),
        (_directory, [OTHER, STORY]),  # sorted: b.txt, then nested/a.txt; hidden and .png skipped
        (_no_suffix, [STORY]),
    ],
    ids=["txt", "jsonl", "json-array", "json-object", "csv", "directory", "no-suffix"],
)
def test_each_input_kind_gives_its_articles(
    tmp_path: Path, make: Callable[[Path], Path], expected_texts: list[str]
) -> None:
    items = list(read_paths([make(tmp_path)]))
    assert _failures(items) == []
    assert [a.text for a in _articles(items)] == expected_texts


@pytest.mark.parametrize("make", [_jsonl, _csv], ids=["jsonl", "csv"])
def test_record_fields_become_article_metadata(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    first = _articles(list(read_paths([make(tmp_path)])))[0]
    assert (first.external_id, first.title, first.published) == ("a1", "Pier reopens", "2024-02-02")


def test_a_record_without_id_is_named_by_file_and_line(tmp_path: Path) -> None:
    path = _jsonl(tmp_path)
    second = _articles(list(read_paths([path])))[1]
    assert second.external_id == f"{path}:2"
    assert second.url == "https://news.example.org/2"


def test_html_gives_main_text_and_metadata() -> None:
    (article,) = list(read_paths([FIXTURES / "article.html"]))
    assert isinstance(article, Article)
    assert article.text.startswith("Negotiators from Norway and Iceland")
    for boilerplate in ("cookies", "Log in", "Copyright", "Harbor talks end"):
        assert boilerplate not in article.text
    assert article.title == "Harbor talks end without a deal"
    assert article.published == "2024-03-18"
    assert article.source == "The Coastal Ledger"
    assert article.url == "https://ledger.example.org/world/harbor-talks"


@pytest.mark.parametrize(
    ("content", "first_words"),
    [
        ((json.dumps({"text": STORY}) + "\n").encode(), STORY),
        ((FIXTURES / "article.html").read_bytes(), "Negotiators"),
        (STORY.encode(), STORY),
        (b"\xef\xbb\xbf" + STORY.encode(), STORY),
    ],
    ids=["jsonl", "html", "text", "text-with-bom"],
)
def test_standard_input_kind_is_guessed_from_content(content: bytes, first_words: str) -> None:
    (article,) = list(read_stream(io.BytesIO(content), "<stdin>"))
    assert isinstance(article, Article)
    assert article.text.startswith(first_words)


# --- bad input: reported by name with a reason, the rest goes on -----------------------------------


def _empty(tmp: Path) -> Path:
    return _write(tmp / "empty.txt", "  \n\n ")


def _binary(tmp: Path) -> Path:
    return _write(tmp / "image.txt", bytes(range(256)) * 8)


def _control_chars(tmp: Path) -> Path:
    return _write(tmp / "controls.txt", b"\x01\x02\x03\x04\x05\x06\x07\x08 some words " * 50)


def _huge(tmp: Path) -> Path:
    return _write(tmp / "huge.txt", (STORY + " ") * 40)


def _huge_record(tmp: Path) -> Path:
    return _write(tmp / "huge.jsonl", json.dumps({"text": (STORY + " ") * 40}) + "\n")


def _html_without_article(tmp: Path) -> Path:
    page = "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>"
    return _write(tmp / "nav.html", page)


def _record_without_text(tmp: Path) -> Path:
    return _write(tmp / "notext.jsonl", json.dumps({"title": "only a title"}) + "\n")


def _csv_without_text_column(tmp: Path) -> Path:
    return _write(tmp / "notext.csv", "id,body\n1,something\n")


def _unsupported(tmp: Path) -> Path:
    return _write(tmp / "report.pdf", b"%PDF-1.4")


@pytest.mark.parametrize(
    ("make", "kind", "reason_words"),
    [
        (_empty, "EmptyInput", "empty"),
        (_binary, "BinaryInput", "binary"),
        (_control_chars, "BinaryInput", "control characters"),
        (_huge, "InputTooLarge", "limit"),
        (_huge_record, "InputTooLarge", "limit"),
        (_html_without_article, "NoArticleText", "no article text"),
        (_record_without_text, "UnreadableRecord", "'text'"),
        (_csv_without_text_column, "UnreadableRecord", "'text' column"),
        (_unsupported, "UnreadableRecord", "'.pdf'"),
        (lambda tmp: tmp / "missing.txt", "InputNotFound", "no such file"),
    ],
    ids=[
        "empty",
        "binary",
        "control-chars",
        "huge-file",
        "huge-record",
        "html-no-article",
        "record-no-text",
        "csv-no-text-column",
        "unsupported",
        "missing",
    ],
)
def test_bad_input_is_reported_by_name_and_the_batch_goes_on(
    tmp_path: Path, make: Callable[[Path], Path], kind: str, reason_words: str
) -> None:
    good_before, good_after = _write(tmp_path / "a.txt", STORY), _write(tmp_path / "z.txt", OTHER)
    bad = make(tmp_path)
    items = list(read_paths([good_before, bad, good_after], ReadOptions(max_chars=1000)))
    (failure,) = _failures(items)
    assert failure.where.startswith(str(bad))
    assert failure.kind == kind
    assert reason_words in failure.reason
    assert [a.text for a in _articles(items)] == [STORY, OTHER]


@pytest.mark.parametrize("broken_line", ['{"text": "cut off in the mi', "not json at all", "[1, 2]"])
def test_a_broken_jsonl_line_fails_alone_with_its_line_number(tmp_path: Path, broken_line: str) -> None:
    path = _write(
        tmp_path / "batch.jsonl",
        json.dumps({"text": STORY}) + "\n" + broken_line + "\n" + json.dumps({"text": OTHER}) + "\n",
    )
    items = list(read_paths([path]))
    (failure,) = _failures(items)
    assert failure.where == f"{path}:2"
    assert failure.kind == "UnreadableRecord"
    assert [a.text for a in _articles(items)] == [STORY, OTHER]


def test_a_folder_names_the_files_whose_kind_it_skips(tmp_path: Path) -> None:
    """Regression: "skipped 1 file(s) whose kind newsgraph does not read" did not say which."""
    folder = _directory(tmp_path)
    _write(folder / "nested" / "data.xlsx", b"PK\x03\x04")
    notes: list[tuple[str, str]] = []
    list(read_paths([folder], ReadOptions(on_note=lambda where, note: notes.append((where, note)))))
    assert notes == [
        (str(folder), "skipped 2 file(s) whose kind newsgraph does not read: picture.png, nested/data.xlsx")
    ]


DEEP = 100_000


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deep.jsonl", json.dumps({"text": STORY}) + "\n" + "[" * DEEP + "]" * DEEP + "\n" + json.dumps({"text": OTHER}) + "\n"),
        ("deep-object.jsonl", json.dumps({"text": STORY}) + "\n" + '{"a":' * DEEP + "1" + "}" * DEEP + "\n" + json.dumps({"text": OTHER}) + "\n"),
    ],
)  # fmt: skip
def test_deeply_nested_json_is_one_bad_record_and_the_batch_goes_on(
    tmp_path: Path, name: str, content: str
) -> None:
    """Regression: 100,000 levels of brackets raised a RecursionError that ended the whole command."""
    good = _write(tmp_path / "first.jsonl", json.dumps({"text": OTHER}) + "\n")
    path = _write(tmp_path / name, content)
    items = list(read_paths([good, path]))
    (failure,) = _failures(items)
    assert failure.where == f"{path}:2" and failure.kind == "UnreadableRecord"
    assert "nested too deeply" in failure.reason
    assert [a.text for a in _articles(items)] == [OTHER, STORY, OTHER]


def test_a_deeply_nested_json_document_is_a_bad_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "deep.json", "[" * DEEP + "]" * DEEP)
    (failure,) = _failures(list(read_paths([path])))
    assert failure.kind == "UnreadableRecord" and "nested too deeply" in failure.reason


@pytest.mark.timeout(20)
@pytest.mark.parametrize("inside_a_folder", [False, True])
def test_a_fifo_is_skipped_by_name_instead_of_hanging(tmp_path: Path, inside_a_folder: bool) -> None:
    """Regression: opening a FIFO waited for a writer forever, so the whole batch hung."""
    folder = tmp_path / "in"
    folder.mkdir()
    good = _write(folder / "a.txt", STORY)
    fifo = folder / "b.jsonl"
    os.mkfifo(fifo)
    items = list(read_paths([folder] if inside_a_folder else [good, fifo]))
    (failure,) = _failures(items)
    assert failure.where == str(fifo) and "FIFO" in failure.reason
    assert [a.text for a in _articles(items)] == [STORY]


def test_counting_a_batch_does_not_open_a_fifo(tmp_path: Path) -> None:
    from newsgraph.batch.inputs import count_articles

    _write(tmp_path / "a.txt", STORY)
    os.mkfifo(tmp_path / "b.jsonl")
    assert count_articles([tmp_path]) == 1


def test_a_truncated_last_line_says_the_file_may_be_cut_off(tmp_path: Path) -> None:
    path = _write(tmp_path / "cut.jsonl", json.dumps({"text": STORY}) + '\n{"text": "The minis')
    items = list(read_paths([path]))
    assert [f.where for f in _failures(items)] == [f"{path}:2"]
    assert "truncated" in _failures(items)[0].reason
    assert len(_articles(items)) == 1


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_mis_encoded_text_is_read_as_its_legacy_encoding_with_a_note(tmp_path: Path, encoding: str) -> None:
    text = "The café owner said the naïve plan had failed, and the mayor agreed."
    path = _write(tmp_path / "legacy.txt", text.encode(encoding))
    notes: list[tuple[str, str]] = []
    items = list(read_paths([path], ReadOptions(on_note=lambda where, note: notes.append((where, note)))))
    assert [a.text for a in _articles(items)] == [text]
    assert notes and notes[0][0] == str(path) and "not UTF-8" in notes[0][1]


def test_cp1252_punctuation_is_decoded() -> None:
    text = "The minister called the plan \u201cabsurd\u201d \u2014 and left."
    assert decode_bytes(text.encode("cp1252")).text == text


def test_mis_encoded_jsonl_line_is_decoded_alone(tmp_path: Path) -> None:
    record = '{"text": "The caf\u00e9 reopened after the strike ended."}\n'
    path = _write(
        tmp_path / "mixed.jsonl", record.encode("cp1252") + (json.dumps({"text": STORY}) + "\n").encode()
    )
    assert [a.text for a in _articles(list(read_paths([path])))] == [
        "The caf\u00e9 reopened after the strike ended.",
        STORY,
    ]


def test_non_english_text_is_read_and_left_to_the_pipeline_to_refuse(tmp_path: Path) -> None:
    # Reading does not judge the language; Pipeline.check does (see test_cli for the report).
    text = "Die Regierung hat am Montag beschlossen, die Gespräche mit den Nachbarländern fortzusetzen."
    (article,) = list(read_paths([_write(tmp_path / "de.txt", text)]))
    assert isinstance(article, Article)


# --- publication dates and datelines ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place", "date", "agency"),
    [
        ("MOSCOW (AP) \u2014 The Kremlin said on Tuesday ...", "MOSCOW", None, "AP"),
        (
            "WASHINGTON, Sept. 13, 2023 (Reuters) - The State Department ...",
            "WASHINGTON",
            "2023-09-13",
            "Reuters",
        ),
        (
            "SEOUL, South Korea, March 3, 2022 (AP) -- North Korea ...",
            "SEOUL, South Korea",
            "2022-03-03",
            "AP",
        ),
        ("Paris, 14 July 2021 (AFP) - France ...", "Paris", "2021-07-14", "AFP"),
        ("BEIJING \u2014 China on Monday ...", "BEIJING", None, None),
        ("(CNN) \u2014 A spokesman said ...", None, None, "CNN"),
    ],
)
def test_datelines_give_place_date_and_agency(
    text: str, place: str | None, date: str | None, agency: str | None
) -> None:
    dateline = find_dateline(text)
    assert dateline is not None
    assert (dateline.place, dateline.date, dateline.agency) == (place, date, agency)
    if place is not None:
        assert dateline.place_span is not None
        assert text[dateline.place_span[0] : dateline.place_span[1]] == place
    # The dateline ends where the story begins.
    assert text[dateline.span[1]].isupper()


@pytest.mark.parametrize(
    "text",
    [
        "Hamas - the group that runs Gaza - said ...",
        "The president said - without notes - that ...",
        "Brazil Hu Jintao, the President of China, had lunch ...",
        "North Korea's Kim Jong Un met Vladimir Putin on Wednesday.",
        # A weekday opening a timeline's entry is a date, not a place (it was "Mon", Mon State).
        "Mon. Dec. 27: Yushchenko claims victory in re-run.",
    ],
)
def test_ordinary_openings_are_not_datelines(text: str) -> None:
    assert find_dateline(text) is None


@pytest.mark.parametrize(
    ("reference", "expected"),
    [(None, None), ("2023-09-14", "2023-09-13"), ("2024-01-03", "2023-09-13")],
    ids=["no-year", "same-year", "year-before"],
)
def test_a_dateline_without_year_takes_the_reference_year(
    reference: str | None, expected: str | None
) -> None:
    dateline = find_dateline("WASHINGTON, Sept. 13 (Reuters) - Officials said ...", reference)
    assert dateline is not None and dateline.date == expected


def test_the_reader_records_the_dateline_on_the_article_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader finds the dateline once and the Article keeps it; nothing finds it again."""
    calls: list[str] = []
    real = articles_module.find_dateline

    def counting(text: str, reference: object = None) -> Dateline | None:
        calls.append(text)
        return real(text, reference)  # type: ignore[arg-type]

    monkeypatch.setattr(articles_module, "find_dateline", counting)
    text = "WASHINGTON, Sept. 13 (Reuters) - Officials said the talks would resume."
    article = articles_module.make_article(text, "one.txt", ReadOptions(published="2023-09-20"))
    assert len(calls) == 1
    assert article.dateline is not None
    assert article.dateline.place == "WASHINGTON" and article.dateline.date == "2023-09-13"
    assert article.published == "2023-09-13"


@pytest.mark.parametrize(
    ("sentence", "story"),
    [
        ("CORSICANA \u2014 A Henderson County woman was sentenced.", "A Henderson"),
        ("The Latest: Trump urges supporters to vote.", "Trump urges"),
        ("PARIS, May 3 (Reuters) - Police said.", "Police said"),
        ("Police arrested two men on Friday.", None),
    ],
)
def test_a_label_opening_a_sentence_is_set_off(sentence: str, story: str | None) -> None:
    """A dateline or slug opening any sentence (after a headline, say) is a label, not the story."""
    end = opening_label_end(sentence)
    if story is None:
        assert end is None
    else:
        assert end is not None and sentence[end:].startswith(story)


def test_the_dateline_is_derived_not_output() -> None:
    """An Article built from text alone finds its dateline; the output format does not carry it, and
    reading the output back finds the same one."""
    text = "MOSCOW (AP) \u2014 The Kremlin said on Tuesday that talks would go on."
    analysis = Analysis(article=Article(text=text))
    assert analysis.article.dateline == find_dateline(text)
    data = analysis.to_dict()
    assert "dateline" not in data["article"]
    assert Analysis.from_dict(data).article.dateline == analysis.article.dateline
    assert Article(text="No dateline opens this text.").dateline is None


def test_stages_read_the_articles_dateline(pipeline: Pipeline) -> None:
    """The places stage takes the place of filing from ``Article.dateline``: an article whose
    dateline is set aside has no default place for its events, the same text with it has MOSCOW."""
    text = "MOSCOW (AP) \u2014 The two sides signed an agreement on Tuesday."
    with_dateline = pipeline.analyze_article(Article(text=text))
    bare = Article(text=text)
    bare.dateline = dataclasses.replace(bare.dateline, place=None, place_span=None)  # type: ignore[type-var]
    without = pipeline.analyze_article(bare)
    moscow = {
        p.id for p in with_dateline.places if any(with_dateline.slice(m) == "MOSCOW" for m in p.mentions)
    }
    assert with_dateline.events and without.events
    assert all(e.place in moscow and e.place_is_default for e in with_dateline.events)
    assert all(e.place is None for e in without.events)


@pytest.mark.parametrize(
    ("record", "flag", "expected"),
    [
        (
            {"text": "LONDON, May 2, 2022 (Reuters) - x y z.", "published": "2022-05-03"},
            "2020-01-01",
            "2022-05-03",
        ),
        ({"text": "LONDON, May 2, 2022 (Reuters) - x y z."}, "2020-01-01", "2022-05-02"),
        ({"text": "Nothing dated here at all."}, "2020-01-01", "2020-01-01"),
        ({"text": "Nothing dated here at all."}, None, None),
        ({"text": "Dated in metadata.", "published": "Tue, 03 May 2022 10:00:00 GMT"}, None, "2022-05-03"),
        ({"text": "Dated in metadata.", "published": "not a date"}, "2020-01-01", "2020-01-01"),
    ],
    ids=["metadata-first", "dateline-second", "flag-last", "nothing", "rfc2822", "unreadable-metadata"],
)
def test_publication_date_precedence(
    tmp_path: Path, record: dict[str, str], flag: str | None, expected: str | None
) -> None:
    path = _write(tmp_path / "one.jsonl", json.dumps(record) + "\n")
    (article,) = list(read_paths([path], ReadOptions(published=flag)))
    assert isinstance(article, Article)
    assert article.published == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-09-13T10:00:00Z", "2023-09-13"),
        ("September 13, 2023", "2023-09-13"),
        ("13 Sep 2023", "2023-09-13"),
        ("", None),
        ("soon", None),
    ],
)
def test_parse_published(value: str, expected: str | None) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-09-13", "2023-09-13"),
        ("2023-09-13T10:00:00Z", "2023-09-13"),
        ("Wed, 13 Sep 2023 10:00:00 GMT", "2023-09-13"),
        ("Sept 13, 2023", "2023-09-13"),
        ("Sept. 13, 2023", "2023-09-13"),
        ("Sep. 13, 2023", "2023-09-13"),
        ("September 13, 2023", "2023-09-13"),
        ("13 Sept 2023", "2023-09-13"),
        ("13 September 2023", "2023-09-13"),
        ("2023/09/13", "2023-09-13"),
    ],
)
def test_one_date_parser_for_metadata_and_for_a_users_date(value: str, expected: str) -> None:
    """Regression: newsgraph.analyze(text, published="Sept 13, 2023") failed while a JSONL record
    with the same date worked: the two were parsed by two different functions."""
    from newsgraph.dates import normalize_date, parse_date

    assert parse_date(value) == normalize_date(value) == parse_published(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "13/13/2023", "2023-02-30", "Septembre 13"])
def test_a_users_date_that_is_not_one_is_refused_and_metadata_dropped(value: str) -> None:
    from newsgraph.dates import normalize_date, parse_date
    from newsgraph.errors import BadDate

    assert parse_date(value) is None
    with pytest.raises(BadDate):
        normalize_date(value)


def test_analyze_takes_a_publication_date_in_any_form_metadata_may_have(pipeline: Pipeline) -> None:
    analysis = pipeline.analyze("The minister met the envoy on Tuesday in Oslo.", published="Sept 13, 2023")
    assert analysis.article.published == "2023-09-13"


def test_newsgraphs_own_output_can_be_read_back_as_input(tmp_path: Path, pipeline: Pipeline) -> None:
    """Regression: out/demo.jsonl was refused ("no non-empty 'text' field"): the text is in "article"."""
    analysis = pipeline.analyze(STORY, published="2024-02-02", title="Pier reopens", external_id="a1")
    path = _write(tmp_path / "out.jsonl", json.dumps(analysis.to_dict()) + "\n")
    (article,) = _articles(list(read_paths([path])))
    assert (article.text, article.published, article.title, article.external_id) == (
        STORY,
        "2024-02-02",
        "Pier reopens",
        "a1",
    )
    assert article.id == analysis.article.id
