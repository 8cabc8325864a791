package dev.missioncontrol.operator.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Properties checked over seeded, generated cases: plain Java generators over {@link Random}, no framework. Each try
 * gets a seed of its own, derived from the one before it; the first is the base seed, {@value #SEED_PROPERTY} if set,
 * else {@value #DEFAULT_SEED}. A failure names the property, the try, its seed and the generated value; rerunning with
 * {@code -Dmc.properties.seed=<that seed>} makes the failing case the first try.
 */
public final class Generated {

    public static final String SEED_PROPERTY = "mc.properties.seed";
    public static final long DEFAULT_SEED = 20261130L;

    /** A check that may throw, as the properties do (JSON writes). */
    @FunctionalInterface
    public interface Check<T> {
        void accept(T value) throws Exception;
    }

    private Generated() {
    }

    public static long baseSeed() {
        String configured = System.getProperty(SEED_PROPERTY);
        return configured == null || configured.isBlank() ? DEFAULT_SEED : Long.parseLong(configured.trim());
    }

    /** Generates {@code tries} values, each from a Random seeded for its try, and checks each. */
    public static <T> void forAll(String property, int tries, Function<Random, T> generator, Check<T> check) {
        long seed = baseSeed();
        for (int i = 0; i < tries; i++, seed = next(seed)) {
            T value = generator.apply(new Random(seed));
            try {
                check.accept(value);
            } catch (AssertionError | Exception e) {
                throw new AssertionError("property " + property + " failed on try " + (i + 1) + " of " + tries + ", seed " + seed
                        + " (rerun with -D" + SEED_PROPERTY + "=" + seed + ")\ngenerated: " + value + "\n" + e.getMessage(), e);
            }
        }
    }

    /** The seed of the next try: SplitMix64's finalizer over the golden-ratio step. */
    static long next(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One of the given values, equally likely (repeat a value to weight it). */
    @SafeVarargs
    public static <T> T oneOf(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    /** One of the given values, equally likely. */
    public static <T> T oneOf(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** An int in [min, max], both included. */
    public static int between(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    /**
     * An int in [min, max], both included, that is one of the range's edges (min, max, and 0 if inside) one time in
     * ten, the rest uniformly: boundaries are where planners go wrong.
     */
    public static int edgyBetween(Random random, int min, int max) {
        if (random.nextInt(10) == 0) {
            return min <= 0 && 0 <= max ? oneOf(random, min, max, 0) : oneOf(random, min, max);
        }
        return between(random, min, max);
    }

    /** A list of [minSize, maxSize] elements, each generated independently. */
    public static <T> List<T> listOf(Random random, int minSize, int maxSize, Function<Random, T> element) {
        int size = between(random, minSize, maxSize);
        List<T> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(element.apply(random));
        }
        return out;
    }

    /** The values in a random order. */
    public static <T> List<T> shuffled(Random random, List<T> values) {
        List<T> out = new ArrayList<>(values);
        Collections.shuffle(out, random);
        return out;
    }

    /** [minSize, maxSize] distinct values of the given ones, in a random order. */
    public static <T> List<T> subset(Random random, List<T> values, int minSize, int maxSize) {
        return List.copyOf(shuffled(random, values).subList(0, between(random, minSize, Math.min(maxSize, values.size()))));
    }
}
