"""The course's one browser: Debian's Chromium, headless, driven by Playwright (never a downloaded build).

Used by the browser tests (tests/e2e) and by the slide measurements (tools.slides).
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
MISSING = "Chromium is not installed: `apt-get install chromium` (Debian) to run the browser tests"


def launch(playwright):
    """Start Chromium from a running ``sync_playwright()``; fails with the install instruction when it is missing."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(MISSING)
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
