package org.tasl.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tasl.model.Backbones;
import org.tasl.model.LanguageModel;
import org.tasl.model.bert.BertModel;
import org.tasl.nn.Devices;
import org.tasl.scoring.TokenPrediction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/** The Hugging Face fill-mask pipeline for BERT-family backbones. */
@Command(name = "fill-mask", mixinStandardHelpOptions = true,
        description = "Predict the most likely tokens for [MASK] in TEXT with a BERT-family backbone's MLM head.")
public final class FillMaskCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--backbone", defaultValue = "bert-base-uncased",
            description = "Catalog name or Hugging Face folder (default: ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--top", defaultValue = "5", description = "How many predictions (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print {\"predictions\":[{\"token\":...,\"score\":...},...]} for the first [MASK].")
    boolean json;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Text with at least one [MASK].")
    List<String> words;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1, got " + top);
        }
        String text = String.join(" ", words);
        if (!text.contains("[MASK]")) {
            throw new IllegalArgumentException("TEXT must contain [MASK], got '" + text + "'");
        }
        try (LanguageModel model = Backbones.load(backbone, Devices.parse(device));
                NDManager scope = NDManager.newBaseManager(model.device())) {
            if (!(model instanceof BertModel)) {
                throw new IllegalArgumentException("fill-mask needs a BERT-family encoder; " + backbone + " is a "
                        + model.config().modelType() + " model");
            }
            List<List<TokenPrediction>> masks = ((BertModel) model).fillMask(scope, text, top);
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode root = mapper.createObjectNode();
                ArrayNode preds = root.putArray("predictions");
                for (TokenPrediction p : masks.get(0)) {
                    preds.addObject().put("token", p.token()).put("score", p.score());
                }
                out().println(root.toString());
            } else {
                for (int m = 0; m < masks.size(); m++) {
                    if (masks.size() > 1) {
                        out().println("[MASK] #" + (m + 1));
                    }
                    for (TokenPrediction p : masks.get(m)) {
                        out().println(String.format(Locale.ROOT, "%-16s %.4f", p.token(), p.score()));
                    }
                }
            }
        }
        return 0;
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
