"""The steps of the browser test (test_page.py lists what each checks), in the order they run."""

import csv
import io
import re
import shutil

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from narration_check import NarrationError, agrees, claims
from page_session import Failure, PageSession
from scenario_text import count_pregnancies
from served import wait_until


class PageTest(PageSession):
    """The steps of the test over one server and one browser."""

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
        if not button.is_enabled() or button.get_attribute("aria-disabled") == "true":
            raise Failure(f"#add-pregnancy is disabled for {self.args.scenario} (canAddPregnancy false?)")
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
