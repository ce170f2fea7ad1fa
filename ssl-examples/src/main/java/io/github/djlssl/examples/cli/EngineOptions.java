package io.github.djlssl.examples.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.github.djlssl.core.engine.OneDnnIsaGuard;
import io.github.djlssl.core.train.Devices;
import picocli.CommandLine.Option;

/** Device, threads and seed: the options that must be applied before the engine starts. */
public final class EngineOptions {

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, gpu or gpu:0,1 (default: ${DEFAULT-VALUE})")
    String device;

    @Option(
            names = "--threads",
            description = "intra-op CPU threads of the engine (default: the engine's, i.e. all cores)")
    Integer threads;

    @Option(names = "--seed", defaultValue = "42", description = "seed of initialisation, shuffling and augmentation (default: ${DEFAULT-VALUE})")
    long seed;

    /**
     * Applies threads and seed, then parses the devices (which starts the engine).
     *
     * @return the devices; the first one holds the model
     */
    Device[] start() {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            }
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
        }
        OneDnnIsaGuard.apply(); // before the engine runs any kernel
        Device[] devices = Devices.parse(device);
        Engine.getInstance().setRandomSeed((int) seed);
        return devices;
    }
}
