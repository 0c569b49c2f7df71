// Microchimera teaching page: picks a library scenario, edits it through the
// controls or as text, and draws the server's answer (timeline SVG, the
// probability curves, the narration). No framework, nothing fetched but the
// page's own server.
//
// API used (JSON; the HTTP API of `microchimera serve`):
//   GET  /api/library                 -> {scenarios:[{name,title,notice}]}
//   GET  /api/scenario/NAME           -> {name,title,notice,yaml,controls}
//   POST /api/edit     {yaml,file,edits}  -> {yaml,controls} | 422 {errors}
//   POST /api/validate {yaml,file}        -> {ok,controls}   | 422 {errors}
//   POST /api/answer   {session,sequence,request} -> {sequence,answer} |
//        {sequence,needsStochastic:{reason,replicates}} | 422 {errors} | 409 (superseded, silent)
//   GET  /api/progress?session=S      -> {done,total,running}
//   POST /api/download {which,request}    -> the file (Content-Disposition names it)
// Every change sends /api/answer with a larger sequence; an older reply is ignored.
'use strict';

const PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7', '#000000', '#F0E442'];
const SLIDER_STEPS = 200;
const SLIDER_DEBOUNCE_MS = 60;
const PROGRESS_POLL_MS = 250;
const SVG_NS = 'http://www.w3.org/2000/svg';
const LARGE_TYPE_KEY = 'microchimera.largeType';

const $ = (id) => document.getElementById(id);
const state = {
  session: newSessionId(),
  load: 0,            // sequence of scenario loads; replies of an older load are dropped
  seq: 0,             // latest /api/answer sequence sent
  name: '', file: '', yaml: '', controls: null,
  lastAnswerStochastic: false,
  edits: [],          // queued {edit, key}; sent in order, one /api/edit at a time
  editInFlight: false,
  busyKeys: new Set(), // controls whose change is not yet answered by /api/edit
  timers: new Map(),  // slider debounce timers by control key
  progressTimer: null,
};

/** A random session id of 22 characters from [A-Za-z0-9_-] (works outside secure contexts). */
function newSessionId() {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const bytes = new Uint8Array(22);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b & 63]).join('');
}

/**
 * Sends one request with a JSON body; resolves to {status, data, blob, response}: `data` is the parsed JSON
 * (or {error}), `blob` the body of a 200 when `asBlob`; status 0 when the server cannot be reached.
 */
async function api(method, path, body, asBlob) {
  const init = body === undefined ? { method } : { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  try {
    const response = await fetch(path, init);
    if (asBlob && response.ok) return { status: response.status, blob: await response.blob(), response };
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (_) { data = { error: text.slice(0, 300) }; }
    return { status: response.status, data, response };
  } catch (_) {
    return { status: 0, data: { error: 'Cannot reach the server: is `microchimera serve` still running?' } };
  }
}

// ---- status line and busy state -------------------------------------------------

/** Says `text` in the status line; `kind` (info, busy, ok, error) sets its colour. */
function setStatus(text, kind) {
  $('status').textContent = text;
  $('status').dataset.kind = kind || 'info';
}

function setBusy(busy) {
  $('results').classList.toggle('busy', busy);
  for (const id of ['timeline', 'curves']) $(id).setAttribute('aria-busy', busy ? 'true' : 'false');
  if (busy) setStatus('computing…', 'busy');
}

/** Says a reply that was neither an answer nor a list of diagnostics. */
function showProblem(reply, what) {
  const message = reply.data && reply.data.error ? reply.data.error : `HTTP ${reply.status}`;
  setStatus(`${what}: ${message}`, 'error');
}

function formatNumber(value) {
  if (!Number.isFinite(value)) return String(value);
  return Number(value.toPrecision(3)).toLocaleString('en', { maximumSignificantDigits: 3 });
}

function formatDuration(ms) { return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`; }

// ---- library and scenario ---------------------------------------------------------

async function loadLibrary() {
  const reply = await api('GET', '/api/library');
  if (reply.status !== 200) return showProblem(reply, 'The library did not load');
  const scenarios = reply.data.scenarios || [];
  const select = $('scenario');
  select.replaceChildren(...scenarios.map((s) => new Option(s.title || s.name, s.name)));
  if (!scenarios.length) return setStatus('The library has no scenarios.', 'error');
  let wanted = '';
  try { wanted = decodeURIComponent((location.hash.match(/^#scenario=(.+)$/) || [])[1] || ''); } catch (_) { /* bad hash */ }
  const names = scenarios.map((s) => s.name);
  const first = [wanted, 'single-pregnancy'].find((n) => names.includes(n)) || names[0];
  select.value = first;
  await loadScenario(first);
}

async function loadScenario(name) {
  const load = ++state.load;
  state.seq++; // drops the answer still on its way for the previous scenario
  stopProgress();
  state.edits = [];
  state.busyKeys.clear();
  setStatus('loading the scenario…', 'busy');
  const reply = await api('GET', `/api/scenario/${encodeURIComponent(name)}`);
  if (load !== state.load) return;
  if (reply.status !== 200) return showProblem(reply, `Scenario ${name} did not load`);
  const s = reply.data;
  Object.assign(state, { name: s.name, file: `${s.name}.yaml`, yaml: s.yaml, controls: s.controls });
  const notice = (s.notice || '').replace(/^\s*what to notice:\s*/i, '');
  $('notice').textContent = notice ? `What to notice: ${notice}` : '';
  setYamlText(s.yaml);
  showErrors([]);
  renderControls(true);
  history.replaceState(null, '', `#scenario=${encodeURIComponent(s.name)}`);
  requestAnswer(false);
}

// ---- controls: calendar and kinetics -------------------------------------------

/** Creates an element with attributes and children. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('data-')) node.dataset[k.slice(5)] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

function labelled(id, text, control) {
  control.id = id;
  return el('span', { class: 'field' }, el('label', { for: id }, text), control);
}

/** A <select> of `options` (the current value kept even if unlisted) with class `cls` and control key `key`. */
function selectOf(options, value, cls, key) {
  const select = el('select', { class: cls, 'data-control': key });
  const list = options.includes(value) ? options : [value, ...options];
  select.append(...list.map((o) => new Option(o.replaceAll('_', ' '), o)));
  select.value = value;
  return select;
}

function numberInput(value, min, cls, key) {
  return el('input', { type: 'number', min: String(min), step: 'any', inputmode: 'decimal', value: String(value), class: cls, 'data-control': key });
}

function pregnancyRow(p, outcomes) {
  const n = p.index + 1;
  const row = el('fieldset', { class: 'pregnancy', 'data-index': String(p.index) },
    el('legend', {}, `Pregnancy ${n}: ${p.child}`));
  const key = (what) => `p${p.index}.${what}`;
  const outcome = selectOf(outcomes, p.outcome, 'outcome', key('outcome'));
  const start = numberInput(p.startWeeks, 0, 'start', key('start'));
  const length = numberInput(p.lengthWeeks, 1, 'length', key('length'));
  const sex = selectOf(['female', 'male'], p.sex, 'sex', key('sex'));
  const remove = el('button', { type: 'button', class: 'remove', 'data-control': key('remove'),
    'aria-label': `Remove pregnancy ${n} (${p.child})` }, 'Remove');
  outcome.addEventListener('change', () => queueEdit({ op: 'setPregnancy', index: p.index, outcome: outcome.value }, key('outcome')));
  sex.addEventListener('change', () => queueEdit({ op: 'setPregnancy', index: p.index, sex: sex.value }, key('sex')));
  onNumber(start, 0, 'The start', 'weeks', (v) => queueEdit({ op: 'setPregnancy', index: p.index, startWeeks: v }, key('start')));
  onNumber(length, 1, 'The length', 'weeks', (v) => queueEdit({ op: 'setPregnancy', index: p.index, lengthWeeks: v }, key('length')));
  remove.addEventListener('click', () => queueEdit({ op: 'removePregnancy', index: p.index }, key('remove')));
  row.append(
    labelled(`p${p.index}-outcome`, 'Outcome', outcome),
    labelled(`p${p.index}-start`, 'Start (weeks)', start),
    labelled(`p${p.index}-length`, 'Length (weeks)', length),
    labelled(`p${p.index}-sex`, 'Sex of the child', sex),
    remove);
  return row;
}

function eventRow(e) {
  const row = el('fieldset', { class: 'event', 'data-index': String(e.index) }, el('legend', {}, capitalise(e.label)));
  const at = numberInput(e.atDays, 0, 'at', `e${e.index}.at`);
  onNumber(at, 0, 'The day', 'days', (v) => queueEdit({ op: 'moveEvent', index: e.index, atDays: v }, `e${e.index}.at`));
  row.append(labelled(`e${e.index}-at`, 'On day', at), el('span', { class: 'hint years' }, inYears(e.atDays)));
  return row;
}

function inYears(days) { return Number.isFinite(days) ? `= year ${(days / 365.25).toFixed(1)}` : ''; }

function capitalise(text) { return text ? text[0].toUpperCase() + text.slice(1) : text; }

/** Calls `send` with the committed number of `input`, or marks it invalid and says why. */
function onNumber(input, min, what, unit, send) {
  input.addEventListener('change', () => {
    const v = Number(input.value);
    const ok = input.value.trim() !== '' && Number.isFinite(v) && v >= min;
    input.setAttribute('aria-invalid', ok ? 'false' : 'true');
    if (ok) send(v);
    else setStatus(`${what} must be a number of ${unit}, at least ${min}.`, 'error');
  });
}

/** Maps a slider position 0…SLIDER_STEPS to the control's value (geometric for `scale: log`). */
function sliderValue(k, position) {
  const f = Math.min(1, Math.max(0, position / SLIDER_STEPS));
  const v = isLog(k) ? Math.exp(Math.log(k.minimum) + f * (Math.log(k.maximum) - Math.log(k.minimum)))
    : k.minimum + f * (k.maximum - k.minimum);
  return Math.min(k.maximum, Math.max(k.minimum, Number(v.toPrecision(3))));
}

/** The slider position nearest to the control's value (inverse of `sliderValue`). */
function sliderPosition(k, value) {
  if (k.maximum <= k.minimum) return 0;
  const f = isLog(k) ? (Math.log(value) - Math.log(k.minimum)) / (Math.log(k.maximum) - Math.log(k.minimum))
    : (value - k.minimum) / (k.maximum - k.minimum);
  return Math.round(Math.min(1, Math.max(0, Number.isFinite(f) ? f : 0)) * SLIDER_STEPS);
}

function isLog(k) { return k.scale === 'log' && k.minimum > 0 && k.maximum > 0; }

function kineticRow(k) {
  const id = `k-${k.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const value = el('span', { class: 'value' });
  const label = el('label', { for: id }, el('span', { class: 'name' }, capitalise(k.label)), ': ', value);
  const input = el('input', { type: 'range', id, min: '0', max: String(SLIDER_STEPS), step: '1', 'data-id': k.id, 'data-control': `k:${k.id}` });
  const range = el('span', { class: 'range hint' },
    `${formatNumber(k.minimum)} to ${formatNumber(k.maximum)} ${k.unit}${isLog(k) ? ' (log scale)' : ''}`);
  const row = el('div', { class: 'kinetic' }, label, input, range);
  setKineticValue(row, k, k.value);
  input.addEventListener('input', () => {
    const v = sliderValue(k, Number(input.value));
    showKineticValue(row, k, v);
    const key = `k:${k.id}`;
    state.busyKeys.add(key);
    clearTimeout(state.timers.get(key));
    state.timers.set(key, setTimeout(() => {
      state.timers.delete(key);
      queueEdit({ op: 'setKinetic', id: k.id, value: v }, key);
    }, SLIDER_DEBOUNCE_MS));
  });
  return row;
}

function showKineticValue(row, k, v) {
  const text = `${formatNumber(v)} ${k.unit}`;
  row.querySelector('.value').textContent = text;
  row.querySelector('input').setAttribute('aria-valuetext', text);
}

function setKineticValue(row, k, v) {
  row.querySelector('input').value = String(sliderPosition(k, v));
  showKineticValue(row, k, v);
}

/** The shape of the controls: when it changes the rows are rebuilt, else updated in place. */
function controlsShape(c) {
  return JSON.stringify([c.pregnancies.map((p) => p.child), c.events.map((e) => e.label), c.kinetics.map((k) => [k.id, k.minimum, k.maximum, k.scale, k.unit]), c.outcomes]);
}

function renderControls(force) {
  const c = Object.assign({ pregnancies: [], events: [], kinetics: [], outcomes: [], canAddPregnancy: false }, state.controls);
  const shape = controlsShape(c);
  $('add-pregnancy').setAttribute('aria-disabled', c.canAddPregnancy ? 'false' : 'true'); // stays focusable, says why on click
  if (force || shape !== renderControls.shape) {
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.control : null;
    const calendar = $('calendar');
    calendar.replaceChildren(...c.pregnancies.map((p) => pregnancyRow(p, c.outcomes)), ...c.events.map(eventRow));
    if (!c.pregnancies.length && !c.events.length) calendar.append(el('p', { class: 'hint' }, 'No pregnancies or events to change in this story.'));
    const kinetics = $('kinetics');
    kinetics.replaceChildren(...c.kinetics.map(kineticRow));
    if (!c.kinetics.length) kinetics.append(el('p', { class: 'hint' }, 'This scenario sets its kinetics itself; change them in the text below.'));
    renderControls.shape = shape;
    if (focused) restoreFocus(focused);
    return;
  }
  updateControls(c);
}

/** Updates the values in place, except controls whose own change is still on its way. */
function updateControls(c) {
  const set = (key, apply) => {
    const node = document.querySelector(`[data-control="${key}"]`);
    if (node && !state.busyKeys.has(key)) { apply(node); node.setAttribute('aria-invalid', 'false'); }
  };
  for (const p of c.pregnancies) {
    set(`p${p.index}.outcome`, (n) => { n.value = p.outcome; });
    set(`p${p.index}.sex`, (n) => { n.value = p.sex; });
    set(`p${p.index}.start`, (n) => { n.value = String(p.startWeeks); });
    set(`p${p.index}.length`, (n) => { n.value = String(p.lengthWeeks); });
  }
  for (const e of c.events) {
    set(`e${e.index}.at`, (n) => { n.value = String(e.atDays); n.closest('.event').querySelector('.years').textContent = inYears(e.atDays); });
  }
  for (const k of c.kinetics) set(`k:${k.id}`, (n) => setKineticValue(n.closest('.kinetic'), k, k.value));
}

/** Focuses the rebuilt control with the same key (or the next pregnancy's, or the add button). */
function restoreFocus(key) {
  const node = document.querySelector(`[data-control="${key}"]`)
    || (key.endsWith('.remove') && Array.from(document.querySelectorAll('#calendar .remove')).pop())
    || $('add-pregnancy');
  if (node) node.focus();
}

// ---- edits: controls -> /api/edit -> new text ---------------------------------------

/** Queues one control change; a later change of the same control replaces a queued one. */
function queueEdit(edit, key) {
  state.busyKeys.add(key);
  const last = state.edits[state.edits.length - 1];
  if (last && last.key === key && edit.op !== 'removePregnancy' && edit.op !== 'addPregnancy') last.edit = edit;
  else state.edits.push({ edit, key });
  sendEdits();
}

async function sendEdits() {
  if (state.editInFlight || !state.edits.length) return;
  const batch = state.edits.splice(0);
  const load = state.load;
  const base = $('yaml').value.trim() ? $('yaml').value : state.yaml;
  state.editInFlight = true;
  setBusy(true);
  const reply = await api('POST', '/api/edit', { yaml: base, file: state.file, edits: batch.map((b) => b.edit) });
  state.editInFlight = false;
  if (load !== state.load) return sendEdits(); // an edit of the previous scenario: drop it, send the new ones
  for (const b of batch) if (!state.edits.some((q) => q.key === b.key) && !state.timers.has(b.key)) state.busyKeys.delete(b.key);
  if (reply.status === 200) {
    state.yaml = reply.data.yaml;
    state.controls = reply.data.controls;
    if ($('yaml').value === base) setYamlText(reply.data.yaml);
    showErrors([]);
    renderControls(false);
    if (!state.edits.length) requestAnswer(false);
  } else {
    setBusy(false);
    if (reply.status === 422) {
      showErrors(reply.data.errors || []);
      setStatus('That change was not made: see the problems under the text.', 'error');
    } else showProblem(reply, 'That change was not made');
    renderControls(false);
  }
  sendEdits();
}

// ---- answers ---------------------------------------------------------------------

function currentRequest(stochastic) {
  return { yaml: state.yaml, file: state.file, assay: $('assay').value, stochastic };
}

/** Asks for the answer to the current text; only the reply to the latest request is drawn (a busy server is asked once more). */
async function requestAnswer(stochastic, retried) {
  if (!state.file) return;
  const seq = ++state.seq;
  stopProgress();
  setBusy(true);
  if (stochastic) startProgress(seq);
  const reply = await api('POST', '/api/answer', { session: state.session, sequence: seq, request: currentRequest(stochastic) });
  const replied = reply.data && typeof reply.data.sequence === 'number' ? reply.data.sequence : seq;
  if (seq !== state.seq || replied !== seq) return; // a newer change was sent: this reply is stale
  stopProgress();
  if (reply.status === 409) return; // superseded: the newer request answers
  setBusy(false);
  if (reply.status === 200 && reply.data.answer) return showAnswer(reply.data.answer, seq, stochastic);
  if (reply.status === 200 && reply.data.needsStochastic) return showFallback(reply.data.needsStochastic);
  if (reply.status === 422) {
    showErrors(reply.data.errors || []);
    return setStatus(`No answer: the text has ${countOf(reply.data.errors, 'problem')} (see under the text).`, 'error');
  }
  if (reply.status === 503 && !retried) {
    return setTimeout(() => { if (seq === state.seq) requestAnswer(stochastic, true); }, 700);
  }
  if (reply.status === 503) return setStatus('The server is busy with other pages; change a control again in a moment.', 'error');
  showProblem(reply, 'No answer');
}

function countOf(list, noun) { return `${(list || []).length} ${noun}${(list || []).length === 1 ? '' : 's'}`; }

function showAnswer(answer, seq, stochastic) {
  state.lastAnswerStochastic = stochastic;
  $('fallback').hidden = true;
  $('results').classList.remove('stale');
  const drawn = insertTimeline(answer.svg, seq);
  drawCurves((answer.curves || []).filter((c) => c && Array.isArray(c.timesYears) && Array.isArray(c.present)));
  $('narration').replaceChildren(...(answer.narration || []).map((s) => el('li', {}, s)));
  const time = formatDuration(answer.elapsedMilliseconds || 0);
  const said = answer.exact ? `exact (${answer.method}) in ${time}` : `stochastic (${answer.method}, ${answer.replicates} replicates) in ${time}`;
  setStatus(drawn ? said : `${said}; the timeline figure could not be read`, drawn ? 'ok' : 'error');
}

/** Replaces #timeline's figure with `svgText`, parsed as SVG (never as HTML) and stripped of anything active; false if unreadable. */
function insertTimeline(svgText, seq) {
  const doc = new DOMParser().parseFromString(svgText || '', 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || root.localName !== 'svg' || root.namespaceURI !== SVG_NS || doc.getElementsByTagName('parsererror').length) {
    return false;
  }
  sanitiseSvg(root);
  if (!root.getAttribute('viewBox') && root.getAttribute('width') && root.getAttribute('height')) {
    root.setAttribute('viewBox', `0 0 ${parseFloat(root.getAttribute('width'))} ${parseFloat(root.getAttribute('height'))}`);
  }
  root.removeAttribute('width');
  root.removeAttribute('height');
  const title = root.querySelector('text');
  root.setAttribute('role', 'img');
  root.setAttribute('aria-label', `Timeline${title ? `: ${title.textContent}` : ''}`);
  const timeline = $('timeline');
  timeline.replaceChildren(document.adoptNode(root)); // moved, not cloned
  timeline.dataset.sequence = String(seq);
  return true;
}

function sanitiseSvg(root) {
  const banned = new Set(['script', 'foreignObject', 'iframe', 'object', 'embed', 'audio', 'video', 'animate', 'set', 'handler']);
  for (const node of Array.from(root.querySelectorAll('*'))) {
    if (banned.has(node.localName)) { node.remove(); continue; }
    for (const attr of Array.from(node.attributes)) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim().toLowerCase();
      if (name.startsWith('on') || ((name === 'href' || name.endsWith(':href')) && !value.startsWith('#'))
        || value.includes('javascript:')) node.removeAttribute(attr.name);
    }
  }
  for (const attr of Array.from(root.attributes)) if (attr.name.toLowerCase().startsWith('on')) root.removeAttribute(attr.name);
}

// ---- the curves chart ---------------------------------------------------------------

const CHART = { width: 760, height: 400, left: 64, right: 20, top: 16, bottom: 52 };

function svgEl(tag, attrs, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A tick step of 1, 2 or 5 times a power of ten giving at most `most` intervals over `span`. */
function niceStep(span, most) {
  const raw = span / most;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
}

/** Polyline point lists for one series, broken where a value is missing. */
function segments(times, values, x, y) {
  const parts = [];
  let current = [];
  times.forEach((t, i) => {
    const v = values[i];
    if (v === null || v === undefined || !Number.isFinite(v) || !Number.isFinite(t)) {
      if (current.length) parts.push(current);
      current = [];
    } else current.push(`${x(t).toFixed(1)},${y(Math.min(1, Math.max(0, v))).toFixed(1)}`);
  });
  if (current.length) parts.push(current);
  return parts;
}

function drawCurves(curves) {
  const svg = $('curves');
  const { width, height, left, right, top, bottom } = CHART;
  const w = width - left - right, h = height - top - bottom;
  const maxYears = Math.max(1e-9, ...curves.flatMap((c) => c.timesYears.filter(Number.isFinite)));
  const x = (t) => left + (t / maxYears) * w;
  const y = (p) => top + (1 - p) * h;
  const parts = [];
  for (const p of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(svgEl('line', { class: 'grid', x1: left, x2: left + w, y1: y(p), y2: y(p) }));
    parts.push(svgEl('text', { class: 'tick', x: left - 8, y: y(p) + 5, 'text-anchor': 'end' }, `${p * 100}%`));
  }
  const step = niceStep(maxYears, 10);
  for (let i = 0, t = 0; t <= maxYears + 1e-9; t = ++i * step) {
    parts.push(svgEl('line', { class: 'axis', x1: x(t), x2: x(t), y1: top + h, y2: top + h + 6 }));
    parts.push(svgEl('text', { class: 'tick', x: x(t), y: top + h + 22, 'text-anchor': 'middle' }, formatNumber(t)));
  }
  parts.push(svgEl('line', { class: 'axis', x1: left, x2: left + w, y1: top + h, y2: top + h }));
  parts.push(svgEl('line', { class: 'axis', x1: left, x2: left, y1: top, y2: top + h }));
  parts.push(svgEl('text', { class: 'axis-label', x: left + w / 2, y: height - 6, 'text-anchor': 'middle' }, 'years'));
  parts.push(svgEl('text', { class: 'axis-label', x: 16, y: top + h / 2, 'text-anchor': 'middle', transform: `rotate(-90 16 ${top + h / 2})` }, 'probability'));
  curves.forEach((c, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const series = [['present', c.present, null], ['positive', c.positive, '9 6']];
    for (const [kind, values, dash] of series) {
      if (!values) continue;
      for (const points of segments(c.timesYears, values, x, y)) {
        const line = svgEl('polyline', { class: `curve ${kind}`, points: points.join(' '), fill: 'none', stroke: colour });
        if (dash) line.setAttribute('stroke-dasharray', dash);
        parts.push(line);
      }
    }
  });
  if (!curves.length) parts.push(svgEl('text', { class: 'tick', x: left + w / 2, y: top + h / 2, 'text-anchor': 'middle' }, 'No curves for this answer.'));
  svg.replaceChildren(...parts);
  drawLegend(curves);
  drawCurvesTable(curves, maxYears);
}

function drawLegend(curves) {
  const swatch = (colour, dash) => {
    const s = svgEl('svg', { width: 40, height: 12, viewBox: '0 0 40 12', 'aria-hidden': 'true', class: 'swatch' });
    const line = svgEl('line', { x1: 2, x2: 38, y1: 6, y2: 6, stroke: colour });
    if (dash) line.setAttribute('stroke-dasharray', '9 6');
    s.append(line);
    return s;
  };
  const items = curves.map((c, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const li = el('li', {}, el('span', { class: 'key' }, swatch(colour, false), ` ${c.label}: cells present`));
    if (c.positive) li.append(el('span', { class: 'key' }, swatch(colour, true), ` ${c.label}: test positive (${c.assay || 'assay'})`));
    return li;
  });
  $('curves-legend').replaceChildren(...items);
}

/** The value of a series at `year`, interpolated linearly between the nearest points. */
function valueAt(times, values, year) {
  let i = times.findIndex((t) => t >= year);
  if (i < 0) i = times.length - 1;
  if (i === 0 || times[i] === year) return values[i];
  const [t0, t1, v0, v1] = [times[i - 1], times[i], values[i - 1], values[i]];
  if (![v0, v1].every(Number.isFinite)) return v1;
  return v0 + ((v1 - v0) * (year - t0)) / (t1 - t0);
}

function drawCurvesTable(curves, maxYears) {
  const years = [1, 5, 10, 20, 30, 50, 75, 100].filter((y) => y <= maxYears + 1e-9);
  if (!years.length || years[years.length - 1] < maxYears - 1e-9) years.push(Number(maxYears.toPrecision(3)));
  const percent = (v) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '–');
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Curve'), ...years.map((yr) => el('th', { scope: 'col' }, `year ${formatNumber(yr)}`)));
  const rows = [];
  for (const c of curves) {
    rows.push(el('tr', {}, el('th', { scope: 'row' }, `${c.label}: present`), ...years.map((yr) => el('td', {}, percent(valueAt(c.timesYears, c.present, yr))))));
    if (c.positive) rows.push(el('tr', {}, el('th', { scope: 'row' }, `${c.label}: test positive`), ...years.map((yr) => el('td', {}, percent(valueAt(c.timesYears, c.positive, yr))))));
  }
  $('curves-table').replaceChildren(el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)));
}

// ---- the stochastic fallback ----------------------------------------------------------

function showFallback(need) {
  state.lastAnswerStochastic = true; // downloads of this text need the stochastic method too
  $('results').classList.add('stale');
  $('fallback').hidden = false;
  $('fallback-reason').textContent = `The exact method cannot answer this scenario: ${need.reason}`;
  $('run-stochastic').textContent = `Run a stochastic simulation (${need.replicates} replicates)`;
  $('progress').parentElement.hidden = true;
  setStatus('The exact method cannot answer this scenario; a stochastic simulation can (see above the figures).', 'info');
}

function startProgress(seq) {
  const progress = $('progress');
  progress.parentElement.hidden = false;
  progress.removeAttribute('value'); // indeterminate until the first report
  $('progress-text').textContent = 'starting…';
  let polling = false;
  state.progressTimer = setInterval(async () => {
    if (polling) return;
    if (seq !== state.seq) return stopProgress();
    polling = true;
    const reply = await api('GET', `/api/progress?session=${encodeURIComponent(state.session)}`);
    polling = false;
    if (reply.status !== 200 || seq !== state.seq || !state.progressTimer) return;
    const { done, total } = reply.data;
    progress.max = Math.max(1, total || 0);
    progress.value = Math.min(done || 0, progress.max);
    $('progress-text').textContent = `${done || 0} of ${total || 0}`;
  }, PROGRESS_POLL_MS);
}

function stopProgress() {
  clearInterval(state.progressTimer);
  state.progressTimer = null;
  $('progress').parentElement.hidden = true;
}

// ---- the text: Apply, errors, caret --------------------------------------------------

function setYamlText(text) { $('yaml').value = text; markYamlDirty(); }

/** Says whether the text differs from the one the figures answer. */
function markYamlDirty() {
  $('yaml-state').textContent = $('yaml').value !== state.yaml ? 'The text has changes: press Apply to use them.' : '';
}

async function applyYaml() {
  const text = $('yaml').value;
  const load = state.load;
  setStatus('checking the text…', 'busy');
  const reply = await api('POST', '/api/validate', { yaml: text, file: state.file });
  if (load !== state.load) return;
  if (reply.status === 200) {
    state.yaml = text;
    state.controls = reply.data.controls;
    markYamlDirty();
    showErrors([]);
    renderControls(false);
    return requestAnswer(false);
  }
  if (reply.status === 422) {
    showErrors(reply.data.errors || []);
    const first = document.querySelector('#errors li.error');
    setStatus(`The text has ${countOf(reply.data.errors, 'problem')}; the figures still show the last valid text.`, 'error');
    if (first) first.focus();
    return;
  }
  showProblem(reply, 'The text was not checked');
}

function showErrors(diagnostics) {
  const items = diagnostics.map((d) => {
    const li = el('li', { class: 'error', tabindex: '0', 'data-line': d.line == null ? '' : String(d.line), 'data-key': d.key || '' },
      d.text || d.message || 'invalid');
    if (d.line != null) li.title = `Go to line ${d.line} of the text`;
    const go = () => goToLine(d.line, d.column);
    li.addEventListener('click', go);
    li.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); go(); } });
    return li;
  });
  $('errors').replaceChildren(...items);
  $('errors-box').hidden = !items.length;
}

/** Moves the caret to `line` (1-based; column too when known) of the text and scrolls it into view. */
function goToLine(line, column) {
  const box = $('yaml');
  const lines = box.value.split('\n');
  const n = Math.min(Math.max(1, line || 1), lines.length);
  let position = 0;
  for (let i = 0; i < n - 1; i++) position += lines[i].length + 1;
  position += Math.min(Math.max(0, (column || 1) - 1), lines[n - 1].length);
  box.focus();
  box.setSelectionRange(position, position);
  const lineHeight = parseFloat(getComputedStyle(box).lineHeight) || 20;
  box.scrollTop = Math.max(0, (n - 3) * lineHeight);
}

// ---- downloads -----------------------------------------------------------------------

function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, class: 'visually-hidden' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function fileStem() { return state.file.replace(/\.ya?ml$/i, '') || 'scenario'; }

async function downloadFile(which) {
  if (which === 'scenario.yaml') {
    saveBlob(new Blob([$('yaml').value], { type: 'text/yaml' }), `${fileStem()}-scenario.yaml`);
    return setStatus(`Downloaded ${fileStem()}-scenario.yaml.`, 'ok');
  }
  setStatus(`preparing ${which}…`, 'busy');
  const reply = await api('POST', '/api/download', { which, request: currentRequest(state.lastAnswerStochastic) }, true);
  if (!reply.blob) {
    if (reply.data && reply.data.errors) showErrors(reply.data.errors);
    return showProblem(reply, `${which} was not made`);
  }
  const match = (reply.response.headers.get('Content-Disposition') || '').match(/filename="?([^";]+)"?/);
  const name = match ? match[1] : `${fileStem()}-${which}`;
  saveBlob(reply.blob, name);
  setStatus(`Downloaded ${name}.`, 'ok');
}

// ---- large type and start-up ------------------------------------------------------

function setLargeType(on) {
  document.body.classList.toggle('large', on);
  $('large-type').checked = on;
  try { localStorage.setItem(LARGE_TYPE_KEY, on ? '1' : '0'); } catch (_) { /* storage unavailable */ }
}

function start() {
  let large = false;
  try { large = localStorage.getItem(LARGE_TYPE_KEY) === '1'; } catch (_) { /* storage unavailable */ }
  setLargeType(large);
  $('large-type').addEventListener('change', (event) => setLargeType(event.target.checked));
  $('scenario').addEventListener('change', (event) => loadScenario(event.target.value));
  $('assay').addEventListener('change', () => requestAnswer(false));
  $('add-pregnancy').addEventListener('click', (event) => {
    if (event.currentTarget.getAttribute('aria-disabled') !== 'true') return queueEdit({ op: 'addPregnancy' }, 'add');
    setStatus('This scenario cannot take another pregnancy (a cohort, a text that sets its network itself, or the page\'s limit).', 'error');
  });
  $('run-stochastic').addEventListener('click', () => requestAnswer(true));
  $('apply-yaml').addEventListener('click', applyYaml);
  $('yaml').addEventListener('input', markYamlDirty);
  $('yaml').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); applyYaml(); }
  });
  $('download-yaml').addEventListener('click', () => downloadFile('scenario.yaml'));
  $('download-timeseries').addEventListener('click', () => downloadFile('timeseries.csv'));
  $('download-summary').addEventListener('click', () => downloadFile('summary.csv'));
  drawCurves([]);
  loadLibrary();
}

start();
