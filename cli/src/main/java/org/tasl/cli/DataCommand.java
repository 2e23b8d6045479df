package org.tasl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tasl.data.BenchmarkLoader;
import org.tasl.data.BuiltinStream;
import org.tasl.data.DataDirectory;
import org.tasl.data.TaskOrders;
import org.tasl.data.pull.DataPuller;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./tasl data pull|list}: get the benchmarks and see what is installed. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Benchmark data: download (pull) and list. Data directory: --data-dir, else $TASL_DATA, "
                + "else ~/.tasl/benchmarks; layout <dir>/<benchmark>/<split>/<task>.json[.gz].",
        subcommands = {DataCommand.Pull.class, DataCommand.ListData.class})
public final class DataCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = "Download the Long Sequence / Standard CL and SuperNI benchmarks from their public upstream "
                    + "(O-LoRA's and SAPT's CL_Benchmark folders), convert them to the data layout, and record sha256 "
                    + "checksums (verified on re-runs). Resumes partial downloads.")
    static final class Pull implements Callable<Integer> {
        @Option(names = "--benchmark", defaultValue = "all", paramLabel = "NAME",
                description = "long-sequence, superni or all (default: ${DEFAULT-VALUE})")
        String benchmark;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "where to put the benchmarks")
        String dataDir;

        @Option(names = "--url-base", paramLabel = "URL",
                description = "a mirror holding the upstream CL_Benchmark/ trees (default: raw.githubusercontent.com)")
        String urlBase;

        @Option(names = "--tasks", split = ",", paramLabel = "a,b", description = "only these tasks")
        List<String> tasks = new ArrayList<>();

        @Override
        public Integer call() {
            Path dir = DataDirectory.resolve(dataDir);
            var results = new DataPuller(dir, urlBase, System.err::println).pullAll(benchmark, tasks);
            for (var r : results) {
                System.out.println(r.benchmark() + ": " + r.tasks().size() + " tasks in " + dir.resolve(r.benchmark())
                        + " (" + r.downloaded() + " downloaded, " + r.verified() + " verified)");
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List installed benchmarks, their tasks and the built-in task orders.")
    static final class ListData implements Callable<Integer> {
        @Option(names = "--data-dir", paramLabel = "DIR", description = "the data directory")
        String dataDir;

        @Override
        public Integer call() {
            BenchmarkLoader loader = BenchmarkLoader.forDataDir(dataDir);
            System.out.println("data directory: " + loader.dataDir());
            List<String> installed = loader.installedBenchmarks();
            if (installed.isEmpty()) {
                System.out.println("  no benchmark installed (./tasl data pull); the built-in stream is always there");
            }
            for (String b : installed) {
                System.out.println("  " + b + ": " + loader.availableTasks(b, "train"));
            }
            System.out.println("builtin (generated): " + BuiltinStream.taskNames());
            for (String b : TaskOrders.benchmarks()) {
                TaskOrders.orders(b).forEach((n, t) -> System.out.println("  " + b + " order " + n + ": "
                        + String.join(" ", t)));
            }
            return 0;
        }
    }
}
