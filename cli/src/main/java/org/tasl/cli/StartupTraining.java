package org.tasl.cli;

import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.io.OutputStream;
import java.io.PrintStream;
import org.graalvm.polyglot.Context;
import org.tasl.kernel.JsKernel;
import org.tasl.kernel.TaslKernel;
import org.tasl.polyglot.ScriptOptions;
import org.tasl.polyglot.TaslPolyglot;

/**
 * The workload the ./tasl launcher records into the JDK's ahead-of-time cache
 * ({@code -XX:AOTCacheOutput=cli/target/tasl.aot}, JEP 483/514/515) right after a build: what
 * every start of a kernel or a script does first. The command line parser, both kernels with
 * their GraalJS and GraalPy contexts ({@code js_kernel.js}, {@code tasl_kernel.py}, {@code require('tasl')},
 * {@code import tasl}) and the Jupyter connection classes. Classes it loads are then loaded
 * and linked from the cache by later runs instead of parsed from ~90 jars. Prints nothing.
 */
public final class StartupTraining {
    private StartupTraining() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        try {
            Main.execute("--version");
            Main.execute("kernel", "--help");
            KernelConnectionProperties.parse("{\"transport\":\"tcp\",\"ip\":\"127.0.0.1\",\"key\":\"k\","
                    + "\"signature_scheme\":\"hmac-sha256\",\"shell_port\":1,\"iopub_port\":2,\"stdin_port\":3,"
                    + "\"control_port\":4,\"hb_port\":5}");
            JsKernel js = new JsKernel();
            js.eval("console.log(require('tasl').version); display.html('<b>x</b>'); [1, 2]");
            js.onShutdown(false);
            TaslKernel py = new TaslKernel();
            py.eval("import tasl\nprint(tasl.__version__)");
            py.onShutdown(false);
            ScriptOptions o = ScriptOptions.defaults().streams(System.in, System.out, System.err);
            try (Context c = TaslPolyglot.newJsContext(o)) {
                c.eval(TaslPolyglot.JS, "tasl.version");
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
