"""``newsgraph train events``: rebuild the events model from labelled data."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import Messages, TrainingDataError
from .review import (
    CORPUS_HELD_OUT,
    before_and_after,
    corrections_gold_file,
    events_dev_scores,
    with_corrections_option,
)

_HELP = """Train a model from labelled data in newsgraph.gold/1 (see docs/events-model.md).

TASK is 'events', 'quotes' (docs/quotes-model.md), 'entities' (docs/entities-model.md) or
'genders' (the first-name table the pronoun resolver reads, learned from unlabelled articles:
--articles, with --source saying what they are and under which licence). Without --train and --dev, the corpus of the repository (run from the checkout)
is used: its train split to learn, its dev split to choose the regularisation and the threshold.
The model is written to --out, by default the one inside the package that newsgraph uses; the same
files give the same model, byte for byte. Use your own with NEWSGRAPH_EVENTS_MODEL=PATH
(NEWSGRAPH_QUOTES_MODEL=PATH for quotes).

With --with-corrections DB, the articles reviewed in that database (docs/review.md) are learned
from as well; the model must then go to --out (the shipped one stays), and the dev-split scores of
the model in use and of the new one are printed (events, quotes and entities).
"""


@click.command("train", help=_HELP)
@click.argument("task", type=click.Choice(["events", "quotes", "entities", "genders"]))
@click.option(
    "--train",
    "train_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Gold file to learn from (repeatable).",
)
@click.option(
    "--dev",
    "dev_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Gold file to tune on (repeatable).",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Where to write the model."
)
@click.option(
    "--articles",
    "article_files",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="JSON-lines file of articles with a 'text' (repeatable; genders only).",
)
@click.option(
    "--source",
    default=None,
    help="What the --articles are and their licence, written into the table (genders only).",
)
@click.option(
    "--census",
    "census_dir",
    default=None,
    help="Folder of the census first-name lists dist.male.first and dist.female.first (genders "
    "only; default: the installed 'names' package's; 'none' for the articles alone).",
)
@click.option(
    "--retune",
    "retune_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Events only: keep this model file's weights and choose only its threshold for the "
    "candidates the rules code on --dev (the file itself is rewritten unless --out is given).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the training report as JSON.")
@with_corrections_option
def train_command(
    task: str,
    train_files: tuple[str, ...],
    dev_files: tuple[str, ...],
    out: Path | None,
    article_files: tuple[str, ...],
    source: str | None,
    census_dir: str | None,
    retune_file: Path | None,
    as_json: bool,
    corrections_db: str | None,
) -> None:
    """Train the events (or quotes) model and report what it chose and its dev-split scores."""
    from ..events.learned import default_model_path
    from ..events.training import CORPUS_DEV, CORPUS_TRAIN, retune_events, train_events

    if retune_file is not None and (task != "events" or train_files or corrections_db is not None):
        raise click.UsageError("--retune is for 'newsgraph train events' only, with --dev and --out at most")

    if task == "genders":
        _train_genders(article_files, source, census_dir, dev_files, out, as_json)
        return
    if article_files or source is not None or census_dir is not None:
        raise click.UsageError("--articles, --source and --census are for 'newsgraph train genders' only")
    if task == "entities":
        _train_entities(train_files, dev_files, out, as_json, corrections_db)
        return
    if task == "quotes":
        _train_quotes(train_files, dev_files, out, as_json, corrections_db)
        return
    train = list(train_files or CORPUS_TRAIN)
    dev = list(dev_files or CORPUS_DEV)
    for path in [*train, *dev]:
        if not Path(path).is_file():
            raise TrainingDataError(
                Messages.TRAINING_DATA.format(
                    task=task,
                    where=path,
                    detail="the file does not exist (run from the checkout, or give --train and --dev)",
                )
            )
    target = out or default_model_path()
    before = None
    if corrections_db is not None:
        train.append(
            _reviewed_gold(task, corrections_db, out, default_model_path(), dev, "NEWSGRAPH_EVENTS_MODEL")
        )
        before = events_dev_scores(None, dev)

    def say(message: str) -> None:
        click.echo(message, err=True)

    if retune_file is not None:
        report = retune_events(retune_file, dev, out or retune_file, progress=say)
        target = out or retune_file
    else:
        report = train_events(train, dev, target, progress=say)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "model": str(target),
                    "version": report.version,
                    "C": report.strength,
                    "threshold": report.threshold,
                    "rules_threshold": report.rules_threshold,
                    "dev": report.dev,
                    "grid": report.grid,
                    **({"dev_before": before} if before is not None else {}),
                },
                indent=1,
            )
        )
        return
    click.echo(
        f"wrote {target} ({report.version}): {report.candidates} training candidates, {report.features} features"
    )
    rules = "the same" if report.rules_threshold is None else report.rules_threshold
    click.echo(
        f"chosen on the dev split: C={report.strength}, threshold {report.threshold} "
        f"(for a candidate the rules code: {rules})"
    )
    dev_scores = report.dev
    click.echo(
        "dev: triples P {triple_precision:.3f} R {triple_recall:.3f} F1 {triple_f1:.3f}; "
        "type micro F1 {type_micro_f1:.3f}, macro F1 {type_macro_f1:.3f}".format(**dev_scores)
    )
    if before is not None:
        click.echo(before_and_after(before, dev_scores))
        click.echo(f"use it with NEWSGRAPH_EVENTS_MODEL={target}")


def _existing(task: str, paths: list[str]) -> list[str]:
    """The paths, or TrainingDataError naming the first that does not exist."""
    for path in paths:
        if not Path(path).is_file():
            raise TrainingDataError(
                Messages.TRAINING_DATA.format(
                    task=task,
                    where=path,
                    detail="the file does not exist (run from the checkout, or give --train and --dev)",
                )
            )
    return paths


def _train_quotes(
    train_files: tuple[str, ...],
    dev_files: tuple[str, ...],
    out: Path | None,
    as_json: bool,
    corrections_db: str | None = None,
) -> None:
    """``newsgraph train quotes``: the bounds, keep and speaker models, chosen on the dev split;
    with ``corrections_db``, also learned from the quotes reviewed there (the model goes to --out)."""
    from ..quotes.learned import default_model_path
    from ..quotes.training import CORPUS_DEV, CORPUS_TRAIN, dev_scores, train_quotes

    train = _existing("quotes", list(train_files or CORPUS_TRAIN))
    dev = _existing("quotes", list(dev_files or CORPUS_DEV))
    target = out or default_model_path()
    before = None
    if corrections_db is not None:
        train.append(
            _reviewed_gold("quotes", corrections_db, out, default_model_path(), dev, "NEWSGRAPH_QUOTES_MODEL")
        )
        before = dev_scores(None, dev)
    report = train_quotes(train, dev, target, progress=lambda message: click.echo(message, err=True))
    if as_json:
        summary = {
            "model": str(target),
            "version": report.version,
            "keep_C": report.keep_strength,
            "speaker_C": report.speaker_strength,
            "threshold": report.threshold,
            "dev": report.dev,
            "grid": report.grid,
            **({"dev_before": before} if before is not None else {}),
        }
        click.echo(json.dumps(summary, indent=1))
        return
    click.echo(
        f"wrote {target} ({report.version}): {report.candidates} candidate quotes, "
        f"{report.speaker_examples} candidate speakers"
    )
    click.echo(
        f"chosen on the dev split: keep C={report.keep_strength}, threshold {report.threshold}; "
        f"speaker C={report.speaker_strength}"
    )
    line = "content P {content_precision:.3f} R {content_recall:.3f} F1 {content_f1:.3f}; speaker accuracy {speaker_accuracy:.3f}"
    if before is None:
        click.echo("dev: " + line.format(**report.dev))
        return
    click.echo("dev before (the model in use): " + line.format(**before))
    click.echo("dev after (the new model):     " + line.format(**report.dev))
    click.echo(f"use it with NEWSGRAPH_QUOTES_MODEL={target}")


def _train_entities(
    train_files: tuple[str, ...],
    dev_files: tuple[str, ...],
    out: Path | None,
    as_json: bool,
    corrections_db: str | None,
) -> None:
    """``newsgraph train entities``: the kind, link and start models, chosen on the dev split."""
    from ..entities.learned import default_model_path, load_model
    from ..entities.training import CORPUS_DEV, CORPUS_TRAIN, dev_scores_of, train_entities

    train = _existing("entities", list(train_files or CORPUS_TRAIN))
    dev = _existing("entities", list(dev_files or CORPUS_DEV))
    target = out or default_model_path()
    before = None
    if corrections_db is not None:
        train.append(
            _reviewed_gold(
                "entities", corrections_db, out, default_model_path(), dev, "NEWSGRAPH_ENTITIES_MODEL"
            )
        )
        # The model in use before, unless it is the rules, whose dev scores training prints anyway.
        if _in_use("entities") != "rules":
            before = dev_scores_of(load_model(_model_in_use("entities")), dev)
    report = train_entities(train, dev, target, progress=lambda message: click.echo(message, err=True))
    if as_json:
        summary = {
            "model": str(target),
            "version": report.version,
            "drop_threshold": report.drop_threshold,
            "link_C": report.link_strength,
            "link_threshold": report.link_threshold,
            "start_threshold": report.start_threshold,
            "dev": report.dev,
            "dev_rules": report.dev_rules,
            "chosen_on": report.chosen_on,
            "folds": report.folds,
            "grid": report.grid,
            **({"dev_before": before} if before is not None else {}),
        }
        click.echo(json.dumps(summary, indent=1))
        return
    click.echo(f"wrote {target} ({report.version}): {report.names} names, {report.pairs} candidate links")
    click.echo(
        f"chosen on the dev split and {report.folds} parts of train: drop threshold {report.drop_threshold}; "
        f"link C={report.link_strength}, threshold {report.link_threshold}; start threshold {report.start_threshold}"
    )
    line = "mention F1 {mention_f1:.3f}; linking P {linking_precision:.3f} R {linking_recall:.3f} F1 {linking_f1:.3f}"
    click.echo("dev (the rules alone): " + line.format(**report.dev_rules))
    if before is not None:
        click.echo("dev before (the model in use): " + line.format(**before))
    click.echo("dev (the new model):   " + line.format(**report.dev))
    if report.folds:
        click.echo("dev and train parts (the settings' choice): " + line.format(**report.chosen_on))
    if corrections_db is not None:
        click.echo(f"use it with NEWSGRAPH_ENTITIES_MODEL={target}")


def _train_genders(
    article_files: tuple[str, ...],
    source: str | None,
    census_dir: str | None,
    dev_files: tuple[str, ...],
    out: Path | None,
    as_json: bool,
) -> None:
    """``newsgraph train genders``: the first-name table, from articles less the dev and test splits,
    and the census first-name lists for the names they leave unsettled."""
    from ..entities.genders import census_lists, default_table_path, train_name_genders
    from ..entities.training import CORPUS_DEV
    from ..evaluation.gold import read_gold
    from ..evaluation.parse_cache import parse_texts
    from ..nlp import load_model as load_spacy
    from ..settings import Settings

    if not article_files:
        raise TrainingDataError(
            Messages.ARTICLES_DATA.format(where="the command line", detail="no --articles given")
        )
    sources = list(article_files)
    # The dev and test articles stay unseen: the table must not know the names they are scored on.
    held_out = {
        doc.text
        for path in [*(dev_files or CORPUS_DEV), *CORPUS_HELD_OUT]
        if Path(path).is_file()
        for doc in read_gold(path)
    }
    census = census_lists(census_dir)
    target = out or default_table_path()
    nlp = load_spacy(Settings.from_env().model)
    click.echo(f"parsing the articles of {', '.join(sources)} ...", err=True)
    described = source or ", ".join(sources)
    report = train_name_genders(
        sources, held_out, target, lambda texts: parse_texts(nlp, texts), described, census
    )
    if as_json:
        click.echo(json.dumps({"table": str(target), **report.__dict__}, indent=1))
        return
    click.echo(
        f"wrote {target}: {report.names_kept - report.from_census} of {report.names_seen} first names settled "
        f"({report.male} he, {report.female} she) from {report.articles} articles "
        f"({report.left_out} left out: in dev/test), and {report.from_census} more from the census lists"
    )


def _reviewed_gold(
    task: str, corrections_db: str, out: Path | None, shipped: Path, dev: list[str], variable: str
) -> str:
    """Write the articles reviewed in ``corrections_db`` as gold beside ``out`` (texts of the dev and
    test splits left out) and return its path; refuse to replace the shipped model ``shipped``."""
    if out is None or out.resolve() == shipped.resolve():
        raise TrainingDataError(Messages.CORRECTIONS_NEED_OUT.format(variable=variable))
    extra, used, left = corrections_gold_file(corrections_db, task, out, [*dev, *CORPUS_HELD_OUT])
    click.echo(
        f"{used} reviewed articles from {corrections_db} -> {extra} ({left} left out: in dev/test)", err=True
    )
    return str(extra)


def _in_use(task: str) -> str:
    """The task's model setting users get unless they switch: shipped, rules or a path."""
    from ..settings import Settings

    return str(getattr(Settings.from_env(), f"{task}_model"))


def _model_in_use(task: str) -> Path | None:
    """The model file users get for a task unless they switch: the one they named, else None (shipped)."""
    chosen = _in_use(task)
    return None if chosen in ("shipped", "rules", "") else Path(chosen)
