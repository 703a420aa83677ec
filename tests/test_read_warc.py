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
