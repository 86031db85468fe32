"""A real browser renders the bundled Kazakhstan brief: PNG, PDF, no console errors, no overflow.

Needs headless Chromium (Debian's `chromium`, installed by .ci/run). Locally the tests skip
with a reason when it is missing; in CI (TECHRISK_REQUIRE_BROWSER=1) they fail instead.
"""

from __future__ import annotations

import os
import re
import subprocess

import pytest

import techrisk
from techrisk.report.pdf import find_chromium

BROWSER = find_chromium()
pytestmark = [pytest.mark.slow, pytest.mark.browser]
if BROWSER is None:
    if os.environ.get("TECHRISK_REQUIRE_BROWSER"):
        raise RuntimeError("TECHRISK_REQUIRE_BROWSER is set but no chromium is installed")
    pytestmark.append(pytest.mark.skip(reason="headless Chromium is not installed (apt-get install chromium)"))

# Injected into a test copy only: briefs themselves carry no scripts.
PROBE = """<script>
window.addEventListener('load', function () {
  var w = document.documentElement.scrollWidth;
  document.body.setAttribute('data-scroll-width', String(w));
  document.body.setAttribute('data-view-width', String(window.innerWidth));
});
</script></body>"""


def run_browser(*args: str, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0", *args],
        capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def kz_brief(registry):
    return techrisk.brief("KZ", registry=registry)


@pytest.mark.parametrize("width", [1200, 800])  # a desktop window, and about an A4 page
def test_no_console_errors_and_no_overflow(kz_brief, tmp_path, width):
    page = tmp_path / "probe.html"
    page.write_text(kz_brief.html.replace("</body>", PROBE), encoding="utf-8")
    result = run_browser(f"--window-size={width},900", "--dump-dom", page.as_uri(), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line]
    assert not console, console
    scroll = int(re.search(r'data-scroll-width="(\d+)"', result.stdout).group(1))
    view = int(re.search(r'data-view-width="(\d+)"', result.stdout).group(1))
    assert scroll <= view, f"content is {scroll}px wide in a {view}px window"


def test_renders_png(kz_brief, tmp_path):
    page = tmp_path / "kz.html"
    kz_brief.save(page)
    shot = tmp_path / "kz.png"
    result = run_browser("--window-size=1200,2000", f"--screenshot={shot}", page.as_uri(), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000  # a blank page compresses far smaller


def test_save_pdf(kz_brief, tmp_path):
    pdf = kz_brief.save(tmp_path / "kz.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 3  # sections start on new pages when printed
