package org.tasl.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code ./tasl kernel start [--language python|javascript] CONNECTION_FILE}: connects the kernel
 * and serves until shutdown.
 */
public final class KernelLauncher {
    private KernelLauncher() {}

    /** Serves the connection; returns the exit code once the client shut the kernel down. */
    public static int run(Path connectionFile) throws Exception {
        return run(connectionFile, KernelSpec.PYTHON.language());
    }

    /** Serves the connection with the kernel of {@code language} ("python" or "javascript"). */
    public static int run(Path connectionFile, String language) throws Exception {
        boolean js = KernelSpec.JS.language().equals(language) || "js".equals(language);
        if (!js && !KernelSpec.PYTHON.language().equals(language)) {
            throw new IllegalArgumentException("kernel language '" + language + "': expected python or javascript");
        }
        if (!Files.isRegularFile(connectionFile)) {
            throw new IllegalArgumentException("connection file " + connectionFile + " does not exist (expected the JSON file Jupyter passes as {connection_file})");
        }
        // basekernel logs every message at INFO: keep the kernel's stderr for real problems.
        Logger.getLogger("io.github.spencerpark").setLevel(Level.WARNING);
        Logger.getLogger("").setLevel(Level.WARNING);
        KernelConnectionProperties props;
        try {
            props = KernelConnectionProperties.parse(Files.readString(connectionFile, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("connection file " + connectionFile + " is not a Jupyter connection file: " + e.getMessage(), e);
        }
        DashboardHook.register();
        // The kernel first: the JavaScript kernel starts its context in the background while
        // the sockets connect and the client's kernel_info is answered.
        BaseKernel kernel = js ? new JsKernel() : new TaslKernel();
        JupyterConnection connection = new JupyterConnection(props);
        kernel.becomeHandlerForConnection(connection);
        boolean watching = ParentWatch.start(() -> {
            System.err.println("tasl kernel: the process that started this kernel is gone; exiting");
            Runtime.getRuntime().halt(0);
        });
        if (!watching) {
            System.err.println("tasl kernel: no parent process to watch; the kernel ends on shutdown_request only");
        }
        connection.connect();
        connection.waitUntilClose();
        kernel.onShutdown(false);
        return 0;
    }
}
