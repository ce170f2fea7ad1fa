package io.github.djlssl.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;

/**
 * Crash-safe file writes: the bytes go to a temporary sibling, are forced to disk, and the
 * temporary is renamed over the target in one atomic move, so after a {@code kill -9}, a power
 * cut or a full disk the target holds either its old or its new complete content, never a
 * prefix. Every failure is an {@link IOException} whose message names the target path and says
 * why in words ({@code "no space left on device"}, {@code "not a directory"}).
 */
public final class AtomicFiles {

    /** Suffix marker of temporaries; a crash can leave them behind, never under the target name. */
    public static final String TMP_MARKER = ".tmp-";

    /** Writes a file's content to a stream. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the content.
         *
         * @param out the stream (closed by the caller)
         * @throws IOException on a write error
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Replaces {@code target} with the given content atomically; creates the parent directories.
     *
     * @param target the file to write
     * @param content writes the bytes
     * @throws IOException when it cannot be written; the message names {@code target}, and {@code
     *     target} is unchanged
     */
    public static void write(Path target, Content content) throws IOException {
        Path tmp = temporarySibling(target);
        createDirectories(target.toAbsolutePath().getParent());
        try {
            try (OutputStream out =
                    new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW), 1 << 16)) {
                content.writeTo(out);
            }
            force(tmp);
            moveAtomically(tmp, target);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw failure("cannot write " + target, e);
        }
    }

    /**
     * Replaces {@code target} with a UTF-8 string atomically.
     *
     * @param target the file to write
     * @param text the content
     * @throws IOException when it cannot be written (the message names {@code target})
     */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Returns a fresh temporary name next to {@code target}: {@code NAME.tmp-NANOS}.
     *
     * @param target the final path
     * @return the temporary path
     */
    public static Path temporarySibling(Path target) {
        return target.resolveSibling(target.getFileName() + TMP_MARKER + System.nanoTime());
    }

    /**
     * Renames {@code from} to {@code to} atomically, replacing {@code to}, then forces the parent
     * directory so the rename itself survives a power cut.
     */
    public static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(to.toAbsolutePath().getParent());
    }

    /** Flushes a file's content to the device. */
    public static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Flushes a directory entry list; best effort, since not every platform can open directories. */
    public static void forceDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; the rename is still atomic there.
        }
    }

    /**
     * Creates a directory and its parents, with a message that names the directory and the reason
     * (a regular file in the way, a read-only file system, no permission).
     *
     * @param dir the directory
     * @throws IOException when it cannot be created
     */
    public static void createDirectories(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw failure("cannot create directory " + dir, e);
        }
    }

    /**
     * Builds an exception whose message is {@code what: reason}, keeping the original as cause.
     *
     * @param what what failed, naming the path
     * @param e the low-level exception
     * @return the exception to throw
     */
    public static IOException failure(String what, IOException e) {
        String r = reason(e);
        String suffix = e instanceof FileSystemException f && f.getFile() != null ? " (" + f.getFile() + ")" : null;
        if (suffix != null && what.endsWith(suffix.substring(2, suffix.length() - 1)) && r.endsWith(suffix)) {
            r = r.substring(0, r.length() - suffix.length()); // the path is already named
        }
        return new IOException(what + ": " + r, e);
    }

    /**
     * Returns why an I/O operation failed in a few words, without repeating the path when the
     * exception carries it separately ({@link FileSystemException}).
     *
     * @param e the exception
     * @return e.g. {@code "no space left on device"}
     */
    public static String reason(IOException e) {
        String r = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        if (r == null || r.isBlank()) {
            if (e instanceof FileAlreadyExistsException f) {
                return "a file is in the way (" + f.getFile() + ")";
            }
            if (e instanceof NoSuchFileException f) {
                return "no such file or directory (" + f.getFile() + ")";
            }
            if (e instanceof AccessDeniedException f) {
                return "permission denied (" + f.getFile() + ")";
            }
            return e.getClass().getSimpleName();
        }
        if (e instanceof FileSystemException fse && fse.getFile() != null) {
            return r.toLowerCase(java.util.Locale.ROOT) + " (" + fse.getFile() + ")";
        }
        return r.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + r.substring(1);
    }

    /**
     * Returns why anything failed in a few words: {@link #reason} for I/O errors, else the message
     * or, when there is none, the exception's class name.
     *
     * @param e the exception
     * @return the reason
     */
    public static String reasonOf(Exception e) {
        if (e instanceof IOException io) {
            return reason(io);
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /**
     * Deletes the temporaries ({@code NAME.tmp-*}) a crash left directly inside {@code dir}; they
     * are never read as results.
     *
     * @param dir the directory (nothing happens when it does not exist)
     * @return the removed paths
     * @throws IOException on a listing failure
     */
    public static java.util.List<Path> removeTemporaries(Path dir) throws IOException {
        java.util.List<Path> stale = new java.util.ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return stale;
        }
        try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + TMP_MARKER + "*")) {
            ds.forEach(stale::add);
        }
        stale.forEach(AtomicFiles::deleteQuietly);
        return stale;
    }

    /** Deletes a file or directory tree, ignoring errors (used to clean up after a failure). */
    public static void deleteQuietly(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // best effort: a leftover temporary is never read as a result
        }
    }
}
