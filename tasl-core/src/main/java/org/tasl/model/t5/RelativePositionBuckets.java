package org.tasl.model.t5;

/**
 * T5's relative position buckets: the distance {@code key − query} is mapped to one of
 * {@code numBuckets} buckets, exactly for small distances and logarithmically up to
 * {@code maxDistance}, beyond which everything shares the last bucket. The encoder is
 * bidirectional (half the buckets for keys after the query); the decoder is causal (only
 * keys at or before the query, distance folded to ≥ 0).
 *
 * <p>The logarithmic branch is computed in float32 the way Transformers computes it, so bucket
 * boundaries that fall exactly on an integer (distance 16, 32 with the default 32/128) land
 * in the same bucket as in the reference.
 */
public final class RelativePositionBuckets {
    private RelativePositionBuckets() {}

    /** The bucket of one relative position {@code key − query}. */
    public static int bucket(int relativePosition, boolean bidirectional, int numBuckets, int maxDistance) {
        int buckets = numBuckets;
        int offset = 0;
        int distance;
        if (bidirectional) {
            buckets /= 2;
            if (relativePosition > 0) {
                offset = buckets;
            }
            distance = Math.abs(relativePosition);
        } else {
            distance = -Math.min(relativePosition, 0);
        }
        int maxExact = buckets / 2;
        if (distance < maxExact) {
            return offset + distance;
        }
        float ratio = (float) distance / (float) maxExact;
        float log = (float) Math.log(ratio);
        float scale = (float) Math.log((double) maxDistance / maxExact);
        float scaled = log / scale * (float) (buckets - maxExact);
        int large = maxExact + (int) scaled;
        return offset + Math.min(large, buckets - 1);
    }

    /**
     * Buckets of every (query, key) pair: [queryLength × keyLength], row-major. Queries sit at
     * positions {@code queryOffset …} (the decoder's cached steps), keys at {@code 0 … keyLength−1}.
     */
    public static long[] table(int queryLength, int keyLength, int queryOffset, boolean bidirectional,
            int numBuckets, int maxDistance) {
        long[] out = new long[queryLength * keyLength];
        for (int q = 0; q < queryLength; q++) {
            for (int k = 0; k < keyLength; k++) {
                out[q * keyLength + k] = bucket(k - (q + queryOffset), bidirectional, numBuckets, maxDistance);
            }
        }
        return out;
    }
}
