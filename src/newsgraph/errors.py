"""Every error newsgraph raises, and every message it prints, in one place.

The exception tree (the library raises these; the CLI and HTTP layers turn them into messages)::

    NewsgraphError
    ├── InputError            an article could not be read or is not fit to analyze
    │   ├── InputNotFound
    │   ├── EmptyInput
    │   ├── BinaryInput
    │   ├── InputTooLarge
    │   ├── EncodingProblem
    │   ├── NoArticleText
    │   ├── NotEnglish
    │   └── UnreadableRecord  (a broken JSONL/CSV line, a truncated file, a FIFO)
    ├── BadDate               a date given by the user that is not a date
    ├── UnknownFormat         an output or export format name newsgraph does not know
    ├── UnknownTask           an evaluation task name newsgraph does not know
    ├── ModelNotFound         the spaCy pipeline named in the settings is not installed
    ├── GazetteerUnavailable  the places stage's data packages (the geo extra) are missing
    ├── LexiconError          a lexicon or word-list file of a stage is malformed
    ├── TrainedModelError     a trained model file is missing, corrupt or from another version
    │   └── TrainingDataError     no usable labelled data to train a model on
    ├── GoldFormatError       a labelled file does not follow newsgraph.gold/1
    ├── CorrectionRefused     a review correction names what the article or PLOVER does not have
    ├── StaleCorrection       a correction made on a copy of an item that has changed since
    ├── NoPipeline            the store was given articles to analyze but no pipeline to analyze them
    └── StorageError          the database refused or cannot be used
        ├── NotNewsgraphDatabase  the file or database holds something else
        ├── SchemaTooNew          written by a newer newsgraph
        ├── SchemaTooOld          older than this newsgraph, and cannot be upgraded where it is
        ├── DatabaseNotFound      a read command was given a database that does not exist
        ├── DatabaseReadOnly      no permission to write
        ├── DiskFull              the disk (or quota) filled up mid-write
        ├── DatabaseBusy          another writer held the lock past the 30 s wait
        ├── DatabaseUnavailable   cannot connect or open it at all
        └── NotInDatabase         an article or event id that is not stored

Each message says what went wrong and how to fix it. Stages add their own subclasses here, not
in their modules, so that a user reading this file sees everything that can go wrong.
"""

from __future__ import annotations


class Messages:
    """Message templates, formatted with ``str.format``; each says what happened and what to do."""

    EMPTY = "the article is empty (no text after stripping white space); nothing to analyze"
    BINARY = "the file looks binary ({detail}), not text; give a .txt, .html, .jsonl or .csv file of articles"
    TOO_LARGE = (
        "the article has {size:,} characters, over the limit of {limit:,}; split it, or raise the limit "
        "with --max-chars (or NEWSGRAPH_MAX_CHARS)"
    )
    ENCODING = (
        "the file is not valid {encoding} and no other encoding fits it well ({detail}); re-save it as UTF-8"
    )
    NO_ARTICLE_TEXT = (
        "no article text could be extracted from the HTML (boilerplate only?); give the article's own page "
        "or its text"
    )
    NOT_ENGLISH = (
        "the text does not look like English ({detail}); newsgraph's models read English only, so the "
        "article was skipped"
    )
    BAD_RECORD = "{detail}; fix or remove this record (the rest of the file is read)"
    MISSING_TEXT_FIELD = (
        "the record has no non-empty 'text' field; each record needs the article text in 'text'"
    )
    UNSUPPORTED_FILE = (
        "cannot tell how to read '{suffix}' files; give .txt, .html/.htm, .jsonl/.json or .csv, a directory, "
        "or - for standard input"
    )
    SKIPPED_KIND = (
        "skipped: newsgraph does not read {kind} files (it reads .txt, .html/.htm, .jsonl/.json, .csv and "
        ".warc/.warc.gz)"
    )
    NOT_FOUND = "no such file or directory"
    NOT_REGULAR_FILE = (
        "not a regular file but a {kind}: newsgraph reads files and folders of files (reading a FIFO, "
        "socket or device could wait forever); skipped"
    )
    CANNOT_OPEN = "cannot open the file ({detail}); check its permissions"
    INPUT_TOO_LARGE_BYTES = (
        "the input has over {limit:,} bytes, more than any article; split it, or raise the limit with "
        "--max-chars (or NEWSGRAPH_MAX_CHARS)"
    )
    NO_INPUT = (
        "no articles found in {where}; give .txt, .html, .jsonl, .json or .csv files, or a directory of them"
    )
    MODEL_NOT_FOUND = (
        "the spaCy pipeline '{name}' is not installed; run 'make demo' (or 'pip install -e .' followed by "
        "the model pin in requirements/model.txt), or name an installed pipeline with --model or "
        "NEWSGRAPH_MODEL"
    )
    TRAINED_MODEL = (
        "the {task} model at {where} cannot be used: {detail}; rebuild it with 'newsgraph train {task}' "
        "(or 'make train'), which writes it from the labelled corpus in corpus/"
    )
    TRAINING_DATA = (
        "no {task} to learn from in {where}: {detail}; give newsgraph.gold/1 files that label {task} "
        "(see docs/eval.md)"
    )
    CENSUS_DATA = (
        "cannot read the census first-name lists at {where}: {detail}; install the 'names' package "
        "(pip install 'newsgraph[train]') or give the folder of dist.male.first and dist.female.first "
        "with --census"
    )
    ARTICLES_DATA = (
        "no articles to learn first-name genders from in {where}: {detail}; give JSON-lines files with a "
        "'text' field per article with --articles ('make train' names the Wikinews corpora)"
    )
    BAD_DATE = "'{value}' is not a date in YYYY-MM-DD form; give the publication date as e.g. 2023-09-13"
    GOLD_FORMAT = "{where}: {detail} (see the newsgraph.gold/1 format in docs/eval.md)"
    UNKNOWN_TASK = "unknown task '{task}'; choose one of: {choices}"
    GAZETTEER_MISSING = (
        "the places stage needs the '{package}' package for its gazetteer (GeoNames data); install it "
        "with: pip install 'newsgraph[geo]'"
    )
    INTERNAL_ERROR = (
        "newsgraph failed on this article ({detail}); this is a bug: please report it with the article"
    )
    BATCH_WORKER_CRASHED = (
        "newsgraph batch: a worker died on a task of {articles} article(s) (try {tries}: {reason}); "
        "{next_step}"
    )
    POISON_ARTICLE = (
        "this article crashed or hung its worker {tries} times ({detail}); it was skipped so the batch "
        "could go on: analyze it alone with 'newsgraph analyze' to see why, or raise --article-timeout"
    )
    UNKNOWN_ENGINE = "unknown engine '{engine}'; choose one of: {choices}"
    WORKER_START_FAILED = "a batch worker could not start ({detail}); fix that and run the batch again"
    WARC_RECORD_TOO_LARGE = (
        "a record decompresses to more than {limit:,} bytes (a decompression bomb, or a header line that "
        "never ends); reading stopped there"
    )
    WARC_LINE_TOO_LONG = (
        "the file decompresses to a line of more than {limit:,} bytes (a decompression bomb, or a corrupt "
        "record); reading stopped there"
    )
    WARC_FILE_TOO_LARGE = "the file decompresses to more than {limit:,} bytes; reading stopped there"
    BAD_WARC = "not a readable WARC/ARC file ({detail}); the file may be truncated or not a crawl archive"
    NOTHING_ANALYZED = "nothing could be analyzed: every input failed (reasons above)"
    NO_PUBLICATION_DATE = (
        "no publication date: only absolute dates were resolved; relative ones (yesterday, on Wednesday, "
        "last year) keep their span with value null; give the date (--published, a 'published' field)"
    )
    WORD_LIST = (
        "{where}: {detail}; each entry of a word-list file is "
        '"name": {{"about": "...", "used_by": "...", "words": [...]}} (see docs/rules.md)'
    )
    LEXICON_LINE = (
        "{where}: {detail}; each trigger line is 'pattern<TAB>TYPE<TAB>mode or -<TAB>contexts or -' with "
        "PLOVER names spelled as in the manual"
    )
    DB_NOT_NEWSGRAPH = (
        "{where} is not a newsgraph database ({detail}); it was left untouched. Give another path with "
        "--db (or NEWSGRAPH_DB), or move the file away"
    )
    DB_TOO_NEW = (
        "{where} has schema version {found}, newer than this newsgraph knows ({known}); it was left "
        "untouched. Upgrade newsgraph (pip install -U newsgraph) to use it"
    )
    DB_TOO_OLD = (
        "{where} has schema version {found}, older than this newsgraph's ({known}), and cannot be written "
        "here, so it was not upgraded and was left untouched. Upgrade it once where it can be written: run "
        "'newsgraph stats --db PATH' on a writable copy, or on the file after making it and its directory "
        "writable"
    )
    DB_MISSING = (
        "there is no database at {where}: read commands never create one. Store articles first with "
        "'newsgraph ingest --db {where} FILE...', or give an existing database with --db (or NEWSGRAPH_DB)"
    )
    DB_EMPTY = (
        "{where} holds no newsgraph tables yet (an empty file): read commands never create them. Store "
        "articles first with 'newsgraph ingest --db {where} FILE...'"
    )
    DB_OPENED_FOR_READING = (
        "{where} was opened for reading only, so nothing was stored; open it with open_store(url) "
        "(read_only=False) or a writing command (newsgraph ingest) to store articles"
    )
    DB_READ_ONLY = (
        "{where} cannot be written ({detail}); nothing was stored. Check the permissions of the file and "
        "its directory, or give a writable path with --db"
    )
    DB_DISK_FULL = (
        "the disk under {where} is full ({detail}); the article being written was rolled back and every "
        "article before it is kept. Free some space and run the same command again to resume"
    )
    DB_BUSY = (
        "{where} stayed locked by another writer for longer than the 30 s newsgraph waits ({detail}); "
        "nothing of this article was stored. Run the command again when the other ingest has finished"
    )
    DB_UNAVAILABLE = (
        "cannot open the database {where} ({detail}); check the URL given with --db or NEWSGRAPH_DB"
    )
    NO_PIPELINE = (
        "Store.ingest was given articles to analyze but no pipeline; pass one "
        "(store.ingest(articles, newsgraph.pipeline.get_pipeline())), or give it Analyses"
    )
    DB_NO_ARTICLE = "no article with id '{id}' in {where}; list ids with 'newsgraph events --format json'"
    DB_NO_EVENT = "no event with id '{id}' in {where}; list ids with 'newsgraph events --format json'"
    UNKNOWN_FORMAT = "unknown {what} format '{name}'; choose one of: {choices}"
    # Review (docs/review.md): corrections to the machine coding.
    CORRECTION_REFUSED = "correction refused, nothing was stored: {detail}"
    CORRECTION_STALE = (
        "{kind} {item} of article {article} changed since you loaded it (you sent version {given}, it is "
        "now version {found}, last changed by {by} at {at}); reload it, look at the change, and correct "
        "it again: nothing was stored"
    )
    CORRECTION_CODING = (
        "unknown coding '{name}'; choose machine (as the models coded it), corrected (with the "
        "reviewers' corrections applied) or both (side by side)"
    )
    CORRECTIONS_NEED_OUT = (
        "--with-corrections writes a new model beside the shipped one, which stays as it is: give --out "
        "PATH, then use it with {variable}=PATH"
    )
    CORRECTIONS_ALL_HELD_OUT = (
        "all {count} reviewed articles have the text of a dev or test document, which training never "
        "learns from; review other articles"
    )
    EXPORT_GOLD_FILTERS = (
        "the gold export writes every reviewed article and takes no event filters; leave them out"
    )
    CORRECTIONS_GOLD_EMPTY = (
        "{where} has no article whose {task} are all reviewed, so there is nothing to learn from yet; "
        "review an article's every {what} in the web UI's review queue first (docs/review.md)"
    )
    # The web API (newsgraph serve): every error answer carries one of these as its message.
    WEB_NOT_FOUND = "nothing at {path}; the API's endpoints are listed in /openapi.json and the UI is at /"
    WEB_METHOD_NOT_ALLOWED = "{method} is not allowed on {path}; see /openapi.json for the methods it takes"
    WEB_UNKNOWN_PARAMETER = "unknown parameter '{name}'; see /openapi.json for the parameters {path} takes"
    WEB_INVALID_PARAMETER = "invalid {where} '{name}': {detail}"
    WEB_MALFORMED_JSON = "the request body is not valid JSON ({detail}); send one JSON object with Content-Type: application/json"
    WEB_BODY_TOO_LARGE = "the request body is over the limit of {limit:,} bytes; send a shorter article"
    WEB_URI_TOO_LONG = (
        "the request's path and query string are over the limit of {limit:,} bytes; ask with fewer or "
        "shorter parameters"
    )
    WEB_HEADERS_TOO_LARGE = (
        "the request's headers are over the limit of {limit:,} bytes or {count} headers; send fewer or "
        "shorter headers"
    )
    WEB_MALFORMED_REQUEST = (
        "the request is not valid HTTP/1.1, or its request line or headers are over the server's limits "
        "({url_limit:,} bytes of path and query, {header_limit:,} bytes of headers)"
    )
    WEB_MISSING_TOKEN = (
        "this endpoint writes and needs the server's token: send 'Authorization: Bearer TOKEN' with the "
        "token given to 'newsgraph serve --token'"
    )
    WEB_WRONG_TOKEN = "the token sent does not match the one given to 'newsgraph serve --token'"
    WEB_WRITING_DISABLED = (
        "writing is disabled on this server; restart it with 'newsgraph serve --token TOKEN' to enable it"
    )
    WEB_HOST_NOT_ALLOWED = (
        "this server does not answer for host '{host}' (it answers for {allowed}); to serve other names, "
        "start it with 'newsgraph serve --allow-host NAME'"
    )
    WEB_DATABASE_UNAVAILABLE = (
        "the server cannot use its database right now (the reason is in the server's log)"
    )
    WEB_DATABASE_BUSY = "the database is busy with another writer; try again in a few seconds"
    WEB_ANALYSIS_UNAVAILABLE = (
        "the server cannot analyze articles: a model, lexicon or package it needs is missing or broken "
        "(the server's log names it)"
    )
    WEB_INTERNAL = "the server hit an unexpected error (logged on the server); try again or report it"
    # Review: which coding a listing or an export shows (store/review/rows.py).
    EXPORT_CODING_NEEDS_REPORTS = (
        "--coding {coding} of a {format} export needs --reports: corrections are made on an article's "
        "report, and an event (cluster) spans articles"
    )


class NewsgraphError(Exception):
    """Base class of every error newsgraph raises on purpose."""


class InputError(NewsgraphError):
    """An article could not be read, or is not fit to analyze.

    ``where`` names the file (and line or record) so a batch can report it and go on.
    """

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputNotFound(InputError):
    """A path given to read does not exist or cannot be opened."""


class EmptyInput(InputError):
    """The article has no text."""


class BinaryInput(InputError):
    """The file is binary, not text."""


class InputTooLarge(InputError):
    """The article is over the size limit."""


class EncodingProblem(InputError):
    """The bytes are not text in any encoding that fits."""


class NoArticleText(InputError):
    """An HTML page yielded no article text."""


class NotEnglish(InputError):
    """The text is not English."""


class UnreadableRecord(InputError):
    """A JSONL/CSV record is malformed or truncated, or lacks its text."""


class ModelNotFound(NewsgraphError):
    """The configured spaCy pipeline is not installed."""


class BadDate(NewsgraphError, ValueError):
    """A date given by the user is not YYYY-MM-DD."""


class LexiconError(NewsgraphError):
    """A trigger or context lexicon file of the events stage is malformed."""


class TrainedModelError(NewsgraphError):
    """A trained model file is missing, corrupt, or was written by another model format version."""


class TrainingDataError(TrainedModelError):
    """The labelled files given to ``newsgraph train`` hold nothing to learn from."""


class GoldFormatError(NewsgraphError):
    """A labelled file does not follow newsgraph.gold/1."""


class UnknownTask(NewsgraphError, ValueError):
    """An evaluation task name is not one newsgraph knows."""


class GazetteerUnavailable(NewsgraphError):
    """The gazetteer's data packages (the ``geo`` extra) are not installed."""


class NoPipeline(NewsgraphError, ValueError):
    """``Store.ingest`` was given Articles but no pipeline to analyze them with."""


class StorageError(NewsgraphError):
    """The database cannot be used as asked."""


class NotNewsgraphDatabase(StorageError):
    """The database exists but holds something other than newsgraph's tables."""


class SchemaTooNew(StorageError):
    """The database was written by a newer newsgraph whose schema this one does not know."""


class SchemaTooOld(StorageError):
    """The database was written by an older newsgraph and cannot be upgraded here (it is read-only)."""


class DatabaseNotFound(StorageError):
    """A read command (or a read-only open) was given a database that does not exist or is empty."""


class DatabaseReadOnly(StorageError):
    """The database (or its directory) cannot be written."""


class DiskFull(StorageError):
    """The disk or quota filled up while writing; the open transaction was rolled back."""


class DatabaseUnavailable(StorageError):
    """The database cannot be opened or connected to."""


class DatabaseBusy(StorageError):
    """Another writer held the database's lock for longer than newsgraph waits."""


class NotInDatabase(StorageError, LookupError):
    """An article or event id that the database does not hold."""


class UnknownFormat(NewsgraphError, ValueError):
    """An output or export format name newsgraph does not know."""


class CorrectionRefused(NewsgraphError, ValueError):
    """A review correction that cannot be stored: an unknown type, mode, context, sector or country,
    a span outside the text, a speaker that is not a mention, an item the article does not have."""


class StaleCorrection(NewsgraphError):
    """A correction made on a copy of an item that someone else has changed since it was loaded."""
