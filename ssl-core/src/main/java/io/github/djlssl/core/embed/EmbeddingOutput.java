package io.github.djlssl.core.embed;

import io.github.djlssl.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Saves {@link FolderEmbeddings} in the format a file name asks for.
 *
 * <ul>
 *   <li>{@code *.csv}: {@link EmbeddingCsvWriter}, one line per image, its relative path first.
 *   <li>{@code *.npy}: {@link NpyWriter}, a float32 {@code (N, D)} array, plus the file list
 *       {@code <name>.npy.txt} next to it (UTF-8, one relative path per line, line {@code i} names
 *       row {@code i}).
 * </ul>
 */
public final class EmbeddingOutput {

    private EmbeddingOutput() {}

    /**
     * Writes the embeddings.
     *
     * @param file a {@code .csv} or {@code .npy} path (case-insensitive)
     * @param embeddings what to write
     * @return the files written (the {@code .npy} first, then its list)
     * @throws IllegalArgumentException if the extension is neither
     * @throws IOException if a file cannot be written
     */
    public static List<Path> write(Path file, FolderEmbeddings embeddings) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            EmbeddingCsvWriter.write(file, embeddings.files(), embeddings.vectors());
            return List.of(file);
        }
        if (name.endsWith(".npy")) {
            Path list = fileListOf(file);
            NpyWriter.write(file, embeddings.vectors());
            StringBuilder sb = new StringBuilder();
            for (String f : embeddings.files()) {
                sb.append(f).append('\n');
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(list, out -> out.write(bytes));
            return List.of(file, list);
        }
        throw new IllegalArgumentException("output " + file + " must end in .csv or .npy");
    }

    /**
     * Returns where the file list of an {@code .npy} output goes.
     *
     * @param npy the array file
     * @return {@code <npy>.txt}
     */
    public static Path fileListOf(Path npy) {
        return npy.resolveSibling(npy.getFileName() + ".txt");
    }
}
