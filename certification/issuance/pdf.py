"""The SEP-endorsed certificate as a one-page A4 landscape PDF.

`render_certificate_pdf` is a pure function of the certificate's frozen claims and what
was signed from them at issuance (the QR token): it reads no other row and returns
bytes; storing the file, its hash and the generation time is the caller's business.

The document is a legal text in Spanish with English beneath each line (smaller,
lighter), so that an employer abroad reads it too. Both languages are fixed text in the
templates, frozen with the PDF when it is signed: the language of the request or the
worker never changes a word of it.

A qualification's certificate says so instead of naming a standard, and lists its units
(code, title, the unit certificate's folio): all of them up to MAX_UNITS, else the first
MAX_UNITS - 1 and how many more the verification address lists. One issued by
recognition of a foreign certificate names that certificate, its system and country.

Two renderers print the same page:

* `render_certificate_pdf` (what the worker and a first download use) draws it in two
  layers. What every certificate shares (frame, seal, heading, endorsement, signature
  blocks: background.html) is laid out by WeasyPrint once per process and kept, as a PDF
  form, for each version of that template; each certificate then costs a WeasyPrint
  layout of only what it prints (overlay.html, absolutely placed boxes), the form drawn
  under it, and its QR code drawn as filled rectangles straight into the page (the
  module matrix from `trust.qr.modules`, the very one segno makes, faster).
* `render_certificate_pdf_naive` lays out the whole page (certificate.html) with the QR
  code as an SVG image, one WeasyPrint document per certificate: the reference the
  benchmark (bench/bench_pdf.py) and the tests compare the fast one with.
"""

import functools
import re
import threading
import zlib

import pydyf
import segno
from django.template.loader import render_to_string
from django.utils import translation

from certification.assessment.models import Person
from certification.trust import qr
from certification.trust.claims import CURP, Claims

from .countries import country_name
from .models import Certificate

TEMPLATE = "certification/issuance/pdf/certificate.html"
BACKGROUND_TEMPLATE = "certification/issuance/pdf/background.html"
OVERLAY_TEMPLATE = "certification/issuance/pdf/overlay.html"
LAYERS_STYLE = "certification/issuance/pdf/_layers.css"
# What overlay.html needs of a user-agent style sheet (WeasyPrint's own is hundreds of
# rules, matched against every element of every certificate).
OVERLAY_UA_STYLE = ("html, body, div, p { display: block } head { display: none } "
                    "table { display: table } thead { display: table-header-group } "
                    "tbody { display: table-row-group } tr { display: table-row } "
                    "td, th { display: table-cell }")

# Inside the QR code's frame in background.html (and certificate.html): left and top edge
# from the page's top-left corner, and the side, in millimetres. The code fills it with
# its four-module quiet zone, as the SVG image fills its box in certificate.html.
QR_BOX = (177.89, 158.95, 30.4)
QUIET_ZONE = 4
STREAM_LEVEL = 6  # zlib level of the overlay's streams (zlib's default)
POINTS_PER_MM = 72 / 25.4
MAX_UNITS = 8  # a qualification's units printed on its one page, when its name and title
MAX_UNITS_LONG = 6  # are short; when either takes two lines
LONG_NAME, LONG_TITLE = 42, 110  # characters (_award.html sets smaller type beyond them)


def printed_identity(claims: Claims) -> str:
    """The holder's identity as the certificate prints it, in the active language."""
    if claims.holder_id_type == CURP:
        return f"CURP: {claims.holder_id_number}"
    kind = Person.DocumentType(claims.holder_id_type).label
    return f"{kind} {claims.holder_id_number} ({claims.holder_id_country})"


def printed_units(claims: Claims) -> tuple[list[dict], int]:
    """(the unit certificates the page lists, how many more it leaves to the
    verification address): all of them up to MAX_UNITS (MAX_UNITS_LONG beside a long
    name or title), else one fewer and a line saying how many more there are."""
    units = list(claims.units)
    room = MAX_UNITS_LONG if _long_name_or_title(claims) else MAX_UNITS
    if len(units) <= room:
        return units, 0
    return units[:room - 1], len(units) - (room - 1)


def _long_name_or_title(claims: Claims) -> bool:
    return len(claims.holder_name) > LONG_NAME or len(claims.standard_title) > LONG_TITLE


def printed_origin(claims: Claims) -> dict | None:
    """The recognised foreign certificate, with its country named in both languages."""
    if not claims.recognition:
        return None
    recognition = claims.recognition
    return {"system": recognition.get("system", ""), "code": recognition.get("code", ""),
            "country_es": country_name(recognition.get("country", ""), "es"),
            "country_en": country_name(recognition.get("country", ""), "en")}


def grouped(secret: str) -> str:
    """A long code printed in groups of four, to be read and typed back."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg_data_uri(text: str) -> str:
    """A QR code for `text` (error correction M) as an SVG `data:` URI for <img src>."""
    qr_code = segno.make(text, error="m", boost_error=False)
    # Unit-sized modules and the standard four-module quiet zone; the <img> is sized in CSS.
    return qr_code.svg_data_uri(scale=1, border=4, dark="#000", light="#fff")


def _dense(claims: Claims) -> bool:
    """Whether the award block needs its tighter spacing to keep within its 95 mm: a
    qualification's units, a recognised origin, a replaced folio, long names, titles."""
    return bool(claims.units or claims.recognition or claims.replaces
                or _long_name_or_title(claims) or len(claims.awarding_body_name) > 100)


def _context(certificate: Certificate) -> dict:
    claims = certificate.facts
    units, more_units = printed_units(claims)
    with translation.override("es"):
        identity = printed_identity(claims)
    with translation.override("en"):
        identity_en = printed_identity(claims)
    return {
        "claims": claims,
        "identity": identity,
        "identity_en": identity_en,
        "units": units,
        "more_units": more_units,
        "origin": printed_origin(claims),
        "dense": _dense(claims),
        "verification_url": claims.verification_url,
        "identity_key": grouped(certificate.identity_salt),
    }


def render_certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate's PDF, the same in any active language, in two layers (see the module's
    docstring). No database access, no storage. WeasyPrint (Pango/Cairo system
    libraries) is imported only when rendering."""
    with translation.override("es"):
        background_html = render_to_string(BACKGROUND_TEMPLATE)
        style = render_to_string(LAYERS_STYLE)
        html = render_to_string(OVERLAY_TEMPLATE, _context(certificate))
    qr_drawing = _qr_operators(qr.modules(certificate.qr_text))

    def finish(_document, pdf):
        _compose(pdf, background, qr_drawing)

    # One PDF at a time per process: the kept background's objects are numbered anew in
    # each PDF they are written to, and the fonts and style sheets are shared.
    with _drawing:
        background = _background(background_html)
        document = _overlay_html_class()(
            string=html, base_url=certificate.facts.issuer + "/",
            url_fetcher=_url_fetcher()).render(font_config=_fonts(),
                                               stylesheets=[_stylesheet(style)])
        return document.write_pdf(finisher=finish)


def render_certificate_pdf_naive(certificate: Certificate) -> bytes:
    """The same certificate laid out whole, as one WeasyPrint document with the QR code
    as an SVG image. No database access, no storage."""
    import weasyprint

    with translation.override("es"):
        html = render_to_string(TEMPLATE, {
            **_context(certificate), "qr_data_uri": qr_svg_data_uri(certificate.qr_text)})
        document = weasyprint.HTML(string=html, base_url=certificate.facts.issuer + "/",
                                   url_fetcher=_url_fetcher())
        return document.write_pdf()


def _url_fetcher():
    """Resources come only from `data:` URIs (the QR): never the network or the disk."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


_drawing = threading.RLock()  # _background renders under it too


@functools.lru_cache(maxsize=1)
def _fonts():
    """One WeasyPrint font configuration per process: its font map is built once, not
    for every certificate (the fonts are the few DejaVu faces the templates name)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.lru_cache(maxsize=2)  # per version of the style sheet's text
def _stylesheet(css: str):
    import weasyprint

    return weasyprint.CSS(string=css, font_config=_fonts())


@functools.lru_cache(maxsize=1)
def _overlay_html_class():
    """weasyprint.HTML with OVERLAY_UA_STYLE as its user-agent style sheet, by overriding
    HTML._ua_stylesheets, the method that supplies it (a private one: WeasyPrint is
    pinned below 71 in pyproject.toml, and the PDF tests run on this renderer)."""
    import weasyprint

    user_agent = [weasyprint.CSS(string=OVERLAY_UA_STYLE)]

    class OverlayHTML(weasyprint.HTML):
        def _ua_stylesheets(self, forms=False):
            return user_agent

    return OverlayHTML


# The background, kept --------------------------------------------------------------------

class _Reference(pydyf.Object):
    """A reference to a kept object, written with the number that object has in the PDF
    being written (pydyf writes an Object value as its `data`)."""

    def __init__(self, target: pydyf.Object):
        super().__init__()
        self.target = target

    @property
    def data(self) -> bytes:
        return self.target.reference


class _Raw(pydyf.Object):
    """A kept object without references, as written."""

    def __init__(self, data: bytes):
        super().__init__()
        self._data = data

    @property
    def data(self) -> bytes:
        return self._data


class _Background:
    """The background page as a PDF form with the objects it needs (fonts, graphics
    states, its seal's transparency group), ready to be added to any PDF."""

    def __init__(self, objects: list[pydyf.Object], form: pydyf.Stream):
        self.objects = objects
        self.form = form


# Kept per template text: a changed template (or language) is a new background. Two
# entries: the current one and, for a moment after a deploy, the one before it.
@functools.lru_cache(maxsize=2)
def _background(html: str) -> _Background:
    import weasyprint

    captured = []
    document = weasyprint.HTML(string=html, url_fetcher=_url_fetcher()).render(
        font_config=_fonts())
    document.write_pdf(finisher=lambda _document, pdf: captured.append(_keep(pdf)))
    return captured[0]


_REFERENCE = re.compile(rb"(\d+) 0 R")


def _keep(pdf: pydyf.PDF) -> _Background:
    """Copy the page of a PDF that WeasyPrint has just built into objects that refer to
    each other through `_Reference`, with every stream compressed once, here."""
    kept: dict[int, pydyf.Object] = {}
    order: list[pydyf.Object] = []

    def indirect(number: int) -> pydyf.Object:
        if number not in kept:
            original = pdf.objects[number]
            if isinstance(original, pydyf.Stream):
                copy = pydyf.Stream(extra=None)
                kept[number] = copy
                copy.extra = pydyf.Dictionary(
                    {key: value(inner) for key, inner in original.extra.items()})
                copy.stream = [_compressed(original, copy.extra)]
            elif isinstance(original, dict | list):
                copy = pydyf.Dictionary() if isinstance(original, dict) else pydyf.Array()
                kept[number] = copy  # before its values, which may lead back to it
                if isinstance(copy, dict):
                    copy.update({key: value(inner) for key, inner in original.items()})
                else:
                    copy.extend(value(inner) for inner in original)
            else:  # a string or a number: no references in it
                copy = kept[number] = _Raw(original.data)
            order.append(copy)
        return kept[number]

    def value(item):
        if isinstance(item, bytes) and (match := _REFERENCE.fullmatch(item)):
            return _Reference(indirect(int(match.group(1))))
        if isinstance(item, pydyf.Object) and item.number is not None:
            return _Reference(indirect(item.number))
        if isinstance(item, dict):
            return pydyf.Dictionary({key: value(inner) for key, inner in item.items()})
        if isinstance(item, list | tuple):
            return pydyf.Array([value(inner) for inner in item])
        return item

    page = pdf.objects[_number(pdf.pages["Kids"][0])]
    resources = value(page["Resources"])
    content = pdf.objects[_number(page["Contents"])]
    left, top, right, bottom = page["MediaBox"]
    extra = pydyf.Dictionary({"Type": "/XObject", "Subtype": "/Form",
                              "BBox": pydyf.Array([left, top, right, bottom]),
                              "Resources": resources})
    form = pydyf.Stream(extra=extra)
    form.stream = [_compressed(content, extra)]
    return _Background(order + [form], form)


def _number(reference) -> int:
    """The object number of a reference as WeasyPrint and pydyf write them (b"12 0 R",
    the object, or the bare number in /Kids)."""
    if isinstance(reference, int):
        return reference
    if isinstance(reference, pydyf.Object):
        return reference.number
    return int(reference.split()[0])


def _compressed(stream: pydyf.Stream, extra: dict) -> bytes:
    """The stream's bytes as they go into the file (compressed once, if pydyf would
    compress them every time), setting the filter in `extra`."""
    raw = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
    if stream.compress:
        extra["Filter"] = "/FlateDecode"
        return zlib.compress(raw, 9)
    return raw


def _compose(pdf: pydyf.PDF, background: _Background, qr_drawing: bytes) -> None:
    """Put the background under the overlay's page and the QR code over it, and
    compress the overlay's streams."""
    for item in background.objects:
        pdf.add_object(item)
    page = pdf.objects[_number(pdf.pages["Kids"][0])]
    resources = page["Resources"]
    if not isinstance(resources, dict):
        resources = pdf.objects[_number(resources)]
    x_objects = resources.get("XObject")
    if x_objects is None:
        x_objects = resources["XObject"] = pydyf.Dictionary()
    elif not isinstance(x_objects, dict):
        x_objects = pdf.objects[_number(x_objects)]
    x_objects["Background"] = background.form.reference
    content = pdf.objects[_number(page["Contents"])]
    content.stream[:0] = [b"q /Background Do Q", b"q"]
    content.stream.append(b"Q")
    content.stream.append(qr_drawing)
    for item in pdf.objects:
        # pydyf compresses at zlib's level 9: a third of the time of writing the page,
        # for a file a few per cent smaller than at the default level.
        if isinstance(item, pydyf.Stream) and item.compress:
            item.stream = [zlib.compress(
                b"\n".join(pydyf._to_bytes(part) for part in item.stream), STREAM_LEVEL)]
            item.extra["Filter"] = "/FlateDecode"
            item.compress = False


def _qr_operators(rows: tuple[bytes, ...]) -> bytes:
    """PDF operators that fill QR_BOX with the code: a white square, then the dark
    modules as one path of rectangles (a run of dark modules in a row is one rectangle),
    in a coordinate system of one unit a module, from the box's top-left corner down."""
    left, top, side = QR_BOX
    size = len(rows) + 2 * QUIET_ZONE
    module = side / size * POINTS_PER_MM
    page_height = 210 * POINTS_PER_MM
    x, y = left * POINTS_PER_MM, page_height - top * POINTS_PER_MM
    parts = [f"q {module:.5f} 0 0 {-module:.5f} {x:.4f} {y:.4f} cm",
             f"1 g 0 0 {size} {size} re f 0 g"]
    for number, row in enumerate(rows):
        for run in re.finditer(b"\x01+", row):
            parts.append(f"{run.start() + QUIET_ZONE} {number + QUIET_ZONE} "
                         f"{run.end() - run.start()} 1 re")
    parts.append("f Q")
    return "\n".join(parts).encode("ascii")
