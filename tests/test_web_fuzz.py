"""Fuzz the web API from its own OpenAPI spec (schemathesis): no 5xx, and every error in the one shape.

Schemathesis generates valid and invalid parameters and bodies for every operation in
/openapi.json (a bounded number of examples each, so the suite stays fast), with the token so the
writing endpoints get past the door and their bodies are fuzzed too.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance
from web_corpus import build_database

from newsgraph.pipeline import Pipeline
from newsgraph.web import create_app
from newsgraph.web.hosts import LOOPBACK_HOSTS

TOKEN = "fuzz-token"


MODES = ["positive", "negative"]


@pytest.fixture(scope="module")
def operations(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> dict[str, Any]:
    url = build_database(tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    # schemathesis's ASGI client speaks as Starlette's "testserver", so the fuzzed app answers that name too.
    app = create_app(url, token=TOKEN, pipeline=pipeline, allowed_hosts=(*LOOPBACK_HOSTS, "testserver"))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return {op.ok().label: op.ok() for op in schema.get_all_operations()}


def check(case: Any) -> None:
    """Call one generated request; fail on a 5xx, a wrong content type or an error off the shape."""
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    case.validate_response(response, checks=[not_a_server_error, content_type_conformance])
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["status"] == response.status_code
        assert isinstance(error["code"], str) and isinstance(error["message"], str) and error["message"]
        assert "Traceback" not in response.text


def test_the_spec_lists_every_endpoint(operations: dict[str, Any]) -> None:
    paths = {label.split(" ", 1)[1] for label in operations}
    assert {
        "/api/events",
        "/api/quotes",
        "/api/entities",
        "/api/articles",
        "/api/articles/{article_id}",
    } <= paths
    assert {"/api/search", "/api/stats", "/api/export", "/analyze", "/articles"} <= paths


@pytest.mark.parametrize("mode", MODES)
def test_no_server_error_and_one_error_shape(operations: dict[str, Any], mode: str) -> None:
    for label, operation in sorted(operations.items()):
        strategy = operation.as_strategy(generation_mode=GenerationMode(mode))

        @given(case=strategy)
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case: Any) -> None:
            check(case)

        try:
            fuzz()
        except Unsatisfiable:
            # Nothing invalid to send to an endpoint without parameters or body; positive data covers it.
            assert mode == "negative", label
        except Exception as exc:
            raise AssertionError(f"{label} ({mode} data): {exc}") from exc
