package org.tasl.tokenize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tasl.weights.ProtoReader;

/**
 * The parts of a SentencePiece {@code ModelProto} (spiece.model) that encoding needs: the
 * pieces with their scores and types, the trainer's special ids and the normalizer switches.
 */
record SentencePieceModel(List<Piece> pieces, int modelType, int unkId, int bosId, int eosId, int padId,
        String normalizerName, byte[] precompiledCharsmap, boolean addDummyPrefix, boolean removeExtraWhitespaces,
        boolean escapeWhitespaces) {

    static final int NORMAL = 1;
    static final int UNKNOWN = 2;
    static final int CONTROL = 3;
    static final int USER_DEFINED = 4;
    static final int UNUSED = 5;
    static final int BYTE = 6;
    static final int UNIGRAM = 1;

    record Piece(String text, float score, int type) {}

    static SentencePieceModel read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SentencePiece model " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SentencePiece model " + file + " does not parse: " + e.getMessage(), e);
        }
    }

    static SentencePieceModel parse(byte[] bytes) {
        List<Piece> pieces = new ArrayList<>();
        // TrainerSpec / NormalizerSpec defaults as in sentencepiece_model.proto
        int modelType = UNIGRAM;
        int unk = 0;
        int bos = 1;
        int eos = 2;
        int pad = -1;
        String normName = "nmt_nfkc";
        byte[] charsmap = null;
        boolean dummy = true;
        boolean removeWs = true;
        boolean escape = true;
        ProtoReader r = new ProtoReader(bytes);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> pieces.add(piece(r.message()));
                case 2 -> {
                    ProtoReader t = r.message();
                    while (t.next()) {
                        switch (t.field()) {
                            case 3 -> modelType = t.int32();
                            case 40 -> unk = t.int32();
                            case 41 -> bos = t.int32();
                            case 42 -> eos = t.int32();
                            case 43 -> pad = t.int32();
                            default -> t.skip();
                        }
                    }
                }
                case 3 -> {
                    ProtoReader n = r.message();
                    while (n.next()) {
                        switch (n.field()) {
                            case 1 -> normName = n.string();
                            case 2 -> {
                                java.nio.ByteBuffer cm = n.bytes();
                                charsmap = new byte[cm.remaining()];
                                cm.get(charsmap);
                            }
                            case 3 -> dummy = n.bool();
                            case 4 -> removeWs = n.bool();
                            case 5 -> escape = n.bool();
                            default -> n.skip();
                        }
                    }
                }
                default -> r.skip();
            }
        }
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("no pieces found (not a SentencePiece ModelProto)");
        }
        return new SentencePieceModel(pieces, modelType, unk, bos, eos, pad, normName,
                charsmap == null || charsmap.length == 0 ? null : charsmap, dummy, removeWs, escape);
    }

    private static Piece piece(ProtoReader p) {
        String text = null;
        float score = 0f;
        int type = NORMAL;
        while (p.next()) {
            switch (p.field()) {
                case 1 -> text = p.string();
                case 2 -> score = p.float32();
                case 3 -> type = p.int32();
                default -> p.skip();
            }
        }
        if (text == null) {
            throw new IllegalArgumentException("a piece without text");
        }
        return new Piece(text, score, type);
    }
}
