"""The Spanish catalogue is complete: every string the source marks for translation has a
Spanish translation, none is a guess (fuzzy), and the compiled catalogue the site reads is
the one the translations say.

The check extracts the strings the way a developer would (`manage.py makemessages`), but
in a copy of the project, so the committed catalogue is compared, never rewritten. It
needs GNU gettext (CI installs it); on a machine without it the tests say so and skip.
"""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = Path("locale/es/LC_MESSAGES/django.po")
COMPILED = Path("locale/es/LC_MESSAGES/django.mo")
# The same folders `make messages` leaves out: nothing a visitor reads comes from them.
NOT_EXTRACTED = (".venv/*", "var/*", "tests/*", "bench/*", "node_modules/*")

# Absolute paths of the tools, None where missing.
GIT, MSGFMT, MSGATTRIB = shutil.which("git"), shutil.which("msgfmt"), shutil.which("msgattrib")

needs_gettext = pytest.mark.skipif(
    not (shutil.which("xgettext") and MSGFMT and MSGATTRIB),
    reason="GNU gettext (xgettext, msgfmt, msgattrib) is not installed")


def _project_files() -> list[str]:
    """The project's files as a clean checkout has them, plus new files not yet committed
    (so a developer sees the failure before committing)."""
    if GIT and (ROOT / ".git").exists():
        listed = subprocess.run(
            [GIT, "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT, check=True, capture_output=True).stdout.decode()
        return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]
    return [str(path.relative_to(ROOT)) for path in ROOT.rglob("*")
            if path.is_file() and not {".venv", "var", "node_modules", ".git"}
            & set(path.relative_to(ROOT).parts)]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """A copy of the project whose Spanish catalogue makemessages has brought up to date
    with the source."""
    copy = tmp_path_factory.mktemp("project")
    for name in _project_files():
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    ignores = [argument for pattern in NOT_EXTRACTED for argument in ("--ignore", pattern)]
    subprocess.run([sys.executable, "manage.py", "makemessages", "--locale", "es",
                    "--no-obsolete", *ignores], cwd=copy, check=True, capture_output=True)
    return copy


def _entries(copy: Path, *flags: str) -> str:
    return subprocess.run([MSGATTRIB, *flags, "--no-wrap", str(copy / CATALOGUE)],
                          check=True, capture_output=True, text=True).stdout


@needs_gettext
def test_every_string_of_the_source_has_a_spanish_translation(extracted):
    untranslated = _entries(extracted, "--untranslated", "--no-obsolete")
    assert "msgid" not in untranslated, (
        "Strings without a Spanish translation (add them to locale/es/LC_MESSAGES/"
        "django.po after `make messages`):\n" + untranslated)


@needs_gettext
def test_no_spanish_translation_is_a_fuzzy_guess(extracted):
    fuzzy = _entries(extracted, "--only-fuzzy", "--no-obsolete")
    assert "msgid" not in fuzzy, (
        "Translations gettext guessed from a similar string (check each, then remove "
        "its fuzzy flag):\n" + fuzzy)


@needs_gettext
def test_msgfmt_counts_no_untranslated_or_fuzzy_entry(extracted):
    report = subprocess.run([MSGFMT, "--check", "--statistics", "-o", "/dev/null",
                             str(extracted / CATALOGUE)],
                            check=True, capture_output=True, text=True).stderr
    assert "untranslated" not in report and "fuzzy" not in report, report


@needs_gettext
def test_the_committed_catalogue_lists_exactly_the_strings_of_the_source(extracted):
    committed = subprocess.run([MSGATTRIB, "--no-obsolete", "--no-wrap", "--no-location",
                                str(ROOT / CATALOGUE)],
                               check=True, capture_output=True, text=True).stdout
    current = subprocess.run([MSGATTRIB, "--no-obsolete", "--no-wrap", "--no-location",
                              str(extracted / CATALOGUE)],
                             check=True, capture_output=True, text=True).stdout
    assert _msgids(committed) == _msgids(current), "Run `make messages` and translate."


@needs_gettext
def test_the_compiled_catalogue_says_what_the_translations_say(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run([MSGFMT, "-o", str(compiled), str(ROOT / CATALOGUE)], check=True)
    with open(compiled, "rb") as fresh, open(ROOT / COMPILED, "rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == (
            gettext.GNUTranslations(fresh)._catalog), (
            "locale/es/LC_MESSAGES/django.mo is out of date: run `make messages`.")


def _msgids(catalogue: str) -> set[str]:
    """The msgctxt and msgid of every entry of a catalogue (continuation lines joined),
    its header left out."""
    ids, context, current, field = set(), "", None, None
    for line in [*catalogue.splitlines(), ""]:
        if line.startswith('"') and field is not None:
            current += line
            continue
        if field == "msgid" and current != '""':
            ids.add(f"{context}|{current}")
        if field == "msgid":
            context = ""
        field = None
        if line.startswith("msgctxt "):
            context = line[len("msgctxt "):]
        elif line.startswith("msgid "):
            field, current = "msgid", line[len("msgid "):]
    return ids
