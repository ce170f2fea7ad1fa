package io.github.djlssl.core.data;

import java.util.List;
import java.util.Objects;

/** A re-indexed view of another source; backs {@link ImageSource#limit} and {@link ImageSource#subset}. */
final class ImageSourceView implements ImageSource {

    private final ImageSource base;
    private final int[] indices;
    private final String prefix;

    ImageSourceView(ImageSource base, int[] indices, String prefix) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("a view needs at least one image");
        }
        for (int i : indices) {
            Objects.checkIndex(i, base.size());
        }
        this.base = base;
        this.indices = indices;
        this.prefix = prefix;
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public int channels() {
        return base.channels();
    }

    @Override
    public int height() {
        return base.height();
    }

    @Override
    public int width() {
        return base.width();
    }

    @Override
    public boolean hasLabels() {
        return base.hasLabels();
    }

    @Override
    public int numClasses() {
        return base.numClasses();
    }

    @Override
    public List<String> classNames() {
        return base.classNames();
    }

    @Override
    public void readImage(int index, byte[] dst, int offset) {
        base.readImage(indices[index], dst, offset);
    }

    @Override
    public int label(int index) {
        return base.label(indices[index]);
    }

    @Override
    public String description() {
        return prefix + base.description();
    }
}
