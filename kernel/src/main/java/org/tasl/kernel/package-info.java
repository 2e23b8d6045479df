/**
 * The TaSL Jupyter kernels ("TaSL (Python on JVM)" and "TaSL (JavaScript on JVM)"), on
 * jupyter-jvm-basekernel; kernel/README.md has the user-facing rules.
 *
 * <ul>
 *   <li>{@link org.tasl.kernel.JsKernel} (tasl-js) routes messages for JavaScript cells:
 *       {@link org.tasl.kernel.JsSession} (one GraalJS context, each cell its own script, the
 *       JavaScript half {@code js_kernel.js}: display, magics, completion, inspection, progress),
 *       {@link org.tasl.kernel.PythonCellMagic} ({@code %%python}), {@link org.tasl.kernel.JsErrors}
 *       (JS stack and Java cause), {@link org.tasl.kernel.GuestGlobals} ({@code py} / {@code js}
 *       across languages), {@link org.tasl.kernel.ExecuteHandler}, {@link org.tasl.kernel.KernelHost},
 *       {@link org.tasl.kernel.RunningCell}.</li>
 *   <li>{@link org.tasl.kernel.TaslKernel} routes messages only: execute (its own handler, so
 *       errors carry Python's exception name and output streams while a cell runs), complete,
 *       inspect, is_complete, interrupt, shutdown.</li>
 *   <li>{@link org.tasl.kernel.PythonSession}: the GraalPy context (from
 *       {@code org.tasl.polyglot.TaslPolyglot}, full Java access) and the Python half,
 *       {@code tasl_kernel.py}: running cells (exec all but a trailing expression, eval that),
 *       MIME bundles from {@code _repr_*_}, {@code display}, line magics ({@code %time},
 *       {@code %who}, {@code %env}, {@code %dashboard}, {@code %lsmagic}), completion
 *       (rlcompleter, modules, magics), inspection, is_complete (codeop), notebook progress
 *       of experiments (one output updated in place) and their cancellation on interrupt.</li>
 *   <li>Cell magics: {@link org.tasl.kernel.JsMagic} ({@code %%js}, GraalJS, Python globals as
 *       {@code py}) and {@link org.tasl.kernel.JavaMagic} ({@code %%java}, JShell with local
 *       execution in this JVM; {@code py("name")} / {@code py("name", value)}).</li>
 *   <li>{@link org.tasl.kernel.KernelLauncher} ({@code ./tasl kernel start}),
 *       {@link org.tasl.kernel.KernelSpec} ({@code ./tasl kernel install}),
 *       {@link org.tasl.kernel.ParentWatch} (the kernel exits when its client process dies).</li>
 * </ul>
 */
package org.tasl.kernel;
