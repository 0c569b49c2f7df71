#!/usr/bin/env python3
"""The teaching page (`microchimera serve`) in a real browser: headless Chromium driven by Selenium.

Starts `BINARY serve --port 0 --host 127.0.0.1 --library LIBRARY`, reads the URL
from its first stdout line, and checks, one step after the other (a step that
fails stops the test and prints what the page showed, the browser's console and
the server's output):

 1. load: the page loads, lists the library in #scenario and draws a first timeline;
    it fetches nothing from any other origin; every visible control has a label.
 2. pick: choosing --scenario (default single-pregnancy; when it is already shown,
    another one first) in #scenario shows its text (as GET /api/scenario/NAME
    gives it), one .pregnancy row per pregnancy of its controls, and a new timeline.
 3. slider: arrow keys on a range input of #kinetics give a new #timeline SVG,
    a new text in #yaml and a new value in the slider's label.
 4. narration: every percentage of #narration that names a series of summary.csv
    (see narration_check.py) agrees with summary.csv of
    `BINARY run FILE --method moments` on the text #yaml shows.
 5. downloads: #download-yaml saves the text #yaml shows, which `BINARY validate`
    accepts (exit 0); #download-summary saves the bytes of the CLI's summary.csv
    of step 4.
 6. add pregnancy: #add-pregnancy adds a .pregnancy row (with its outcome, start,
    sex and remove controls) and one more item under `pregnancies:` in #yaml, and
    the page answers (a new timeline, or the offer of a stochastic run where
    moments would be too slow); the YAML downloaded then validates (exit 0).
 7. invalid edit: `horizon: fifty years` put in #yaml and applied gives an
    li.error with data-line = that line's number and data-key = `horizon`; the
    errors are exactly the lines `BINARY validate` prints for that text; the
    valid text applied again clears them.
 8. large type: #large-type makes the narration's type at least 1.2 times larger.
 9. screenshots: the page, the errors and large type are not blank (enough pixels
    off the background colour, several colours; the whole page also some pixels in
    colour: the figures).
10. keyboard: Tab alone reaches every control, each with a visible focus.

The steps are in page_steps.py, the helpers they share in page_session.py.

Usage: test_page.py --binary BIN [--library DIR] [--scenario NAME] [--docs] [--work DIR]
With --docs the screenshots go to docs/images/teaching/ (the pictures of
docs/teaching.md); otherwise to WORK/screenshots/. The whole test is bounded by
--timeout seconds (default 300): past it the server and the browser are
killed and the test fails. Exit status: 0 passed, 1 failed, 2 usage.
"""

import argparse
import os
import shutil
import sys
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

from page_session import Failure
from page_steps import PageTest
from served import Served, ServeError, kill_tree, stop_on_signals

ROOT = Path(__file__).resolve().parent.parent


def browser(args, downloads):
    """Headless Chromium through chromedriver, downloading into `downloads` without asking."""
    options = Options()
    options.binary_location = args.chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
                 "--force-device-scale-factor=1", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--metrics-recording-only", "--lang=en-GB"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "download.directory_upgrade": True, "safebrowsing.enabled": False,
        # Several downloads from one page would otherwise wait for a permission no one gives.
        "profile.default_content_setting_values.automatic_downloads": 1})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=args.chromedriver, log_output=str(downloads.parent / "chromedriver.log"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


def show_what_was_seen(test, server, driver):
    """Prints, after a failure, what the page showed, the browser's console and the server's last lines."""
    print("what the page showed:", file=sys.stderr)
    try:
        seen = test.snapshot()
        seen["timeline"] = f"{len(seen['timeline'] or '')} characters"
        seen["yaml"] = (seen["yaml"] or "")[:400]
        for k, v in seen.items():
            print(f"    {k}: {v}", file=sys.stderr)
    except Exception as error:  # the page may be gone: say so and go on
        print(f"    (could not read the page: {error})", file=sys.stderr)
    try:
        logs = driver.get_log("browser")
        print("browser console:", file=sys.stderr)
        for entry in logs[-20:]:
            print(f"    {entry.get('level')} {entry.get('message')}", file=sys.stderr)
    except Exception as error:
        print(f"    (no console: {error})", file=sys.stderr)
    print("server output (last lines):", file=sys.stderr)
    print(server.output(), file=sys.stderr, end="")


def main():
    parser = argparse.ArgumentParser(description="The teaching page in headless Chromium.")
    parser.add_argument("--binary", required=True, help="the microchimera executable")
    parser.add_argument("--library", default=str(ROOT / "scenarios"))
    parser.add_argument("--scenario", default="single-pregnancy", help="library scenario the test picks")
    parser.add_argument("--docs", action="store_true", help="write the screenshots to docs/images/teaching/")
    parser.add_argument("--work", default=str(ROOT / ".build-browser" / "page-test"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--chromedriver", default=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    parser.add_argument("--timeout", type=float, default=300, help="bound on the whole test, seconds")
    parser.add_argument("--answer-timeout", type=float, default=30,
                        help="bound on one answer of the page (a CSV download: twice this), seconds")
    args = parser.parse_args()
    args.binary = str(Path(args.binary).resolve())
    stop_on_signals()

    work = Path(args.work).resolve()
    shutil.rmtree(work, ignore_errors=True)
    (work / "downloads").mkdir(parents=True)
    server = Served(args.binary, args.library)
    driver = None
    state = {"done": False}

    def watchdog():
        if state["done"]:
            return
        print(f"browser: FAILED: the test took more than {args.timeout:.0f} s; stopping the server and the browser",
              file=sys.stderr, flush=True)
        print(server.output(), file=sys.stderr, flush=True)
        server.stop()
        if driver is not None and driver.service.process is not None:
            kill_tree(driver.service.process.pid)  # chromedriver and the browser it started
        os._exit(1)

    timer = threading.Timer(args.timeout, watchdog)
    timer.daemon = True
    timer.start()
    start = time.monotonic()
    test = None
    try:
        server.start()
        print(f"browser: serving {server.url} (pid {server.pid})", flush=True)
        driver = browser(args, work / "downloads")
        test = PageTest(args, server, driver, work)
        for step in (test.load, test.pick, test.slider, test.narration, test.downloads_step, test.add_pregnancy,
                     test.invalid_edit, test.large_type, test.screenshots, test.keyboard):
            step()
    except (Exception, KeyboardInterrupt) as error:  # every failure is reported with what was seen; finally stops all
        if isinstance(error, (Failure, ServeError)):
            message = str(error)
        else:  # Selenium's messages end with the driver's stack of addresses: keep the message
            message = f"{type(error).__name__}: {getattr(error, 'msg', None) or error}"
        print(f"FAIL {step.__name__ if test else 'start'}: {message}", file=sys.stderr, flush=True)
        if test is not None:
            show_what_was_seen(test, server, driver)
        else:
            print(server.output(), file=sys.stderr)
        print(f"browser: {len(test.passed) if test else 0} passed, 1 failed", flush=True)
        return 1
    finally:
        state["done"] = True
        timer.cancel()
        if driver is not None:
            try:
                driver.quit()
            except Exception:
                pass
        server.stop()
    print(f"browser: page test in {time.monotonic() - start:.0f} s; screenshots in {test.shots}")
    print(f"browser: {len(test.passed)} passed, 0 failed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
