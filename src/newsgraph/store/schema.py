"""The tables of a newsgraph database, one definition for SQLite and PostgreSQL (SQLAlchemy Core).

Every fact of ``newsgraph.analysis/1`` has a table of its own so that queries can filter on it;
the full analysis JSON is kept beside them on the article so nothing a stage adds is ever lost.
Integer surrogate keys (``pk``) keep joins small; ``articles.id`` is the content hash users see.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(40), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("url", Text),
    Column("title", Text),
    Column("published", String(10)),
    Column("source", Text),
    Column("language", String(16)),
    Column("external_id", Text),
    Column("text", Text, nullable=False),
    # A changed article at the same URL is a new version; the old one stays, no longer current.
    Column("version", Integer, nullable=False, default=1),
    Column("supersedes", String(64)),
    Column("current", Boolean, nullable=False, default=True),
    # The near-duplicate group: the id of the first stored article of the group (itself if none).
    Column("dup_group", String(64), nullable=False),
    Column("ingested_at", String(40), nullable=False),
    Column("analysis", JSON, nullable=False),
    Index("ix_articles_url", "url"),
    Index("ix_articles_dup_group", "dup_group"),
    Index("ix_articles_published", "published"),
)

# MinHash signatures (for the Jaccard check) and their LSH band keys (for finding candidates), so
# that a new ingest is compared with every stored article without loading them all into memory.
article_minhash = Table(
    "article_minhash",
    metadata,
    Column("article_pk", Integer, ForeignKey("articles.pk"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

lsh_bands = Table(
    "lsh_bands",
    metadata,
    Column("band", Integer, nullable=False),
    Column("key", String(32), nullable=False),
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False),
    Index("ix_lsh_bands_band_key", "band", "key"),
)

entities = Table(
    "entities",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False),
    Column("local_id", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    Column("type", String(32), nullable=False),
    Column("country", String(8)),
    Column("sector", String(16)),
    Column("wikidata", String(32)),
    Column("mentions", JSON, nullable=False),
    Index("ix_entities_article", "article_pk"),
    Index("ix_entities_type", "type"),
    Index("ix_entities_name_key", "name_key"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False),
    Column("local_id", String(32), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("speaker_id", String(32)),
    Column("speaker_name", Text),
    Column("speaker_key", Text),
    Column("span", JSON, nullable=False),
    Column("speaker_span", JSON),
    Column("cue_span", JSON),
    Column("parts", JSON),
    Index("ix_quotes_article", "article_pk"),
    Index("ix_quotes_speaker_key", "speaker_key"),
)

times = Table(
    "times",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False),
    Column("local_id", String(32), nullable=False),
    Column("type", String(16), nullable=False),
    Column("value", String(64)),
    Column("text", Text, nullable=False),
    Column("span", JSON, nullable=False),
    Index("ix_times_article", "article_pk"),
)

places = Table(
    "places",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False),
    Column("local_id", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    Column("geonameid", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(8)),
    Column("feature_class", String(8)),
    Column("mentions", JSON, nullable=False),
    Index("ix_places_article", "article_pk"),
    Index("ix_places_name_key", "name_key"),
)

# One row per event cluster: the same event reported by several articles (GDELT's counts).
event_clusters = Table(
    "event_clusters",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("signature", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("quad", Integer),
    Column("date", String(10)),
    Column("actor", Text),
    Column("recipient", Text),
    Column("place", Text),
    Column("country", String(8)),
    Column("first_reported", String(10)),
    Column("last_reported", String(10)),
    Column("num_mentions", Integer, nullable=False, default=0),
    Column("num_articles", Integer, nullable=False, default=0),
    Column("num_sources", Integer, nullable=False, default=0),
    Index("ix_event_clusters_signature", "signature", "date"),
    Index("ix_event_clusters_date", "date"),
)

# One row per event report (a mention of an event in one article), traceable to its sentence.
events = Table(
    "events",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False),
    Column("cluster_pk", Integer, ForeignKey("event_clusters.pk")),
    Column("local_id", String(32), nullable=False),
    Column("type", String(16), nullable=False),
    Column("mode", String(32)),
    Column("context", JSON, nullable=False),
    Column("quad", Integer),
    Column("event_scale", Float),
    Column("date", String(10)),
    Column("time_value", String(64)),
    Column("place", Text),
    Column("place_key", Text),
    Column("country", String(8)),
    Column("lat", Float),
    Column("lon", Float),
    Column("said_by", Text),
    Column("negated", Boolean, nullable=False),
    Column("hypothetical", Boolean, nullable=False),
    Column("alleged", Boolean, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("trigger_span", JSON),
    Column("sentence_span", JSON),
    Column("sentence", Text),
    Column("data", JSON, nullable=False),
    Index("ix_events_article", "article_pk"),
    Index("ix_events_cluster", "cluster_pk"),
    Index("ix_events_date", "date"),
    Index("ix_events_type_date", "type", "date"),
    Index("ix_events_place_key", "place_key"),
)

# The actors and recipients of each event report, by name and by code, for fast filtering.
event_roles = Table(
    "event_roles",
    metadata,
    Column("event_pk", Integer, ForeignKey("events.pk"), nullable=False),
    Column("role", String(10), nullable=False),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    Column("country", String(8)),
    Column("sector", String(16)),
    Index("ix_event_roles_name", "name_key", "role", "event_pk"),
    Index("ix_event_roles_country", "country", "role", "event_pk"),
    Index("ix_event_roles_event", "event_pk"),
)

# Every distinct actor/recipient name once: a name query ("Kim" finds "Kim Jong Un") scans this
# short list instead of every role row, then looks the matches up in ix_event_roles_name.
role_names = Table(
    "role_names",
    metadata,
    Column("name_key", Text, primary_key=True),
)

# Each word of each role name: a name query looks its longest word up here and checks only the names
# that have it, so its cost does not grow with the number of distinct names (a scan of 38,000 names
# took 10 ms per query).
role_name_words = Table(
    "role_name_words",
    metadata,
    Column("word", Text, primary_key=True),
    Column("name_key", Text, primary_key=True),
)


# Review (docs/review.md): analysts' corrections to the machine coding. The machine coding itself
# (articles.analysis and the tables above) is never changed by a correction. ``review_items`` holds
# one row per corrected item (event, quote or entity of one article): its coding as corrected and a
# version that every change raises, so that a change made on a stale copy is refused.
# ``corrections`` is the log: one row per change (who, when, what before, what after), undo included.
review_items = Table(
    "review_items",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("article_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("item_id", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    # "machine" (every correction undone), "accepted", "rejected" or "edited".
    Column("status", String(16), nullable=False),
    # The item as the machine coded it when it was first corrected, and as corrected (null: rejected).
    Column("machine", JSON, nullable=False),
    Column("coding", JSON),
    # False once a re-analysis of the article no longer has an item the correction applies to.
    Column("matched", Boolean, nullable=False, default=True),
    Column("updated_at", String(40), nullable=False),
    Column("updated_by", Text, nullable=False),
    Index("ux_review_items_item", "article_id", "kind", "item_id", unique=True),
    Index("ix_review_items_status", "status"),
)

corrections = Table(
    "corrections",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("item_pk", Integer, ForeignKey("review_items.pk"), nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("item_id", String(32), nullable=False),
    # The item's version this change made (1 for the first); unique per item, so two writers that
    # both read version n cannot both write n + 1.
    Column("version", Integer, nullable=False),
    # "accept", "reject", "edit" or "undo".
    Column("action", String(16), nullable=False),
    # The status and coding before and after: {"status": ..., "coding": {...} | null}.
    Column("before", JSON, nullable=False),
    Column("after", JSON, nullable=False),
    # For an undo: the correction it took back.
    Column("undoes", Integer),
    Column("author", Text, nullable=False),
    Column("at", String(40), nullable=False),
    Column("note", Text),
    Index("ux_corrections_item_version", "item_pk", "version", unique=True),
    Index("ix_corrections_article", "article_id"),
)


def name_words(key: str) -> list[str]:
    """Return the distinct words of a name key, as ``role_name_words`` stores them."""
    return sorted(set(key.split(" "))) if key else []


failures = Table(
    "failures",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("where", Text, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", String(40), nullable=False),
    Index("ix_failures_where", "where"),
)


def name_key(name: str) -> str:
    """Return the form a name is matched by: lowercased, white space collapsed."""
    return " ".join(name.lower().split())


def new_pk(result: Any) -> int:
    """Return the primary key of the row a single-row INSERT just created."""
    key = result.inserted_primary_key
    assert key is not None, "an INSERT of one row always has a primary key"
    return int(key[0])
