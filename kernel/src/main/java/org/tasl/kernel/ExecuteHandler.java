package org.tasl.kernel;

import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.publish.PublishError;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteInput;
import io.github.spencerpark.jupyter.messages.publish.PublishExecuteResult;
import io.github.spencerpark.jupyter.messages.reply.ErrorReply;
import io.github.spencerpark.jupyter.messages.reply.ExecuteReply;
import io.github.spencerpark.jupyter.messages.request.ExecuteRequest;
import java.io.PrintStream;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * execute_request for the tasl kernels, instead of basekernel's: output is streamed to the cell
 * while it runs (System.out/err point at the cell's IOPub streams during the cell), and an error
 * carries the guest language's exception name and traceback (basekernel would report the Java
 * class).
 */
final class ExecuteHandler {
    /** Runs one cell: its result, or null; a failure as a {@link KernelError}. */
    interface Cells {
        DisplayData evaluate(String code, int count) throws KernelError;
    }

    private final CellChannel channel;
    private final PrintStream cellOut;
    private final PrintStream cellErr;
    private final AtomicInteger executionCount;
    private final Cells cells;

    ExecuteHandler(CellChannel channel, PrintStream cellOut, PrintStream cellErr, AtomicInteger executionCount, Cells cells) {
        this.channel = channel;
        this.cellOut = cellOut;
        this.cellErr = cellErr;
        this.executionCount = executionCount;
        this.cells = cells;
    }

    void handle(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        ExecuteRequest req = message.getContent();
        int count = req.isSilent() ? executionCount.get() : executionCount.getAndIncrement();
        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(req.getCode(), count));
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        channel.attach(env);
        System.setOut(cellOut);
        System.setErr(cellErr);
        try {
            DisplayData result = cells.evaluate(req.getCode(), count);
            cellOut.flush();
            cellErr.flush();
            if (result != null && !req.isSilent()) {
                env.publish(new PublishExecuteResult(count, result));
            }
            env.defer().reply(new ExecuteReply(count, Collections.emptyMap()));
        } catch (KernelError e) {
            cellOut.flush();
            cellErr.flush();
            env.publish(new PublishError(e.ename(), e.evalue(), e.traceback()));
            ErrorReply reply = new ErrorReply(e.ename(), e.evalue(), e.traceback());
            reply.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            channel.detach();
        }
    }
}
