package io.github.djlssl.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The image files below a folder, as {@link ImageFolderSource} and the embedding tools find
 * them: recursive, regular files named {@code *.jpg}, {@code *.jpeg} or {@code *.png} (any case),
 * hidden files ({@code .name}) left out, sorted by path so the order is deterministic.
 */
public final class ImageFolderFiles {

    private ImageFolderFiles() {}

    /**
     * Lists the image files below {@code root}.
     *
     * @param root the folder
     * @return absolute or root-relative paths as {@code root} is, sorted; possibly empty
     * @throws DatasetNotFoundException if {@code root} is not a directory
     * @throws IOException if it cannot be walked
     */
    public static List<Path> list(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new DatasetNotFoundException("image folder " + root + " does not exist or is not a directory");
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> isImageName(p.getFileName().toString()))
                    .sorted(Comparator.comparing(Path::toString))
                    .collect(Collectors.toList());
        }
    }

    /**
     * Returns a file's path relative to {@code root} with {@code /} separators on every OS.
     *
     * @param root the folder
     * @param file a file below it
     * @return e.g. {@code shirts/0001.png}
     */
    public static String relativeName(Path root, Path file) {
        Path relative = root.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path part : relative) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    static boolean isImageName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !lower.startsWith(".")
                && (lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".png"));
    }
}
