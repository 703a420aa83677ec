"""``newsgraph eval TASK GOLD.jsonl``: run the pipeline over labelled data and score one task."""

from __future__ import annotations

import json

import click

from ..evaluation import TASKS, compare_labels, evaluate, scorer_for
from ..pipeline import Pipeline
from ..settings import Settings

_HELP = f"""Score the pipeline on labelled data in newsgraph.gold/1 (see docs/eval.md).

TASK is one of: {", ".join(TASKS)}. Documents that cannot be analyzed (not English, say) count as
predicting nothing and are listed after the scores.

With --predictions, no pipeline runs: the labels of another gold file over the same documents (a
second labelling pass, paired by id) are scored as the predictions, which is how agreement between
two labellers is measured.
"""


@click.command("eval", help=_HELP)
@click.argument("task", metavar="TASK")
@click.argument("gold", metavar="GOLD.jsonl", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores and counts as one JSON object.")
@click.option(
    "--model", default=None, help="The spaCy pipeline to use (default: the NEWSGRAPH_MODEL setting)."
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Score only the first N documents that label TASK.",
)
@click.option(
    "--predictions",
    metavar="OTHER.jsonl",
    type=click.Path(dir_okay=False),
    default=None,
    help="Score the labels of another gold file (a second labelling pass) instead of the pipeline.",
)
@click.option(
    "--events-model",
    metavar="PATH",
    default=None,
    help="The events model to score: a file from 'newsgraph train events', 'shipped' or 'rules' "
    "(default: the NEWSGRAPH_EVENTS_MODEL setting); how a retrained model is compared with the one in use.",
)
def eval_command(
    task: str,
    gold: str,
    as_json: bool,
    model: str | None,
    limit: int | None,
    predictions: str | None,
    events_model: str | None,
) -> None:
    """Score the pipeline (or a second set of labels) on a gold file for one task; print the scores."""
    # Check the task before loading spaCy, so a typo fails at once.
    scorer_for(task)
    if predictions is not None:
        report = compare_labels(task, gold, predictions, limit=limit)
    else:
        pipeline = Pipeline(Settings.from_env(model=model, events_model=events_model))
        report = evaluate(task, gold, pipeline, limit=limit)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(report.text())
