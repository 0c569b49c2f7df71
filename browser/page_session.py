"""The browser test's view of the page: what it shows, waiting for answers, downloads and screenshots.

`PageSession` wraps one Selenium driver on the page of one `Served` server;
test_page.py's steps (page_steps.py) use it. A check that fails raises `Failure`,
whose message says what was expected and what was seen.
"""

import json
import subprocess
import time
import urllib.request
from pathlib import Path

from selenium.webdriver.common.by import By

from page_images import check_not_blank
from served import wait_until

ROOT = Path(__file__).resolve().parent.parent


class Failure(Exception):
    """A check failed; the message says what was expected and what was seen."""


class PageSession:
    """One browser on the page of one server, with the helpers the steps share."""

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
