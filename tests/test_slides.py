"""What an instructor relies on for slides: offline decks build, slide metadata survives pairing.

The decks themselves, slide by slide in a browser, are tested in tests/e2e/test_slide_decks.py.
"""

import base64
import hashlib
import html
import io
import re
import tarfile

import jupytext
import nbformat
import pytest

from tools import slides
from tools.notebooks import rel

LESSONS = slides.sources()  # every lesson, and the capstone's exercise and worked solution


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    """The folder ``python dev.py slides`` writes, built once into a temporary folder."""
    out = tmp_path_factory.mktemp("slides")
    slides.build(out=out)
    return out


@pytest.mark.parametrize("lesson", LESSONS, ids=rel)
def test_each_lesson_builds_an_offline_deck(lesson, decks):
    notebook = nbformat.read(lesson, 4)
    starts = [c for c in notebook.cells if c.metadata.get("slideshow", {}).get("slide_type") == "slide"]
    assert len(starts) >= 3, "section headers carry slideshow metadata (slide_type: slide)"
    deck = (decks / slides.deck_name(lesson)).read_text(encoding="utf-8")
    assert deck.count("<section") >= len(starts)
    assert f"width: {slides.SCREEN['width']}," in deck and f"height: {slides.SCREEN['height']}," in deck
    assert 'slide.style.overflowY = "auto"' in deck, "a slide that cannot be shrunk to fit scrolls"
    addresses = re.findall(r'(?:src|href)="([^"#][^"]*)"|import \w+ from \'([^\']+)\'', deck)
    loaded = {a or b for a, b in addresses if not (a or b).startswith("data:")}
    assert loaded, "the deck loads its libraries"
    for address in loaded:
        assert "://" not in address, f"{address}: every address in a deck is relative (no network)"
        assert (decks / address.split("?")[0]).is_file(), f"{address} is missing from the decks' folder"


def test_the_index_lists_every_deck_with_its_title(decks):
    index = (decks / "index.html").read_text(encoding="utf-8")
    for lesson in LESSONS:
        assert f'<a href="{slides.deck_name(lesson)}">{html.escape(slides.title(lesson))}</a>' in index
    assert index.count("<li>") == len(LESSONS) == 9


def _tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in files.items():
            member = tarfile.TarInfo(f"package/{name}")
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    return buffer.getvalue()


def _serving(monkeypatch, data: bytes) -> None:
    """Make the registry answer every download with ``data``."""
    monkeypatch.setattr(slides.urllib.request, "urlopen", lambda url, timeout: io.BytesIO(data))


def test_a_verified_tarball_is_cached_with_only_what_decks_load(tmp_path, monkeypatch):
    data = _tarball({"dist/lib.js": b"lib", "dist/theme.css": b"@import url(https://cdn/x.css);",
                     "docs/big.png": b"png", "dist/../../escape.js": b"no"})
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    package = slides.Package("lib", "1.0.0", integrity, "lib", ("dist/*", "dist/**/*.js"),
                             (("dist/theme.css", "https://cdn/x.css", "local.css"),))
    monkeypatch.setattr(slides, "CACHE", tmp_path)
    _serving(monkeypatch, data)
    folder = slides.vendor(package)
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        "dist", "dist/lib.js", "dist/theme.css"]
    assert (folder / "dist/theme.css").read_text() == "@import url(local.css);"
    _serving(monkeypatch, b"")  # cached: not downloaded again
    assert slides.vendor(package) == folder


def test_a_tarball_that_fails_its_integrity_check_is_not_kept(tmp_path, monkeypatch):
    package = slides.Package("lib", "1.0.0", "sha512-" + base64.b64encode(bytes(64)).decode(), "lib", ("*",))
    monkeypatch.setattr(slides, "CACHE", tmp_path)
    _serving(monkeypatch, _tarball({"lib.js": b"tampered"}))
    with pytest.raises(RuntimeError, match="does not match its pinned integrity"):
        slides.vendor(package)
    assert not any(tmp_path.iterdir())


def test_every_vendored_package_is_pinned_to_a_registry_integrity():
    for package in slides.PACKAGES:
        assert re.fullmatch(r"\d+\.\d+\.\d+", package.version), package
        assert package.integrity.startswith("sha512-") and len(base64.b64decode(package.integrity[7:])) == 64
        assert package.tarball.startswith(f"{slides.REGISTRY}/{package.name}/-/")


@pytest.mark.parametrize("lesson", LESSONS, ids=rel)
def test_slide_metadata_survives_the_jupytext_pairing(lesson):
    def slide_types(nb):
        return [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]

    paired = jupytext.read(lesson.with_suffix(".py"))
    assert slide_types(paired) == slide_types(nbformat.read(lesson, 4))
    round_trip = jupytext.reads(jupytext.writes(paired, fmt="py:percent"), fmt="py:percent")
    assert slide_types(round_trip) == slide_types(paired)


@pytest.mark.parametrize("lesson", LESSONS, ids=rel)
def test_rise_scrolls_a_too_tall_slide_and_the_pairing_keeps_that_setting(lesson):
    """Live in JupyterLab, RISE scrolls a slide taller than the screen (a fallback: every slide should fit).

    The notebook's ``rise`` metadata is in the .py header, and saving the notebook with the repository's
    jupytext.toml (as JupyterLab does) writes it there again.
    """
    from jupytext.config import load_jupytext_config

    config = load_jupytext_config(str(lesson.parent))
    saved = jupytext.writes(nbformat.read(lesson, 4), fmt="py:percent", config=config)
    for notebook in (nbformat.read(lesson, 4), jupytext.read(lesson.with_suffix(".py")),
                     jupytext.reads(saved, fmt="py:percent")):
        assert notebook.metadata.get("rise", {}).get("scroll") is True
