"""Every slide deck as the audience sees it: built offline, opened from file:// in Chromium at 1280×720.

The decks are built once (``tools.slides.build``) into a temporary folder; each is walked slide by
slide, horizontal and vertical (``tools.slides.measure``). A deck fails on a slide taller than the
screen that does not scroll, on more scrolling slides than the few recorded (scrolling is only a
fallback), on a formula MathJax left as raw LaTeX, and on a failed load or any request to another
host (the decks must work with no network). Each deck's first and tallest slides are saved in test-artifacts/slides/.
"""

from __future__ import annotations

import functools
import shutil

import pytest

from tools import slides

pytestmark = pytest.mark.e2e

ARTIFACTS = slides.ROOT / "test-artifacts" / "slides"
DECKS = [slides.deck_name(notebook) for notebook in slides.sources()]


@pytest.fixture(scope="module")
def walk(tmp_path_factory, chromium):
    """``walk(deck name)``: its slides as ``tools.slides.measure`` describes them, each deck walked once."""
    built = {deck.name: deck for deck in slides.build(out=tmp_path_factory.mktemp("slides"))}
    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # only this run's screenshots

    @functools.cache
    def walked(name: str) -> list[dict]:
        return slides.measure(built[name], chromium, screenshots=ARTIFACTS)

    return walked


def _fail_listing(found: list[dict], what: str) -> None:
    """Fail naming each slide found, ``(h, v) height "title"`` and what is wrong with it, a line each."""
    if found:
        pytest.fail(what + ":\n" + "\n".join("  " + slides.describe(slide) for slide in found), pytrace=False)


# The slides that still scroll after the deck has fitted them (figures at half size, long outputs in
# a scroll box, everything zoomed out to 70 %): a long table, a long function, a cell with two
# pictures. Each is listed by ``python -m tools.slides measure``; a deck may not gain more.
STILL_SCROLLING = {"06_optimizers": 1, "08_sign_language-solution": 2}


@pytest.mark.parametrize("deck", DECKS)
def test_every_slide_fits_the_screen_or_scrolls(deck, walk):
    walked = walk(deck)
    too_tall = slides.overflowing(walked)
    _fail_listing([slide for slide in too_tall if not slide["scrolls"]],
                  f"{deck}: slides taller than the {walked[0]['deck_height']}-unit deck that do not scroll")
    allowed = STILL_SCROLLING.get(deck.removesuffix(".slides.html"), 0)
    if len(too_tall) > allowed:
        _fail_listing(too_tall, f"{deck}: {len(too_tall)} slides only fit by scrolling (at most {allowed}); split "
                                f"the new ones into sub-slides")


@pytest.mark.parametrize("deck", DECKS)
def test_every_formula_is_rendered(deck, walk):
    _fail_listing([slide for slide in walk(deck) if slide["raw_latex"]], f"{deck}: LaTeX shown as text")


@pytest.mark.parametrize("deck", DECKS)
def test_everything_loads_from_the_decks_folder(deck, walk):
    _fail_listing([slide for slide in walk(deck) if slide["requests"]],
                  f"{deck}: failed or non-local loads (listed under the slide shown then)")
