"""``newsgraph train events``: rebuild the events model from labelled data."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import Messages, TrainingDataError

_HELP = """Train a model from labelled data in newsgraph.gold/1 (see docs/events-model.md).

TASK is 'events'. Without --train and --dev, the corpus of the repository (run from the checkout)
is used: its train split to learn, its dev split to choose the regularisation and the threshold.
The model is written to --out, by default the one inside the package that newsgraph uses; the same
files give the same model, byte for byte. Use your own with NEWSGRAPH_EVENTS_MODEL=PATH.
"""


@click.command("train", help=_HELP)
@click.argument("task", type=click.Choice(["events"]))
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
@click.option("--json", "as_json", is_flag=True, help="Print the training report as JSON.")
def train_command(
    task: str, train_files: tuple[str, ...], dev_files: tuple[str, ...], out: Path | None, as_json: bool
) -> None:
    """Train the events model and report what it chose and its dev-split scores."""
    from ..events.learned import default_model_path
    from ..events.training import CORPUS_DEV, CORPUS_TRAIN, train_events

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
    report = train_events(train, dev, target, progress=lambda message: click.echo(message, err=True))
    if as_json:
        click.echo(
            json.dumps(
                {
                    "model": str(target),
                    "version": report.version,
                    "C": report.strength,
                    "threshold": report.threshold,
                    "dev": report.dev,
                    "grid": report.grid,
                },
                indent=1,
            )
        )
        return
    click.echo(
        f"wrote {target} ({report.version}): {report.candidates} training candidates, {report.features} features"
    )
    click.echo(f"chosen on the dev split: C={report.strength}, threshold {report.threshold}")
    dev_scores = report.dev
    click.echo(
        "dev: triples P {triple_precision:.3f} R {triple_recall:.3f} F1 {triple_f1:.3f}; "
        "type micro F1 {type_micro_f1:.3f}, macro F1 {type_macro_f1:.3f}".format(**dev_scores)
    )
