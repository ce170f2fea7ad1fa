package io.github.djlssl.core.embed;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The embeddings of every decodable image below a folder.
 *
 * @param root the folder
 * @param files each embedded file relative to {@code root} with {@code /} separators, sorted; row
 *     {@code i} of {@code vectors} belongs to {@code files.get(i)}
 * @param vectors unit-norm embeddings {@code [N][D]}
 * @param skipped files that could not be decoded, each as {@code "path: reason"} (they have no row)
 */
public record FolderEmbeddings(Path root, List<String> files, float[][] vectors, List<String> skipped) {

    /** Validates that there is one vector per file. */
    public FolderEmbeddings {
        Objects.requireNonNull(root, "root");
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
        Objects.requireNonNull(vectors, "vectors");
        if (vectors.length != files.size()) {
            throw new IllegalArgumentException(
                    "vectors has " + vectors.length + " rows but there are " + files.size() + " files");
        }
    }

    /**
     * Returns the number of embedded images.
     *
     * @return N
     */
    public int size() {
        return vectors.length;
    }

    /**
     * Returns the embedding width.
     *
     * @return D, or 0 when no image was embedded
     */
    public int dimension() {
        return vectors.length == 0 ? 0 : vectors[0].length;
    }
}
