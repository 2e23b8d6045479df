package org.tasl.tokenize;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * SentencePiece's precompiled normalisation rules (NormalizerSpec.precompiled_charsmap, e.g.
 * T5's nmt_nfkc): a darts-clone double-array trie over UTF-8 byte sequences whose values are
 * offsets of NUL-terminated replacement strings stored after the trie.
 * Layout: uint32 trie size in bytes, the trie's uint32 units, then the replacement strings.
 */
final class PrecompiledCharsMap {

    private final int[] units;
    private final byte[] normalized;

    PrecompiledCharsMap(byte[] blob) {
        if (blob.length < 4) {
            throw new IllegalArgumentException("precompiled_charsmap of " + blob.length + " bytes is too short");
        }
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int trieSize = b.getInt(0);
        if (trieSize < 0 || trieSize % 4 != 0 || 4L + trieSize > blob.length) {
            throw new IllegalArgumentException("precompiled_charsmap trie size " + trieSize + " does not fit its " + blob.length + " bytes");
        }
        units = new int[trieSize / 4];
        for (int i = 0; i < units.length; i++) {
            units[i] = b.getInt(4 + 4 * i);
        }
        normalized = java.util.Arrays.copyOfRange(blob, 4 + trieSize, blob.length);
    }

    /**
     * The longest rule matching {@code in} at {@code pos}: returns the matched length in bytes
     * (0 when no rule matches) and puts the replacement's offset in {@code valueOut[0]}.
     */
    int longestMatch(byte[] in, int pos, int[] valueOut) {
        if (units.length == 0) {
            return 0;
        }
        int best = 0;
        int node = offset(units[0]);
        for (int i = pos; i < in.length; i++) {
            int key = in[i] & 0xff;
            node ^= key;
            if (node < 0 || node >= units.length) {
                break;
            }
            int unit = units[node];
            if (label(unit) != key) {
                break;
            }
            node ^= offset(unit);
            if (hasLeaf(unit)) {
                if (node < 0 || node >= units.length) {
                    break;
                }
                best = i + 1 - pos;
                valueOut[0] = units[node] & 0x7fffffff;
            }
        }
        return best;
    }

    /** The replacement at {@code offset} as bytes. */
    byte[] replacement(int offset) {
        int end = offset;
        while (end < normalized.length && normalized[end] != 0) {
            end++;
        }
        return java.util.Arrays.copyOfRange(normalized, Math.min(offset, normalized.length), end);
    }

    private static boolean hasLeaf(int unit) {
        return ((unit >>> 8) & 1) == 1;
    }

    private static int label(int unit) {
        return unit & (0x80000000 | 0xff);
    }

    private static int offset(int unit) {
        return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    }
}
