"""PDF output: print a brief's HTML with headless Chromium (the renderer the browser tests use)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["CHROMIUM_NAMES", "find_chromium", "html_to_pdf"]

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The path of a headless-capable Chromium, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str, path: Path) -> None:
    """Print HTML to PDF with headless Chromium (the same renderer the browser tests use)."""
    browser = find_chromium()
    if browser is None:
        raise RuntimeError("saving a brief as PDF needs headless Chromium: install Debian's 'chromium' package "
                           "(apt-get install chromium), or save as .html and print it from a browser")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "brief.html"
        source.write_text(html, encoding="utf-8")
        result = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--user-data-dir={tmp}/profile", f"--print-to-pdf={path.resolve()}", source.as_uri()],
            capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0 or not path.exists():
        raise RuntimeError(f"Chromium could not print the PDF (exit {result.returncode}): {result.stderr[-500:]}")
