"""The API fuzzed against its own OpenAPI document with schemathesis: every operation gets
generated requests (valid and invalid paths, queries and bodies) with a key holding every scope,
and every answer must be no server error and match the document (status code, content type,
body schema, headers). Requests go straight into the WSGI application in this process, inside
the test's transaction.

`API_FUZZ_EXAMPLES` sets the examples per operation (default 20); the number of requests and
server errors are printed at the end of the run.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_headers_conformance, response_schema_conformance, status_code_conformance,
)

from boligvei.api.api import api as ninja_api
from tests.api.conftest import FUZZ, make_key

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "20"))


@pytest.fixture
def api_key(register, administrator, settings):
    """A key with every scope and every team, over a small register, and no rate limit to speak of."""
    settings.API_RATE = "1000000/m"
    # As Django's test client does: the requests share the test's connection and transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield make_key(administrator)[1]
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


# The document as the app serves it at /api/v1/openapi.json (test_openapi.py checks they agree).
schema = schemathesis.openapi.from_dict(ninja_api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = get_wsgi_application()
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_generated_request_as_its_document_says(case, api_key):
    response = case.call(headers={"Authorization": f"Bearer {api_key}"})
    FUZZ.add(response.status_code, f"{case.method} {case.formatted_path}")
    case.validate_response(response, checks=CHECKS)
