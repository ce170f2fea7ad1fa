package io.github.djlssl.core.export;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of a safetensors file: named tensors in data order, plus the optional {@code
 * __metadata__} string map.
 *
 * @param tensors name → tensor, insertion-ordered (the writer lays them out in this order)
 * @param metadata free-form string pairs, e.g. {@code "format": "pt"}
 */
public record SafetensorsFile(Map<String, SafetensorsTensor> tensors, Map<String, String> metadata) {

    /** The header key that holds the metadata map instead of a tensor. */
    public static final String METADATA_KEY = "__metadata__";

    /** Copies both maps (unmodifiable, order kept) and validates the names. */
    public SafetensorsFile {
        if (tensors == null || metadata == null) {
            throw new IllegalArgumentException("tensors and metadata must not be null (use empty maps)");
        }
        if (tensors.containsKey(METADATA_KEY)) {
            throw new IllegalArgumentException("a tensor must not be named " + METADATA_KEY);
        }
        tensors.forEach(
                (name, t) -> {
                    if (name == null || name.isEmpty() || t == null) {
                        throw new IllegalArgumentException("tensor names must be non-empty and tensors non-null");
                    }
                });
        metadata.forEach(
                (k, v) -> {
                    if (k == null || v == null) {
                        throw new IllegalArgumentException("metadata keys and values must be non-null");
                    }
                });
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * Returns one tensor.
     *
     * @param name its key
     * @return the tensor
     * @throws IllegalArgumentException when absent (lists what is there if short)
     */
    public SafetensorsTensor tensor(String name) {
        SafetensorsTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' (file has " + tensors.size() + " tensors)");
        }
        return t;
    }
}
