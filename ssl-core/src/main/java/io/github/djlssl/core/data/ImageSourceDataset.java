package io.github.djlssl.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Adapts an {@link ImageSource} to DJL's {@link RandomAccessDataset}, for users of DJL's own
 * training utilities ({@code getData(manager, executor)}, {@code EasyTrain}). Each record is
 * {@code (NDList(image), NDList(label))} with a uint8 {@code [C, H, W]} image and an int64 scalar
 * label (-1 when unlabelled), so the standard STACK batchifier yields {@code [B, C, H, W]} and
 * {@code [B]}.
 *
 * <p>{@link BatchLoader} is the faster path inside this library (one upload per batch, exact
 * resume); this adapter creates one NDArray per image, as DJL's datasets do.
 */
public final class ImageSourceDataset extends RandomAccessDataset {

    private final ImageSource source;

    private ImageSourceDataset(Builder builder) {
        super(builder);
        this.source = builder.source;
    }

    /**
     * Starts a builder; set sampling with {@code setSampling(batchSize, shuffle)} as for any DJL
     * dataset.
     *
     * @param source the images
     * @return the builder
     */
    public static Builder builder(ImageSource source) {
        return new Builder(source);
    }

    /**
     * Returns the adapted source.
     *
     * @return the source
     */
    public ImageSource source() {
        return source;
    }

    /**
     * Returns image {@code index} and its label as NDArrays on {@code manager}.
     *
     * @param manager owner of the arrays
     * @param index image index
     * @return {@code Record(NDList(uint8 [C, H, W]), NDList(int64 scalar))}
     */
    @Override
    public Record get(NDManager manager, long index) {
        int i = Math.toIntExact(index);
        byte[] pixels = new byte[source.imageBytes()];
        source.readImage(i, pixels, 0);
        NDArray image = manager.create(ByteBuffer.wrap(pixels),
                new Shape(source.channels(), source.height(), source.width()), DataType.UINT8);
        NDArray label = manager.create((long) source.label(i));
        return new Record(new NDList(image), new NDList(label));
    }

    @Override
    protected long availableSize() {
        return source.size();
    }

    /** Does nothing: sources are loaded when constructed. */
    @Override
    public void prepare(Progress progress) {}

    /** Builder for {@link ImageSourceDataset}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private final ImageSource source;

        private Builder(ImageSource source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the dataset.
         *
         * @return the dataset
         */
        public ImageSourceDataset build() {
            return new ImageSourceDataset(this);
        }
    }
}
