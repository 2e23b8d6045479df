/*
 * The JavaScript half of the tasl-js kernel: rich display, line magics, completion, inspection
 * and notebook progress of experiments. Evaluated once into the kernel's GraalJS context as a
 * function of `host` (Java callables: publish, track, dashboard, base64, javaMembers,
 * globalNames); it returns the object the Java half (JsSession) calls. Answers cross to Java
 * as JSON strings so that no JavaScript object leaves the context.
 *
 * Display convention (as Deno's Jupyter kernel): display(value), display.html(s),
 * display.markdown(s), display.png(bytes), display.svg(s), display.json(v), and any object with
 * a [Symbol.for("Jupyter.display")]() method returning a MIME bundle renders as that bundle.
 */
(function (host) {
  'use strict';
  const DISPLAY = Symbol.for('Jupyter.display');
  const LINE_MAGICS = ['time', 'who', 'env', 'dashboard', 'lsmagic'];
  const CELL_MAGICS = ['python', 'java'];
  const initialGlobals = new Set(Object.getOwnPropertyNames(globalThis));

  // ---- text form of values (Node's REPL style, short) -------------------------------------

  function isJava(v) {
    try { return typeof Java !== 'undefined' && Java.isJavaObject(v); } catch (e) { return false; }
  }

  function quote(s) {
    return "'" + String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'";
  }

  function inspect(v, depth = 2, seen = new Set()) {
    if (v === undefined) return 'undefined';
    if (v === null) return 'null';
    switch (typeof v) {
      case 'string': return quote(v);
      case 'number': return Object.is(v, -0) ? '-0' : String(v);
      case 'bigint': return String(v) + 'n';
      case 'boolean': return String(v);
      case 'symbol': return v.toString();
      case 'function':
        return /^class\b/.test(Function.prototype.toString.call(v)) ? `[class ${v.name || '(anonymous)'}]`
          : `[Function: ${v.name || '(anonymous)'}]`;
      default:
    }
    if (isJava(v)) return String(v);
    if (seen.has(v)) return '[Circular]';
    if (v instanceof Error) return v.stack || String(v);
    if (v instanceof Date) return v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (ArrayBuffer.isView(v)) {
      const items = Array.from(v.slice(0, 50), String);
      return `${v.constructor.name}(${v.length}) [ ${items.join(', ')}${v.length > 50 ? ', ...' : ''} ]`;
    }
    const next = new Set(seen).add(v);
    const inner = (x) => (depth <= 0 && x !== null && typeof x === 'object' ? (Array.isArray(x) ? '[Array]' : '[Object]')
      : inspect(x, depth - 1, next));
    if (Array.isArray(v)) {
      const items = v.slice(0, 100).map(inner);
      if (v.length > 100) items.push(`... ${v.length - 100} more items`);
      return items.length === 0 ? '[]' : `[ ${items.join(', ')} ]`;
    }
    if (v instanceof Map) return `Map(${v.size}) { ${Array.from(v, ([k, x]) => inner(k) + ' => ' + inner(x)).join(', ')} }`;
    if (v instanceof Set) return `Set(${v.size}) { ${Array.from(v, inner).join(', ')} }`;
    // A class with its own toString (tasl's Result, Benchmark, ...) says best what it is.
    if (typeof v.toString === 'function' && v.toString !== Object.prototype.toString) {
      try { return String(v.toString()); } catch (e) { /* fall through to the fields */ }
    }
    const keys = Object.keys(v);
    const name = v.constructor && v.constructor !== Object && v.constructor.name ? v.constructor.name + ' ' : '';
    if (keys.length === 0) return name + '{}';
    const body = keys.slice(0, 50).map((k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k)) + ': ' + inner(v[k]));
    if (keys.length > 50) body.push('...');
    return `${name}{ ${body.join(', ')} }`;
  }

  // ---- MIME bundles -------------------------------------------------------------------------

  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  function base64(bytes) {
    if (typeof bytes === 'string') return bytes; // already base64
    if (isJava(bytes)) return String(host.base64(bytes));
    if (bytes && typeof bytes.base64 === 'string') return bytes.base64; // tasl.Png
    const b = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes, (x) => x & 0xff);
    let out = '';
    for (let i = 0; i < b.length; i += 3) {
      const n = (b[i] << 16) | ((b[i + 1] || 0) << 8) | (b[i + 2] || 0);
      out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < b.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < b.length ? B64[n & 63] : '=');
    }
    return out;
  }

  function escapeHtml(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  function isRowList(v) {
    return Array.isArray(v) && v.length > 0 && v.length <= 500
      && v.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r) && !isJava(r)
        && Object.getPrototypeOf(r) === Object.prototype);
  }

  function cellText(x) {
    if (typeof x === 'number' && !Number.isInteger(x)) return Number.isNaN(x) ? 'nan' : String(Number(x.toPrecision(4)));
    return x === null || x === undefined ? '' : (typeof x === 'object' ? inspect(x, 0) : String(x));
  }

  /** An array of plain objects (rows, e.g. tasl.compare(...)) as an HTML table. */
  function rowsHtml(rows) {
    const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const head = cols.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
    const body = rows.map((r) => '<tr>' + cols.map((c) => `<td>${escapeHtml(cellText(r[c]))}</td>`).join('') + '</tr>').join('');
    return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
  }

  /** Normalizes what a [Symbol.for("Jupyter.display")]() method returned. */
  function normalizeBundle(raw) {
    const data = {};
    for (const [mime, value] of Object.entries(raw || {})) {
      if (value === undefined || value === null) continue;
      if (/^image\/(png|jpeg|gif)$/.test(mime)) data[mime] = base64(value);
      else if (mime === 'application/json' || mime.endsWith('+json')) data[mime] = typeof value === 'string' ? JSON.parse(value) : value;
      else data[mime] = String(value);
    }
    return data;
  }

  /** The MIME bundle of a value: its own Jupyter.display bundle, else views the kernel knows, plus text/plain. */
  function mimeBundle(v) {
    let data = {};
    if (v !== null && (typeof v === 'object' || typeof v === 'function') && !isJava(v) && typeof v[DISPLAY] === 'function') {
      data = normalizeBundle(v[DISPLAY]());
    } else if (isRowList(v)) {
      data['text/html'] = rowsHtml(v);
    }
    if (!('text/plain' in data)) data['text/plain'] = inspect(v);
    return data;
  }

  function publish(kind, data, displayId, metadata) {
    host.publish(kind, JSON.stringify({ data, metadata: metadata || {} }), displayId === undefined ? null : displayId);
  }

  let displayCounter = 0;
  class DisplayHandle {
    constructor(id) { this.displayId = id; }
    update(value, options = {}) { display(value, Object.assign({}, options, { displayId: this.displayId, update: true })); }
    toString() { return `DisplayHandle(${this.displayId})`; }
  }

  /**
   * display(value[, {raw, displayId, update, metadata}]): shows a value with its richest form.
   * raw: value is already a MIME bundle. displayId: true (a new id) or a name; the returned
   * handle's update(v) replaces the output in place.
   */
  function display(value, { raw = false, displayId = null, update = false, metadata = null } = {}) {
    const id = displayId === true ? `tasl-js-${Date.now()}-${++displayCounter}` : displayId;
    publish(update ? 'update' : 'display', raw ? normalizeBundle(value) : mimeBundle(value), id, metadata);
    return id && !update ? new DisplayHandle(id) : undefined;
  }
  const bundleOf = (mime, textPlain) => (value) => ({ [DISPLAY]: () => ({ [mime]: value, 'text/plain': textPlain(value) }) });
  display.html = (s) => display(bundleOf('text/html', () => '<HTML>')(String(s)));
  display.markdown = (s) => display(bundleOf('text/markdown', String)(String(s)));
  display.md = display.markdown;
  display.svg = (s) => display(bundleOf('image/svg+xml', () => '<SVG>')(String(s)));
  display.png = (bytes) => display(bundleOf('image/png', (b) => `<PNG ${Math.floor(b.length * 3 / 4)} bytes>`)(base64(bytes)));
  display.json = (v) => display(bundleOf('application/json', (x) => JSON.stringify(x))(v));
  display.text = (s) => display({ [DISPLAY]: () => ({ 'text/plain': String(s) }) });

  // ---- line magics ----------------------------------------------------------------------------

  const env = {};
  for (const [k, v] of Object.entries(JSON.parse(String(host.environment())))) env[k] = v;

  function fmtSeconds(s) {
    if (s >= 1) return s.toFixed(2) + ' s';
    if (s >= 1e-3) return (s * 1e3).toFixed(1) + ' ms';
    return (s * 1e6).toFixed(0) + ' µs';
  }

  function userGlobals() {
    const names = Array.from(host.globalNames(), String);
    return names.filter((n) => !initialGlobals.has(n) && !HIDDEN.has(n) && !n.startsWith('_')).sort();
  }

  const magics = {
    /** %time EXPRESSION: runs it once (in the global scope) and prints the wall time. */
    time(args) {
      const t0 = Date.now();
      try {
        return (0, eval)(args);
      } finally {
        console.log('Wall time: ' + fmtSeconds((Date.now() - t0) / 1000));
      }
    },
    /** %who: the names the notebook defined (var, let, const, class, function). */
    who() {
      const names = userGlobals();
      console.log(names.length ? names.join('\t') : 'Interactive namespace is empty.');
    },
    /** %env: all; %env NAME: one; %env NAME=VALUE: sets it in process.env. */
    env(args) {
      if (!args) return Object.assign({}, env);
      const m = /^([^=\s]+)\s*(?:=|\s)\s*(.*)$/.exec(args);
      if (m) {
        env[m[1]] = m[2];
        console.log(`env: ${m[1]}=${m[2]}`);
        return undefined;
      }
      return env[args];
    },
    /** %dashboard [RUNS_DIR]: starts the live dashboard and shows it inline. */
    dashboard(args) {
      const html = String(host.dashboard(args || null));
      return { [DISPLAY]: () => ({ 'text/html': html, 'text/plain': 'dashboard' }) };
    },
    lsmagic() {
      console.log('Available line magics:\n' + LINE_MAGICS.map((m) => '%' + m).join('  ')
        + '\n\nAvailable cell magics:\n' + CELL_MAGICS.map((m) => '%%' + m).join('  '));
    },
  };

  function lineMagic(name, args) {
    const fn = magics[name];
    if (fn === undefined) {
      const e = new Error(`unknown line magic %${name} (%lsmagic lists them)`);
      e.name = 'UsageError';
      throw e;
    }
    return fn(args);
  }

  /** Lines "%name args" become calls of the magic (a trailing one stays the cell's value). */
  function transform(code) {
    return String(code).split('\n').map((line) => {
      const m = /^(\s*)%([A-Za-z_]\w*)\s*(.*)$/.exec(line);
      return m ? `${m[1]}__taslLineMagic(${JSON.stringify(m[2])}, ${JSON.stringify(m[3].trim())});` : line;
    }).join('\n');
  }

  // ---- completion and inspection --------------------------------------------------------------

  const KEYWORDS = ['await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete',
    'do', 'else', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof',
    'let', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'undefined', 'var',
    'void', 'while', 'with', 'yield'];

  /** The value of a dotted name in the global scope (let/const included); MISSING when it has none. */
  const MISSING = {};
  function resolve(path) {
    if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(path) || KEYWORDS.includes(path.split('.')[0]) && path !== 'this') return MISSING;
    try {
      return (0, eval)(path);
    } catch (e) {
      return MISSING;
    }
  }

  function membersOf(v) {
    if (v === null || v === undefined) return [];
    if (isJava(v)) return Array.from(host.javaMembers(v), String);
    const names = new Set();
    for (let o = Object(v); o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
      for (const n of Object.getOwnPropertyNames(o)) {
        if (n !== 'constructor' && !n.startsWith('__')) names.add(n);
      }
    }
    return [...names];
  }

  function complete(code, cursor) {
    const before = String(code).slice(0, cursor);
    const magic = /(?:^|\n)\s*(%%?\w*)$/.exec(before);
    if (magic) {
      const token = magic[1];
      const all = CELL_MAGICS.map((m) => '%%' + m).concat(LINE_MAGICS.map((m) => '%' + m));
      return JSON.stringify({ matches: all.filter((m) => m.startsWith(token)), start: cursor - token.length, end: cursor });
    }
    const m = /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\.?$|$/.exec(before);
    const token = m[0];
    const start = cursor - token.length;
    let matches = [];
    const dot = token.lastIndexOf('.');
    if (dot >= 0) {
      const base = token.slice(0, dot);
      const part = token.slice(dot + 1);
      const v = resolve(base);
      if (v !== MISSING) {
        matches = membersOf(v).filter((n) => n.startsWith(part) && (part.startsWith('_') || !n.startsWith('_')))
          .sort().map((n) => base + '.' + n);
      }
    } else if (token) {
      const names = new Set([...Array.from(host.globalNames(), String), ...Object.getOwnPropertyNames(globalThis), ...KEYWORDS]);
      matches = [...names].filter((n) => n.startsWith(token) && !n.startsWith('__')).sort();
    }
    return JSON.stringify({ matches, start, end: cursor });
  }

  /** The dotted name under the cursor, or the callee of the call the cursor is in. */
  function nameAt(code, cursor) {
    const re = /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/g;
    for (let m; (m = re.exec(code)) !== null;) {
      if (m.index <= cursor && cursor <= m.index + m[0].length) {
        const upTo = m[0].slice(0, cursor - m.index);
        const rest = m[0].slice(cursor - m.index).split('.')[0];
        const name = (upTo + rest).replace(/\.$/, '');
        if (name) return name;
      }
    }
    let depth = 0;
    for (let i = cursor - 1; i >= 0; i--) {
      const ch = code[i];
      if (ch === ')') depth++;
      else if (ch === '(') {
        if (depth === 0) {
          const callee = /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.exec(code.slice(0, i));
          return callee ? callee[0] : null;
        }
        depth--;
      }
    }
    return null;
  }

  function signature(fn) {
    const src = Function.prototype.toString.call(fn);
    if (/^class\b/.test(src)) {
      const ctor = /constructor\s*\(([^)]*)\)/.exec(src);
      return `class ${fn.name}(${ctor ? ctor[1].replace(/\s+/g, ' ').trim() : ''})`;
    }
    const head = /^[^{]*?\(([^)]*)\)/.exec(src.replace(/\s+/g, ' '));
    if (/\[native code\]/.test(src)) return `${fn.name}(...)  [native]`;
    return `${fn.name || '(anonymous)'}(${head ? head[1].trim() : '...'})`;
  }

  function inspectAt(code, cursor) {
    const name = nameAt(String(code), cursor);
    const v = name ? resolve(name) : MISSING;
    if (v === MISSING) return JSON.stringify({ found: false });
    const parts = [];
    if (isJava(v)) {
      parts.push(`Name:      ${name}`, String(host.describeJava(v)));
    } else {
      if (typeof v === 'function') parts.push(`Signature: ${signature(v)}`);
      const type = v === null ? 'null' : typeof v === 'object' ? (v.constructor && v.constructor.name) || 'Object' : typeof v;
      parts.push(`Type:      ${type}`);
      if (typeof v !== 'function') {
        const text = inspect(v);
        parts.push(`Value:     ${text.length < 400 ? text : text.slice(0, 400) + '...'}`);
      } else {
        const members = membersOf(v.prototype || {}).filter((n) => !n.startsWith('_'));
        if (members.length) parts.push(`Members:   ${members.join(', ')}`);
      }
      if (typeof v === 'object' && v !== null) {
        const members = membersOf(v).filter((n) => !n.startsWith('_'));
        if (members.length) parts.push(`Members:   ${members.slice(0, 60).join(', ')}`);
      }
    }
    return JSON.stringify({ found: true, text: parts.join('\n') });
  }

  // ---- experiments: progress in place, interruptible at a step boundary ----------------------

  class KeyboardInterrupt extends Error {
    constructor(message) { super(message); this.name = 'KeyboardInterrupt'; }
  }

  /** A run's progress as one output updated in place (update_display_data), at most every 0.25 s. */
  class NotebookProgress {
    constructor(everyMs = 250) {
      this.everyMs = everyMs;
      this.displayId = `tasl-js-progress-${Date.now()}-${++displayCounter}`;
      this.shown = false;
      this.last = 0;
      this.tasks = [];
      this.s = { run: null, task: null, taskName: null, step: 0, steps: 0, loss: null, done: [], status: 'running', ap: null, bwt: null };
    }
    onEvent(ev) {
      const s = this.s;
      switch (ev.type) {
        case 'run_started': this.tasks = ev.tasks || []; s.run = ev.run; break;
        case 'task_started': Object.assign(s, { task: ev.task, taskName: ev.task_name, step: 0, steps: ev.steps || 0 }); break;
        case 'step':
          Object.assign(s, { step: ev.step || 0, steps: ev.steps || s.steps, loss: ev.loss });
          if (Date.now() - this.last < this.everyMs) return;
          break;
        case 'task_evaluated': s.done.push([ev.task_name, (ev.row || [])[ev.task]]); break;
        case 'run_finished': Object.assign(s, { status: ev.status, ap: ev.ap, bwt: ev.bwt }); break;
        default: return;
      }
      this.show();
    }
    text() {
      const s = this.s;
      const f = (x) => (typeof x === 'number' ? x.toFixed(4) : String(x));
      let head = `run ${s.run}: ${s.status}`;
      if (s.task !== null) head += ` | task ${s.task + 1}/${Math.max(this.tasks.length, 1)} ${s.taskName} step ${s.step}/${s.steps}`;
      if (typeof s.loss === 'number') head += ` loss ${f(s.loss)}`;
      if (typeof s.ap === 'number') head += ` | AP ${f(s.ap)} BWT ${f(s.bwt)}`;
      return head;
    }
    html() {
      const s = this.s;
      const n = Math.max(this.tasks.length, 1);
      const steps = Math.max(s.steps || 0, 1);
      let frac = s.task === null ? 0 : (s.task + Math.min(s.step || 0, steps) / steps) / n;
      if (s.status === 'completed') frac = 1;
      const done = s.done.map(([name, score]) => `<li>${escapeHtml(name)}: ${typeof score === 'number' ? score.toFixed(4) : 'n/a'}</li>`).join('');
      return `<div class="tasl-progress"><progress value="${frac.toFixed(4)}" max="1" style="width:60%"></progress> `
        + `<span>${escapeHtml(this.text())}</span><ul>${done}</ul></div>`;
    }
    show() {
      this.last = Date.now();
      publish(this.shown ? 'update' : 'display', { 'text/html': this.html(), 'text/plain': this.text() }, this.displayId);
      this.shown = true;
    }
  }

  /** Kernel defaults of require('tasl'): notebook progress and runs that an interrupt cancels. */
  function patchTasl(tasl) {
    const proto = tasl.Experiment.prototype;
    if (proto.run.taslKernel) return;
    const original = proto.run;
    const run = function ({ onEvent = null, progress = true } = {}) {
      let bar = null;
      if (progress === true) bar = new NotebookProgress();
      const shown = bar === null ? progress : (ev) => bar.onEvent(ev);
      host.track(this.java, true);
      let result;
      let error = null;
      try {
        result = original.call(this, { onEvent, progress: shown });
      } catch (e) {
        error = e;
      }
      if (host.track(this.java, false)) {
        throw new KeyboardInterrupt(`run cancelled at a step boundary (completed tasks stay in ${this.out})`);
      }
      if (error !== null) throw error;
      return result;
    };
    run.taslKernel = true;
    proto.run = run;
  }

  // ---- set-up ---------------------------------------------------------------------------------

  const hidden = ['display', '__taslLineMagic', 'process', 'py'];
  const HIDDEN = new Set(hidden);
  Object.defineProperty(globalThis, 'display', { value: display, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(globalThis, '__taslLineMagic', { value: lineMagic, writable: false, configurable: false, enumerable: false });
  globalThis.process = globalThis.process || {};
  globalThis.process.env = env;
  if (typeof tasl !== 'undefined') patchTasl(tasl);

  return {
    bundle: (v) => JSON.stringify(mimeBundle(v)),
    isUndefined: (v) => v === undefined,
    transform,
    complete,
    inspectAt,
    userGlobals: () => JSON.stringify(userGlobals()),
  };
})
