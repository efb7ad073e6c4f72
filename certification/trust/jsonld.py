"""JSON-LD for the RDF-canonicalized proofs (eddsa-rdfc-2022), with no network.

pyld expands and canonicalizes (RDFC-1.0, the standardized URDNA2015) documents whose
contexts are read from local copies in `contexts/` (see its README). A context that is
not there is refused: signing and verifying never fetch anything.
"""

import json
from pathlib import Path

from pyld import jsonld

CONTEXTS_DIR = Path(__file__).with_name("contexts")
CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
}
_loaded: dict[str, dict] = {}


class UnknownContext(ValueError):
    """A document names a JSON-LD context the registry does not hold a copy of."""


def register_context(url: str, document: dict) -> None:
    """Make one more context known (tests use it for the specifications' examples)."""
    _loaded[url] = document


def _context(url: str) -> dict:
    if url not in _loaded:
        name = CONTEXT_FILES.get(url)
        if name is None:
            raise UnknownContext(f"no local copy of the JSON-LD context {url}")
        _loaded[url] = json.loads((CONTEXTS_DIR / name).read_text(encoding="utf-8"))
    return _loaded[url]


def _load(url, options=None):
    return {"contextUrl": None, "documentUrl": url, "document": _context(url)}


def canonize(document: dict) -> str:
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document."""
    return jsonld.normalize(document, {"algorithm": "URDNA2015",
                                       "format": "application/n-quads",
                                       "documentLoader": _load, "safe": True})
