package org.tasl.strategy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The learning methods of TASL_SPEC §7 and what distinguishes them. Constants such as τ or λ
 * are run options; this only says which rules a method combines.
 */
public enum Method {
    TASL("tasl", AdapterPolicy.SHARED_LORA, "matrix", "first", "static", Replay.NONE, false, false, false, false,
            "TaSL: LoRA-matrix skill units, first-order importance, static weighted consolidation"),
    TASLORA("taslora", AdapterPolicy.SHARED_LORA, "rank", "mix", "adaptive", Replay.NONE, true, false, false, false,
            "TasLoRA: rank-level skill units, second-order mix importance, adaptive consolidation, orthogonality"),
    TASL_REPLAY("tasl-replay", AdapterPolicy.SHARED_LORA, "matrix", "first", "static", Replay.SKILL_PASS, false, false, false, false,
            "TaSL+Replay: TaSL, then a replay pass on the memory that trains only units important to past tasks"),
    SEQFT("seqft", AdapterPolicy.FULL, "tensor", "first", "none", Replay.NONE, false, false, false, false,
            "SeqFT: full fine-tuning task after task"),
    SEQLORA("seqlora", AdapterPolicy.SHARED_LORA, "matrix", "first", "none", Replay.NONE, false, false, false, false,
            "SeqLoRA: one LoRA trained task after task"),
    INCLORA("inclora", AdapterPolicy.NEW_LORA_PER_TASK, "matrix", "first", "none", Replay.NONE, false, false, false, false,
            "IncLoRA: a new LoRA per task, earlier ones frozen, all summed"),
    OLORA("olora", AdapterPolicy.NEW_LORA_PER_TASK, "matrix", "first", "none", Replay.NONE, false, true, false, false,
            "O-LoRA: a new LoRA per task kept orthogonal to the earlier ones"),
    REPLAY("replay", AdapterPolicy.SHARED_LORA, "matrix", "first", "none", Replay.MIXED, false, false, false, false,
            "Replay: SeqLoRA with a memory of past examples mixed into each task"),
    EWC("ewc", AdapterPolicy.SHARED_LORA, "matrix", "first", "none", Replay.NONE, false, false, true, false,
            "EWC: SeqLoRA with a diagonal Fisher penalty"),
    MTL("mtl", AdapterPolicy.SHARED_LORA, "matrix", "first", "none", Replay.NONE, false, false, false, true,
            "MTL: one LoRA trained on all tasks jointly (upper bound)"),
    PERTASK("pertask", AdapterPolicy.ISOLATED_LORA_PER_TASK, "matrix", "first", "none", Replay.NONE, false, false, false, false,
            "PerTask: one LoRA per task, each task answered with its own");

    public enum Replay { NONE, MIXED, SKILL_PASS }

    private final String id;
    private final AdapterPolicy adapters;
    private final String granularity;
    private final String importance;
    private final String consolidation;
    private final Replay replay;
    private final boolean orthogonality;
    private final boolean oloraRegularizer;
    private final boolean ewc;
    private final boolean joint;
    private final String description;

    Method(String id, AdapterPolicy adapters, String granularity, String importance, String consolidation,
            Replay replay, boolean orthogonality, boolean oloraRegularizer, boolean ewc, boolean joint,
            String description) {
        this.id = id;
        this.adapters = adapters;
        this.granularity = granularity;
        this.importance = importance;
        this.consolidation = consolidation;
        this.replay = replay;
        this.orthogonality = orthogonality;
        this.oloraRegularizer = oloraRegularizer;
        this.ewc = ewc;
        this.joint = joint;
        this.description = description;
    }

    public static Method of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Method m : values()) {
            if (m.id.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + name + "'; known methods: "
                + Arrays.stream(values()).map(Method::id).collect(Collectors.joining(", ")));
    }

    public String id() {
        return id;
    }

    public AdapterPolicy adapters() {
        return adapters;
    }

    public boolean usesLora() {
        return adapters != AdapterPolicy.FULL;
    }

    public String defaultGranularity() {
        return granularity;
    }

    public String defaultImportance() {
        return importance;
    }

    public String defaultConsolidation() {
        return consolidation;
    }

    public Replay replay() {
        return replay;
    }

    public boolean orthogonality() {
        return orthogonality;
    }

    public boolean oloraRegularizer() {
        return oloraRegularizer;
    }

    public boolean ewc() {
        return ewc;
    }

    public boolean joint() {
        return joint;
    }

    public String description() {
        return description;
    }
}
