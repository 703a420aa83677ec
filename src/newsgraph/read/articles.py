"""Turning what a reader found (text and metadata) into an Article with its publication date."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..dateline import find_dateline
from ..dates import parse_date
from ..errors import EmptyInput, InputError, InputTooLarge, Messages
from ..model import Article, Failure
from ..settings import DEFAULT_MAX_CHARS

Item = Article | Failure
NoteHandler = Callable[[str, str], None]


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs: the fallback publication date, the size limit, and where notes go."""

    # The publication date to use when neither the metadata nor a dateline gives one (YYYY-MM-DD).
    published: str | None = None
    max_chars: int = DEFAULT_MAX_CHARS
    # Called with (where, message) for things worth knowing that are not failures ("read as cp1252").
    on_note: NoteHandler | None = None
    # A folder's files of a kind newsgraph does not read (a .pdf, a README) are named in one note; with
    # this set each is a Failure instead, so a batch records it in its failures table.
    skipped_as_failures: bool = False

    @property
    def max_file_bytes(self) -> int:
        """The largest text file read: UTF-8 takes at most 4 bytes per character."""
        return 4 * self.max_chars

    def note(self, where: str, message: str) -> None:
        """Pass a note to the handler, if there is one."""
        if self.on_note is not None:
            self.on_note(where, message)


def parse_published(value: str | None) -> str | None:
    """Return a metadata date (ISO 8601, RFC 2822, "Sept 13, 2023", ...) as YYYY-MM-DD, or None."""
    return parse_date(value)


def failure(where: str, exc: InputError) -> Failure:
    """A Failure for an input error, located at ``where`` unless the error names its own place."""
    return Failure(where=exc.where or where, reason=exc.message, kind=type(exc).__name__)


def check_size(text: str, options: ReadOptions) -> None:
    """Raise InputTooLarge when a text is over the character limit."""
    if len(text) > options.max_chars:
        raise InputTooLarge(Messages.TOO_LARGE.format(size=len(text), limit=options.max_chars))


def make_article(
    text: str,
    where: str,
    options: ReadOptions,
    *,
    external_id: str | None = None,
    title: str | None = None,
    published: str | None = None,
    source: str | None = None,
    url: str | None = None,
) -> Article:
    """Build an Article, choosing its publication date.

    Precedence: the date in the input's metadata, then the date of a dateline at the start of the
    text ("WASHINGTON, Sept. 13 (Reuters) -"; a dateline without a year takes the year of the
    ``--published`` date), then ``options.published``. Raises EmptyInput or InputTooLarge.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyInput(Messages.EMPTY)
    check_size(text, options)
    date = parse_published(published)
    if published not in (None, "") and date is None:
        options.note(where, f"the publication date {published!r} is not a date newsgraph can read; ignored")
    # Found once here; the Article keeps it for every stage (its place, where the story begins).
    dateline = find_dateline(text, options.published)
    if date is None:
        date = dateline.date if dateline else None
    return Article(
        dateline=dateline,
        text=text,
        title=title or None,
        published=date or options.published,
        source=source or None,
        url=url or None,
        external_id=external_id or where,
    )
