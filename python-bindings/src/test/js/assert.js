'use strict';
// A few assertions for the GraalJS tests (there is no node:assert in GraalJS).
function fail(message) { throw new Error(message); }
function show(v) { try { return JSON.stringify(v); } catch (e) { return String(v); } }
module.exports = {
  equal(actual, expected, what) {
    if (actual !== expected) fail(`${what || 'value'}: expected ${show(expected)}, got ${show(actual)}`);
  },
  deepEqual(actual, expected, what) {
    if (show(actual) !== show(expected)) fail(`${what || 'value'}: expected ${show(expected)}, got ${show(actual)}`);
  },
  close(actual, expected, what, eps = 1e-6) {
    if (!(Math.abs(actual - expected) <= eps)) fail(`${what || 'value'}: expected ${expected} ± ${eps}, got ${actual}`);
  },
  ok(cond, what) { if (!cond) fail(what || 'expected a true condition'); },
  throws(fn, Kind, fragment) {
    try {
      fn();
    } catch (e) {
      if (Kind && !(e instanceof Kind)) fail(`expected ${Kind.name}, got ${e && e.name}: ${e && e.message}`);
      if (fragment && !String(e.message).includes(fragment)) fail(`expected a message containing ${show(fragment)}, got ${show(e.message)}`);
      return e;
    }
    fail('expected an exception');
  },
};
