'use strict';
// The JS face of issue 4 against the facade double org.tasl.fake.FakeTasl.
const tasl = require('tasl');
const assert = require('./assert.js');

const tiny = (opts = {}) => tasl.experiment(tasl.benchmark('long-sequence', { order: 1, trainPerTask: 8 }), opts);

module.exports = {
  'require and the global are the same module'() {
    assert.equal(require('tasl'), tasl);
    assert.equal(globalThis.tasl, tasl);
    assert.equal(tasl.version, String(Java.type('org.tasl.Version').VERSION));
  },
  'backbones are plain objects'() {
    const b = tasl.backbones();
    assert.deepEqual(b.map((x) => x.name), ['all-minilm-l6-v2', 't5-small']);
    assert.equal(b[0].cached, true);
    assert.equal(b[0].parameters, 22700000);
  },
  'run returns numbers and arrays in camelCase'() {
    const res = tiny().run({ progress: false });
    assert.deepEqual(res.tasks, ['dbpedia', 'amazon', 'yahoo', 'agnews']);
    assert.close(res.ap, 0.75, 'ap');
    assert.close(res.bwt, -0.2, 'bwt');
    assert.ok(Number.isNaN(res.fwt), 'fwt is NaN');
    assert.close(res.fwtRaw, 0.25, 'fwtRaw');
    assert.close(res.accuracyMatrix[3][0], 0.6, 'a[3][0]');
    assert.ok(Array.isArray(res.accuracyMatrix[0]), 'rows are arrays');
    assert.ok(String(res).startsWith('Result(tasl on all-minilm-l6-v2, 4 tasks, AP=0.7500'), String(res));
    assert.ok(Number.isNaN(res.toJSON().fwt), 'NaN survives strict JSON');
  },
  'onEvent sees the documented event order'() {
    const types = [];
    tiny().run({ onEvent: (ev) => types.push(ev.type), progress: false });
    assert.equal(types[0], 'run_started');
    assert.equal(types[types.length - 1], 'run_finished');
    assert.equal(types.filter((t) => t === 'step').length, 16);
  },
  'importance and consolidation rows'() {
    const res = tiny().run({ progress: false });
    const rows = res.importance(0);
    assert.close(rows[0].score, 1.875, 'sum |w*g| of layer 0, task 0', 1e-5);
    assert.equal(rows[0].module, 'attention.self.query');
    assert.deepEqual(res.consolidation('amazon').map((r) => r.category), ['current', 'previous']);
    assert.throws(() => res.importance(9), tasl.TaslValueError, 'task must be an index');
  },
  'plotImportance gives PNG bytes'() {
    const png = tiny().run({ progress: false }).plotImportance(0);
    assert.deepEqual(Array.from(png.bytes.slice(0, 4)), [0x89, 0x50, 0x4e, 0x47]);
  },
  'events iterate while training runs on a Java thread; break cancels'() {
    const exp = tiny({ stepMs: 10 });
    let tasksDone = 0;
    const stream = exp.events();
    for (const ev of stream) {
      if (ev.type === 'task_completed') { tasksDone += 1; break; }
    }
    assert.equal(tasksDone, 1);
    assert.equal(stream.done, true);
    const all = [...tiny().events()].map((e) => e.type);
    assert.equal(all.filter((t) => t === 'task_evaluated').length, 4);
  },
  'a JavaScript metric runs in run() and matches |w*g|'() {
    const m = tasl.metric((w, g) => w.mul(g).abs(), { name: 'taylor' });
    const res = tiny({ importanceMetric: m }).run({ progress: false });
    assert.close(res.importance(2)[1].score, 6 * 1.875, 'layer 1 task 2', 1e-4);
    const listRes = tiny({ importanceMetric: tasl.metric((w, g) => w.map((x, i) => x * g[i] > 0 ? 1 : 0), { arrays: 'list' }) }).run({ progress: false });
    assert.equal(listRes.importance(0)[0].score, 2);
  },
  'a JavaScript metric refuses the threaded events() iterator'() {
    assert.throws(() => tiny({ importanceMetric: (w, g) => w }).events(), tasl.TaslError, 'single-threaded');
  },
  'Java errors become TaslError subclasses with the Java cause'() {
    const e = assert.throws(() => tiny({ method: 'magic' }), tasl.TaslValueError, "unknown method 'magic'");
    assert.equal(e.javaClass, 'java.lang.IllegalArgumentException');
    assert.ok(e.javaCause !== null, 'javaCause kept');
    assert.throws(() => tiny({ batchSize: 3 }), tasl.TaslValueError, "unknown option 'batch_size'");
    assert.throws(() => tasl.loadRun('/nonexistent/run'), tasl.TaslIOError, 'results.json');
    assert.throws(() => tasl.dashboard(), tasl.NotAvailable, './tasl dashboard');
  },
  'host classes outside the policy are refused'() {
    assert.throws(() => Java.type('java.lang.Runtime'), null, 'java.lang.Runtime');
    assert.equal(new (Java.type('java.util.ArrayList'))().size(), 0);
  },
  'loadRun and compare read run directories'() {
    const Files = Java.type('java.nio.file.Files');
    const dir = Files.createTempDirectory('tasl-js');
    const write = (name, method, last) => {
      const d = Files.createDirectories(dir.resolve(name));
      Files.writeString(d.resolve('results.json'), JSON.stringify({ method, backbone: 't5-small', benchmark: 'long-sequence',
        tasks: ['x', 'y'], accuracy_matrix: [[0.9, 0.5], last] }));
      return String(d);
    };
    const a = tasl.loadRun(write('a', 'tasl', [0.8, 0.6]));
    assert.deepEqual(a.accuracyMatrix, [[0.9, 0.5], [0.8, 0.6]]);
    const rows = tasl.compare([a, write('b', 'seqft', [0.9, 0.9])]);
    assert.deepEqual(rows.map((r) => r.method), ['tasl', 'seqft']);
    assert.ok(tasl.formatTable(rows).split('\n')[0].startsWith('run'), tasl.formatTable(rows));
  },
};
