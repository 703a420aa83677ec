"""A cache of spaCy parses on disk, so that scoring and training runs parse each text once.

Parsing is most of the time of ``newsgraph eval`` and of training a stage; the stages after it run
in seconds. With ``NEWSGRAPH_PARSE_CACHE=DIR`` (for instance ``/tmp/newsgraph-parses``) each parsed
text is written to DIR as spaCy's own bytes, keyed by a hash of the text, the spaCy version and
the pipeline's name and version, so a changed text or model never reads a stale parse. Without the
variable nothing is cached. The cache only ever holds parses: what the stages do with them is
always computed afresh.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

CACHE_VARIABLE = "NEWSGRAPH_PARSE_CACHE"


def cache_dir() -> Path | None:
    """The directory the environment names for cached parses, or None (no caching)."""
    value = os.environ.get(CACHE_VARIABLE, "").strip()
    return Path(value) if value else None


def _key(nlp: Language, text: str) -> str:
    digest = hashlib.sha256()
    for part in (spacy.__version__, nlp.meta.get("name", ""), nlp.meta.get("version", ""), text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def parse_texts(nlp: Language, texts: Iterable[str], directory: Path | None = None) -> Iterator[Doc]:
    """Parse texts in order, reading each from the cache when it is there and writing it when not.

    ``directory`` defaults to ``NEWSGRAPH_PARSE_CACHE``; with neither, this is ``nlp.pipe(texts)``.
    A cached file that cannot be read (cut short, another spaCy) is parsed again and rewritten.
    """
    where = directory or cache_dir()
    if where is None:
        yield from nlp.pipe(texts)
        return
    where.mkdir(parents=True, exist_ok=True)
    pending = list(texts)
    found: dict[int, Doc] = {}
    missing: list[int] = []
    for index, text in enumerate(pending):
        path = where / f"{_key(nlp, text)}.spacy"
        if path.is_file():
            try:
                doc = Doc(nlp.vocab).from_bytes(path.read_bytes())
            except (ValueError, KeyError, OSError):
                doc = None
            if doc is not None and doc.text == text:
                found[index] = doc
                continue
        missing.append(index)
    parsed = nlp.pipe(pending[i] for i in missing)
    for index, doc in zip(missing, parsed, strict=True):
        path = where / f"{_key(nlp, pending[index])}.spacy"
        temporary = path.with_suffix(f".{os.getpid()}.part")
        temporary.write_bytes(doc.to_bytes())
        temporary.replace(path)
        found[index] = doc
    for index in range(len(pending)):
        yield found[index]
