package io.github.djlssl.examples.cli;

import ai.djl.Device;
import io.github.djlssl.core.embed.EmbeddingOutput;
import io.github.djlssl.core.embed.FolderEmbeddings;
import io.github.djlssl.core.embed.ImageEmbedder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code djl-ssl embed}: writes the L2-normalised embedding of every image below a folder, as CSV
 * (relative path, then the D values) or as a float32 {@code .npy} with its file list in {@code
 * FILE.npy.txt}. Images: {@code *.jpg}, {@code *.jpeg}, {@code *.png}, recursively, sorted by path;
 * files that cannot be decoded are skipped with a warning and counted. Prints {@code
 * embedded=N dim=D skipped=K out=FILE} last.
 */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        description = "Embed every image below a folder with a run's encoder (unit-norm vectors) into .csv or .npy.")
public final class EmbedCommand implements Callable<Integer> {

    static final String FOLDER_PREFIX = "folder:";

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, description = "a pretrain --out directory")
    Path run;

    @Option(names = "--input", required = true, description = "folder:PATH (recursive; .jpg, .jpeg, .png)")
    String input;

    @Option(names = "--out", required = true, description = "FILE.csv, or FILE.npy (+ FILE.npy.txt listing the rows' files)")
    Path out;

    @Option(names = "--batch-size", defaultValue = "64", description = "images per forward pass (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Mixin EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        Path folder = folder(input);
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".csv") && !name.endsWith(".npy")) {
            throw new IllegalArgumentException("--out must end in .csv or .npy, got " + out);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        Device[] devices = engine.start();
        try (ImageEmbedder embedder = ImageEmbedder.fromRun(run, devices[0])) {
            FolderEmbeddings result = embedder.embedFolder(folder, batchSize);
            List<Path> written = EmbeddingOutput.write(out, result);
            PrintWriter stdout = spec.commandLine().getOut();
            if (written.size() > 1) {
                stdout.println("file list: " + written.get(1));
            }
            stdout.printf(Locale.ROOT, "embedded=%d dim=%d skipped=%d out=%s%n",
                    result.size(), result.dimension(), result.skipped().size(), out);
            stdout.flush();
        }
        return 0;
    }

    /**
     * Parses an {@code --input} value.
     *
     * @param value {@code folder:PATH}
     * @return the folder
     */
    static Path folder(String value) {
        if (!value.startsWith(FOLDER_PREFIX) || value.length() == FOLDER_PREFIX.length()) {
            throw new IllegalArgumentException("--input must be folder:PATH, got '" + value + "'");
        }
        return Path.of(value.substring(FOLDER_PREFIX.length()));
    }
}
