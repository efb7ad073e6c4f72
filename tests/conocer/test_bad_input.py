"""Bad input gets a clear answer, never a server error."""

import pytest

from tests.factories import CertificateFactory, StandardFactory

pytestmark = pytest.mark.django_db

WEIRD = ["", " ", "'; DROP TABLE x;--", "%00", "ñ" * 300, "<script>", "EC", "-1", "9" * 40,
         "../../etc/passwd", "😀"]
PAGES = ["/estandares/?q={}", "/estandares/?level={}", "/estandares/?page={}",
         "/estandares/?has_certificates={}", "/estandares/?sector={}",
         "/estandares/export.csv?level={}", "/api/v1/standards/?q={}",
         "/api/v1/standards/?status={}", "/api/v1/centres/?standard={}",
         "/organismos/?standard={}&state={}", "/verificar/?folio={}",
         "/api/v1/verify/{}/", "/verificar/persona/?curp={}"]


@pytest.fixture(autouse=True)
def data(db):
    StandardFactory(code="EC0076")
    CertificateFactory()


@pytest.mark.parametrize("page", PAGES)
def test_public_pages_never_fail_on_strange_input(client, page, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        name: "10000/min" for name in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]}}
    for value in WEIRD:
        response = client.get(page.replace("{}", value))
        assert response.status_code < 500, (page, value, response.status_code)


def test_the_weasyprint_check_names_the_apt_packages(monkeypatch):
    import builtins

    from certification.issuance.checks import weasyprint_libraries

    real_import = builtins.__import__

    def failing(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", failing)
    [error] = weasyprint_libraries(None)
    assert "apt-get install" in error.hint and "libpango-1.0-0" in error.hint
