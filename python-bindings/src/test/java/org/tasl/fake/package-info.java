/**
 * THROWAWAY test doubles of the facade in docs/ARCHITECTURE.md ("The facade scripts and
 * bindings use"), with the same method names and shapes, so that the Python and JS layers
 * can be exercised without training a model. They compute importance with real DJL arrays
 * (so script metrics are tested on engine tensors) and emit the documented events.
 * Scripts reach them through {@code ScriptOptions.facadeClass("org.tasl.fake.FakeTasl")}.
 */
package org.tasl.fake;
