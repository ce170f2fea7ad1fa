package io.github.djlssl.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.github.djlssl.core.io.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final Opener opener;

    /** Opens a checkpoint file for writing; a seam for tests that simulate a full disk. */
    @FunctionalInterface
    interface Opener {
        OutputStream open(Path file) throws IOException;
    }

    /**
     * Creates a checkpoint store.
     *
     * @param dir the {@code checkpoints/} directory (created on first save)
     */
    public Checkpoints(Path dir) {
        this(dir, file -> new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), 1 << 16));
    }

    Checkpoints(Path dir, Opener opener) {
        this.dir = dir;
        this.opener = opener;
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
        Path tmp = AtomicFiles.temporarySibling(target);
        try {
            AtomicFiles.createDirectories(dir);
            Files.createDirectory(tmp);
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
            // trainer.json last: a directory without it was never completed.
            Path json = tmp.resolve(TRAINER);
            try (OutputStream os = opener.open(json)) {
                os.write(GSON.toJson(position).getBytes(StandardCharsets.UTF_8));
            }
            AtomicFiles.force(json);
            AtomicFiles.forceDirectory(tmp);
            if (Files.exists(target)) {
                // Only after a fallback past a corrupt checkpoint: the older ones stay intact.
                AtomicFiles.deleteQuietly(target);
            }
            AtomicFiles.moveAtomically(tmp, target);
            return target;
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw AtomicFiles.failure("cannot write checkpoint " + target, e);
        } catch (RuntimeException e) {
            // DJL's encoder wraps stream errors (a full disk mid-tensor) in unchecked exceptions.
            AtomicFiles.deleteQuietly(tmp);
            IOException io = e.getCause() instanceof IOException c ? c : new IOException(e.getMessage(), e);
            throw AtomicFiles.failure("cannot write checkpoint " + target, io);
        }
    }

    /**
     * Removes temporaries a crash left behind ({@code epoch-NNNN.tmp-*}); they are never read.
     *
     * @return how many were removed
     * @throws IOException on a listing failure
     */
    public int removeTemporaries() throws IOException {
        List<Path> stale = AtomicFiles.removeTemporaries(dir);
        for (Path p : stale) {
            LOG.info("removed {}, an incomplete checkpoint left by an interrupted run", p);
        }
        return stale.size();
    }

    private static NDArray named(NDArray a, String name) {
        // A view is enough: encode() reads the data; the name lives on the view only.
        NDArray v = a.stopGradient();
        v.setName(name);
        return v;
    }

    private void write(Path file, NDList list) throws IOException {
        try (OutputStream os = opener.open(file)) {
            list.encode(os, NDList.Encoding.SAFETENSORS);
        } finally {
            for (NDArray a : list) {
                a.close(); // closes the detached views, not the parameters
            }
        }
        AtomicFiles.force(file);
    }

    /**
     * Deletes every checkpoint (a fresh run into an existing run directory).
     *
     * @throws IOException on a listing failure
     */
    public void clear() throws IOException {
        for (Path p : list()) {
            AtomicFiles.deleteQuietly(p);
        }
        removeTemporaries();
    }

    /**
     * Lists checkpoint directories, newest first. Only complete checkpoints carry the {@code
     * epoch-NNNN} name (they are renamed into place); one damaged afterwards is still listed and
     * rejected by {@link #restoreLatest}.
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
                if (NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)) {
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
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            // Never start over silently: that would overwrite a long run's checkpoints.
            throw new IOException(
                    "cannot resume: no readable checkpoint in "
                            + dir
                            + " ("
                            + String.join("; ", failures)
                            + "). Run without --resume to start over (this deletes them).");
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
        Path json = ckpt.resolve(TRAINER);
        if (!Files.isRegularFile(json)) {
            throw new IOException(json + " is missing");
        }
        Position pos;
        try {
            pos = GSON.fromJson(Files.readString(json, StandardCharsets.UTF_8), Position.class);
        } catch (RuntimeException e) {
            throw new IOException(json + " is corrupt: " + firstLine(AtomicFiles.reasonOf(e)), e);
        }
        if (pos == null || pos.method() == null || pos.epoch() <= 0) {
            throw new IOException(json + " is corrupt: no position recorded");
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
        } catch (IOException | RuntimeException e) {
            // a truncated file surfaces as EOFException or as DJL's unchecked decode errors
            throw new IOException(file + " is corrupt: " + firstLine(AtomicFiles.reasonOf(e)), e);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Map<String, NDArray> byName(NDList list) {
        Map<String, NDArray> m = new HashMap<>();
        for (NDArray a : list) {
            m.put(a.getName(), a);
        }
        return m;
    }

}
