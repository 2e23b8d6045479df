// TaSL Studio dashboard: vanilla JS, canvas drawn by hand, no third-party code.
// One RunView per selected run; each keeps its own state, fed first by the JSON API (files)
// and then by the run's Server-Sent Events (replay of what happened so far, then live).
'use strict';

const params = new URLSearchParams(location.search);
const TOKEN = params.get('token');

function apiUrl(path, extra) {
  const q = new URLSearchParams(extra || {});
  if (TOKEN) q.set('token', TOKEN);
  const s = q.toString();
  return path + (s ? '?' + s : '');
}

async function getJson(path, extra) {
  const r = await fetch(apiUrl(path, extra), { headers: TOKEN ? { 'X-Tasl-Token': TOKEN } : {} });
  if (!r.ok) {
    let msg = r.status + '';
    try { msg = (await r.json()).error || msg; } catch (e) { /* not JSON */ }
    throw new Error(msg);
  }
  return r.json();
}

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k === 'style') e.style.cssText = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const k of kids) if (k != null) e.append(k);
  return e;
}

// scores arrive as numbers, null, or "NaN" (a cell not computed): keep numbers only
const num = v => (typeof v === 'number' && Number.isFinite(v)) ? v : null;
const numRow = r => Array.isArray(r) ? r.map(num) : null;
const fmt = (x, d = 3) => (x == null || Number.isNaN(x)) ? '–' : Number(x).toFixed(d);

// ---- colours -------------------------------------------------------------------------------
const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
function seqColor(t) {
  if (t == null || Number.isNaN(t)) return '#eef2f6';
  t = Math.max(0, Math.min(1, t));
  const p = t * (VIRIDIS.length - 1), i = Math.min(Math.floor(p), VIRIDIS.length - 2), f = p - i;
  const c = VIRIDIS[i].map((a, k) => Math.round(a + (VIRIDIS[i + 1][k] - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
const CATEGORY = {
  both: '#7b3294', previous: '#2c7bb6', current: '#f28e2b', neither: '#cfd8e3',
  initial: '#1a9641', adaptive: '#59a14f', none: '#eef2f6'
};
function categoryColor(u) {
  if (u.category === 'adaptive' && u.weight != null) {
    // weight = share of the current task's weights: blue (kept previous) -> orange (current)
    const w = Math.max(0, Math.min(1, u.weight));
    const a = [44, 123, 182], b = [242, 142, 43];
    return `rgb(${a.map((x, k) => Math.round(x + (b[k] - x) * w)).join(',')})`;
  }
  return CATEGORY[u.category] || '#eef2f6';
}

// ---- drawing ------------------------------------------------------------------------------
function fitCanvas(canvas, height) {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.parentElement.clientWidth || 400;
  canvas.style.height = height + 'px';
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(height * dpr);
  const g = canvas.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, height);
  g.font = '11px system-ui, sans-serif';
  return { g, w, h: height };
}

/** Grid of coloured cells with row/column labels; cells: [[{color, text, tip}]]. */
function drawGrid(canvas, rowLabels, colLabels, cells, opts = {}) {
  const rows = rowLabels.length, cols = colLabels.length;
  const left = opts.left || 64;
  const longest = Math.max(0, ...colLabels.map(s => String(s).length));
  const top = Math.min(170, 16 + (longest > 4 ? longest * 5.8 * 0.87 : 6)); // labels rotated by 60°
  const cellH = opts.cellH || Math.max(9, Math.min(26, Math.floor(360 / Math.max(rows, 1))));
  const { g, w } = fitCanvas(canvas, top + rows * cellH + 6);
  const right = longest > 4 ? Math.min(90, longest * 3) : 4;  // room for the last rotated label
  const cellW = Math.max(2, (w - left - right) / Math.max(cols, 1));
  g.fillStyle = '#486581';
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  rowLabels.forEach((r, i) => g.fillText(String(r), left - 6, top + i * cellH + cellH / 2));
  const step = Math.max(1, Math.ceil(11 / cellW));
  colLabels.forEach((c, j) => {
    if (j % step) return;
    g.save();
    g.translate(left + j * cellW + cellW / 2, top - 4);
    if (longest > 4) { g.rotate(-Math.PI / 3); g.textAlign = 'left'; } else { g.textAlign = 'center'; }
    g.fillText(String(c), 0, 0);
    g.restore();
  });
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const c = cells[i][j];
      g.fillStyle = c ? c.color : '#f8fafc';
      g.fillRect(left + j * cellW, top + i * cellH, Math.max(1, cellW - (cellW > 6 ? 1 : 0)), cellH - 1);
      if (c && c.text && cellW > 26 && cellH > 13) {
        g.fillStyle = c.textColor || '#fff';
        g.textAlign = 'center';
        g.fillText(c.text, left + j * cellW + cellW / 2, top + i * cellH + cellH / 2);
      }
    }
  }
  canvas._hit = (x, y) => {
    const j = Math.floor((x - left) / cellW), i = Math.floor((y - top) / cellH);
    return (i >= 0 && j >= 0 && i < rows && j < cols && cells[i][j]) ? cells[i][j].tip : null;
  };
}

function drawLine(canvas, series, boundaries) {
  const { g, w, h } = fitCanvas(canvas, 200);
  const left = 46, right = 8, top = 8, bottom = 22;
  const pts = series;
  if (!pts.length) {
    g.fillStyle = '#66788a'; g.textAlign = 'center'; g.fillText('no steps yet', w / 2, h / 2); return;
  }
  let lo = Infinity, hi = -Infinity;
  for (const p of pts) { if (p.y < lo) lo = p.y; if (p.y > hi) hi = p.y; }
  if (hi - lo < 1e-9) { hi = lo + 1; }
  const n = pts[pts.length - 1].x || 1;
  const X = x => left + (w - left - right) * (x / n), Y = y => top + (h - top - bottom) * (1 - (y - lo) / (hi - lo));
  g.strokeStyle = '#d9e2ec'; g.fillStyle = '#66788a'; g.textAlign = 'right'; g.textBaseline = 'middle';
  for (let k = 0; k <= 4; k++) {
    const v = lo + (hi - lo) * k / 4;
    g.beginPath(); g.moveTo(left, Y(v)); g.lineTo(w - right, Y(v)); g.stroke();
    g.fillText(v.toFixed(v < 10 ? 3 : 1), left - 4, Y(v));
  }
  g.textAlign = 'center';
  for (const b of boundaries) {
    g.strokeStyle = '#9fb3c8'; g.setLineDash([3, 3]);
    g.beginPath(); g.moveTo(X(b.x), top); g.lineTo(X(b.x), h - bottom); g.stroke();
    g.setLineDash([]); g.fillText(b.label, X(b.x) + 14, h - 8);
  }
  const stride = Math.max(1, Math.floor(pts.length / (w * 2)));
  const palette = ['#2c7bb6', '#f28e2b', '#59a14f', '#e15759', '#7b3294', '#76b7b2', '#edc948', '#9c755f'];
  g.lineWidth = 1.4;
  let prev = null;
  for (let i = 0; i < pts.length; i += stride) {
    const p = pts[i];
    if (prev && prev.task === p.task) {
      g.strokeStyle = palette[(p.task || 0) % palette.length];
      g.beginPath(); g.moveTo(X(prev.x), Y(prev.y)); g.lineTo(X(p.x), Y(p.y)); g.stroke();
    }
    prev = p;
  }
}

/**
 * ./tasl localize's curves: share of the trained gain kept (y) against the share of skill units
 * removed or kept (x). Removals red, grafts blue; top solid, random dashed with its min–max band
 * over the seeds, bottom grey; 1 = as trained, 0 = as the untrained backbone.
 */
const LOC_STYLE = {
  remove_top: { color: '#d62728', dash: [], label: 'remove top' },
  remove_random: { color: '#d62728', dash: [5, 4], label: 'remove random' },
  remove_bottom: { color: '#8a99a8', dash: [], label: 'remove bottom' },
  keep_top: { color: '#2c7bb6', dash: [], label: 'keep only top' },
  keep_random: { color: '#2c7bb6', dash: [5, 4], label: 'keep only random' }
};
function drawCurves(canvas, loc) {
  const { g, w, h } = fitCanvas(canvas, 260);
  const left = 46, right = 12, top = 10, bottom = 30;
  const fr = loc.fractions;
  const all = [];
  for (const k of Object.keys(LOC_STYLE)) for (const v of loc.curves[k] || []) if (v != null) all.push(v);
  for (const s of Object.values(loc.spread || {})) for (const k of ['min', 'max']) for (const v of s[k] || []) if (v != null) all.push(v);
  const lo = Math.min(0, ...all) - 0.05, hi = Math.max(1, ...all) + 0.05;
  const xmax = Math.max(...fr);
  const X = x => left + (w - left - right) * (x / xmax), Y = y => top + (h - top - bottom) * (1 - (y - lo) / (hi - lo));
  g.textBaseline = 'middle';
  g.lineWidth = 1;
  for (let k = 0; k <= 4; k++) {
    const v = lo + (hi - lo) * k / 4;
    g.strokeStyle = '#eef2f6'; g.beginPath(); g.moveTo(left, Y(v)); g.lineTo(w - right, Y(v)); g.stroke();
    g.fillStyle = '#66788a'; g.textAlign = 'right'; g.fillText(v.toFixed(2), left - 4, Y(v));
  }
  for (const [y, label] of [[1, 'as trained'], [0, 'zero-shot']]) {
    g.strokeStyle = '#9fb3c8'; g.setLineDash([2, 3]);
    g.beginPath(); g.moveTo(left, Y(y)); g.lineTo(w - right, Y(y)); g.stroke(); g.setLineDash([]);
    g.fillStyle = '#66788a'; g.textAlign = 'left'; g.fillText(label, left + 4, Y(y) - 7);
  }
  g.textAlign = 'center';
  for (const f of fr) { g.fillStyle = '#66788a'; g.fillText(Math.round(f * 100) + '%', X(f), h - bottom + 12); }
  g.fillText('share of skill units removed / kept', left + (w - left - right) / 2, h - 6);
  // random spread: a band from min to max over the draws
  for (const [k, st] of Object.entries(loc.spread || {})) {
    if (!LOC_STYLE[k] || !st.min || !st.max) continue;
    const idx = fr.map((_, i) => i).filter(i => st.min[i] != null && st.max[i] != null);
    if (!idx.length) continue;
    g.fillStyle = LOC_STYLE[k].color; g.globalAlpha = 0.12;
    g.beginPath();
    idx.forEach((i, n) => (n ? g.lineTo : g.moveTo).call(g, X(fr[i]), Y(st.max[i])));
    idx.slice().reverse().forEach(i => g.lineTo(X(fr[i]), Y(st.min[i])));
    g.closePath(); g.fill(); g.globalAlpha = 1;
  }
  const hits = [];
  let points = 0;
  for (const [k, style] of Object.entries(LOC_STYLE)) {
    const v = loc.curves[k] || [];
    g.strokeStyle = style.color; g.fillStyle = style.color; g.setLineDash(style.dash); g.lineWidth = 1.8;
    g.beginPath();
    let open = false;
    v.forEach((y, i) => {
      if (y == null) { open = false; return; }
      if (open) g.lineTo(X(fr[i]), Y(y)); else { g.moveTo(X(fr[i]), Y(y)); open = true; }
    });
    g.stroke(); g.setLineDash([]);
    v.forEach((y, i) => {
      if (y == null) return;
      g.beginPath(); g.arc(X(fr[i]), Y(y), 2.6, 0, 2 * Math.PI); g.fill();
      points++;
      const sp = (loc.spread || {})[k];
      const score = loc.zero_shot + y * (loc.trained - loc.zero_shot);
      hits.push({ x: X(fr[i]), y: Y(y), tip: `${style.label} ${Math.round(fr[i] * 100)}% of the units\n` +
        `gain kept ${fmt(y, 2)}${sp && sp.sd && sp.sd[i] != null ? ' ± ' + fmt(sp.sd[i], 2) + ' (sd over draws)' : ''}\nscore ≈ ${fmt(score, 1)}` });
    });
  }
  g.lineWidth = 1;
  canvas._hit = (x, y) => {
    let best = null, d = 100;
    for (const p of hits) { const e = (p.x - x) ** 2 + (p.y - y) ** 2; if (e < d) { d = e; best = p; } }
    return best ? best.tip : null;
  };
  canvas.dataset.points = String(points);
}

/** In words, what the curves say at the fraction nearest 20 % (the server's "at"). */
function localizationWords(loc) {
  const a = loc.at || {};
  const pct = v => v == null ? '–' : Math.round(v * 100) + '%';
  const gain = loc.trained - loc.zero_shot;
  let s = `${loc.task} on ${loc.backbone}: zero-shot ${fmt(loc.zero_shot, 1)}, trained ${fmt(loc.trained, 1)} ` +
    `(gain ${gain >= 0 ? '+' : ''}${fmt(gain, 1)} points). `;
  if (!a.learned) return s + 'Training did not raise the score above zero-shot: there is no gain to localize.';
  s += `At ${pct(a.fraction)} of the units, removing the most important ones costs ${pct(a.remove_top_cost)} of the gain, ` +
    `random ones ${pct(a.remove_random_cost)}; keeping only the most important keeps ${pct(a.keep_top)}, random ones ${pct(a.keep_random)}. `;
  if (a.localized) return s + 'The skill is localized: the important units carry it.';
  return s + 'Not localized by this test: ' + [a.removal_holds ? null : 'removing the top units does not cost twice what random units cost',
    a.graft_holds ? null : 'keeping the top units does not keep more than random units'].filter(Boolean).join('; ') + '.';
}

// ---- one run -------------------------------------------------------------------------------
/** The shortest dotted suffix of each module path that no other module shares. */
function moduleLabels(modules) {
  const parts = modules.map(m => String(m || '?').split('.'));
  const suffix = (p, k) => p.slice(-k).join('.');
  const out = new Map();
  parts.forEach((p, i) => {
    let k = 1;
    while (k < p.length && parts.some((q, j) => j !== i && suffix(q, k) === suffix(p, k))) k++;
    out.set(modules[i], suffix(p, k));
  });
  return out;
}

class RunView {
  constructor(id, host) {
    this.id = id;
    this.tasks = [];
    this.status = '…';
    this.importance = {};   // task -> {units, label, seq}
    this.consolidation = {}; // task -> units
    this.rows = {};          // task -> row
    this.losses = [];
    this.boundaries = [];
    this.viewTask = null;    // null: follow the newest task with importance
    this.mode = 'modules';
    this.value = 'score';
    this.progress = '';
    this.finished = null;
    this.seq = 0;
    this.renders = 0;
    this.build(host);
  }

  build(host) {
    const c = (title, cls, ...kids) => el('section', { class: 'card ' + (cls || '') }, el('h3', {}, title), ...kids);
    this.title = el('h2', {}, this.id);
    this.meta = el('div', { class: 'meta' });
    this.taskBar = el('div', { class: 'controls' });
    this.skill = el('canvas', { class: 'skillmap', 'data-run': this.id, 'data-sum': '0', 'data-version': '0' });
    this.skillCaption = el('p', { class: 'caption' });
    this.category = el('canvas', { class: 'categorymap' });
    this.categoryCaption = el('p', { class: 'caption' });
    this.matrix = el('canvas', { class: 'matrix' });
    this.loss = el('canvas', { class: 'loss' });
    this.apbwt = el('div');
    const legend = el('div', { class: 'legend' },
      ...['initial', 'both', 'previous', 'current', 'neither'].map(k => el('span', {}, el('i', { style: 'background:' + CATEGORY[k] }), k)),
      el('span', {}, el('i', { style: 'background:linear-gradient(90deg,#2c7bb6,#f28e2b)' }), 'adaptive (weight)'));
    const scale = el('div', { class: 'legend' }, el('span', {}, el('i', { style: 'background:' + seqColor(0) }), 'low'),
      el('span', {}, el('i', { style: 'background:' + seqColor(0.5) }), ''), el('span', {}, el('i', { style: 'background:' + seqColor(1) }), 'high (share of the task\'s largest cell)'));
    this.root = el('article', { class: 'run', 'data-run': this.id },
      this.title, this.meta,
      el('div', { class: 'grid' },
        c('Skill map · importance per unit', 'wide', this.taskBar, this.skill, scale, this.skillCaption),
        c('Consolidation · categories', 'wide', this.category, legend, this.categoryCaption),
        c('Accuracy matrix', '', this.matrix),
        c('Loss', '', this.loss),
        c('AP / BWT after each task', '', this.apbwt)));
    host.append(this.root);
    for (const cv of [this.skill, this.category, this.matrix]) {
      cv.addEventListener('mousemove', ev => showTip(ev, cv._hit && cv._hit(ev.offsetX, ev.offsetY)));
      cv.addEventListener('mouseleave', () => showTip(null, null));
    }
  }

  async load() {
    try {
      const d = await getJson(`/api/runs/${encodeURIComponent(this.id)}`);
      const cfg = d.config || {};
      this.method = cfg.method; this.backbone = cfg.backbone; this.benchmark = cfg.benchmark;
      this.status = d.status;
      this.tasks = d.progress.tasks || [];
      (d.progress.matrix.matrix || []).forEach((r, j) => { this.rows[j] = numRow(r); });
      if (d.results) this.finished = d.results;
      if (d.localization) {
        try {
          this.localization = await getJson(`/api/runs/${encodeURIComponent(this.id)}/localization`);
        } catch (e) { notice(`${this.id}: localization: ${e.message}`); }
      }
      for (const k of d.progress.importance_tasks || []) {
        try {
          const units = await getJson(`/api/runs/${encodeURIComponent(this.id)}/importance`, { task: k });
          this.setImportance(k, units, 'final');
          if (units.some(u => u.category)) this.consolidation[k] = units;
        } catch (e) { /* a live run may not have it on disk yet */ }
      }
    } catch (e) {
      notice(`${this.id}: ${e.message}`);
    }
    this.render();
    this.connect();
  }

  connect() {
    const src = new EventSource(apiUrl(`/api/runs/${encodeURIComponent(this.id)}/events`));
    this.source = src;
    src.onmessage = m => { this.onEvent(JSON.parse(m.data)); this.schedule(); };
    src.onerror = () => { if (src.readyState === EventSource.CLOSED) notice(`${this.id}: event stream closed`); };
  }

  close() {
    if (this.source) this.source.close();
    this.root.remove();
  }

  setImportance(task, units, label) {
    this.importance[task] = { units, label, seq: ++this.seq };
  }

  onEvent(e) {
    const name = e.task_name ? ` ${e.task_name}` : '';
    switch (e.type) {
      case 'run_started':
        this.tasks = e.tasks || this.tasks; this.method = e.method; this.backbone = e.backbone; this.benchmark = e.benchmark;
        this.status = 'running'; break;
      case 'task_started':
        this.boundaries.push({ x: this.losses.length, label: 'T' + e.task });
        this.progress = `task ${e.task + 1}/${this.tasks.length || '?'}${name}`; break;
      case 'step':
        if (num(e.loss) != null) this.losses.push({ x: this.losses.length, y: e.loss, task: e.task });
        this.progress = `task ${e.task + 1}/${this.tasks.length || '?'}${name} · step ${e.step}/${e.steps} · loss ${fmt(e.loss)}`; break;
      case 'importance_snapshot':
        this.setImportance(e.task, e.units, `snapshot at step ${e.step}`); break;
      case 'consolidation':
        this.setImportance(e.task, e.units, `after consolidation (${e.strategy || 'consolidation'})`);
        this.consolidation[e.task] = e.units; break;
      case 'task_evaluated':
        this.rows[e.task] = numRow(e.row); break;
      case 'run_finished':
        this.status = e.status; this.finished = e;
        if (Array.isArray(e.accuracy_matrix)) e.accuracy_matrix.forEach((r, j) => { if (numRow(r).some(v => v != null)) this.rows[j] = numRow(r); });
        break;
      default:
    }
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.render(); });
  }

  shownTask() {
    const have = Object.keys(this.importance).map(Number).sort((a, b) => a - b);
    if (this.viewTask != null && this.importance[this.viewTask]) return this.viewTask;
    return have.length ? have[have.length - 1] : null;
  }

  render() {
    this.renders++;
    const st = (this.status || '').toLowerCase();
    this.meta.replaceChildren(
      [this.method, this.backbone, this.benchmark].filter(Boolean).join(' · ') || 'run',
      el('span', { class: 'badge ' + st }, this.status || '?'),
      this.progress ? ' ' + this.progress : '');
    for (const sel of ['pickA', 'pickB']) {
      const o = [...document.getElementById(sel).options].find(x => x.value === this.id);
      if (o) o.textContent = `${this.id}${this.method ? ' · ' + this.method : ''} · ${this.status}`;
    }
    this.renderLocalization();
    this.renderTaskBar();
    this.renderSkillMap();
    this.renderCategories();
    this.renderMatrix();
    drawLine(this.loss, this.losses, this.boundaries);
    this.renderApBwt();
  }

  renderLocalization() {
    const loc = this.localization;
    if (!loc) return;
    if (!this.locCard) {
      this.locCanvas = el('canvas', { class: 'localization', 'data-run': this.id });
      this.locCaption = el('p', { class: 'caption' });
      this.locTable = el('div');
      const legend = el('div', { class: 'legend' }, ...Object.values(LOC_STYLE).map(st =>
        el('span', {}, el('i', { style: `background:${st.color};${st.dash.length ? 'opacity:.45' : ''}` }), st.label)),
        el('span', {}, 'band: min–max over the random draws'));
      this.locCard = el('section', { class: 'card wide' }, el('h3', {}, 'Skill localization · share of the gain kept'),
        this.locCanvas, legend, this.locCaption, this.locTable);
      this.root.querySelector('.grid').prepend(this.locCard);
      this.locCanvas.addEventListener('mousemove', ev => showTip(ev, this.locCanvas._hit && this.locCanvas._hit(ev.offsetX, ev.offsetY)));
      this.locCanvas.addEventListener('mouseleave', () => showTip(null, null));
    }
    drawCurves(this.locCanvas, loc);
    this.locCaption.textContent = localizationWords(loc);
    const head = el('tr', {}, el('th', {}, 'gain kept'), ...loc.fractions.map(f => el('th', {}, Math.round(f * 100) + '%')));
    const rows = Object.entries(LOC_STYLE).map(([k, st]) => el('tr', {}, el('td', {}, st.label),
      ...(loc.curves[k] || []).map((v, i) => {
        const sd = ((loc.spread || {})[k] || {}).sd;
        return el('td', {}, fmt(v, 2) + (sd && sd[i] != null ? ' ± ' + fmt(sd[i], 2) : ''));
      })));
    this.locTable.replaceChildren(el('table', { class: 'apbwt' }, el('thead', {}, head), el('tbody', {}, ...rows)));
  }

  renderTaskBar() {
    const tasks = Object.keys(this.importance).map(Number).sort((a, b) => a - b);
    const b = (label, on, fn) => el('button', { class: on ? 'on' : '', onclick: () => { fn(); this.render(); } }, label);
    this.taskBar.replaceChildren(
      b('follow live', this.viewTask == null, () => { this.viewTask = null; }),
      ...tasks.map(k => b(`T${k} ${this.tasks[k] || ''}`.trim(), this.viewTask === k, () => { this.viewTask = k; })),
      el('span', { class: 'sep' }),
      b('layers × modules', this.mode === 'modules', () => { this.mode = 'modules'; }),
      b('layers × ranks', this.mode === 'ranks', () => { this.mode = 'ranks'; }),
      el('span', { class: 'sep' }),
      b('score', this.value === 'score', () => { this.value = 'score'; }),
      b('cumulative', this.value === 'cumulative', () => { this.value = 'cumulative'; }));
  }

  renderSkillMap() {
    const k = this.shownTask();
    const cv = this.skill;
    if (k == null) {
      drawGrid(cv, [], [], []);
      this.skillCaption.textContent = 'waiting for the first importance snapshot…';
      return;
    }
    const { units, label } = this.importance[k];
    let use = units;
    let mode = this.mode;
    if (mode === 'ranks') {
      use = units.filter(u => u.kind === 'rank' && u.rank != null && u.rank >= 0);
      if (!use.length) { use = units; mode = 'modules'; }
    }
    const val = u => (this.value === 'cumulative' && u.cumulative != null) ? u.cumulative : u.score;
    const layers = [...new Set(use.map(u => u.layer))].sort((a, b) => a - b);
    const names = moduleLabels([...new Set(use.map(u => u.module))]);
    const colKey = u => mode === 'ranks' ? 'r' + u.rank : names.get(u.module);
    const cols = mode === 'ranks'
      ? [...new Set(use.map(u => u.rank))].sort((a, b) => a - b).map(r => 'r' + r)
      : [...new Set(use.map(colKey))];
    const sums = layers.map(() => cols.map(() => null));
    let total = 0, max = 0;
    for (const u of use) {
      const v = Number(val(u)) || 0;
      const i = layers.indexOf(u.layer), j = cols.indexOf(colKey(u));
      sums[i][j] = (sums[i][j] || 0) + v;
      total += v;
    }
    for (const r of sums) for (const v of r) if (v != null && Math.abs(v) > max) max = Math.abs(v);
    const cells = sums.map((r, i) => r.map((v, j) => v == null ? null : ({
      color: seqColor(max > 0 ? Math.abs(v) / max : 0),
      tip: `layer ${layers[i]} · ${cols[j]}\n${this.value} ${v.toPrecision(4)}`
    })));
    drawGrid(cv, layers.map(l => l < 0 ? 'emb/head' : 'layer ' + l), cols, cells);
    cv.dataset.sum = total.toPrecision(8);
    cv.dataset.task = String(k);
    cv.dataset.cells = String(layers.length * cols.length);
    cv.dataset.version = String(Number(cv.dataset.version || 0) + 1);
    this.skillCaption.textContent = `task ${k}${this.tasks[k] ? ' (' + this.tasks[k] + ')' : ''} · ${label} · ${use.length} units · ${mode === 'ranks' ? 'sum over modules per rank' : 'sum over A/B/ranks per module'}`;
  }

  renderCategories() {
    const have = Object.keys(this.consolidation).map(Number).sort((a, b) => a - b);
    const shown = this.shownTask();
    const k = have.includes(shown) ? shown : have[have.length - 1];
    if (k == null) {
      drawGrid(this.category, [], [], []);
      this.categoryCaption.textContent = 'no consolidation yet (it happens after each task)';
      return;
    }
    const units = this.consolidation[k];
    const layers = [...new Set(units.map(u => u.layer))].sort((a, b) => a - b);
    const names = moduleLabels([...new Set(units.map(u => u.module))]);
    const colOf = u => names.get(u.module) + (u.kind === 'rank' ? ' r' + u.rank : u.kind === 'tensor' ? '' : ' ' + u.kind);
    const cols = [...new Set(units.map(colOf))];
    // label a module once, at its first column; its other columns say only the rank or matrix
    const firstOf = new Set();
    const labels = cols.map(c => {
      const [mod, rest] = [c.replace(/ (r\d+|A|B)$/, ''), (c.match(/ (r\d+|A|B)$/) || ['', ''])[1]];
      if (firstOf.has(mod)) return rest;
      firstOf.add(mod);
      return c;
    });
    const cells = layers.map(() => cols.map(() => null));
    const counts = {};
    for (const u of units) {
      cells[layers.indexOf(u.layer)][cols.indexOf(colOf(u))] = {
        color: categoryColor(u),
        tip: `${u.unit}\n${u.category} · weight ${fmt(u.weight, 2)} · score ${fmt(u.score, 4)}`
      };
      counts[u.category] = (counts[u.category] || 0) + 1;
    }
    drawGrid(this.category, layers.map(l => l < 0 ? 'emb/head' : 'layer ' + l), labels, cells);
    this.category.dataset.task = String(k);
    this.categoryCaption.textContent = `task ${k}${this.tasks[k] ? ' (' + this.tasks[k] + ')' : ''} · ` +
      Object.entries(counts).map(([c, n]) => `${c} ${n}`).join(' · ');
  }

  matrixRows() {
    const n = Math.max(this.tasks.length, ...Object.keys(this.rows).map(k => Number(k) + 1), 0);
    const rows = [];
    for (let j = 0; j < n; j++) rows.push(this.rows[j] || null);
    return rows;
  }

  renderMatrix() {
    const rows = this.matrixRows();
    const n = rows.length;
    const names = Array.from({ length: n }, (_, i) => this.tasks[i] || 'T' + i);
    let lo = Infinity, hi = -Infinity;
    rows.forEach(r => (r || []).forEach(v => { if (v != null) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }));
    const scale = hi > 1.0001 ? 100 : 1;
    const cells = rows.map((r, j) => names.map((_, i) => {
      const v = r ? r[i] : null;
      if (v == null) return null;
      return { color: seqColor(v / scale), text: (scale === 1 ? v * 100 : v).toFixed(1), textColor: v / scale > 0.6 ? '#102a43' : '#fff',
        tip: `after ${names[j]}, on ${names[i]}: ${fmt(v, 4)}` };
    }));
    drawGrid(this.matrix, names.map(s => 'after ' + s), names, cells, { left: 96, cellH: 26 });
    this.matrix.dataset.rows = String(rows.filter(Boolean).length);
  }

  renderApBwt() {
    const rows = this.matrixRows();
    const body = [];
    rows.forEach((r, j) => {
      if (!r) return;
      let s = 0, c = 0;
      for (let i = 0; i <= j && i < r.length; i++) if (r[i] != null) { s += r[i]; c++; }
      let b = 0, cb = 0;
      for (let i = 0; i < j; i++) if (r[i] != null && rows[i] && rows[i][i] != null) { b += r[i] - rows[i][i]; cb++; }
      body.push(el('tr', {}, el('td', {}, `after T${j} ${this.tasks[j] || ''}`), el('td', {}, fmt(c ? s / c : null, 4)), el('td', {}, j && cb ? fmt(b / cb, 4) : '–')));
    });
    if (!body.length) { this.apbwt.replaceChildren(el('div', { class: 'empty' }, 'no task evaluated yet')); return; }
    const foot = this.finished && this.finished.ap != null
      ? el('tr', {}, el('th', {}, 'final'), el('th', {}, fmt(this.finished.ap, 4)), el('th', {}, fmt(this.finished.bwt, 4))) : null;
    this.apbwt.replaceChildren(el('table', { class: 'apbwt' },
      el('thead', {}, el('tr', {}, el('th', {}, 'task'), el('th', {}, 'AP'), el('th', {}, 'BWT'))),
      el('tbody', {}, ...body, foot)));
  }
}

// ---- page ----------------------------------------------------------------------------------
function showTip(ev, text) {
  const tip = document.getElementById('tip');
  if (!text) { tip.hidden = true; return; }
  tip.textContent = text;
  tip.style.left = (ev.clientX + 12) + 'px';
  tip.style.top = (ev.clientY + 12) + 'px';
  tip.hidden = false;
}

function notice(msg) {
  document.getElementById('notice').textContent = msg;
}

const views = { A: null, B: null };
window.tasl = { views };

function select(slot, id) {
  const main = document.getElementById('views');
  if (views[slot]) { views[slot].close(); views[slot] = null; }
  if (id) {
    views[slot] = new RunView(id, main);
    if (slot === 'A' && views.B) main.prepend(views.A.root);
    views[slot].load();
  }
  main.classList.toggle('two', !!(views.A && views.B));
  const q = new URLSearchParams(location.search);
  for (const [k, s] of [['run', 'A'], ['compare', 'B']]) { if (views[s]) q.set(k, views[s].id); else q.delete(k); }
  history.replaceState(null, '', '?' + q.toString());
  for (const v of Object.values(views)) if (v) v.schedule();
}

async function start() {
  let runs = [];
  try { runs = await getJson('/api/runs'); } catch (e) { notice('cannot list runs: ' + e.message); }
  const want = params.get('run');
  if (want && !runs.some(r => r.id === want)) runs.unshift({ id: want, status: '?' });
  const label = r => `${r.id}${r.method ? ' · ' + r.method : ''}${r.status ? ' · ' + r.status : ''}`;
  const a = document.getElementById('pickA'), b = document.getElementById('pickB');
  for (const r of runs) { a.append(el('option', { value: r.id }, label(r))); b.append(el('option', { value: r.id }, label(r))); }
  if (!runs.length) { document.getElementById('views').append(el('div', { class: 'empty' }, 'no runs in this directory yet')); return; }
  a.value = want || runs[0].id;
  b.value = params.get('compare') || '';
  a.addEventListener('change', () => select('A', a.value));
  b.addEventListener('change', () => select('B', b.value));
  select('A', a.value);
  if (b.value) select('B', b.value);
}

window.addEventListener('resize', () => { for (const v of Object.values(views)) if (v) v.schedule(); });
start();
