package io.github.djlssl.core.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line console progress bar: epoch, step, loss and throughput, redrawn in place with a
 * carriage return when the output is a terminal, one line per update otherwise (logs, CI).
 */
public final class ProgressReporter {

    private static final int WIDTH = 24;
    private final PrintStream out;
    private final boolean interactive;

    /**
     * Creates a reporter.
     *
     * @param out where to print (usually {@code System.err})
     * @param interactive redraw in place (true on a terminal)
     */
    public ProgressReporter(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /**
     * Returns a reporter on {@code System.err}, interactive when a console is attached.
     *
     * @return the reporter
     */
    public static ProgressReporter console() {
        return new ProgressReporter(System.err, System.console() != null);
    }

    /**
     * Draws the current state.
     *
     * @param epoch 0-based epoch
     * @param epochs total epochs
     * @param stepInEpoch completed steps in this epoch
     * @param stepsPerEpoch steps per epoch
     * @param loss latest loss
     * @param imagesPerSecond latest throughput
     */
    public void update(
            int epoch, int epochs, int stepInEpoch, int stepsPerEpoch, float loss, double imagesPerSecond) {
        int filled = stepsPerEpoch == 0 ? WIDTH : (int) ((long) WIDTH * stepInEpoch / stepsPerEpoch);
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        String line =
                String.format(
                        Locale.ROOT,
                        "epoch %d/%d [%s] %d/%d loss %.4f %.1f img/s",
                        epoch + 1,
                        epochs,
                        bar,
                        stepInEpoch,
                        stepsPerEpoch,
                        loss,
                        imagesPerSecond);
        if (interactive) {
            out.print("\r" + line);
            if (stepInEpoch == stepsPerEpoch) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }
}
