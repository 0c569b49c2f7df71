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

Usage: test_page.py --binary BIN [--library DIR] [--scenario NAME] [--docs] [--work DIR]
With --docs the screenshots go to docs/images/teaching/ (the pictures of
docs/teaching.md); otherwise to WORK/screenshots/. The whole test is bounded by
--timeout seconds (default 300): past it the server and the browser are
killed and the test fails. Exit status: 0 passed, 1 failed, 2 usage.
"""

import argparse
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from served import Served, ServeError, kill_tree, stop_on_signals, wait_until
from narration_check import NarrationError, agrees, claims
from page_images import check_not_blank
from scenario_text import count_pregnancies

from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

ROOT = Path(__file__).resolve().parent.parent


class Failure(Exception):
    """A check failed; the message says what was expected and what was seen."""


class PageTest:
    """The steps of the test over one server and one browser."""

    def __init__(self, args, server, driver, work):
        self.args = args
        self.server = server
        self.driver = driver
        self.work = work
        self.downloads = work / "downloads"
        self.shots = (ROOT / "docs" / "images" / "teaching") if args.docs else work / "screenshots"
        self.passed = []

    # ------------------------------------------------------------------ helpers
    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def one(self, selector):
        found = self.driver.find_elements(By.CSS_SELECTOR, selector)
        if not found:
            raise Failure(f"the page has no element {selector}")
        return found[0]

    def ok(self, step, detail):
        self.passed.append(step)
        print(f"ok   {step}: {detail}", flush=True)

    def snapshot(self):
        """What the page shows now: the parts the checks read."""
        return self.js("""
            const q = (s) => document.querySelector(s);
            const t = q('#timeline');
            return {
              status: q('#status') ? q('#status').textContent.trim() : null,
              sequence: t ? t.getAttribute('data-sequence') : null,
              timeline: t ? t.innerHTML : null,
              yaml: q('#yaml') ? q('#yaml').value : null,
              narration: Array.from(document.querySelectorAll('#narration li')).map(li => li.textContent.trim()),
              errors: Array.from(document.querySelectorAll('#errors li.error')).map(li =>
                  ({line: li.getAttribute('data-line'), key: li.getAttribute('data-key'), text: li.textContent.trim()})),
              pregnancies: document.querySelectorAll('#calendar .pregnancy').length,
            };""")

    def settled(self, changed, timeout=None, what="a new answer"):
        """Waits until `changed(snapshot)` holds, nothing says "computing", and the page stays the same for 0.4 s."""
        timeout = timeout or self.args.answer_timeout
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            now = self.snapshot()
            busy = "computing" in (now["status"] or "")
            if changed(now) and not busy:
                if last is not None and last == now:
                    return now
                last = now
                time.sleep(0.4)
                continue
            last = None
            time.sleep(0.1)
        raise Failure(f"no {what} within {timeout:.0f} s")

    def api(self, path):
        with urllib.request.urlopen(self.server.url + path.lstrip("/"), timeout=20) as reply:
            return json.loads(reply.read().decode("utf-8"))

    def cli(self, *args, cwd=None, timeout=300):
        command = [self.args.binary, *args]
        try:
            return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as error:
            raise Failure(f"`{' '.join(command)}` did not finish within {timeout} s") from error

    def download(self, button, suffix):
        """Clicks `button` and returns the path of the complete file it saved, named ...SUFFIX.

        The download folder is emptied first (earlier files are moved to WORK/kept/): Chromium
        reuses a name whose file exists. A CSV download runs the whole computation (every
        output time), so it gets twice an answer's time."""
        kept = self.work / "kept"
        kept.mkdir(exist_ok=True)
        for old in self.downloads.iterdir():
            old.rename(kept / f"{time.monotonic_ns()}-{old.name}")
        self.one(button).click()
        timeout = 2 * self.args.answer_timeout

        def done():
            files = list(self.downloads.iterdir())
            complete = [p for p in files if p.name.endswith(suffix)]
            if complete and not any(p.name.endswith(".crdownload") for p in files):
                return complete[0]
            return None
        path = wait_until(done, timeout, interval=0.1)
        if not path:
            seen = sorted(p.name for p in self.downloads.iterdir())
            raise Failure(f"{button} saved no file named *{suffix} within {timeout:.0f} s (the folder holds {seen})")
        sizes = [-1]

        def steady():  # the same size twice, 0.2 s apart
            size = path.stat().st_size
            same = size == sizes[-1]
            sizes.append(size)
            return same
        wait_until(steady, 5, interval=0.2)
        return path

    def screenshot(self, name, full_page=False):
        """Saves a PNG of the page as NAME.png and checks that it is not blank (the whole page: with figures in colour)."""
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{name}.png"
        if full_page:
            import base64
            shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
            path.write_bytes(base64.b64decode(shot["data"]))
        else:
            self.driver.save_screenshot(str(path))
        problem, summary = check_not_blank(path, need_colour=full_page)
        if problem:
            raise Failure(f"screenshot {path}: {problem}")
        return path, summary

    # ------------------------------------------------------------------ the steps
    def load(self):
        self.driver.get(self.server.url)
        if not wait_until(lambda: self.js("return document.querySelectorAll('#scenario option').length"), 20):
            raise Failure("#scenario lists no scenario within 20 s")
        first = self.settled(lambda s: s["sequence"] and "<svg" in (s["timeline"] or ""), what="first timeline")
        library = self.api("/api/library")["scenarios"]
        options = self.js("return Array.from(document.querySelectorAll('#scenario option')).map(o => o.value)")
        names = [e["name"] for e in library]
        if sorted(options) != sorted(names):
            raise Failure(f"#scenario offers {options}, /api/library lists {names}")
        origin = self.server.url.rstrip("/")
        fetched = self.js("return performance.getEntriesByType('resource').map(e => e.name)")
        foreign = [u for u in fetched if not (u.startswith(origin + "/") or u.startswith("blob:") or u.startswith("data:"))]
        if foreign:
            raise Failure(f"the page fetched from other origins: {foreign}")
        unlabelled = self.js("""
            return Array.from(document.querySelectorAll('input, select, textarea, button'))
              .filter(e => e.offsetParent !== null && e.type !== 'hidden')
              .filter(e => { const l = (e.labels && Array.from(e.labels).map(x => x.textContent).join('')) || '';
                             const b = e.tagName === 'BUTTON' ? e.textContent : '';
                             return !(l.trim() || b.trim() || (e.getAttribute('aria-label') || '').trim()
                                      || e.getAttribute('aria-labelledby')); })
              .map(e => e.outerHTML.slice(0, 120));""")
        if unlabelled:
            raise Failure(f"controls without a label: {unlabelled}")
        self.ok("load", f"{len(options)} scenarios, first timeline (sequence {first['sequence']}), "
                        f"{len(fetched)} resources all from {origin}, every control labelled")

    def pick(self):
        name = self.args.scenario
        select = Select(self.one("#scenario"))
        if name not in [o.get_attribute("value") for o in select.options]:
            raise Failure(f"#scenario has no option {name}")
        came_back = select.first_selected_option.get_attribute("value") == name
        if came_back:
            # Already shown: pick another first (its text is enough; moments may not run for it), then come back.
            other = next(o.get_attribute("value") for o in select.options if o.get_attribute("value") != name)
            before = self.snapshot()
            select.select_by_value(other)
            if not wait_until(lambda: self.snapshot()["yaml"] != before["yaml"], self.args.answer_timeout):
                raise Failure(f"#yaml did not change within {self.args.answer_timeout:.0f} s when {other} was picked")
        before = self.snapshot()
        select.select_by_value(name)
        scenario = self.api(f"/api/scenario/{name}")
        now = self.settled(lambda s: s["yaml"] != before["yaml"] and s["sequence"] != before["sequence"],
                           what=f"answer for {name}")
        if now["yaml"].rstrip() != scenario["yaml"].rstrip():
            raise Failure(f"#yaml does not show {name}'s text as GET /api/scenario/{name} gives it;"
                          f" it starts {now['yaml'][:200]!r}")
        expected = len(scenario["controls"]["pregnancies"])
        if now["pregnancies"] != expected:
            raise Failure(f"#calendar shows {now['pregnancies']} .pregnancy rows; {name}'s controls have {expected}")
        notice = self.one("#notice").text.strip()
        if not notice:
            raise Failure("#notice is empty")
        if not came_back and now["timeline"] == before["timeline"]:
            raise Failure(f"#timeline did not change when {name} was picked")
        self.ok("pick", f"{name}: its text, {expected} pregnancies, notice '{notice[:60]}', a new timeline")

    def slider(self):
        ranges = self.driver.find_elements(By.CSS_SELECTOR, "#kinetics input[type=range]")
        if not ranges:
            raise Failure("#kinetics has no input[type=range]")
        ids = [r.get_attribute("data-id") or "" for r in ranges]
        chosen_id = next((i for i in ids if "half" in i), ids[0])
        if not chosen_id:
            raise Failure("the first range input of #kinetics has no data-id")
        # The page may draw its controls anew after an answer: find the slider by its data-id each time.
        slider = lambda: self.one(f'#kinetics input[type=range][data-id="{chosen_id}"]')
        label_of = lambda: self.js("const e = arguments[0]; return e.labels && e.labels.length ? e.labels[0].textContent.trim() : ''",
                                   slider())
        before = self.snapshot()
        label_before = label_of()
        value_before = float(slider().get_attribute("value"))
        key = Keys.ARROW_LEFT if value_before >= float(slider().get_attribute("max") or 100) else Keys.ARROW_RIGHT
        # A fine slider may need more steps before the figure or the label's rounded value changes.
        for presses in (5, 10, 20):
            slider().send_keys(*([key] * presses))
            try:
                now = self.settled(lambda s: s["sequence"] != before["sequence"] and s["timeline"] != before["timeline"],
                                   what=f"new timeline after {presses} arrow keys")
            except Failure:
                if presses == 20:
                    raise
                continue
            if label_of() != label_before or presses == 20:
                break
        value_after = float(slider().get_attribute("value"))
        if value_after == value_before:
            raise Failure(f"the arrow keys left the slider {chosen_id} at {value_before:g}")
        if now["yaml"] == before["yaml"]:
            raise Failure("#yaml did not change when the slider moved")
        if label_of() == label_before:
            raise Failure(f"the slider's label still reads '{label_before}'")
        self.ok("slider", f"{chosen_id}: {value_before:g} -> {value_after:g} by arrow keys; "
                          f"new timeline (sequence {before['sequence']} -> {now['sequence']}), label '{label_of()}'")

    def narration(self):
        now = self.snapshot()
        name = self.args.scenario
        folder = self.work / "cli-narration"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        (folder / f"{name}.yaml").write_text(now["yaml"], encoding="utf-8")
        result = self.cli("run", f"{name}.yaml", "--method", "moments", "--out", "out", "--quiet", cwd=folder)
        if result.returncode != 0:
            raise Failure(f"`microchimera run {name}.yaml --method moments` on the page's text failed "
                          f"({result.returncode}): {result.stderr[-2000:]}")
        rows = list(csv.DictReader(io.StringIO((folder / "out" / "summary.csv").read_text(encoding="utf-8"))))
        try:
            found = claims(now["narration"], rows)
        except NarrationError as error:
            raise Failure(f"narration: {error}") from error
        if not found:
            raise Failure(f"no percentage of the narration names a series of summary.csv: {now['narration']}")
        wrong = [(s, shown, p) for s, shown, r, y, p in found if not agrees(shown, p)]
        if wrong:
            raise Failure("the narration disagrees with summary.csv: "
                          + "; ".join(f"'{shown}' in '{s}' but summary.csv has {p!r}" for s, shown, p in wrong))
        informative = [(shown, r, y, p) for s, shown, r, y, p in found if 0.01 < p < 0.99]
        shown = informative[0] if informative else (found[0][1], found[0][2], found[0][3], found[0][4])
        r = shown[1]
        self.ok("narration", f"{len(found)} percentages agree with the CLI's summary.csv, e.g. '{shown[0]}' = "
                             f"p_present_{shown[2]}y {shown[3]:.6g} of {r['host']}/{r['origin']}/{r['cell_type']}/{r['compartment']}")

    def add_pregnancy(self):
        before = self.snapshot()
        count = count_pregnancies(before["yaml"])
        if count is None:
            raise Failure("cannot count the pregnancies of #yaml (no block `pregnancies:` list)")
        button = self.one("#add-pregnancy")
        if not button.is_enabled():
            raise Failure(f"#add-pregnancy is disabled for {self.args.scenario}")
        button.click()
        # A second pregnancy may be beyond what moments answers quickly: the page then offers the
        # stochastic run (#run-stochastic) instead of a new timeline. Either is an answer.
        offered = lambda: self.js("const b = document.querySelector('#run-stochastic');"
                                  " return !!b && b.offsetParent !== null && !b.disabled")
        now = self.settled(lambda s: s["pregnancies"] == before["pregnancies"] + 1
                           and count_pregnancies(s["yaml"]) == count + 1
                           and (s["sequence"] != before["sequence"] or offered()),
                           what="new .pregnancy row, one more pregnancy in #yaml, and an answer or the stochastic offer")
        row = self.driver.find_elements(By.CSS_SELECTOR, "#calendar .pregnancy")[-1]
        missing = [s for s in ("select.outcome", "input.start", "select.sex", "button.remove")
                   if not row.find_elements(By.CSS_SELECTOR, s)]
        if missing:
            raise Failure(f"the new .pregnancy row lacks {missing}")
        answered = "a new timeline" if now["sequence"] != before["sequence"] else f"the stochastic offer ('{now['status']}')"
        yaml_file = self.download("#download-yaml", ".yaml")
        if yaml_file.read_text(encoding="utf-8").rstrip() != now["yaml"].rstrip():
            raise Failure(f"the downloaded {yaml_file.name} is not the text #yaml shows")
        if count_pregnancies(yaml_file.read_text(encoding="utf-8")) != count + 1:
            raise Failure(f"the downloaded {yaml_file.name} does not list {count + 1} pregnancies")
        result = self.cli("validate", str(yaml_file), timeout=60)
        if result.returncode != 0:
            raise Failure(f"`microchimera validate {yaml_file.name}` exited {result.returncode}: {result.stderr[-2000:]}")
        self.ok("add pregnancy", f"{before['pregnancies']} -> {now['pregnancies']} rows, #yaml lists {count + 1} pregnancies,"
                                 f" {answered}; the downloaded {yaml_file.name} validates (exit 0)")

    def downloads_step(self):
        now = self.snapshot()
        yaml_file = self.download("#download-yaml", ".yaml")
        if yaml_file.read_text(encoding="utf-8").rstrip() != now["yaml"].rstrip():
            raise Failure(f"the downloaded {yaml_file.name} is not the text #yaml shows")
        result = self.cli("validate", str(yaml_file), timeout=60)
        if result.returncode != 0:
            raise Failure(f"`microchimera validate {yaml_file.name}` exited {result.returncode}: {result.stderr[-2000:]}")
        summary_file = self.download("#download-summary", ".csv")
        # The CLI ran this very text in the narration step.
        cli_text = (self.work / "cli-narration" / f"{self.args.scenario}.yaml").read_text(encoding="utf-8")
        if cli_text != now["yaml"]:
            raise Failure("#yaml changed between the narration step and the downloads")
        cli_summary = self.work / "cli-narration" / "out" / "summary.csv"
        if summary_file.read_bytes() != cli_summary.read_bytes():
            raise Failure(f"the downloaded {summary_file.name} differs from the CLI's summary.csv for the same text"
                          f" ({summary_file.stat().st_size} against {cli_summary.stat().st_size} bytes)")
        self.ok("downloads", f"{yaml_file.name} is the page's text and validates (exit 0); "
                             f"{summary_file.name} has the bytes of the CLI's summary.csv ({summary_file.stat().st_size} B)")
        self.screenshot_page = self.screenshot("page", full_page=True)

    def invalid_edit(self):
        valid = self.snapshot()["yaml"]
        lines = valid.split("\n")
        index = next((i for i, l in enumerate(lines) if re.match(r"horizon:\s*\S", l)), None)
        if index is None:
            raise Failure("#yaml has no top-level `horizon:` line to break")
        lines[index] = "horizon: fifty years"
        broken = "\n".join(lines)
        expected_line = index + 1
        self.set_yaml(broken)
        self.one("#apply-yaml").click()
        now = self.settled(lambda s: s["errors"], timeout=20, what="li.error after the invalid edit")
        hit = [e for e in now["errors"] if e["line"] == str(expected_line) and e["key"] == "horizon"]
        if not hit:
            raise Failure(f"no li.error with data-line={expected_line} data-key=horizon; the errors are {now['errors']}")
        file = hit[0]["text"].split(f":{expected_line}:")[0]
        if not file or "/" in file or file.startswith("."):
            raise Failure(f"the error names the file {file!r}; expected a plain file name")
        folder = self.work / "cli-invalid"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        (folder / file).write_text(broken, encoding="utf-8")
        result = self.cli("validate", file, cwd=folder, timeout=60)
        cli_lines = [l for l in result.stderr.splitlines() if l.strip()]
        page_lines = [e["text"] for e in now["errors"]]
        if result.returncode == 0 or sorted(cli_lines) != sorted(page_lines):
            raise Failure(f"the page's errors {page_lines} are not what `microchimera validate` prints "
                          f"(exit {result.returncode}): {cli_lines}")
        self.js("document.querySelector('#errors').scrollIntoView({block: 'center'})")
        self.screenshot("errors")
        self.set_yaml(valid)
        self.one("#apply-yaml").click()
        self.settled(lambda s: not s["errors"] and s["yaml"] == valid and s["sequence"] is not None, timeout=30,
                     what="errors cleared after the valid text was applied again")
        self.ok("invalid edit", f"line {expected_line}, key horizon: '{hit[0]['text'][:90]}...', as `validate` prints; "
                                f"cleared by the valid text")

    def set_yaml(self, text):
        self.js("""const t = document.querySelector('#yaml'); t.value = arguments[0];
                   t.dispatchEvent(new Event('input', {bubbles: true})); t.dispatchEvent(new Event('change', {bubbles: true}));""",
                text)

    def large_type(self):
        size = lambda: self.js("const e = document.querySelector('#narration li') || document.querySelector('#narration');"
                               " return parseFloat(getComputedStyle(e).fontSize)")
        before = size()
        box = self.one("#large-type")
        if box.is_selected():
            raise Failure("#large-type is checked before it was toggled")
        self.js("window.scrollTo(0, 0); arguments[0].focus()", box)
        box.send_keys(Keys.SPACE)
        if not wait_until(lambda: box.is_selected() and size() >= 1.2 * before, 5):
            raise Failure(f"#large-type (space) left the narration's type at {size()} px (was {before} px; checked: {box.is_selected()})")
        self.js("window.scrollTo(0, 0)")
        path, summary = self.screenshot("large-type")
        self.ok("large type", f"narration {before:g} px -> {size():g} px; screenshot {path.name}: {summary}")
        box.send_keys(Keys.SPACE)

    def screenshots(self):
        path, summary = self.screenshot_page
        self.ok("screenshot", f"{path}: {summary}; also errors.png and large-type.png in {self.shots}")

    def keyboard(self):
        self.js("window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur();")
        wanted = {
            "#scenario": "#scenario", "a slider": "#kinetics input[type=range]", "#assay": "#assay",
            "#add-pregnancy": "#add-pregnancy", "an outcome": "#calendar .pregnancy select.outcome",
            "#yaml": "#yaml", "#apply-yaml": "#apply-yaml", "#download-yaml": "#download-yaml",
            "#download-summary": "#download-summary", "#large-type": "#large-type",
        }
        reached, invisible = {}, []
        for presses in range(1, 200):
            ActionChains(self.driver).send_keys(Keys.TAB).perform()
            found = self.js("""
                const e = document.activeElement, wanted = arguments[0];
                if (!e || e === document.body) return null;
                const hit = Object.keys(wanted).filter(k => e.matches(wanted[k]));
                const st = getComputedStyle(e);
                const visible = (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0) || st.boxShadow !== 'none';
                return {hit: hit, visible: visible, what: e.tagName + (e.id ? '#' + e.id : '')};""", wanted)
            if found:
                for k in found["hit"]:
                    if k not in reached:
                        reached[k] = presses
                        if not found["visible"]:
                            invisible.append(found["what"])
            if len(reached) == len(wanted):
                break
        missing = [k for k in wanted if k not in reached]
        if missing:
            raise Failure(f"Tab never reached {missing} (reached {reached})")
        if invisible:
            raise Failure(f"no visible focus (outline or box-shadow) on {invisible}")
        self.ok("keyboard", f"Tab reaches all {len(wanted)} kinds of control within {max(reached.values())} presses,"
                            f" each with a visible focus")


def browser(args, downloads):
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
