package io.github.djlssl.core.method;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Looks registered {@link SslMethodProvider}s up by id through {@link ServiceLoader}. */
public final class SslMethods {

    private SslMethods() {}

    /**
     * Returns every provider on the class path, sorted by id.
     *
     * @return the providers
     */
    public static List<SslMethodProvider<?>> all() {
        List<SslMethodProvider<?>> out = new ArrayList<>();
        for (SslMethodProvider<?> p : ServiceLoader.load(SslMethodProvider.class)) {
            out.add(p);
        }
        out.sort(Comparator.comparing(SslMethodProvider::id));
        return out;
    }

    /**
     * Finds a provider by id.
     *
     * @param id the method id, e.g. {@code simclr}
     * @return the provider, if registered
     */
    public static Optional<SslMethodProvider<?>> find(String id) {
        return all().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * Returns the provider for an id or fails with the list of known ids.
     *
     * @param id the method id
     * @return the provider
     * @throws IllegalArgumentException when no provider has that id
     */
    public static SslMethodProvider<?> get(String id) {
        return find(id).orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown method '"
                                                + id
                                                + "'; registered: "
                                                + all().stream().map(SslMethodProvider::id).toList()));
    }
}
