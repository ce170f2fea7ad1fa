package io.github.djlssl.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads training checkpoints: one directory per checkpoint, {@code
 * checkpoints/epoch-NNNN/} with {@code model.safetensors} (every parameter of every checkpointed
 * block, BatchNorm statistics included, and the method's state arrays), {@code
 * optimizer.safetensors} (optimiser state keyed by parameter name) and {@code trainer.json}
 * (position in the run).
 *
 * <p>A checkpoint is written into a temporary directory, flushed to disk, and renamed into place
 * in one atomic move, so a crash mid-write never leaves a half-written latest checkpoint. Loading
 * picks the newest complete checkpoint; a corrupt one is reported and the previous one is used.
 * Restores copy into the existing arrays in place (a {@code ParameterStore} caches the arrays, so
 * replacing them would be silently ignored).
 */
public final class Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final Pattern NAME = Pattern.compile("epoch-(\\d{4,})");
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    static final String MODEL = "model.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String TRAINER = "trainer.json";

    private final Path dir;

    /**
     * Creates a checkpoint store.
     *
     * @param dir the {@code checkpoints/} directory (created on first save)
     */
    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    /**
     * Returns the directory checkpoints live in.
     *
     * @return the directory
     */
    public Path directory() {
        return dir;
    }

    /**
     * Where a run stands when a checkpoint is taken.
     *
     * @param epoch number of completed epochs
     * @param globalStep number of completed optimiser steps
     * @param seed the run seed
     * @param method the method id
     */
    public record Position(int epoch, long globalStep, long seed, String method) {}

    /**
     * Saves a checkpoint atomically.
     *
     * @param position where the run stands
     * @param blocks named blocks whose parameters to save
     * @param stateArrays named non-parameter state
     * @param optimizerState named optimiser state
     * @return the checkpoint directory
     * @throws IOException when the directory is not writable or the disk is full (the message
     *     names the path)
     */
    public Path save(
            Position position, Map<String, Block> blocks, NDList stateArrays, NDList optimizerState)
            throws IOException {
        Path target = dir.resolve(String.format("epoch-%04d", position.epoch()));
        Path tmp = dir.resolve(target.getFileName() + ".tmp-" + System.nanoTime());
        try {
            Files.createDirectories(tmp);
            NDList model = new NDList();
            blocks.forEach(
                    (name, block) -> {
                        for (Pair<String, Parameter> p : block.getParameters()) {
                            NDArray a = p.getValue().getArray();
                            model.add(named(a, name + "/" + p.getKey()));
                        }
                    });
            for (NDArray a : stateArrays) {
                model.add(named(a, "state/" + a.getName()));
            }
            write(tmp.resolve(MODEL), model);
            write(tmp.resolve(OPTIMIZER), optimizerState);
            Path json = tmp.resolve(TRAINER);
            Files.writeString(json, GSON.toJson(position), StandardCharsets.UTF_8);
            fsync(json);
            if (Files.exists(target)) {
                deleteTree(target);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            return target;
        } catch (IOException e) {
            deleteTree(tmp);
            throw new IOException("cannot write checkpoint to " + target + ": " + e.getMessage(), e);
        }
    }

    private static NDArray named(NDArray a, String name) {
        // A view is enough: encode() reads the data; the name lives on the view only.
        NDArray v = a.stopGradient();
        v.setName(name);
        return v;
    }

    private static void write(Path file, NDList list) throws IOException {
        try (OutputStream os = Files.newOutputStream(file)) {
            list.encode(os, NDList.Encoding.SAFETENSORS);
        } finally {
            for (NDArray a : list) {
                a.close(); // closes the detached views, not the parameters
            }
        }
        fsync(file);
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /**
     * Deletes every checkpoint (a fresh run into an existing run directory).
     *
     * @throws IOException on a listing failure
     */
    public void clear() throws IOException {
        for (Path p : list()) {
            deleteTree(p);
        }
    }

    /**
     * Lists complete checkpoints, newest first.
     *
     * @return checkpoint directories
     * @throws IOException on a listing failure
     */
    public List<Path> list() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (NAME.matcher(p.getFileName().toString()).matches()
                        && Files.exists(p.resolve(TRAINER))) {
                    out.add(p);
                }
            }
        }
        out.sort(Comparator.comparingInt(Checkpoints::epochOf).reversed());
        return out;
    }

    private static int epochOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /**
     * Restores the newest readable checkpoint into the given blocks, state and optimiser, in
     * place. A checkpoint that fails to read is logged and skipped in favour of the previous one.
     *
     * @param manager manager for temporary decoded arrays (closed by the caller)
     * @param blocks blocks to restore, by the same names used when saving
     * @param stateArrays state arrays to restore in place
     * @param optimizerRestore receives the decoded optimiser state
     * @return the restored position, or empty when there is no checkpoint
     * @throws IOException when checkpoints exist but none can be read (all reasons listed)
     */
    public Optional<Position> restoreLatest(
            NDManager manager,
            Map<String, Block> blocks,
            NDList stateArrays,
            java.util.function.Consumer<NDList> optimizerRestore)
            throws IOException {
        List<Path> all = list();
        List<String> failures = new ArrayList<>();
        for (Path ckpt : all) {
            try (NDManager scratch = manager.newSubManager()) {
                Position pos = restore(ckpt, scratch, blocks, stateArrays, optimizerRestore);
                return Optional.of(pos);
            } catch (IOException | RuntimeException e) {
                LOG.warn("checkpoint {} is unreadable ({}); trying the previous one", ckpt, e.getMessage());
                failures.add(ckpt + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("no readable checkpoint in " + dir + ": " + failures);
        }
        return Optional.empty();
    }

    private static Position restore(
            Path ckpt,
            NDManager scratch,
            Map<String, Block> blocks,
            NDList stateArrays,
            java.util.function.Consumer<NDList> optimizerRestore)
            throws IOException {
        Position pos = GSON.fromJson(Files.readString(ckpt.resolve(TRAINER)), Position.class);
        if (pos == null) {
            throw new IOException(ckpt.resolve(TRAINER) + " is empty");
        }
        Map<String, NDArray> saved = byName(read(ckpt.resolve(MODEL), scratch));
        // Check everything before copying anything, so a bad file leaves the model untouched.
        List<Pair<NDArray, NDArray>> copies = new ArrayList<>();
        blocks.forEach(
                (name, block) -> {
                    for (Pair<String, Parameter> p : block.getParameters()) {
                        copies.add(match(saved, name + "/" + p.getKey(), p.getValue().getArray(), ckpt));
                    }
                });
        for (NDArray a : stateArrays) {
            copies.add(match(saved, "state/" + a.getName(), a, ckpt));
        }
        NDList optimizer = read(ckpt.resolve(OPTIMIZER), scratch);
        for (Pair<NDArray, NDArray> c : copies) {
            c.getKey().copyTo(c.getValue());
        }
        optimizerRestore.accept(optimizer);
        return pos;
    }

    private static Pair<NDArray, NDArray> match(
            Map<String, NDArray> saved, String key, NDArray target, Path ckpt) {
        NDArray src = saved.get(key);
        if (src == null) {
            throw new IllegalStateException(ckpt + " has no entry " + key);
        }
        if (!src.getShape().equals(target.getShape())) {
            throw new IllegalStateException(
                    ckpt + ": " + key + " has shape " + src.getShape() + ", model has " + target.getShape());
        }
        return new Pair<>(src.toDevice(target.getDevice(), false), target);
    }

    private static NDList read(Path file, NDManager manager) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return NDList.decode(manager, in);
        } catch (RuntimeException e) {
            throw new IOException(file + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static Map<String, NDArray> byName(NDList list) {
        Map<String, NDArray> m = new HashMap<>();
        for (NDArray a : list) {
            m.put(a.getName(), a);
        }
        return m;
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", p, e.getMessage());
        }
    }
}
