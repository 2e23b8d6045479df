package org.tasl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tasl.util.Json;

/**
 * {@link AdamW} against {@code torch.optim.AdamW}: the oracle (tools/oracles/make_adamw_oracle.py,
 * committed under oracles/adamw/) records what PyTorch does to a few tensors step by step;
 * the same constants, initial values and gradients must give the same tensors after every step.
 * Both sides compute in float32 with the operations in a slightly different order, so the
 * tolerance is a few float32 roundings; a coupled (L2) weight decay, ε inside the square root or
 * a missing bias correction each miss by orders of magnitude more.
 */
class AdamWParityTest {
    /** A few float32 roundings of numbers of order one. */
    private static final double ABS_TOL = 2e-6;
    private static final double REL_TOL = 2e-6;

    static Stream<Named<Map<String, Object>>> cases() throws IOException {
        try (InputStream in = AdamWParityTest.class.getResourceAsStream("/oracles/adamw/adamw_oracle.json")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = (Map<String, Object>) Json.read(in, "oracles/adamw/adamw_oracle.json");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> cases = (List<Map<String, Object>>) doc.get("cases");
            return cases.stream().map(c -> Named.of((String) c.get("name"), c));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void everyStepMatchesPyTorch(Map<String, Object> c) {
        String name = (String) c.get("name");
        Map<String, List<Number>> shapes = (Map<String, List<Number>>) c.get("shapes");
        Map<String, Object> initial = (Map<String, Object>) c.get("initial");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) c.get("steps");
        try (NDManager manager = NDManager.newBaseManager();
                AdamW opt = new AdamW(manager, num(c, "beta1"), num(c, "beta2"), num(c, "eps"), num(c, "weight_decay"))) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            shapes.forEach((k, s) -> params.put(k, manager.create(floats(initial.get(k)), shape(s))));
            for (int i = 0; i < steps.size(); i++) {
                Map<String, Object> step = steps.get(i);
                Map<String, Object> grads = (Map<String, Object>) step.get("grads");
                Map<String, Object> after = (Map<String, Object>) step.get("after");
                try (NDManager scope = manager.newSubManager()) {
                    Map<String, NDArray> g = new LinkedHashMap<>();
                    grads.forEach((k, v) -> g.put(k, scope.create(floats(v), shape(shapes.get(k)))));
                    opt.step(params, g, num(step, "lr"));
                }
                for (Map.Entry<String, NDArray> p : params.entrySet()) {
                    float[] expected = floats(after.get(p.getKey()));
                    float[] actual = p.getValue().toFloatArray();
                    assertEquals(expected.length, actual.length);
                    for (int j = 0; j < expected.length; j++) {
                        double tol = ABS_TOL + REL_TOL * Math.abs(expected[j]);
                        assertTrue(Math.abs(actual[j] - expected[j]) <= tol, name + " step " + (i + 1) + " "
                                + p.getKey() + "[" + j + "]: PyTorch " + expected[j] + ", ours " + actual[j]);
                    }
                }
            }
            assertEquals(steps.size(), opt.steps());
        }
    }

    private static float num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).floatValue();
    }

    private static float[] floats(Object list) {
        List<?> l = (List<?>) list;
        float[] out = new float[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).floatValue();
        }
        return out;
    }

    private static Shape shape(List<Number> dims) {
        return new Shape(dims.stream().mapToLong(Number::longValue).toArray());
    }
}
