"""The public API keeps the promises of its OpenAPI schema (drf-spectacular at
/api/v1/schema/), fuzzed by Schemathesis: for every operation, anonymous, with a
reviewer's basic auth and with an assessor's session, no server error and no answer that
differs from the schema (status code, content type, headers, body). A bad Authorization
header on these public operations is not read at all.

Two of Schemathesis's checks judge the requests rather than the answers, and are left
out on purpose: `positive_data_acceptance` (an unknown sector, lead body or standard code
is refused with a message, 400, though the schema cannot list codes that change with the
catalogue) and `negative_data_rejection` (like DRF and django-filter, the API ignores
query parameters it does not know, and empty ones).

The number of examples is bounded and derandomized (reproducible; the suite stays fast);
the run prints how many requests it made (`pytest -s`).
"""

import base64
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from bodies.models import Membership
from tests.factories import (
    AccreditationFactory,
    AssessmentCentreFactory,
    AssessorFactory,
    AwardingBodyFactory,
    CertificateFactory,
    StandardFactory,
    UserFactory,
    member_of,
)

PASSWORD = "una-clave-larga-1"  # UserFactory's
FUZZ = settings(max_examples=20, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
REQUEST_CHECKS = [positive_data_acceptance, negative_data_rejection]
requests_made = Counter()



def served_schema():
    """The schema /api/v1/schema/ serves, made at collection without a request (requests
    need the database, which a test gets only later; Schemathesis's lazy loader,
    `from_fixture`, does not run under pytest 9.2), called through the WSGI application."""
    loaded = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(public=True))
    loaded.app = get_wsgi_application()
    return loaded


schema = served_schema()


@pytest.fixture
def registry(db, settings):
    """A small registry: standards (one superseding another), bodies with and without a
    website, a centre, certificates with and without a centre, and two staff accounts.
    Rate limits are lifted: they are tested on their own."""
    from django.core.cache import cache

    cache.clear()
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        scope: "1000000/min" for scope in rates}}
    old = StandardFactory(code="EC0076", status="superseded")
    new = StandardFactory(code="EC1076", supersedes=old)
    body = AwardingBodyFactory(acronym="CONALEP", website="https://conalep.example.mx")
    bare = AwardingBodyFactory(acronym="", website="", email="", phone="")
    centre = AssessmentCentreFactory(awarding_body=body, code="CE-0001")
    for standard in (old, new):
        AccreditationFactory(standard=standard, awarding_body=body)
        AccreditationFactory(standard=standard, awarding_body=None, centre=centre)
    AccreditationFactory(standard=new, awarding_body=bare)
    CertificateFactory(standard=new, centre=centre)
    CertificateFactory(standard=new, centre=None, awarding_body=bare)
    reviewer = member_of(Membership.Role.REVIEWER, "revisora", awarding_body=body)
    assessor = AssessorFactory(user=UserFactory(username="evaluador"), centre=centre)
    Membership.objects.create(user=assessor.user, role=Membership.Role.ASSESSOR, centre=centre)
    return {"reviewer": reviewer, "assessor": assessor.user}


@pytest.fixture
def app(registry):
    """Like Django's test client, requests leave the test's database connection open."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def session(client, registry):
    client.force_login(registry["assessor"])
    return {"sessionid": client.cookies["sessionid"].value}


def basic_auth(username, password=PASSWORD):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def call(case, who, **kwargs):
    """One request, from an address as a server gives one (the rate limits read it)."""
    requests_made[who] += 1
    case.call_and_validate(excluded_checks=REQUEST_CHECKS,
                           environ_base={"REMOTE_ADDR": "203.0.113.7"}, **kwargs)


@schema.parametrize()
@FUZZ
def test_the_api_answers_anonymous_callers_as_its_schema_says(case, app):
    call(case, "anonymous")


@schema.parametrize()
@FUZZ
def test_the_api_answers_a_reviewer_with_basic_auth_as_its_schema_says(case, app):
    call(case, "basic auth", headers=basic_auth("revisora"))


@schema.parametrize()
@FUZZ
def test_the_api_answers_a_signed_in_assessor_as_its_schema_says(case, app, session):
    call(case, "session", cookies=session)


@pytest.mark.parametrize("header", ["Basic !!!", "Basic " + base64.b64encode(b"x").decode(),
                                    "Bearer abc", "Token abc", "Basic"])
@pytest.mark.parametrize("url", ["/api/v1/standards/", "/api/v1/awarding-bodies/",
                                 "/api/v1/centres/", "/api/v1/verify/7K3M-Q9TX-2F4B/"])
def test_a_public_endpoint_answers_as_if_no_authorization_header_were_sent(client, registry,
                                                                           url, header):
    anonymous = client.get(url)
    assert client.get(url, HTTP_AUTHORIZATION=header).status_code == anonymous.status_code


def test_every_public_operation_says_it_needs_no_authentication():
    operations = [op for path in schema.raw_schema["paths"].values() for op in path.values()]
    assert operations and all(op.get("security") == [{}] for op in operations)


@pytest.fixture(scope="module", autouse=True)
def report_requests():
    yield
    print(f"\nSchemathesis requests: {sum(requests_made.values())} {dict(requests_made)}")
