"""The verify form, the verify result, the unknown-folio page and the paper check read
as a whole in English and in Spanish: no sentence left in the other language. The
certificate's data (names, titles) is chosen to belong to neither, so that every word
of another language on a page would be the page's own."""

import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache

from certification.issuance.folio import new_folio
from tests.certification.verification.certificates import (
    qualification_certificate,
    recognised_certificate,
)
from tests.factories import AwardingBodyFactory, PersonFactory, StandardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    """Every page here is rate limited per client: each test starts with the limits
    unspent (and no answer kept by another test)."""
    cache.clear()

SPANISH = {"el", "la", "los", "las", "del", "de", "por", "para", "con", "este", "esta",
           "certificado", "registro", "vigente", "verificar", "unidades", "reconocimiento"}
ENGLISH = {"the", "of", "is", "this", "and", "by", "on", "with", "certificate", "valid",
           "verify", "registry", "units", "recognition"}


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


class MainText(HTMLParser):
    """The words a reader sees in the page's <main>, addresses and codes left out."""

    def __init__(self):
        super().__init__()
        self.depth, self.words = 0, []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID and (tag == "main" or self.depth):
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            # Addresses and codes (folios, standard codes, QR payloads: any token with a
            # digit) are left out: their random letters can spell "de" or "by".
            tokens = [token for token in data.lower().split()
                      if "://" not in token and not re.search(r"\d", token)]
            self.words += re.findall(r"[^\W\d_]+", " ".join(tokens))


def words(response) -> set[str]:
    parser = MainText()
    parser.feed(response.content.decode())
    return set(parser.words)


def neutral_holder():
    return PersonFactory(given_names="Ana", first_surname="Li", second_surname="Wong")


@pytest.fixture
def pages(client):
    """Each page's address: a qualification (with its units) and a recognised certificate
    valid for some years, an unknown folio, the form, and a QR code that does not verify."""
    body = AwardingBodyFactory(name="Quorum")
    qualification = qualification_certificate(
        units=2, holder=neutral_holder(), awarding_body=body, title="Barista",
        certificate_validity_years=3,
        unit_fields={"standard__title": "Barista", "centre__name": "Kiosk",
                     "centre__awarding_body": body})
    recognised = recognised_certificate(
        holder=neutral_holder(), awarding_body=body,
        standard=StandardFactory(title="Barista", certificate_validity_years=3))
    return {"form": "/verificar/",
            "qualification": f"/verificar/{qualification.folio}/",
            "recognised": f"/verificar/{recognised.folio}/",
            "qr": f"/Q/{qualification.qr_token}",
            "unknown": f"/verificar/{new_folio()}/",
            "altered": "/Q/HTTPS0AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}


@pytest.mark.parametrize("page", ["form", "qualification", "recognised", "qr", "unknown",
                                  "altered"])
def test_in_english_the_page_has_no_spanish_left(client, pages, page):
    seen = words(client.get(pages[page], HTTP_ACCEPT_LANGUAGE="en"))
    assert seen & ENGLISH
    assert not seen & SPANISH, seen & SPANISH


@pytest.mark.parametrize("page", ["form", "qualification", "recognised", "qr", "unknown",
                                  "altered"])
def test_in_spanish_the_page_has_no_english_left(client, pages, page):
    seen = words(client.get(pages[page], HTTP_ACCEPT_LANGUAGE="es"))
    assert seen & SPANISH
    assert not seen & ENGLISH, seen & ENGLISH


def test_the_verify_result_reads_naturally_in_both_languages(client, pages):
    english = client.get(pages["recognised"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Valid certificate" in english
    assert "By recognition of ChileValora certificate 123456 (Chile)" in english
    spanish = client.get(pages["recognised"], HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Certificado vigente" in spanish
    assert "Por reconocimiento del certificado 123456 de ChileValora (Chile)" in spanish
    units = client.get(pages["qualification"], HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Unidades de esta cualificación" in units
    assert "Cualificación" in units


def test_the_sites_language_switcher_turns_the_verify_page_to_english(client, pages):
    assert "Certificado vigente" in client.get(pages["recognised"]).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": pages["recognised"]})
    body = client.get(pages["recognised"]).content.decode()
    assert "Valid certificate" in body and '<html lang="en"' in body
