"""Browser test of the built book: every page of _build/html, opened from disk in headless Chromium.

Run by ``make browser-test`` (part of ``make test``, after the strict book build), which installs
Debian's chromium and chromium-driver if needed and sets BOOK_HTML to the built book. Without
BOOK_HTML (a plain ``pytest tests``) the module is skipped: it needs the built book.

Every page (``**/*.html`` except the theme's template fragments under ``_static/``) is loaded
from a file:// URL with name resolution disabled, as a reader without network would see it,
and the test asserts that

* MathJax (served from the book itself) has typeset every formula: no ``.math`` element without
  MathJax output, no MathJax error, no raw TeX (``$$``, ``\\frac``, ``\\begin{``, ...) in the
  visible text outside code;
* every image has loaded (``complete`` and ``naturalWidth > 0``);
* the browser console has no error (level SEVERE: JavaScript errors, missing files, blocked
  network requests);
* the page loaded nothing but local files, and its HTML references no remote script or
  stylesheet;
* every internal link resolves: the target file exists inside the built book and its
  ``#anchor``, if any, is an element id of the target page;
* nothing is cut off at a 1280 px window: every display equation, printed output and table
  fits the article column without scrolling.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

BOOK_HTML = os.environ.get("BOOK_HTML")
if not BOOK_HTML:
    pytest.skip(
        "browser test of the built book: run it with `make browser-test` (sets BOOK_HTML)",
        allow_module_level=True,
    )

HTML = Path(BOOK_HTML).resolve()
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
TIMEOUT = 60  # seconds, per page load and per script

# Flags that work in this (root, container) environment; the host resolver rule makes every
# network request fail, so anything the book would fetch from the internet shows up as an error.
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--window-size=1280,1024",
]

# Raw TeX in visible text: display-math delimiters, \( \) \[ \], TeX control words, $...$.
RAW_TEX = re.compile(r"\$\$|\\[()\[\]]|\\[A-Za-z]+|\$[^$\s](?:[^$]*[^$\s])?\$")

# Collects, once the page has loaded, the MathJax and image state and what the checks need.
PAGE_REPORT_JS = r"""
const done = arguments[arguments.length - 1];
(async () => {
  const imgs = Array.from(document.images);
  imgs.forEach((img) => { if (img.loading === "lazy") img.loading = "eager"; });
  await Promise.all(imgs.map((img) => img.complete ? null : new Promise((resolve) => {
    img.addEventListener("load", resolve, {once: true});
    img.addEventListener("error", resolve, {once: true});
  })));
  let mathjax = null;
  if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) {
    await window.MathJax.startup.promise;
    mathjax = window.MathJax.version || "unknown";
  }
  const skip = "script, style, noscript, template, pre, code, kbd, samp, textarea, mjx-container";
  const rawText = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip) || parent.getClientRects().length === 0) continue;
    if (node.data.trim()) rawText.push(node.data);
  }
  const mathElements = Array.from(document.querySelectorAll(".math"));
  // content cut off at the right: display math, printed outputs, code blocks and tables must fit the
  // article column (or scroll inside their own box, which a reader sees as a scroll bar)
  const article = document.querySelector("article.bd-article") || document.querySelector("main");
  const right = article ? article.getBoundingClientRect().right : window.innerWidth;
  const overflow = [];
  const selectors = "div.math, mjx-container[display=\"true\"], div.cell_output pre, div.output pre, " +
                    "div.highlight pre, table";
  for (const el of document.querySelectorAll(selectors)) {
    if (el.getClientRects().length === 0) continue;  // hidden (a collapsed cell)
    const box = el.getBoundingClientRect();
    const cut = Math.max(box.right - right, el.scrollWidth - el.clientWidth);
    if (cut > 2) {
      overflow.push(`${el.tagName.toLowerCase()}.${el.className.split(" ")[0] || ""} ` +
                    `by ${Math.round(cut)} px: ${el.textContent.trim().slice(0, 60)}`);
    }
  }
  // figures: the size each image is shown at, and the size of the captions' text
  const figures = Array.from(document.querySelectorAll("figure img")).map((img) => ({
    src: img.getAttribute("src"), shown: img.clientWidth, natural: img.naturalWidth}));
  const caption = document.querySelector("figcaption .caption-text, figcaption");
  const captionPx = caption ? parseFloat(getComputedStyle(caption).fontSize) : null;
  // numbers in table cells and in the prose split across two lines
  const NUMBER = /[-+\u2011\u2212]?\d[\d.,]*(?:[eE][-+\u2011\u2212]?\d+)?(?:[-\u2011]\d[\d.]*)?/g;
  const broken = [];
  const prose = ".bd-article td, .bd-article th, .bd-article p, .bd-article li";
  for (const cell of document.querySelectorAll(prose)) {
    const cells = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = cells.nextNode(); node; node = cells.nextNode()) {
      if (node.parentElement.closest("mjx-container, pre, code, .math")) continue;
      for (const m of node.data.matchAll(NUMBER)) {
        if (m[0].replace(/[^0-9]/g, "").length < 2) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  // e-notation left in the prose, and relations ("U = -0.55", "< 1e-12") split from their
  // right-hand side across two lines
  const eNotation = [];
  const relationBreaks = [];
  // a relation standing between spaces (not the ">" of an ASCII arrow "->")
  const RELATION = /(?<=^|[\s\u00a0])[=<>\u2264\u2265\u2248\u00b1](?=[\s\u00a0]|$)/g;
  const inProse = (el) => !el.closest("mjx-container, pre, code, .math, .cell_output, .output");
  for (const block of document.querySelectorAll(prose + ", .bd-article figcaption")) {
    const texts = [];
    const inner = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = inner.nextNode(); node; node = inner.nextNode()) texts.push(node);
    texts.forEach((node, i) => {
      if (!inProse(node.parentElement)) return;
      for (const m of node.data.matchAll(/\d(?:\.\d+)?[eE][-+\u2011\u2212]?\d+/g)) {
        eNotation.push(node.data.slice(Math.max(0, m.index - 20), m.index + m[0].length + 5));
      }
      for (const m of node.data.matchAll(RELATION)) {
        // from the relation to the first visible character after it
        let endNode = node, end = m.index + 1;
        while (end < endNode.data.length && /\s/.test(endNode.data[end])) end++;
        let j = i;
        while (end >= endNode.data.length && j + 1 < texts.length) {
          endNode = texts[++j];
          end = 0;
          while (end < endNode.data.length && /\s/.test(endNode.data[end])) end++;
        }
        if (end >= endNode.data.length) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(endNode, end + 1);
        // two lines: two pieces of the range that do not overlap vertically
        const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
        const apart = rects.some((a) => rects.some((b) => a.bottom <= b.top + 1));
        if (apart) {
          relationBreaks.push(node.data.slice(Math.max(0, m.index - 30), m.index + 1) + " | " +
                              endNode.data.slice(end, end + 20));
        }
      }
    });
  }
  done({
    eNotation: eNotation,
    relationBreaks: relationBreaks,
    figures: figures,
    captionPx: captionPx,
    brokenNumbers: broken,
    overflow: overflow,
    mathjax: mathjax,
    mathjaxScripts: Array.from(document.scripts).map((s) => s.src)
      .filter((src) => /mathjax/i.test(src)),
    mathCount: mathElements.length,
    mathUnrendered: mathElements.filter((el) => !el.querySelector("mjx-container"))
      .map((el) => el.textContent.trim().slice(0, 100)),
    mathErrors: Array.from(document.querySelectorAll("mjx-merror, [data-mjx-error]"))
      .map((el) => (el.getAttribute("data-mjx-error") || el.textContent).slice(0, 100)),
    text: rawText,
    brokenImages: imgs.filter((img) => !(img.complete && img.naturalWidth > 0))
      .map((img) => img.getAttribute("src")),
    imageCount: imgs.length,
    links: Array.from(document.querySelectorAll("a[href]"))
      .map((a) => [a.getAttribute("href"), a.href]),
    ids: Array.from(document.querySelectorAll("[id]")).map((el) => el.id)
      .concat(Array.from(document.querySelectorAll("a[name]")).map((el) => el.name)),
    resources: performance.getEntriesByType("resource").map((e) => e.name),
  });
})().catch((err) => done({error: String(err && err.stack || err)}));
"""


REDIRECT = re.compile(
    r"<meta\s+http-equiv=[\"']?refresh[\"']?\s+content=[\"']?\d+;\s*url=([^\"'>\s]+)",
    re.IGNORECASE,
)


def book_pages() -> list[Path]:
    """Every HTML page of the built book (_static/ holds the theme's template fragments)."""
    return sorted(p for p in HTML.rglob("*.html") if p.relative_to(HTML).parts[0] != "_static")


def redirect_target(page: Path) -> str | None:
    """The URL of a redirect stub (jupyter-book's index.html: <meta http-equiv="Refresh">)."""
    text = page.read_text(encoding="utf-8", errors="replace")
    match = REDIRECT.search(text)
    return match.group(1) if match and "<body" not in text.lower() else None


@pytest.fixture(scope="module")
def driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for exe in (CHROMIUM, CHROMEDRIVER):
        assert os.access(exe, os.X_OK), f"{exe} not found: `make browser-test` installs it"
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not download anything
    os.environ.setdefault("SE_AVOID_STATS", "true")
    profile = tempfile.mkdtemp(prefix="book-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    drv.set_page_load_timeout(TIMEOUT)
    drv.set_script_timeout(TIMEOUT)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def reports(driver) -> dict[Path, dict]:
    """Load every page once; its report (PAGE_REPORT_JS) plus its console messages."""
    pages = book_pages()
    assert (HTML / "index.html").is_file(), f"no built book in {HTML}: run `make book` first"
    out = {}
    driver.get_log("browser")  # drop the messages of earlier tests
    for page in pages:
        if redirect_target(page):
            continue  # checked by test_redirects; its target is a page of its own
        driver.get(page.as_uri())
        report = driver.execute_async_script(PAGE_REPORT_JS)
        assert "error" not in report, f"{page}: page script failed: {report.get('error')}"
        report["console"] = [
            entry["message"]
            for entry in driver.get_log("browser")
            if entry.get("level") == "SEVERE"
        ]
        out[page] = report
    return out


def test_redirects(driver):
    """A redirect stub leads the browser to an existing page of the book."""
    from selenium.webdriver.support.ui import WebDriverWait

    stubs = {page: redirect_target(page) for page in book_pages()}
    stubs = {page: url for page, url in stubs.items() if url}
    for page, url in stubs.items():
        target = (page.parent / unquote(urlsplit(url).path)).resolve()
        assert target.is_file() and target.is_relative_to(HTML), f"{rel(page)} -> {url}: missing"
        driver.get(page.as_uri())
        WebDriverWait(driver, TIMEOUT).until(
            lambda d, t=target: urlsplit(d.current_url).path == t.as_uri()[len("file://") :]
        )
        driver.get_log("browser")  # the stub's console messages are not a page's


def rel(page: Path) -> str:
    return page.relative_to(HTML).as_posix()


def check(found: dict[str, list], what: str) -> None:
    """Fail listing, page by page, what was found (nothing found: pass)."""
    lines = [f"  {page}: {item}" for page, items in found.items() for item in items]
    if lines:
        more = [f"  ... and {len(lines) - 40} more"] if len(lines) > 40 else []
        pytest.fail(f"{what} ({len(lines)}):\n" + "\n".join(lines[:40] + more), pytrace=False)


def test_every_page_loaded(reports):
    pages = [rel(p) for p in reports]
    assert (HTML / "index.html").is_file(), f"no index.html in {HTML}"
    assert len(pages) >= 2, pages
    # the book has formulas, so at least one page must have been typeset by MathJax
    assert any(r["mathjax"] for r in reports.values()), "MathJax ran on no page"


def test_mathjax_is_local(reports):
    bad = {}
    for page, r in reports.items():
        bad[rel(page)] = [s for s in r["mathjaxScripts"] if not s.startswith("file:")]
        if r["mathCount"] and not r["mathjax"]:
            bad[rel(page)].append(f"{r['mathCount']} formulas but MathJax did not start")
    check(bad, "MathJax not served from the book")


def test_math_rendered(reports):
    bad = {}
    for page, r in reports.items():
        raw = sorted(
            {
                f"{sorted(set(RAW_TEX.findall(t)))} in {t.strip()[:80]!r}"
                for t in r["text"]
                if RAW_TEX.search(t)
            }
        )
        bad[rel(page)] = (
            [f"not typeset: {m!r}" for m in r["mathUnrendered"]]
            + [f"MathJax error: {m!r}" for m in r["mathErrors"]]
            + [f"raw TeX {x}" for x in raw]
        )
    check(bad, "unrendered math")


def test_nothing_cut_off_at_1280_px(reports):
    """Display math, printed outputs and tables fit the page at a 1280 px window."""
    bad = {rel(p): r["overflow"] for p, r in reports.items()}
    check(bad, "content wider than the page (or scrolling) at 1280 px")


def _png_text(path: Path) -> dict[str, str]:
    """The tEXt chunks of a PNG file."""
    data, out, i = path.read_bytes(), {}, 8
    while i + 8 <= len(data):
        length = int.from_bytes(data[i : i + 4], "big")
        kind = data[i + 4 : i + 8]
        if kind == b"tEXt":
            key, _, value = data[i + 8 : i + 8 + length].partition(b"\0")
            out[key.decode("latin-1")] = value.decode("latin-1")
        i += 12 + length
    return out


def test_figure_text_not_smaller_than_captions(reports):
    """Every figure's smallest text, as shown at 1280 px, is at least the captions' text size.

    The chapters' figures record their smallest text in points and their resolution in the PNG
    (``currentforces.book.runio.figure_image``); the size on the page is that times
    (dpi/72) x shown width / natural width.
    """
    bad = {}
    for page, r in reports.items():
        items = []
        for fig in r["figures"]:
            path = (page.parent / unquote(urlsplit(fig["src"]).path)).resolve()
            meta = _png_text(path) if path.suffix == ".png" and path.is_file() else {}
            if "min-text-pt" not in meta:
                items.append(f"{fig['src']}: no text-size record (not made by figure_image)")
                continue
            shown = float(meta["min-text-pt"]) * float(meta["dpi"]) / 72.0
            shown *= fig["shown"] / fig["natural"]
            if r["captionPx"] and shown < r["captionPx"] - 0.5:
                items.append(
                    f"{fig['src']}: text {shown:.1f} px < captions {r['captionPx']:.1f} px"
                )
        bad[rel(page)] = items
    check(bad, "figure text smaller than the captions")


def test_no_number_broken_across_lines_in_tables_or_prose(reports):
    bad = {rel(p): sorted(set(r["brokenNumbers"])) for p, r in reports.items()}
    check(bad, "numbers broken across two lines in a table or in the prose")


def test_no_e_notation_in_the_prose(reports):
    # numbers.js sets them as m x 10^n; printed outputs and code keep the program's text
    bad = {rel(p): r["eNotation"] for p, r in reports.items()}
    check(bad, "numbers in e-notation in the prose or the tables")


def test_no_relation_split_from_its_value(reports):
    bad = {rel(p): sorted(set(r["relationBreaks"])) for p, r in reports.items()}
    check(bad, "a relation (=, <, ...) at the end of a line, its value on the next")


def test_images_loaded(reports):
    bad = {rel(p): r["brokenImages"] for p, r in reports.items()}
    check(bad, "images that did not load")


def test_no_console_errors(reports):
    bad = {rel(p): r["console"] for p, r in reports.items()}
    check(bad, "console errors")


def test_nothing_loaded_from_network(reports):
    bad = {
        rel(p): [u for u in r["resources"] if urlsplit(u).scheme not in ("file", "data", "blob")]
        for p, r in reports.items()
    }
    check(bad, "resources loaded from outside the book")


REMOTE_ASSET = re.compile(
    r"<script\b[^>]*\bsrc=[\"']?(?:https?:)?//[^\"'\s>]+"
    r"|<link\b(?=[^>]*\brel=[\"']?(?:stylesheet|preload|modulepreload)\b)[^>]*"
    r"\bhref=[\"']?(?:https?:)?//[^\"'\s>]+"
    r"|@import\s+(?:url\()?[\"']?(?:https?:)?//[^\"')\s]+",
    re.IGNORECASE,
)


def test_no_remote_scripts_or_styles_in_html():
    """Static check of the HTML (and CSS) files: no script or stylesheet from the internet."""
    bad = {}
    files = book_pages() + sorted(HTML.rglob("*.css"))
    for f in files:
        hits = REMOTE_ASSET.findall(f.read_text(encoding="utf-8", errors="replace"))
        bad[rel(f)] = hits
    assert files
    check(bad, "remote scripts or stylesheets")


def test_internal_links_resolve(reports):
    ids = {page: set(r["ids"]) for page, r in reports.items()}
    bad = {}
    for page, r in reports.items():
        problems = []
        for raw, absolute in r["links"]:
            url = urlsplit(absolute)
            if url.scheme != "file":
                continue  # http(s), mailto: external, not part of the offline book
            target = Path(unquote(url.path))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{raw!r}: no such file")
                continue
            if not target.resolve().is_relative_to(HTML):
                problems.append(f"{raw!r}: outside the built book")
                continue
            anchor = unquote(url.fragment)
            target = target.resolve()
            if anchor and target in ids and anchor not in ids[target]:
                problems.append(f"{raw!r}: no id {anchor!r} in {rel(target)}")
        bad[rel(page)] = sorted(set(problems))
    check(bad, "broken internal links")


def test_explorer_controls_change_the_plot(driver):
    """The explorer draws the precomputed traces offline, and a control redraws them."""
    page = HTML / "book" / "explore.html"
    assert page.is_file(), "no explorer page in the built book"
    driver.get(page.as_uri())
    state = """
      const plot = document.getElementById("cf-plot");
      return {plotly: typeof Plotly, n: plot.data ? plot.data.length : 0,
              y: plot.data ? plot.data[0].y.slice(100, 105) : null,
              measures: document.getElementById("cf-measures").textContent};
    """
    before = driver.execute_script(state)
    assert before["plotly"] == "object" and before["n"] == 8, before
    driver.execute_script(
        'const s = document.getElementById("cf-rs"); s.value = "4";'
        's.dispatchEvent(new Event("change"));'
    )
    after = driver.execute_script(state)
    assert after["n"] == 8 and after["y"] != before["y"], (before, after)
    assert after["measures"] != before["measures"]
    driver.execute_script(
        'const s = document.getElementById("cf-pair"); s.value = "deuteron-triton";'
        's.dispatchEvent(new Event("change"));'
    )
    assert driver.execute_script(state)["y"] != after["y"]
