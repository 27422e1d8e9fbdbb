"""The HTML edition in a real browser: headless Chromium driven by Selenium, axe-core on every
page, the keyboard, and the page at 320 CSS px (what 400 % zoom of a 1280 px window gives)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from scr_docs.pipeline import assemble, validate_review

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "child-a" / "review.yaml"
REAL = ROOT / "tests" / "fixtures" / "real"
REVIEWS = [EXAMPLE] + sorted(REAL.glob("*/review.yaml"))
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def _browser_missing() -> str:
    try:
        import selenium  # noqa: F401
        import axe_selenium_python  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed"
    for program in ("chromium", "chromedriver"):
        if shutil.which(program) is None:
            return f"{program} is not installed"
    return ""


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    """Headless Chromium with a fresh profile; skipped when it is missing, except in CI."""
    missing = _browser_missing()
    if missing and not os.environ.get("CI"):
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('profile')}",
                                  "--window-size=1024,1400"]:
        options.add_argument(flag)
    browser = webdriver.Chrome(options=options,
                               service=Service(executable_path=shutil.which("chromedriver")))
    browser.set_script_timeout(120)
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """{review/kind: path} of every page of the example and the real reviews."""
    folder = tmp_path_factory.mktemp("html")
    out = {}
    for review in REVIEWS:
        built = assemble(validate_review(review), html=True)
        for name, data in built.files.items():
            if name.endswith(".html"):
                path = folder / review.parent.name / name
                path.parent.mkdir(exist_ok=True)
                path.write_bytes(data)
                out[f"{review.parent.name}/{name[:-5]}"] = path
    return out


def open_page(driver, path: Path, width: int = 1024) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 1400, "deviceScaleFactor": 1, "mobile": False})
    driver.get(path.as_uri())


def active(driver) -> dict:
    return driver.execute_script(
        "const e = document.activeElement; return {tag: e.tagName.toLowerCase(), id: e.id,"
        " href: e.getAttribute('href') || '', cls: e.className || ''};")


AXE4 = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "scr-docs" / "axe" \
    / "node_modules" / "axe-core" / "axe.min.js"
"""Where scripts/setup.sh installs axe-core 4 (WCAG 2.2 rules)."""
RUN_AXE = ("const done = arguments[arguments.length - 1];"
           "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
           ".then(r => done(r), e => done({error: String(e)}));")
KNOWN_TAGS = ("const tags = new Set(); axe.getRules().forEach(r => r.tags.forEach("
              "t => tags.add(t))); return arguments[0].filter(t => tags.has(t));")


def test_axe_finds_no_wcag_a_or_aa_violation_on_any_page(driver, pages):
    """axe-core's rules for every WCAG 2.0, 2.1 and 2.2 A/AA tag the engine knows.

    axe-selenium-python carries axe-core 3.1.1, which knows wcag2a, wcag2aa and wcag21aa;
    AXE_CORE_JS names a newer axe.min.js (4.x knows wcag21a, wcag22a, wcag22aa too)."""
    from axe_selenium_python import Axe

    axe_js = os.environ.get("AXE_CORE_JS") or (str(AXE4) if AXE4.is_file() else None)
    if os.environ.get("CI"):
        assert axe_js, f"scripts/setup.sh installs axe-core 4 at {AXE4}"
    failures = {}
    for name, path in pages.items():
        open_page(driver, path)
        axe = Axe(driver, axe_js) if axe_js else Axe(driver)
        axe.inject()
        tags = driver.execute_script(KNOWN_TAGS, WCAG_TAGS)
        assert {"wcag2a", "wcag2aa", "wcag21aa"} <= set(tags), tags
        if axe_js:
            assert {"wcag21a", "wcag22aa"} <= set(tags), tags  # WCAG 2.2's rules ran
        results = driver.execute_async_script(RUN_AXE, tags)
        assert "error" not in results, results
        assert results["passes"], name  # the rules ran
        if results["violations"]:
            failures[name] = axe.report(results["violations"])
    assert len(pages) == 15
    assert failures == {}


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(driver, pages):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for name in ("child-a/child-a-overview-report", "child-a/child-a-press-release"):
        open_page(driver, pages[name])
        ActionChains(driver).send_keys(Keys.TAB).perform()
        first = active(driver)
        assert first["href"] == "#main" and "skip" in first["cls"], name
        assert driver.switch_to.active_element.is_displayed()  # shown when focused
        ActionChains(driver).send_keys(Keys.ENTER).perform()
        assert active(driver)["id"] == "main", name


def test_every_footnote_reference_and_back_link_is_reached_and_works_by_keyboard(driver,
                                                                                   pages):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    path = pages["child-a/child-a-overview-report"]
    open_page(driver, path)
    refs = driver.find_elements(By.CSS_SELECTOR, "sup.fnref a")
    assert len(refs) >= 10
    wanted = {f"#fn-{n}" for n in range(1, len(refs) + 1)} | \
        {f"#fnref-{n}" for n in range(1, len(refs) + 1)}
    reached = set()
    tabs = ActionChains(driver)
    for _ in range(600):
        tabs.send_keys(Keys.TAB).perform()
        href = active(driver)["href"]
        if href in reached and href == "#main":
            break
        reached.add(href)
        if wanted <= reached:
            break
    assert wanted <= reached, sorted(wanted - reached)

    in_view = ("const r = document.getElementById(arguments[0]).getBoundingClientRect();"
               " return r.top > -2 && r.top < window.innerHeight;")  # sub-pixel scrolling
    for n in range(1, len(refs) + 1):
        ref = driver.find_element(By.ID, f"fnref-{n}")
        driver.execute_script("arguments[0].focus()", ref)
        ActionChains(driver).send_keys(Keys.ENTER).perform()
        assert driver.current_url.endswith(f"#fn-{n}")
        assert driver.execute_script(in_view, f"fn-{n}"), n
        back = driver.find_element(By.CSS_SELECTOR, f"#fn-{n} a.backref")
        driver.execute_script("arguments[0].focus()", back)
        ActionChains(driver).send_keys(Keys.ENTER).perform()
        assert driver.current_url.endswith(f"#fnref-{n}")
        assert driver.execute_script(in_view, f"fnref-{n}"), n


def test_pages_reflow_at_320_css_pixels_without_sideways_scrolling(driver, pages):
    wide = {}
    for name, path in pages.items():
        open_page(driver, path, width=320)
        scroll = driver.execute_script("return document.documentElement.scrollWidth;")
        if scroll > 320:
            wide[name] = scroll
    assert wide == {}  # a wide table scrolls inside its own labelled region instead
