"""Slide decks that work offline: every lesson as a reveal.js deck in one folder, with what it loads.

    python -m tools.slides build [NAME ...]           # or `python dev.py slides`: write build/slides/
    python -m tools.slides measure [NAME ...] [--all]  # build, then walk every slide in Chromium

nbconvert's SlidesExporter loads reveal.js, require.js, jQuery and MathJax (and the reveal theme its
Google fonts) from public CDNs, so a deck shown without a network is a plain page with raw LaTeX.
Here the same libraries come from the npm registry once — pinned versions, each tarball checked
against its sha512 integrity before anything of it is kept — into build/slides-vendor/; each build
copies what the decks load into build/slides/vendor/ and points every deck there with relative
URLs, so build/slides/ opens from file:// (or any local web server) with no network. No lesson
stores widget state (notebook metadata "widgets"), so a deck shows each widget's static PNG and
loads no widget manager (one that did would load it from unpkg; the browser test would say so).

A deck is 1280×720 reveal units (nbconvert's default is reveal's 960×700): a 16:9 projector shows
it whole, at 0.96 scale on a 1280×720 screen. A slide taller than that is shrunk to fit when it is
shown (``TEMPLATE``), and scrolls only when that is not enough: ``measure`` reports every slide's
height and what was shrunk, and the browser test (tests/e2e/test_slide_decks.py) fails on a slide
that neither fits nor scrolls, or on a deck with more scrolling slides than it has today.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import io
import re
import shutil
import sys
import tarfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import jinja2
import nbformat
from nbconvert import SlidesExporter

from tools import course_map
from tools.browser import launch
from tools.notebooks import ROOT, rel

OUT = ROOT / "build" / "slides"
CACHE = ROOT / "build" / "slides-vendor"
REGISTRY = "https://registry.npmjs.org"
SCREEN = {"width": 1280, "height": 720}
CAPSTONE = "08_sign_language.ipynb"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
TITLES = {stem: title for stem, title, _ in course_map.LESSONS}


@dataclass(frozen=True)
class Package:
    """One npm package a deck loads: the pinned version, its registry integrity, and what of it to keep.

    ``keep`` are paths inside the package (``*`` stays within a folder, ``**`` takes everything
    below); ``patches`` are ``(path, old, new)`` replacements made in the kept copy.
    """

    name: str
    version: str
    integrity: str
    folder: str  # vendor/<folder>/ in the decks' folder
    keep: tuple[str, ...]
    patches: tuple[tuple[str, str, str], ...] = ()

    @property
    def tarball(self) -> str:
        return f"{REGISTRY}/{self.name}/-/{self.name.split('/')[-1]}-{self.version}.tgz"


GOOGLE_FONTS = "@import url(https://fonts.googleapis.com/css?family="
# Font Awesome (an nbconvert setting too) is not loaded by the reveal template, so it is not here.
PACKAGES = (
    # nbconvert 7.17 loads reveal.js 4.0.2 from unpkg; its "simple" theme imports two Google fonts,
    # which the kept copy imports from the two @fontsource packages below instead.
    Package("reveal.js", "4.0.2",
            "sha512-LWZSUenufF1gpD7npxJ7KfoQQFKgc1D6XrLTFgKlwWNP1BQ74hT48KONFWMAw+8R/QUeaScCLCLrBVHDfFIEiw==",
            "reveal.js", ("dist/reveal.css", "dist/reveal.js", "dist/theme/simple.css", "plugin/notes/notes.js"),
            (("dist/theme/simple.css", f"{GOOGLE_FONTS}News+Cycle:400,700);",
              "@import url(../../../news-cycle/latin-400.css);\n@import url(../../../news-cycle/latin-700.css);"),
             ("dist/theme/simple.css", f"{GOOGLE_FONTS}Lato:400,700,400italic,700italic);",
              "".join(f"@import url(../../../lato/latin-{style}.css);\n"
                      for style in ("400", "700", "400-italic", "700-italic"))))),
    Package("@fontsource/news-cycle", "5.3.0",
            "sha512-FYR97v6llb/+wXFWW+9AmUPSXE6mrfwOeEDdErh2NH7mKf1dqb7iPJWUTMRtApl09atP6qhD5C8jK6fmb0ydZg==",
            "news-cycle", ("LICENSE", "latin-400.css", "latin-700.css", "files/news-cycle-latin-*.woff2")),
    Package("@fontsource/lato", "5.3.0",
            "sha512-0WhF/4rhrw+ErIyneKvhHn2YAl+xf8GDtllgOgOzDmeaSlLQtjpChXaQOpWhG2BchQW0WJy2zLV12Hdg0ndOMw==",
            "lato", ("LICENSE", "latin-400*.css", "latin-700*.css", "files/lato-latin-400-*.woff2",
                     "files/lato-latin-700-*.woff2")),
    Package("requirejs", "2.1.10",
            "sha512-4JqdTihK3kOnT387LxCHuJZ/9QsKg2EIl7LmaW35PIyM4LwCI2jwyy4fy6pbY/ZZH2JoY/QEcb5PzULFPP6gcQ==",
            "requirejs", ("require.js",)),
    # nbconvert loads jQuery 2.0.3, which was never published on npm; 2.1.0 is the nearest release there.
    Package("jquery", "2.1.0",
            "sha512-QyJAvw0LUlUPci88C5LTFNtg4WFs70Dkqmwq4rZyOBflduKnHZakpIIDjhZVygAQbUqaghv6msUyP5TmRoNevQ==",
            "jquery", ("MIT-LICENSE.txt", "dist/jquery.min.js")),
    # MathJax 2.7.7 with nbconvert's configuration (TeX-AMS_CHTML-full, Safe): its TeX input, the
    # CommonHTML output with its web fonts; not the image fonts, other outputs or unpacked/ sources.
    Package("mathjax", "2.7.7",
            "sha512-OOl0B2/0tSJAtAZarXnQuLDBLgTNRqiI9VqHTQzPsxf4okT2iIpDrvaklK9x2QEMD1sDj4yRn11Ygci41DxMAQ==",
            "mathjax", ("LICENSE", "MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js",
                        "extensions/*.js",
                        "extensions/TeX/*.js", "jax/input/TeX/**", "jax/element/**", "jax/output/CommonHTML/**",
                        "jax/output/PreviewHTML/**", "fonts/HTML-CSS/TeX/woff/**")),
)
VENDOR_URLS = {
    "reveal_url_prefix": "vendor/reveal.js",
    "require_js_url": "vendor/requirejs/require.js",
    "jquery_url": "vendor/jquery/dist/jquery.min.js",
    "mathjax_url": "vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
}

# The deck page, as nbconvert's reveal template makes it (without its mermaid.js import: no lesson draws
# a mermaid diagram), plus two things a projector needs. Long code
# lines wrap instead of running off the slide. A slide still taller than the deck is fitted when it is
# shown, as a presentation program's "shrink to fit" would: its figures shrink (to half their size at
# the most), then a long printed output gets a scroll box of its own, then the whole slide is zoomed
# out (to 70 % at the most); what was done is noted in the slide's data-fitted attribute (``measure``
# reports it). Only what is still too tall scrolls. (nbconvert's own reveal_scroll is left off: it
# fixes the height of nested slides only, at 95 % of the window, before anything is shrunk.)
TEMPLATE = """{%- extends 'reveal/index.html.j2' -%}
{% block html_head_js_mermaidjs %}{% endblock %}
{% block html_head_css %}{{ super() }}
<style>
.reveal .jp-InputArea-editor pre { white-space: pre-wrap; }
</style>
{% endblock html_head_css %}
{% block footer_js %}{{ super() }}
<script>
(function () {
  const deck = document.querySelector(".reveal");
  const height = () => parseInt("{{ resources.reveal.height }}", 10);

  function currentSlide() {
    const top = deck.querySelector(".slides > section.present");
    return top && (top.querySelector(":scope > section.present") || top);
  }

  function fit(slide, final) {
    // start from the content's own size: an earlier pass may have zoomed the slide or fixed its height
    for (const property of ["height", "overflow-y", "zoom", "box-sizing"]) {
      slide.style.removeProperty(property);
    }
    const done = slide.fitted = slide.fitted || {figures: 1, printed: false};  // kept over every pass
    const zoom = () => parseFloat(slide.style.zoom) || 1;  // a zoomed slide's sizes are in its own units
    const over = () => slide.scrollHeight * zoom() - height();
    const images = [...slide.querySelectorAll(".jp-RenderedImage img")].filter(img => img.offsetHeight > 0);
    const total = images.reduce((sum, img) => sum + img.offsetHeight, 0);
    if (over() > 0 && total > 0) {  // figures shrink, to half their size at the most
      const scale = Math.max(0.5 / done.figures, (total - over() - 2) / total);
      for (const img of images) {
        img.style.height = Math.floor(img.offsetHeight * scale) + "px";
        img.style.width = "auto";
      }
      done.figures *= scale;
    }
    const printed = [...slide.querySelectorAll(".jp-RenderedText pre")].sort((a, b) => b.offsetHeight - a.offsetHeight);
    for (const pre of printed) {  // then a long printout gets a scroll box
      if (over() <= 0) break;
      const capped = Math.max(160, pre.offsetHeight - over() - 2);
      if (capped >= pre.offsetHeight) continue;
      pre.style.maxHeight = capped + "px";
      pre.style.overflowY = "auto";
      done.printed = true;
    }
    if (over() > 0) {  // then tables, code and text get smaller together, to 70 % at the most
      let low = 0.7, high = 1;
      for (let i = 0; i < 8; i++) {
        slide.style.zoom = (low + high) / 2;
        if (over() > 0) high = (low + high) / 2; else low = (low + high) / 2;
      }
      slide.style.zoom = low;
    }
    const scrolls = over() > 0;
    if (scrolls) {  // the fallback: the slide scrolls
      slide.style.boxSizing = "border-box";  // its padding inside the deck's height
      slide.style.height = Math.floor(height() / zoom()) + "px";
      slide.style.overflowY = "auto";
    }
    if (final) {
      slide.dataset.fitted = [
        done.figures < 1 && `figures at ${Math.round(done.figures * 100)} %`,
        done.printed && "a printed output scrolls",
        zoom() < 1 && `zoomed to ${Math.round(zoom() * 100)} %`,
        scrolls && "the slide scrolls",
      ].filter(Boolean).join("; ") || "fits";
    }
  }

  function fitCurrent() {
    const slide = currentSlide();
    if (!slide) return;
    fit(slide, false);
    // Formulas are typeset again, and pictures decoded, after a slide is shown: fit it once more then.
    Promise.all([...slide.querySelectorAll("img")].map(img => img.decode().catch(() => null))).then(() => {
      if (window.MathJax && MathJax.Hub) MathJax.Hub.Queue(() => fit(slide, true));
      else fit(slide, true);
    });
  }

  deck.addEventListener("ready", fitCurrent);  // reveal.js dispatches its events on the .reveal element
  deck.addEventListener("slidechanged", fitCurrent);
})();
</script>
{% endblock footer_js %}
"""


def sources(names=()) -> list[Path]:
    """The notebooks shown as decks: every lesson, then the capstone's exercise and worked solution.

    With ``names``, only those whose path (``solutions/08_…``) contains one of them.
    """
    capstone = [ROOT / folder / CAPSTONE for folder in ("exercises", "solutions")]
    found = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")) + capstone
    return [p for p in found if not names or any(n in rel(p) for n in names)]


def deck_name(notebook: Path) -> str:
    """``01_linear_fit_mse.slides.html`` for a lesson, ``08_sign_language-exercise.slides.html`` for the capstone's."""
    kind = "" if notebook.parent.name == "notebooks" else "-" + notebook.parent.name.removesuffix("s")
    return f"{notebook.stem}{kind}.slides.html"


def title(notebook: Path) -> str:
    """The lesson's title in the README's course map, with "exercise" or "worked solution" for the capstone's."""
    kind = {"notebooks": "", "exercises": " (exercise)", "solutions": " (worked solution)"}[notebook.parent.name]
    return f"{notebook.stem[:2]} · {TITLES[notebook.stem]}{kind}"


def _kept(path: str, patterns: tuple[str, ...]) -> bool:
    def regex(pattern: str) -> str:
        return re.escape(pattern).replace(r"\*\*", ".*").replace(r"\*", "[^/]*")
    return ".." not in path.split("/") and any(re.fullmatch(regex(p), path) for p in patterns)


def _download(package: Package) -> bytes:
    """The package's tarball, or an error (and nothing kept) when it is unreachable or fails its integrity check."""
    print(f"fetching {package.name}@{package.version} from {REGISTRY} ...", flush=True)
    try:
        with urllib.request.urlopen(package.tarball, timeout=120) as response:
            data = response.read()
    except urllib.error.URLError as error:
        raise RuntimeError(f"could not download {package.tarball} ({error}). The decks need it once; it is then "
                           f"kept in {rel(CACHE)}/ (copy that folder from a machine that has it).") from error
    algorithm, expected = package.integrity.split("-", 1)
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise RuntimeError(f"{package.tarball} does not match its pinned integrity {package.integrity} "
                           f"(got {algorithm}-{actual}); nothing of it was kept")
    return data


def _unpack(data: bytes, package: Package, folder: Path) -> None:
    """Write the kept files of the tarball ``data`` (its paths below the top folder) into ``folder``, patched."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            path = member.name.split("/", 1)[-1]
            if member.isfile() and _kept(path, package.keep):
                (folder / path).parent.mkdir(parents=True, exist_ok=True)
                (folder / path).write_bytes(tar.extractfile(member).read())
    for path, old, new in package.patches:
        text = (folder / path).read_text(encoding="utf-8")
        if old not in text:
            raise RuntimeError(f"{package.name}@{package.version}: {path} no longer contains {old!r}")
        (folder / path).write_text(text.replace(old, new), encoding="utf-8")


def vendor(package: Package) -> Path:
    """The package's kept files in build/slides-vendor/, downloaded, verified and unpacked on first use."""
    folder, stamp = CACHE / package.folder, CACHE / f"{package.folder}.pinned"
    if stamp.exists() and stamp.read_text() == repr(package) and folder.is_dir():
        return folder
    data = _download(package)
    shutil.rmtree(folder, ignore_errors=True)
    partial = CACHE / f"{package.folder}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    _unpack(data, package, partial)
    partial.rename(folder)
    stamp.write_text(repr(package))
    return folder


def exporter() -> SlidesExporter:
    """nbconvert's SlidesExporter with local vendor URLs, a 1280×720 deck and the fitting of :data:`TEMPLATE`."""
    return SlidesExporter(extra_loaders=[jinja2.DictLoader({"offline_deck.html.j2": TEMPLATE})],
                          template_file="offline_deck.html.j2", reveal_theme="simple",
                          reveal_width=str(SCREEN["width"]), reveal_height=str(SCREEN["height"]), **VENDOR_URLS)


def index_page(out: Path) -> str:
    """The folder's index.html: a link to each deck it holds, with the lesson's title."""
    items = "\n".join(f'  <li><a href="{deck_name(nb)}">{html.escape(title(nb))}</a></li>'
                      for nb in sources() if (out / deck_name(nb)).exists())
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>How neural networks are trained: slides</title>
<style>body {{ font-family: sans-serif; max-width: 40em; margin: 3em auto; line-height: 1.8; }}</style></head>
<body>
<h1>How neural networks are trained: slides</h1>
<p>→ and ↓ move on (↓ opens a section's sub-slides), Esc shows every slide, F is full screen.</p>
<ol>
{items}
</ol>
</body>
</html>
"""


def build(names=(), out: Path = OUT) -> list[Path]:
    """Write the decks of ``sources(names)`` into ``out``, with vendor/ and index.html; return the decks' paths."""
    for package in PACKAGES:
        shutil.copytree(vendor(package), out / "vendor" / package.folder, dirs_exist_ok=True)
    decks, slides_exporter = [], exporter()
    for notebook in sources(names):
        body, _ = slides_exporter.from_notebook_node(nbformat.read(notebook, 4),
                                                     resources={"metadata": {"name": title(notebook)}})
        decks.append(out / deck_name(notebook))
        decks[-1].write_text(body, encoding="utf-8")
    (out / "index.html").write_text(index_page(out), encoding="utf-8")
    return decks


# In the deck's page: wait until reveal.js is ready, MathJax has typeset and fonts are loaded; no transitions.
READY_JS = """async (revealUrl) => {
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("not ready in 30 s")), 30000));
  const reveal = new Promise(resolve => require([revealUrl], resolve));
  const Reveal = await Promise.race([reveal, timeout]);
  if (!Reveal.isReady()) await Promise.race([new Promise(r => Reveal.addEventListener("ready", r)), timeout]);
  Reveal.configure({transition: "none", backgroundTransition: "none"});
  window.deckUnderTest = Reveal;
  if (window.MathJax) await Promise.race([new Promise(r => MathJax.Hub.Queue(r)), timeout]);
  await document.fonts.ready;
  return Reveal.getSlides().map(slide => Reveal.getIndices(slide)).map(({h, v}) => [h, v || 0]);
}"""

# Show slide (h, v), let MathJax re-render it, and describe it (heights in reveal's deck units).
SLIDE_JS = r"""async ([h, v]) => {
  const Reveal = window.deckUnderTest;
  Reveal.slide(h, v);
  const slide = Reveal.getCurrentSlide();
  // nbconvert re-renders the slide's formulas on "slidechanged": wait until each one is shown again.
  const shown = jax => {
    const frame = document.getElementById(jax.inputID + "-Frame");
    return frame !== null && frame.closest(".MJXc-processing, .MJXc-processed") === null;
  };
  const unrendered = () => window.MathJax ? MathJax.Hub.getAllJax(slide).filter(jax => !shown(jax)) : [];
  for (const deadline = Date.now() + 10000; Date.now() < deadline;) {
    if (window.MathJax) await new Promise(r => MathJax.Hub.Queue(r));
    if (!unrendered().length) break;
    await new Promise(r => setTimeout(r, 50));
  }
  await document.fonts.ready;
  for (const deadline = Date.now() + 10000; Date.now() < deadline && slide.dataset.fitted === undefined;) {
    await new Promise(r => setTimeout(r, 20));  // the deck fits a slide when it is shown
  }
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const heading = slide.querySelector("h1, h2, h3, h4, h5, h6");
  const style = getComputedStyle(slide);
  const rawTex = /\$\$|\\\(|\\\[|\\begin\{|\$[^$\s]([^$]*[^$\s])?\$/;
  const texts = [];
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    if (!node.parentElement.closest("pre, code, script, style") && rawTex.test(node.textContent)) {
      texts.push(node.textContent.trim().slice(0, 80));
    }
  }
  for (const jax of unrendered()) texts.push("not rendered by MathJax: " + jax.originalText.slice(0, 80));
  for (const error of slide.querySelectorAll(".mjx-merror, .MathJax_Error, .noError")) {
    texts.push("MathJax error: " + error.textContent.trim().slice(0, 80));
  }
  return {
    h, v,
    title: (heading ? heading.textContent.replace(/¶$/, "") : slide.innerText).trim().split("\n")[0]
      .replace(/\s+/g, " "),
    height: Math.round(slide.scrollHeight * (parseFloat(slide.style.zoom) || 1)),  // in deck units
    deck_height: Reveal.getConfig().height,
    scrolls: ["auto", "scroll"].includes(style.overflowY) && slide.clientHeight < slide.scrollHeight,
    fitted: slide.dataset.fitted || "",
    raw_latex: texts,
  };
}"""


def _is_local(url: str) -> bool:
    scheme, _, rest = url.partition(":")
    host = rest.removeprefix("//").split("/", 1)[0].rsplit(":", 1)[0] if scheme in ("http", "https") else ""
    return scheme in ("file", "data", "blob", "about") or host in LOCAL_HOSTS


def measure(deck: Path, browser=None, screenshots: Path | None = None) -> list[dict]:
    """Walk every slide of ``deck`` (horizontal and vertical) in Chromium at 1280×720 and describe each one.

    Each slide is ``{h, v, title, height, deck_height, scrolls, raw_latex, requests}``: ``height`` is
    its content's height in deck units (fits when ≤ ``deck_height``), ``scrolls`` whether it scrolls
    instead, ``raw_latex`` text that MathJax left unrendered, ``requests`` every failed load and every
    request to a host other than this machine (blocked) since the previous slide. With ``screenshots``,
    the first and the tallest slide are saved there as PNGs. ``browser``: a Playwright Chromium
    (one is started when it is None).
    """
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            chromium = launch(playwright)
            try:
                return measure(deck, chromium, screenshots)
            finally:
                chromium.close()
    page, requests = browser.new_page(viewport=SCREEN), []

    def block_remote(route):
        if _is_local(route.request.url):
            return route.continue_()
        requests.append(f"blocked (not local): {route.request.url}")
        return route.abort()

    page.route("**/*", block_remote)
    page.on("requestfailed", lambda r: _is_local(r.url) and requests.append(f"failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and requests.append(f"HTTP {r.status}: {r.url}"))
    page.on("pageerror", lambda error: requests.append(f"script error: {error}"))
    try:
        page.goto(deck.resolve().as_uri())
        indices = page.evaluate(READY_JS, f"{VENDOR_URLS['reveal_url_prefix']}/dist/reveal.js")
        slides = []
        for h, v in indices:
            slides.append({**page.evaluate(SLIDE_JS, [h, v]), "requests": requests[:]})
            requests.clear()
        if screenshots:
            screenshots.mkdir(parents=True, exist_ok=True)
            for slide in (slides[0], max(slides, key=lambda s: s["height"])):
                page.evaluate(SLIDE_JS, [slide["h"], slide["v"]])
                name = f"{deck.name.removesuffix('.slides.html')}-{slide['h']}.{slide['v']}.png"
                page.screenshot(path=screenshots / name)
        return slides
    except Exception as error:
        raise RuntimeError(f"{deck.name}: {error}\nrequests: {requests}") from error
    finally:
        page.close()


def overflowing(slides: list[dict]) -> list[dict]:
    """The slides taller than the deck."""
    return [s for s in slides if s["height"] > s["deck_height"]]


def problems(slide: dict) -> list[str]:
    """What is wrong with a slide: taller than the deck, raw LaTeX, failed or remote loads ([] when nothing)."""
    scrolls = " (it scrolls)" if slide["scrolls"] else ""
    too_tall = [f"taller than the {slide['deck_height']}-unit deck{scrolls}"]
    return (too_tall if slide["height"] > slide["deck_height"] else []) + [
        f"raw LaTeX: {text}" for text in slide["raw_latex"]] + slide["requests"]


def describe(slide: dict) -> str:
    """``(h, v) height "title"`` (a slide with no heading: its first line), then what is wrong with it, a line each."""
    line = f"({slide['h']}, {slide['v']}) {slide['height']:>5} \"{slide['title'][:70]}\""
    if slide.get("fitted", "fits") != "fits":
        line += f"  [{slide['fitted']}]"
    return line + "".join(f"\n      {problem}" for problem in problems(slide))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("build", "measure"))
    parser.add_argument("names", nargs="*", help="only decks whose notebook path contains one of these")
    parser.add_argument("--all", action="store_true", help="measure: list every slide, not only the ones too tall")
    parser.add_argument("--out", type=Path, default=OUT, help=f"the decks' folder (default {rel(OUT)}/)")
    args = parser.parse_args(argv)
    decks = build(args.names, args.out)
    if args.command == "build":
        print(f"{len(decks)} decks in {args.out}/ — open {args.out / 'index.html'}")
        return 0
    failed = 0
    for deck in decks:
        slides = measure(deck)
        failed += sum(bool(problems(s)) for s in slides)
        print(f"{deck.name}: {len(overflowing(slides))} of {len(slides)} slides taller than the deck "
              f"({slides[0]['deck_height']} units)")
        for slide in slides if args.all else filter(problems, slides):
            print("  " + describe(slide))
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
