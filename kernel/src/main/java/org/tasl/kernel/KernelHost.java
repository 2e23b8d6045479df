package org.tasl.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.publish.PublishDisplayData;
import io.github.spencerpark.jupyter.messages.publish.PublishUpdateDisplayData;
import java.io.PrintStream;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.tasl.run.Experiment;

/**
 * The Java callables a kernel hands to its guest halves (tasl_kernel.py, js_kernel.js):
 * {@code publish(kind, json, displayId)} shows or updates an output of the running cell,
 * {@code track(experiment, running) -> cancelled} registers a run an interrupt may cancel,
 * {@code dashboard(dir) -> html} starts the dashboard and gives its inline frame.
 */
final class KernelHost {
    private final CellChannel channel;
    private final PrintStream cellOut;
    private final PrintStream cellErr;
    private final ExperimentTracker experiments;

    KernelHost(CellChannel channel, PrintStream cellOut, PrintStream cellErr, ExperimentTracker experiments) {
        this.channel = channel;
        this.cellOut = cellOut;
        this.cellErr = cellErr;
        this.experiments = experiments;
    }

    Map<String, ProxyExecutable> callables() {
        return Map.of(
                "publish", (ProxyExecutable) this::publish,
                "track", (ProxyExecutable) this::track,
                "dashboard", (ProxyExecutable) args -> DashboardHook.inlineHtml(args.length == 0 || args[0].isNull() ? null : args[0].asString()));
    }

    private Object publish(Value... args) {
        String kind = args[0].asString();
        String displayId = args.length > 2 && !args[2].isNull() ? args[2].asString() : null;
        DisplayData d = MimeBundles.fromPayload(args[1].asString(), displayId);
        // What the cell printed so far comes before the display.
        cellOut.flush();
        cellErr.flush();
        if ("update".equals(kind)) {
            channel.publish(new PublishUpdateDisplayData(d));
        } else {
            channel.publish(new PublishDisplayData(d));
        }
        return null;
    }

    private Object track(Value... args) {
        Object exp = args[0].isHostObject() ? args[0].asHostObject() : null;
        if (!(exp instanceof Experiment e)) {
            return false;
        }
        if (args[1].asBoolean()) {
            experiments.started(e);
            return false;
        }
        return experiments.finished(e);
    }
}
