/**
 * Image embeddings from a pretrained encoder: a DJL {@code Translator}/{@code Predictor} path from
 * images to L2-normalised feature vectors, writers for {@code .npy} and CSV, and cosine
 * nearest-neighbour search.
 *
 * <pre>{@code
 * try (ImageEmbedder embedder = ImageEmbedder.fromRun(Path.of("runs/simclr"))) {
 *     FolderEmbeddings all = embedder.embedFolder(Path.of("photos"), 64);
 *     float[] query = embedder.embed(Path.of("query.jpg"));
 *     try (NDManager m = NDManager.newBaseManager();
 *             NearestNeighbours index = NearestNeighbours.of(m, all.vectors())) {
 *         Neighbours top = index.search(query, 5);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link io.github.djlssl.core.embed.EmbeddingTranslator} turns DJL {@code Image}s into the
 * encoder's input through the same decoder as folder datasets ({@link
 * io.github.djlssl.core.data.ImageDecoder}: RGB conversion, shorter side resized and centre-cropped
 * to a square, luma for one-channel encoders) and the evaluation transform ({@link
 * io.github.djlssl.core.eval.EvalTransform}: [0, 1] scaling and the run's per-channel
 * normalisation), so an image is embedded exactly as evaluation saw it.
 */
package io.github.djlssl.core.embed;
