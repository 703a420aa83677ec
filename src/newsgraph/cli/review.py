"""``newsgraph review``: the corrections reviewers made (list, show an article's codings, re-analyze),
and the part of ``newsgraph train --with-corrections DB`` that turns them into training data.

The corrections themselves are made in the web UI (``newsgraph serve --token T``, page "Review") or
through ``POST /api/review/corrections``; see docs/review.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from ..errors import Messages, TrainingDataError
from ..store import open_store
from .db import db_option

# The corpus's test split (relative to a checkout): reviewed articles whose text is in it, or in the
# dev split the training tunes on, are never trained on.
CORPUS_HELD_OUT = ("corpus/items/test.jsonl", "corpus/articles/test.jsonl")
# What each task of ``train --with-corrections`` reads from the corrections, and how it is called.
GOLD_TASKS = {
    "events": ("events", "event"),
    "quotes": ("quotes", "quote"),
    "entities": ("entities", "entity"),
}


def corrections_gold_file(
    db: str, task: str, out: Path, held_out: Sequence[str | Path] = ()
) -> tuple[Path, int, int]:
    """Write the reviewed articles of ``db`` that are gold for ``task`` beside the model ``out``.

    Returns the file (``<out>.corrections.jsonl``, kept so the model can be trained again from the
    same files), how many documents it holds, and how many were left out because their text is in
    one of the ``held_out`` gold files (the dev or test split: they must not be trained on).
    Raises TrainingDataError when no reviewed article labels the task.
    """
    from ..evaluation.gold import read_gold
    from ..store.review import corrections_as_gold

    key, what = GOLD_TASKS[task]
    with open_store(db, read_only=True) as store:
        docs = [d for d in corrections_as_gold(store, tasks=(key,)) if key in d]
        where = store.where
    held = {doc.text for path in held_out if Path(path).is_file() for doc in read_gold(path)}
    kept = [d for d in docs if d["text"] not in held]
    if not kept:
        detail = (
            Messages.CORRECTIONS_ALL_HELD_OUT.format(count=len(docs))
            if docs
            else Messages.CORRECTIONS_GOLD_EMPTY.format(where=where, task=key, what=what)
        )
        raise TrainingDataError(Messages.TRAINING_DATA.format(task=task, where=db, detail=detail))
    target = out.with_name(out.name + ".corrections.jsonl")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="\n") as stream:
        for doc in kept:
            stream.write(json.dumps(doc, ensure_ascii=False, sort_keys=True) + "\n")
    return target, len(kept), len(docs) - len(kept)


def events_dev_scores(model_path: Path | None, dev: Sequence[str | Path]) -> dict[str, float]:
    """Score an events model file (None: the one in use, ``NEWSGRAPH_EVENTS_MODEL`` or the shipped
    one) on dev gold files, as ``newsgraph eval events`` scores it."""
    from ..events.learned import load_model
    from ..events.training import coder_for, parse_documents, read_labelled, score_at
    from ..settings import Settings

    if model_path is None:
        # The model users get unless they switch: a model file they named, else the shipped one (also
        # when they chose the rules alone, which have no model to compare).
        chosen = Settings.from_env().events_model
        model_path = None if chosen in ("shipped", "rules", "") else Path(chosen)
    model = load_model(model_path)
    parsed = parse_documents(read_labelled(dev))
    return score_at(model, coder_for(model.triggers, model.quiet), parsed, model.threshold)


def before_and_after(before: dict[str, float], after: dict[str, float]) -> str:
    """Two lines: the dev-split scores of the model in use and of the retrained one."""
    line = "triples P {triple_precision:.3f} R {triple_recall:.3f} F1 {triple_f1:.3f}; type micro F1 {type_micro_f1:.3f}"
    return f"dev before (the model in use): {line.format(**before)}\ndev after (the new model):     {line.format(**after)}"


@click.group("review")
def review_command() -> None:
    """Reviewers' corrections to the machine coding (made in the web UI; see docs/review.md)."""


@review_command.command("list")
@click.option("--article", default=None, help="Only this article's corrections.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@db_option
def list_command(article: str | None, limit: int, db: str | None) -> None:
    """List corrections, newest first: when, who, what, the item and its status before and after."""
    from ..store.review import count_corrections, history

    with open_store(db, read_only=True) as store:
        rows = history(store, article, limit)
        counts = count_corrections(store)
    for row in rows:
        before, after = row["before"]["status"], row["after"]["status"]
        click.echo(
            f"{row['at']}  {row['author']:<16} {row['action']:<7} {row['article'][:12]} {row['kind']} "
            f"{row['item']:<5} {before} -> {after}"
        )
    click.echo(
        "{changes} changes; items accepted {accepted}, rejected {rejected}, edited {edited}, "
        "back to the machine coding {machine}".format(**counts),
        err=True,
    )


@review_command.command("show")
@click.argument("article_id")
@click.option(
    "--coding",
    type=click.Choice(("machine", "corrected", "both")),
    default="both",
    show_default=True,
    help="As the models coded it, with the corrections applied, or both side by side.",
)
@db_option
def show_command(article_id: str, coding: str, db: str | None) -> None:
    """Print an article's coding(s) as JSON, with every item's review status and version."""
    from ..store.review import article_review

    with open_store(db, read_only=True) as store:
        full = store.article(article_id)["article"]["id"]
        click.echo(json.dumps(article_review(store, full, coding), indent=1, ensure_ascii=False))


@review_command.command("reanalyze")
@click.argument("article_ids", nargs=-1, required=True)
@db_option
def reanalyze_command(article_ids: tuple[str, ...], db: str | None) -> None:
    """Analyze stored articles again (with the models in use now) and carry their corrections over.

    Prints, per article, the corrections kept and those the new coding no longer matches.
    """
    from ..pipeline import get_pipeline
    from ..store.review import reanalyze

    pipeline = get_pipeline()
    with open_store(db) as store:
        for article_id in article_ids:
            stored = store.article(article_id)
            from ..model import Article

            article = Article(
                **{k: stored["article"][k] for k in ("text", "title", "published", "source", "url")}
            )
            report = reanalyze(store, pipeline.analyze_article(article))
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False))


def with_corrections_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--with-corrections DB`` to ``newsgraph train``."""
    return click.option(
        "--with-corrections",
        "corrections_db",
        metavar="DB",
        default=None,
        help="Also learn from the reviewed articles of this database (needs --out: the shipped model "
        "stays). Prints the dev-split scores before and after.",
    )(command)
