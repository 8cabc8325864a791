package dev.missioncontrol.core.experiment;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * flagd's {@code fractional} operation, as the flagd Java provider 0.11 evaluates it: the bucketing string (flag key
 * followed by the tenant) hashed with murmur3 x86 32-bit (seed 0), its absolute value scaled onto [0, 100] as
 * {@code |h| / (2^31 - 1) * 100} in float, and the first variant whose cumulative percentage exceeds it wins.
 *
 * <p>The operator records the assignment this gives at the start of an experiment, with {@link #HASHING}; flagd has
 * changed this bucketing between versions, so a later evaluation that disagrees with the record (an upgraded flagd, an
 * edited document) is an assignment drift, not a reason to carry on with reshuffled arms.
 */
public final class FractionalAssignment {

    /** What produced a recorded assignment: compared, not parsed. */
    public static final String HASHING = "murmur3_x86_32(flagKey + tenant), |h| / (2^31-1) * 100 as float, cumulative weights";

    /** The flagd evaluator whose bucketing {@link #assign} reproduces. */
    public static final String EVALUATOR = "flagd fractional (java-sdk-contrib flagd provider, in-process)";

    /** The provider version it was checked against, by a test that evaluates through it. */
    public static final String EVALUATOR_VERSION = "0.11.15";

    private FractionalAssignment() {
    }

    /** A variant and its weight, in the order the fractional rule lists them. */
    public record Weighted(String variant, int weight) {
    }

    /** The variant flagd's fractional rule gives the tenant. */
    public static String assign(String flagKey, String tenant, List<Weighted> variants) {
        int total = variants.stream().mapToInt(Weighted::weight).sum();
        if (total <= 0) {
            throw new IllegalArgumentException("weights must sum to more than 0");
        }
        byte[] bytes = (flagKey + tenant).getBytes(StandardCharsets.UTF_8);
        int hash = murmur3x86x32(bytes, 0);
        float bucket = Math.abs(hash) * 1.0f / Integer.MAX_VALUE * 100;
        float sum = 0;
        for (Weighted v : variants) {
            sum += v.weight() == 0 ? 0 : (float) (v.weight() * 100) / total;
            if (bucket < sum) {
                return v.variant();
            }
        }
        // |Integer.MIN_VALUE| is negative and floats may round the last sum below 100: flagd gives no variant then;
        // the last non-zero variant is the closest honest answer and such a tenant is vanishingly rare
        for (int i = variants.size() - 1; i >= 0; i--) {
            if (variants.get(i).weight() > 0) {
                return variants.get(i).variant();
            }
        }
        throw new IllegalStateException("unreachable: a positive total has a positive weight");
    }

    /** Every tenant's variant, in the tenants' order. */
    public static Map<String, String> assignAll(String flagKey, List<String> tenants, List<Weighted> variants) {
        Map<String, String> out = new LinkedHashMap<>();
        tenants.forEach(t -> out.put(t, assign(flagKey, t, variants)));
        return out;
    }

    /** MurmurHash3 x86 32-bit (Austin Appleby's reference), as Apache commons-codec's hash32x86. */
    static int murmur3x86x32(byte[] data, int seed) {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h = seed;
        int length = data.length;
        int blocks = length >> 2;
        for (int i = 0; i < blocks; i++) {
            int k = (data[4 * i] & 0xff) | (data[4 * i + 1] & 0xff) << 8 | (data[4 * i + 2] & 0xff) << 16 | (data[4 * i + 3] & 0xff) << 24;
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int k = 0;
        int tail = blocks << 2;
        switch (length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                k ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                k ^= data[tail] & 0xff;
                k *= c1;
                k = Integer.rotateLeft(k, 15);
                k *= c2;
                h ^= k;
                break;
            default:
                break;
        }
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
