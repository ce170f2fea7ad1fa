package io.github.djlssl.core.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code DIR/config.json} records about a pretraining run: enough to rebuild its encoder and
 * its data for evaluation, and to see exactly which settings produced it.
 *
 * @param method method id
 * @param methodConfig every setting of the method's config record, as {@code describe} prints it
 * @param encoder the encoder
 * @param dataset the dataset name as given
 * @param dataDir the data directory, or null for the default
 * @param maxSamples the training-image limit, or null
 * @param imageSize the folder image size option
 * @param normalizationMean per-channel mean of the views' normalisation
 * @param normalizationStd per-channel std of the views' normalisation
 * @param trainer the trainer and optimiser settings
 */
public record RunRecord(
        String method,
        Map<String, String> methodConfig,
        EncoderSpec encoder,
        String dataset,
        String dataDir,
        Integer maxSamples,
        int imageSize,
        float[] normalizationMean,
        float[] normalizationStd,
        Object trainer) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    /** The file name inside a run directory. */
    public static final String FILE = "config.json";

    /**
     * Returns the normalisation the run's views used, which evaluation and embedding must repeat.
     *
     * @return the recorded per-channel mean and std
     */
    public Normalize normalization() {
        if (normalizationMean == null || normalizationStd == null) {
            throw new IllegalArgumentException("the run record has no normalisation statistics");
        }
        return new Normalize(normalizationMean, normalizationStd);
    }

    /**
     * Writes {@code dir/config.json} atomically (temporary file, then rename), creating {@code dir}.
     *
     * @param dir the run directory
     * @throws IOException when it cannot be written (the message names the path)
     */
    public void write(Path dir) throws IOException {
        // Atomic: a kill while a resumed run rewrites it must not destroy the record.
        AtomicFiles.writeString(dir.resolve(FILE), GSON.toJson(this));
    }

    /**
     * Reads {@code dir/config.json}.
     *
     * @param dir a run directory written by {@code pretrain}
     * @return the record
     * @throws IllegalArgumentException when the directory is not a run directory
     * @throws IOException on a read error
     */
    public static RunRecord read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try {
            RunRecord r = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), RunRecord.class);
            if (r == null || r.encoder() == null) {
                throw new IllegalArgumentException(file + " is not a djl-ssl run record");
            }
            return r;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(
                    dir + " is not a run directory (no " + FILE + "); pass the --out of a pretrain run");
        } catch (com.google.gson.JsonParseException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage());
        }
    }
}
