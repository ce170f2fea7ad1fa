package io.github.djlssl.mim.beit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.djlssl.core.train.Checkpoints;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads a {@link VqTokenizer} as safetensors: every parameter under its DJL name plus
 * an int32 entry {@value #CONFIG_KEY} = {@code [codebookSize, codeDim, hiddenChannels, patchSize,
 * channels]}, so the file alone rebuilds the tokenizer.
 *
 * <p>{@link #load} also reads the checkpoint of a {@code beit-tokenizer} run, whose {@code
 * model.safetensors} holds the same entries prefixed {@code trainable/} and {@code state/}, and
 * accepts a run directory (newest checkpoint), a checkpoint directory, or a file.
 */
public final class TokenizerFile {

    /** Name of the architecture entry. */
    public static final String CONFIG_KEY = "tokenizer_config";

    /** The command that makes a tokenizer, for error messages. */
    static final String HOW_TO_TRAIN =
            "train one first: djl-ssl pretrain --method beit-tokenizer --encoder <the same ViT,"
                    + " same --patch-size> --dataset … --out runs/tokenizer, then pass"
                    + " --set tokenizer=runs/tokenizer";

    private TokenizerFile() {}

    /**
     * Creates the architecture entry of a tokenizer.
     *
     * @param tokenizer the tokenizer
     * @param manager owner of the array
     * @return int32 {@code [5]} named {@value #CONFIG_KEY}
     */
    public static NDArray configArray(VqTokenizer tokenizer, NDManager manager) {
        VqTokenizerConfig c = tokenizer.config();
        NDArray a = manager.create(new int[] {c.codebookSize(), c.codeDim(), c.hiddenChannels(),
            tokenizer.patchSize(), tokenizer.channels()});
        a.setName(CONFIG_KEY);
        return a;
    }

    /**
     * Writes a tokenizer's parameters and architecture.
     *
     * @param tokenizer an initialised tokenizer
     * @param file the safetensors file to write
     * @throws IOException when the file cannot be written
     */
    public static void save(VqTokenizer tokenizer, Path file) throws IOException {
        NDManager manager = tokenizer.getParameters().get(0).getValue().getArray().getManager();
        try (NDManager scratch = manager.newSubManager()) {
            NDList list = new NDList();
            for (Pair<String, Parameter> p : tokenizer.getParameters()) {
                NDArray view = p.getValue().getArray().stopGradient();
                view.attach(scratch);
                view.setName(p.getKey());
                list.add(view);
            }
            list.add(configArray(tokenizer, scratch));
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream os = Files.newOutputStream(file)) {
                list.encode(os, NDList.Encoding.SAFETENSORS);
            }
        }
    }

    /**
     * Loads a tokenizer, frozen, with its parameters on {@code manager}.
     *
     * @param location a file written by {@link #save}, a checkpoint's {@code model.safetensors},
     *     a checkpoint directory, or the run directory of a {@code beit-tokenizer} run
     * @param manager owner of the tokenizer's parameters
     * @return the initialised, frozen tokenizer
     * @throws IOException when nothing readable is there
     * @throws IllegalArgumentException when the file holds no tokenizer
     */
    public static VqTokenizer load(Path location, NDManager manager) throws IOException {
        Path file = resolve(location);
        try (NDManager scratch = manager.newSubManager()) {
            Map<String, NDArray> saved = new HashMap<>();
            try (InputStream in = Files.newInputStream(file)) {
                for (NDArray a : NDList.decode(scratch, in)) {
                    saved.put(stripPrefix(a.getName()), a);
                }
            }
            NDArray cfg = saved.get(CONFIG_KEY);
            if (cfg == null) {
                throw new IllegalArgumentException(
                        file + " holds no visual tokenizer (no " + CONFIG_KEY + " entry); "
                                + HOW_TO_TRAIN);
            }
            int[] c = cfg.toType(DataType.INT32, false).toIntArray();
            VqTokenizer tokenizer = new VqTokenizer(
                    new VqTokenizerConfig(c[0], c[1], c[2], 0.25, 0.99), c[4], c[3]);
            tokenizer.initialize(manager, DataType.FLOAT32, new Shape(1, c[4], c[3], c[3]));
            for (Pair<String, Parameter> p : tokenizer.getParameters()) {
                NDArray src = saved.get(p.getKey());
                NDArray dst = p.getValue().getArray();
                if (src == null || !src.getShape().equals(dst.getShape())) {
                    throw new IllegalArgumentException(
                            file + ": entry " + p.getKey() + " is "
                                    + (src == null ? "missing" : "of shape " + src.getShape())
                                    + ", the tokenizer needs " + dst.getShape());
                }
                src.toDevice(dst.getDevice(), false).copyTo(dst);
            }
            tokenizer.freezeParameters(true);
            return tokenizer;
        }
    }

    /** The safetensors file behind a file, checkpoint or run directory. */
    static Path resolve(Path location) throws IOException {
        if (Files.isRegularFile(location)) {
            return location;
        }
        if (Files.isDirectory(location)) {
            Path direct = location.resolve("model.safetensors");
            if (Files.isRegularFile(direct)) {
                return direct;
            }
            List<Path> checkpoints = new Checkpoints(location.resolve("checkpoints")).list();
            if (!checkpoints.isEmpty()) {
                return checkpoints.get(0).resolve("model.safetensors");
            }
        }
        throw new IOException("no visual tokenizer at " + location + "; " + HOW_TO_TRAIN);
    }

    private static String stripPrefix(String name) {
        for (String prefix : new String[] {"trainable/", "state/"}) {
            if (name.startsWith(prefix)) {
                return name.substring(prefix.length());
            }
        }
        return name;
    }
}
