package io.github.djlssl.core.method;

/**
 * The registry entry of one method, found through {@link java.util.ServiceLoader}: list the
 * implementation in {@code META-INF/services/io.github.djlssl.core.method.SslMethodProvider}.
 *
 * @param <C> the method's immutable config record
 */
public interface SslMethodProvider<C extends Record> {

    /**
     * Returns the id used on the command line, e.g. {@code simclr}.
     *
     * @return a lower-case id, unique among registered methods
     */
    String id();

    /**
     * Returns a one-line description with the paper, e.g. "SimCLR — Chen et al., 2020".
     *
     * @return the description
     */
    String description();

    /**
     * Returns the config record type, so tools can bind {@code --set key=value} onto it.
     *
     * @return the record class
     */
    Class<C> configType();

    /**
     * Returns the paper's defaults.
     *
     * @return the default config
     */
    C defaultConfig();

    /**
     * Builds the method: its heads, teachers and state, initialised on {@code context.manager()}.
     *
     * @param config the config
     * @param context encoder, manager, dataset statistics and seed
     * @return the method, ready for the trainer
     */
    SslMethod create(C config, MethodContext context);
}
