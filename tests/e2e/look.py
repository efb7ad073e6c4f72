"""What every browser journey checks on each page it reaches: at phone width nothing
scrolls sideways (WCAG 1.4.10), axe-core finds no violation, and — when E2E_SCREENSHOTS
is set (`make screenshots`) — a full-page screenshot is kept under var/screenshots/ for a
person to look at. `make test` takes none: no one looks at a clean checkout's pictures,
and the sweep of every page spent a quarter of its time taking them.

axe-core is the npm package pinned in tests/e2e/package.json (`.ci/run` installs it);
without it the accessibility check is skipped, never fetched from a CDN."""

import json
import os
import re
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = HERE.parent.parent / "var" / "screenshots"

PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}

# WCAG 2.1 A and AA, plus axe's best practices that a public registry should meet.
AXE_OPTIONS = {"runOnly": {"type": "tag",
                           "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
               "resultTypes": ["violations"]}


def axe_available() -> bool:
    return AXE.exists()


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")


def violations(page) -> list[str]:
    """axe-core's violations on the page as it is now, one line each. The script is
    evaluated through the browser's protocol, which the page's CSP does not govern, so
    the pages keep refusing inline scripts while they are checked."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(" ".join(node["target"]) if isinstance(node["target"], list)
                        else json.dumps(node["target"]) for node in v["nodes"][:5])
            for v in result["violations"]]


def shot_name(name: str, page) -> str:
    width = page.viewport_size["width"] if page.viewport_size else 0
    return f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower()).strip('-')}-{width}.png"


def look(page, name: str, *, accessibility: bool = True) -> None:
    """Check the page the browser shows now (and keep its screenshot when asked). Fails
    with what a person would meet: the page scrolls sideways by N px, or axe's
    violations."""
    if os.environ.get("E2E_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / shot_name(name, page)), full_page=True)
    width = page.viewport_size["width"] if page.viewport_size else DESKTOP["width"]
    extra = overflow(page)
    assert extra <= 0, f"{name} at {width} px scrolls sideways by {extra} px ({page.url})"
    if accessibility and axe_available():
        found = violations(page)
        assert found == [], f"{name} at {width} px ({page.url}):\n" + "\n".join(found)


def require_axe():
    if not axe_available():
        pytest.skip("axe-core is not installed (npm ci --prefix tests/e2e)")
