package io.github.djlssl.examples;

import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.embed.FolderEmbeddings;
import io.github.djlssl.core.embed.ImageEmbedder;
import io.github.djlssl.core.embed.NearestNeighbours;
import io.github.djlssl.core.embed.Neighbours;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Nearest-neighbour image search with a pretrained encoder: embeds every image below a folder,
 * embeds a query image, and prints the k most cosine-similar folder images.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp djl-ssl.jar io.github.djlssl.examples.ImageSearchExample \
 *     --run runs/simclr --folder photos --query photos/cat.png --k 5
 * </pre>
 *
 * <p>A query that is itself in the folder finds itself first, with similarity 1.
 */
public final class ImageSearchExample {

    private ImageSearchExample() {}

    /**
     * Runs the search.
     *
     * @param args {@code --run DIR --folder PATH --query FILE [--k 5] [--batch-size 64]}
     * @throws Exception if the run, folder or query cannot be read
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Path run = Path.of(required(opts, "--run"));
        Path folder = Path.of(required(opts, "--folder"));
        Path query = Path.of(required(opts, "--query"));
        int k = Integer.parseInt(opts.getOrDefault("--k", "5"));
        int batchSize = Integer.parseInt(opts.getOrDefault("--batch-size", "64"));

        try (ImageEmbedder embedder = ImageEmbedder.fromRun(run);
                NDManager manager = NDManager.newBaseManager()) {
            long start = System.nanoTime();
            FolderEmbeddings gallery = embedder.embedFolder(folder, batchSize);
            System.out.printf(Locale.ROOT, "embedded %d images of %s (D = %d) in %.1f s%s%n",
                    gallery.size(), folder, gallery.dimension(), (System.nanoTime() - start) / 1e9,
                    gallery.skipped().isEmpty() ? "" : ", skipped " + gallery.skipped().size() + " unreadable");
            float[] q = embedder.embed(query);
            try (NearestNeighbours index = NearestNeighbours.of(manager, gallery.vectors())) {
                Neighbours top = index.search(q, k);
                System.out.println("nearest to " + query + ":");
                for (int i = 0; i < top.size(); i++) {
                    System.out.printf(Locale.ROOT, "%2d. %.4f  %s%n",
                            i + 1, top.similarities()[i], gallery.files().get(top.indices()[i]));
                }
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come as --name value pairs");
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].matches("--(run|folder|query|k|batch-size)")) {
                throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --run DIR --folder PATH --query FILE [--k 5] [--batch-size 64]");
            }
            opts.put(args[i], args[i + 1]);
        }
        return opts;
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing " + name
                    + "; use --run DIR --folder PATH --query FILE [--k 5] [--batch-size 64]");
        }
        return v;
    }
}
