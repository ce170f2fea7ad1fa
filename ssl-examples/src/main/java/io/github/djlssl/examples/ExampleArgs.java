package io.github.djlssl.examples;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The few knobs every example main takes, as {@code --name value} pairs: {@code --epochs},
 * {@code --max-samples}, {@code --batch-size}, {@code --width}, {@code --data-dir}, {@code --out},
 * {@code --seed}. Anything richer belongs to the {@code djl-ssl} tool.
 *
 * @param epochs training epochs
 * @param maxSamples training images used
 * @param batchSize images per step
 * @param width ResNet-18 first-stage width
 * @param dataDir Fashion-MNIST directory, or empty for the default
 * @param out run directory
 * @param seed run seed
 */
public record ExampleArgs(
        int epochs, int maxSamples, int batchSize, int width, Optional<Path> dataDir, Path out, long seed) {

    /**
     * Parses arguments over the given defaults.
     *
     * @param args {@code --name value} pairs
     * @param defaults values for the names not given
     * @return the arguments
     */
    public static ExampleArgs parse(String[] args, ExampleArgs defaults) {
        ExampleArgs a = defaults;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            a = switch (args[i]) {
                case "--epochs" -> new ExampleArgs(Integer.parseInt(v), a.maxSamples, a.batchSize, a.width, a.dataDir, a.out, a.seed);
                case "--max-samples" -> new ExampleArgs(a.epochs, Integer.parseInt(v), a.batchSize, a.width, a.dataDir, a.out, a.seed);
                case "--batch-size" -> new ExampleArgs(a.epochs, a.maxSamples, Integer.parseInt(v), a.width, a.dataDir, a.out, a.seed);
                case "--width" -> new ExampleArgs(a.epochs, a.maxSamples, a.batchSize, Integer.parseInt(v), a.dataDir, a.out, a.seed);
                case "--data-dir" -> new ExampleArgs(a.epochs, a.maxSamples, a.batchSize, a.width, Optional.of(Path.of(v)), a.out, a.seed);
                case "--out" -> new ExampleArgs(a.epochs, a.maxSamples, a.batchSize, a.width, a.dataDir, Path.of(v), a.seed);
                case "--seed" -> new ExampleArgs(a.epochs, a.maxSamples, a.batchSize, a.width, a.dataDir, a.out, Long.parseLong(v));
                default -> throw new IllegalArgumentException("unknown example option " + args[i]);
            };
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come as --name value pairs");
        }
        return a;
    }
}
