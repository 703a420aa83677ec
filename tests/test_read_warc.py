"""WARC crawl files: one article per HTML response; everything else passed over or reported."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.model import Article, Failure
from newsgraph.read import read_paths

ARTICLE_HTML = """<html><head><title>Council backs the harbour plan</title>
<meta property="article:published_time" content="2024-03-05"></head><body><article>
<h1>Council backs the harbour plan</h1>
<p>The city council voted on Tuesday to back the harbour plan after a long debate.</p>
<p>The mayor said the work would start in the spring and last two years, and that the port
would stay open while it went on. Opponents said they would keep up their campaign.</p>
</article></body></html>"""
EMPTY_HTML = "<html><body><nav><a href='/'>Home</a></nav></body></html>"


def _record(
    writer: WARCWriter, uri: str, body: str, status: str = "200 OK", content_type: str = "text/html"
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body.encode("utf-8")), http_headers=headers
        )
    )


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_html_responses_become_articles_and_the_rest_is_passed_over(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        _record(writer, "https://news.example/harbour", ARTICLE_HTML)
        _record(writer, "https://news.example/logo.png", "PNG", content_type="image/png")
        _record(writer, "https://news.example/gone", ARTICLE_HTML, status="404 Not Found")
        _record(writer, "https://news.example/menu", EMPTY_HTML)
    items = list(read_paths([tmp_path]))
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [a.url for a in articles] == ["https://news.example/harbour"]
    assert articles[0].published == "2024-03-05"
    assert "harbour plan" in articles[0].text
    assert len(failures) == 1 and "news.example/menu" in failures[0].where


def test_a_file_that_is_not_a_warc_is_reported_by_name(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(b"this is not a crawl archive at all")
    (failure,) = list(read_paths([path]))
    assert isinstance(failure, Failure) and failure.where == str(path)
    assert "WARC" in failure.reason


def test_a_truncated_warc_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    with whole.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        _record(writer, "https://news.example/one", ARTICLE_HTML)
        cut_at = out.tell()
        _record(writer, "https://news.example/two", ARTICLE_HTML.replace("harbour", "airport"))
    truncated = tmp_path / "cut.warc.gz"
    truncated.write_bytes(whole.read_bytes()[: cut_at + 200])
    items = list(read_paths([truncated]))  # warcio stops quietly at the cut; nothing half-read comes out
    assert [(type(i), i.url) for i in items if isinstance(i, Article)] == [
        (Article, "https://news.example/one")
    ]
    assert all("airport" not in i.text for i in items if isinstance(i, Article))


def _bomb(path: Path, body: bytes, repeat: int, *, good_first: bool = True) -> Path:
    """A gzipped WARC: optionally a good article record, then a member that inflates to body * repeat."""
    import gzip

    with path.open("wb") as out:
        if good_first:
            writer = WARCWriter(out, gzip=True)
            _record(writer, "https://news.example/harbour", ARTICLE_HTML)
        with gzip.GzipFile(fileobj=out, mode="wb") as member:
            member.write(b"WARC/1.0\r\nWARC-Type: resource\r\n")
            for _ in range(repeat):
                member.write(body)
    return path


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"\0" * (1 << 20), "a line of more than"),  # zeros: one header line that never ends
        (b"X-Pad: " + b"a" * 1000 + b"\r\n", "a record decompresses to more than"),  # endless headers
    ],
    ids=["zeros", "endless-headers"],
)
def test_a_decompression_bomb_stops_at_a_cap_with_bounded_memory(
    tmp_path: Path, body: bytes, reason: str
) -> None:
    """Regression: 2 MB of .warc.gz inflating to 2 GiB grew past 2 GB of memory and never finished."""
    import resource
    import tracemalloc

    path = _bomb(tmp_path / "bomb.warc.gz", body, repeat=(512 << 20) // len(body))  # 512 MiB inflated
    assert path.stat().st_size < 4 << 20
    tracemalloc.start()
    items = list(read_paths([path]))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\npeak Python memory reading the bomb: {peak / 2**20:.0f} MiB; "
          f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")  # fmt: skip
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [a.url for a in articles] == ["https://news.example/harbour"]  # the record before it stands
    assert len(failures) == 1 and failures[0].where == str(path) and reason in failures[0].reason
    assert peak < 256 << 20


def test_the_per_file_cap_stops_a_long_archive_of_small_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsgraph.read import warc

    monkeypatch.setattr(warc, "MAX_FILE_BYTES", 20_000)
    path = tmp_path / "many.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(40):
            _record(writer, f"https://news.example/{n}", ARTICLE_HTML)
    items = list(read_paths([path]))
    failures = [i for i in items if isinstance(i, Failure)]
    assert failures and "the file decompresses to more than 20,000 bytes" in failures[-1].reason
    assert 0 < sum(isinstance(i, Article) for i in items) < 40
