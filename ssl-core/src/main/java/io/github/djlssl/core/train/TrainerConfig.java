package io.github.djlssl.core.train;

import io.github.djlssl.core.optim.OptimizerConfig;

/**
 * Everything about a run that is not the method: length, batch, optimiser, devices, logging and
 * checkpointing.
 *
 * @param epochs number of passes over the training set
 * @param batchSize images per optimiser step (over all devices)
 * @param seed seeds initialisation, shuffling, augmentation and masks
 * @param optimizer optimiser, schedules, weight decay and gradient clipping
 * @param devices {@code cpu}, {@code gpu}, or {@code gpu:0,1}
 * @param checkpointEvery write a checkpoint every this many epochs (and always at the end); 0 =
 *     only at the end
 * @param logEvery read losses back from the device and write metrics every this many steps
 * @param progress draw a console progress bar
 */
public record TrainerConfig(
        int epochs,
        int batchSize,
        long seed,
        OptimizerConfig optimizer,
        String devices,
        int checkpointEvery,
        int logEvery,
        boolean progress) {

    /** Validates every field and names the bad one. */
    public TrainerConfig {
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batchSize must be >= 2, got " + batchSize);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is required");
        }
        if (devices == null || devices.isBlank()) {
            throw new IllegalArgumentException("devices is required (cpu, gpu, gpu:0,1)");
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpointEvery must be >= 0, got " + checkpointEvery);
        }
        if (logEvery <= 0) {
            throw new IllegalArgumentException("logEvery must be > 0, got " + logEvery);
        }
    }

    /**
     * Returns a CPU config with one checkpoint per epoch, metrics every 10 steps 
     *
     * @param epochs epochs
     * @param batchSize batch size
     * @param optimizer optimiser settings
     * @return the config
     */
    public static TrainerConfig of(int epochs, int batchSize, OptimizerConfig optimizer) {
        return new TrainerConfig(epochs, batchSize, 42, optimizer, "cpu", 1, 10, true);
    }

    /**
     * Returns a copy with another seed.
     *
     * @param value the seed
     * @return the copy
     */
    public TrainerConfig withSeed(long value) {
        return new TrainerConfig(epochs, batchSize, value, optimizer, devices, checkpointEvery, logEvery, progress);
    }

    /**
     * Returns a copy with another device spec.
     *
     * @param value {@code cpu}, {@code gpu} or {@code gpu:0,1}
     * @return the copy
     */
    public TrainerConfig withDevices(String value) {
        return new TrainerConfig(epochs, batchSize, seed, optimizer, value, checkpointEvery, logEvery, progress);
    }

    /**
     * Returns a copy with the progress bar switched.
     *
     * @param value whether to draw it
     * @return the copy
     */
    public TrainerConfig withProgress(boolean value) {
        return new TrainerConfig(epochs, batchSize, seed, optimizer, devices, checkpointEvery, logEvery, value);
    }

    /**
     * Returns a copy with another checkpoint interval.
     *
     * @param value epochs between checkpoints (0 = only at the end)
     * @return the copy
     */
    public TrainerConfig withCheckpointEvery(int value) {
        return new TrainerConfig(epochs, batchSize, seed, optimizer, devices, value, logEvery, progress);
    }

    /**
     * Returns a copy with another number of epochs.
     *
     * @param value epochs
     * @return the copy
     */
    public TrainerConfig withEpochs(int value) {
        return new TrainerConfig(value, batchSize, seed, optimizer, devices, checkpointEvery, logEvery, progress);
    }
}
