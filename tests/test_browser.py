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


# ------------------------------------------------------------------ issue 18: pages and small screens

OVERFLOW_PROBE = """<script>
window.addEventListener('load', function () {
  var view = document.documentElement.clientWidth, bad = [];
  document.querySelectorAll('td, th, p, li, dd, dt, h1, h2, h3, h4, figcaption, summary, code').forEach(function (el) {
    var box = el.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible' && el.clientWidth > 0
        || box.right > view + 1) {
      bad.push(el.tagName + ':' + el.textContent.trim().slice(0, 60));
    }
  });
  document.querySelectorAll('svg').forEach(function (svg) {
    var width = svg.viewBox.baseVal.width;
    svg.querySelectorAll('text').forEach(function (t) {
      var b = t.getBBox();
      if (b.width > 0 && (b.x < -1 || b.x + b.width > width + 1)) { bad.push('svg text cut:' + t.textContent.slice(0, 60)); }
    });
  });
  document.body.setAttribute('data-scroll-width', String(document.documentElement.scrollWidth));
  document.body.setAttribute('data-view-width', String(view));
  document.body.setAttribute('data-overflow', JSON.stringify(bad.slice(0, 10)).replace(/"/g, "'"));
});
</script></body>"""

CENTRAL_ASIA = ("KZ", "UZ", "KG", "TJ", "TM")


@pytest.fixture(scope="module")
def publishable(registry):
    """The briefs issue 18 names: KZ, EC, RS, GB and a five-country regional brief, from one run."""
    run = techrisk.assess(registry=registry)
    briefs = {code: techrisk.brief(code, assessment=run) for code in ("KZ", "EC", "RS", "GB")}
    briefs["Central Asia"] = techrisk.brief(list(CENTRAL_ASIA), assessment=run)
    return briefs


@pytest.mark.parametrize("name", ["KZ", "EC", "RS", "GB", "Central Asia"])
@pytest.mark.parametrize("width", [480, 1280])  # a phone, a desktop window
def test_nothing_overflows_its_box(publishable, tmp_path, name, width):
    page = tmp_path / "probe.html"
    page.write_text(publishable[name].html.replace("</body>", OVERFLOW_PROBE), encoding="utf-8")
    result = run_browser(f"--window-size={width},900", "--dump-dom", page.as_uri(), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    scroll = int(re.search(r'data-scroll-width="(\d+)"', result.stdout).group(1))
    view = int(re.search(r'data-view-width="(\d+)"', result.stdout).group(1))
    assert scroll <= view, f"{name}: content is {scroll}px wide in a {view}px window"
    overflowing = re.search(r'data-overflow="([^"]*)"', result.stdout).group(1)
    assert overflowing == "[]", f"{name} at {width}px: {overflowing}"


def _ink(pdf_path):
    """Per page: the share of the page's height between its first and last inked row."""
    pdfium = pytest.importorskip("pypdfium2")
    doc = pdfium.PdfDocument(str(pdf_path))
    shares, texts = [], []
    for page in doc:
        pixels = page.render(scale=0.5, grayscale=True).to_numpy()
        grey = pixels if pixels.ndim == 2 else pixels[..., 0]
        rows = (grey < 200).any(axis=1).nonzero()[0]
        shares.append((rows.max() - rows.min()) / grey.shape[0] if len(rows) else 0.0)
        texts.append(page.get_textpage().get_text_range())
    doc.close()
    return shares, texts


@pytest.mark.parametrize("name, most_pages", [("KZ", 14), ("EC", 9), ("RS", 14), ("GB", 22), ("Central Asia", 40)])
def test_pdf_pages_are_full_and_start_with_content(publishable, tmp_path, name, most_pages):
    pdf = publishable[name].save(tmp_path / "brief.pdf")
    shares, texts = _ink(pdf)
    assert 2 <= len(shares) <= most_pages, f"{name}: {len(shares)} pages"
    # page 1 is never a title alone: it holds the headline or the regional comparison
    assert ("KEY FINDINGS" in texts[0].upper()) or ("COMPARISON" in texts[0].upper() and "rank" in texts[0])
    # no page but the last is nearly empty (inked over less than 30% of its height)
    thin = [i + 1 for i, share in enumerate(shares[:-1]) if share < 0.30]
    assert not thin, f"{name}: nearly empty pages {thin} of {len(shares)} ({[round(s, 2) for s in shares]})"
    assert shares[-1] > 0.03
