"""Every string a person reads is in the catalogues; Dutch is complete; the others hold no guesses."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from .conftest import require

ROOT = Path(__file__).resolve().parents[1]
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))
SOURCES = ["manage.py", "miaproject", "templates", *APPS]


def _catalogue(root: Path, language: str):
    with open(root / "locale" / language / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po)


def _untranslated(catalogue) -> list[str]:
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def test_dutch_catalogue_is_complete():
    assert _untranslated(_catalogue(ROOT, "nl")) == []


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES if code not in {"en", "nl"}])
def test_other_consortium_languages_are_started(language):
    catalogue = _catalogue(ROOT, language)
    translated = [m for m in catalogue if m.id and m.string and not m.fuzzy]
    # makemessages guesses a "fuzzy" translation from a similar string; gettext ignores it, but a
    # later merge could take it as done. A guess is replaced by a translation or left empty.
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]

    assert (catalogue.locale.language, len(translated) >= 20, fuzzy) == (language, True, [])


def test_catalogue_holds_every_string_of_the_source(tmp_path):
    require("GNU gettext", bool(shutil.which("xgettext")), "apt-get install gettext")
    for name in [*SOURCES, "locale"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(source, tmp_path / name)

    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "miaproject.settings.test"},
    )

    fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue(tmp_path, "nl") if m.id}
    committed = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue(ROOT, "nl") if m.id}
    assert (sorted(fresh - committed), _untranslated(_catalogue(tmp_path, "nl"))) == ([], [])
