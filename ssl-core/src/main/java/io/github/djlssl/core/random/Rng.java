package io.github.djlssl.core.random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A small, seeded, checkpointable random generator (SplitMix64) for everything the library draws:
 * per-sample augmentation parameters, mask layouts, shuffles.
 *
 * <p>Why not {@link java.util.Random} or the engine's generator: its whole state is one {@code
 * long}, so a checkpoint can store it and a resumed run draws exactly the same numbers; and it is
 * independent of the device, so CPU and GPU runs see the same augmentation parameters. Only small
 * per-sample parameter vectors are drawn here (a few floats per image) and uploaded in one copy;
 * pixel-sized noise stays on the device.
 *
 * <p>Not thread-safe: give each thread its own instance via {@link #split()}.
 */
public final class Rng {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    /**
     * Creates a generator from a seed.
     *
     * @param seed any value; equal seeds give equal streams
     */
    public Rng(long seed) {
        this.state = seed;
    }

    /**
     * Creates a generator from a seed.
     *
     * @param seed any value
     * @return a new generator
     */
    public static Rng of(long seed) {
        return new Rng(seed);
    }

    /**
     * Returns a generator for one numbered stream of a seed, e.g. the randomness of global step
     * {@code stream}: a pure function of both, so a resumed run re-creates it without saving it.
     *
     * @param seed the run seed
     * @param stream the stream number (step, epoch, worker …)
     * @return a generator whose draws do not overlap other streams' in practice
     */
    public static Rng derive(long seed, long stream) {
        return new Rng(mix(mix(seed ^ 0x5DEECE66DL) + mix(stream + GOLDEN_GAMMA)));
    }

    /**
     * Returns the full internal state, for checkpoints.
     *
     * @return the state; {@code new Rng(state())} continues this stream exactly
     */
    public long state() {
        return state;
    }

    /**
     * Restores a state obtained from {@link #state()}.
     *
     * @param newState the state to continue from
     */
    public void setState(long newState) {
        this.state = newState;
    }

    /**
     * Returns an independent generator seeded from this one (advances this stream by one draw).
     *
     * @return a new generator whose stream does not overlap this one in practice
     */
    public Rng split() {
        return new Rng(mix(nextLong()));
    }

    /**
     * Returns the next 64 random bits.
     *
     * @return a uniformly distributed long
     */
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Returns a uniform double in [0, 1).
     *
     * @return the draw
     */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /**
     * Returns a uniform float in [0, 1).
     *
     * @return the draw
     */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /**
     * Returns a uniform int in [0, bound), without modulo bias.
     *
     * @param bound exclusive upper bound, &gt; 0
     * @return the draw
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, got " + bound);
        }
        // Lemire's multiply-shift with rejection.
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /**
     * Returns a uniform int in [lo, hi] (both inclusive).
     *
     * @param lo lower bound
     * @param hi upper bound, &ge; lo
     * @return the draw
     */
    public int nextIntInclusive(int lo, int hi) {
        if (hi < lo) {
            throw new IllegalArgumentException("hi must be >= lo, got [" + lo + ", " + hi + "]");
        }
        return lo + nextInt(hi - lo + 1);
    }

    /**
     * Returns a uniform double in [lo, hi).
     *
     * @param lo lower bound
     * @param hi upper bound
     * @return the draw
     */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /**
     * Returns true with probability {@code p}.
     *
     * @param p probability in [0, 1]
     * @return the draw
     */
    public boolean bernoulli(double p) {
        return nextDouble() < p;
    }

    /**
     * Returns a standard normal draw (Box–Muller; no cached spare, so the state stays one long).
     *
     * @return the draw
     */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /**
     * Fills a new array with uniform draws in [lo, hi).
     *
     * @param n how many
     * @param lo lower bound
     * @param hi upper bound
     * @return the draws
     */
    public float[] uniformArray(int n, double lo, double hi) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) uniform(lo, hi);
        }
        return out;
    }

    /**
     * Draws uniform values in [lo, hi) on the host and creates them, in one copy, as a float32
     * array on {@code manager}'s device.
     *
     * @param manager owner of the result (its device is used)
     * @param shape shape of the result
     * @param lo lower bound
     * @param hi upper bound
     * @return the array
     */
    public NDArray uniform(NDManager manager, Shape shape, double lo, double hi) {
        return manager.create(uniformArray(Math.toIntExact(shape.size()), lo, hi), shape);
    }

    /**
     * Returns a uniformly random permutation of {@code 0..n-1} (Fisher–Yates).
     *
     * @param n length
     * @return the permutation
     */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
