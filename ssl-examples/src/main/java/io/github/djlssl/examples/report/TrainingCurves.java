package io.github.djlssl.examples.report;

import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.run.RunRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardXYItemLabelGenerator;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's training curves as one PNG, {@code DIR/curves.png}: stacked panels sharing the step axis
 * — the loss (each step, faint, with its moving average), the learning rate, and the kNN monitor's
 * top-1 accuracy when the run had one ({@code --knn-every}). One image rather than one file per
 * metric because the panels are read together: a kNN point sits directly under the loss and
 * learning rate that produced it. Dashed vertical lines mark epoch starts.
 *
 * <p>The title is the method and encoder from {@code config.json}; the subtitle the dataset and
 * budget.
 */
public final class TrainingCurves {

    /** The file name written inside the run directory. */
    public static final String FILE = "curves.png";
    /** Default image width in pixels. */
    public static final int DEFAULT_WIDTH = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(TrainingCurves.class);
    private static final int PANEL_HEIGHT = 230;
    private static final int CHROME_HEIGHT = 150; // title, subtitle, step axis, legend
    private static final int MAX_EPOCH_MARKS = 40;
    private static final DecimalFormatSymbols ROOT = DecimalFormatSymbols.getInstance(Locale.ROOT);

    private TrainingCurves() {}

    /**
     * Returns the default image height for a run: taller when there is a kNN panel.
     *
     * @param log the run's metrics
     * @return pixels
     */
    public static int defaultHeight(MetricsLog log) {
        return CHROME_HEIGHT + PANEL_HEIGHT * (log.series("knn_top1").isEmpty() ? 2 : 3);
    }

    /**
     * Writes {@code runDir/curves.png} at the default size.
     *
     * @param runDir a run directory written by {@code pretrain}
     * @return the written file
     * @throws IllegalArgumentException when the directory has no run record or no metrics rows
     * @throws IOException on a read or write error
     */
    public static Path write(Path runDir) throws IOException {
        MetricsLog log = MetricsLog.readRun(runDir);
        return write(runDir, DEFAULT_WIDTH, defaultHeight(log));
    }

    /**
     * Writes {@code runDir/curves.png}.
     *
     * @param runDir a run directory written by {@code pretrain}
     * @param width pixels
     * @param height pixels
     * @return the written file
     * @throws IllegalArgumentException when the directory has no run record or no metrics rows
     * @throws IOException on a read or write error
     */
    public static Path write(Path runDir, int width, int height) throws IOException {
        ChartStyle.headless();
        RunRecord record = RunRecord.read(runDir);
        MetricsLog log = MetricsLog.readRun(runDir);
        if (log.series("loss").isEmpty()) {
            throw new IllegalArgumentException(log.file() + " has no loss rows to plot");
        }
        Path file = runDir.resolve(FILE);
        ChartStyle.writePng(chart(log, title(record), subtitle(record, log)), file, width, height);
        return file;
    }

    /**
     * Writes the curves for {@code pretrain}, which must not fail because of a chart: any failure
     * (including a JRE without fontconfig or AWT native libraries) becomes one warning.
     *
     * @param runDir the run directory
     * @return the written file, or empty when it could not be drawn
     */
    public static Optional<Path> writeOrWarn(Path runDir) {
        try {
            Path file = write(runDir);
            LOG.info("training curves: {}", file);
            return Optional.of(file);
        } catch (Exception | LinkageError | java.awt.AWTError | InternalError e) {
            // InternalError and UnsatisfiedLinkError: what a JRE without fontconfig or AWT libraries throws
            LOG.warn("could not draw the training curves of {}: {}", runDir, e.toString());
            return Optional.empty();
        }
    }

    /** Method and encoder, e.g. {@code simclr · resnet18 (width 8)}. */
    static String title(RunRecord record) {
        EncoderSpec e = record.encoder();
        StringBuilder s = new StringBuilder(record.method()).append(" · ").append(e.name());
        List<String> details = new ArrayList<>();
        if (!e.isVit() && e.width() > 0) {
            details.add("width " + e.width());
        }
        if (e.isVit() && e.patchSize() > 0) {
            details.add("patch " + e.patchSize());
        }
        if (!details.isEmpty()) {
            s.append(" (").append(String.join(", ", details)).append(')');
        }
        return s.toString();
    }

    /** Dataset, image size, budget: what a reader needs to compare two runs' curves. */
    static String subtitle(RunRecord record, MetricsLog log) {
        EncoderSpec e = record.encoder();
        StringBuilder s = new StringBuilder();
        s.append(record.dataset() == null ? "dataset ?" : record.dataset());
        if (record.maxSamples() != null) {
            s.append(String.format(Locale.ROOT, ", first %,d images", record.maxSamples()));
        }
        s.append(String.format(Locale.ROOT, ", %d×%d px", e.imageSize(), e.imageSize()));
        if (record.trainer() instanceof Map<?, ?> trainer) {
            Object epochs = trainer.get("epochs");
            Object batch = trainer.get("batchSize");
            if (epochs instanceof Number n) {
                s.append(", ").append(n.intValue()).append(n.intValue() == 1 ? " epoch" : " epochs");
            }
            if (batch instanceof Number n) {
                s.append(", batch ").append(n.intValue());
            }
        }
        double[] steps = log.series("loss").steps();
        s.append(String.format(Locale.ROOT, ", %,d steps", (long) steps[steps.length - 1] + 1));
        return s.toString();
    }

    /** The stacked panels; package-private for tests. */
    static JFreeChart chart(MetricsLog log, String title, String subtitle) {
        ChartStyle.headless();
        NumberAxis stepAxis = new NumberAxis("training step (optimizer updates)");
        stepAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        stepAxis.setAutoRangeIncludesZero(false);
        ChartStyle.axis(stepAxis);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(stepAxis);
        plot.setGap(14);
        ChartStyle.plot(plot);
        double[] epochStarts = log.epochStarts();

        MetricsLog.Series loss = log.series("loss");
        XYSeriesCollection lossData = new XYSeriesCollection();
        lossData.addSeries(xy("loss (each step)", loss.steps(), loss.values()));
        int window = smoothingWindow(loss.size());
        if (window > 1) {
            lossData.addSeries(xy("loss (mean of last " + window + " steps)", loss.steps(), movingAverage(loss.values(), window)));
        }
        XYLineAndShapeRenderer lossRenderer = lines();
        lossRenderer.setSeriesPaint(0, window > 1 ? faint(ChartStyle.PALETTE[0]) : ChartStyle.PALETTE[0]);
        lossRenderer.setSeriesStroke(0, new BasicStroke(window > 1 ? 1.0f : 2.0f));
        lossRenderer.setSeriesPaint(1, ChartStyle.PALETTE[0]);
        lossRenderer.setSeriesStroke(1, new BasicStroke(2.2f));
        plot.add(panel(lossData, lossRenderer, "loss", epochStarts, false), 2);

        MetricsLog.Series lr = log.series("lr");
        if (!lr.isEmpty()) {
            XYSeriesCollection lrData = new XYSeriesCollection(xy("learning rate", lr.steps(), lr.values()));
            XYLineAndShapeRenderer lrRenderer = lines();
            lrRenderer.setSeriesPaint(0, ChartStyle.PALETTE[1]);
            lrRenderer.setSeriesStroke(0, new BasicStroke(2.0f));
            XYPlot lrPanel = panel(lrData, lrRenderer, "learning rate", epochStarts, true);
            ((NumberAxis) lrPanel.getRangeAxis()).setNumberFormatOverride(new DecimalFormat("0.0####", ROOT));
            plot.add(lrPanel, 1);
        }

        MetricsLog.Series knn = log.series("knn_top1");
        if (!knn.isEmpty()) {
            double[] percent = new double[knn.size()];
            for (int i = 0; i < percent.length; i++) {
                percent[i] = 100 * knn.values()[i];
            }
            XYSeriesCollection knnData = new XYSeriesCollection(xy("kNN top-1 (monitor)", knn.steps(), percent));
            XYLineAndShapeRenderer knnRenderer = new XYLineAndShapeRenderer(true, true);
            knnRenderer.setSeriesPaint(0, ChartStyle.PALETTE[2]);
            knnRenderer.setSeriesStroke(0, new BasicStroke(2.0f));
            knnRenderer.setSeriesShape(0, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
            if (knn.size() <= 20) {
                knnRenderer.setDefaultItemLabelGenerator(
                        new StandardXYItemLabelGenerator("{2}", new DecimalFormat("0", ROOT), new DecimalFormat("0.0", ROOT)));
                knnRenderer.setDefaultItemLabelsVisible(true);
                knnRenderer.setDefaultItemLabelFont(ChartStyle.ITEM);
                knnRenderer.setDefaultItemLabelPaint(ChartStyle.TEXT);
            }
            XYPlot knnPanel = panel(knnData, knnRenderer, "kNN top-1 (%)", epochStarts, false);
            NumberAxis axis = (NumberAxis) knnPanel.getRangeAxis();
            axis.setUpperMargin(0.2); // room for the point labels
            axis.setLowerMargin(0.15);
            plot.add(knnPanel, 1);
        }

        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        ChartStyle.chart(chart, subtitle);
        return chart;
    }

    private static XYPlot panel(
            XYSeriesCollection data, XYLineAndShapeRenderer renderer, String label, double[] epochStarts, boolean includeZero) {
        NumberAxis range = new NumberAxis(label);
        range.setAutoRangeIncludesZero(includeZero);
        ChartStyle.axis(range);
        XYPlot panel = new XYPlot(data, null, range, renderer);
        ChartStyle.plot(panel);
        panel.setDomainGridlinePaint(ChartStyle.GRID);
        panel.setRangeGridlinePaint(ChartStyle.GRID);
        panel.setDomainGridlineStroke(ChartStyle.gridStroke());
        panel.setRangeGridlineStroke(ChartStyle.gridStroke());
        if (epochStarts.length <= MAX_EPOCH_MARKS) {
            for (double step : epochStarts) {
                ValueMarker mark = new ValueMarker(step);
                mark.setPaint(ChartStyle.MUTED);
                mark.setStroke(new BasicStroke(1.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
                panel.addDomainMarker(mark);
            }
        }
        return panel;
    }

    private static XYLineAndShapeRenderer lines() {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setDrawSeriesLineAsPath(true); // one smooth antialiased path instead of many segments
        return r;
    }

    private static XYSeries xy(String name, double[] x, double[] y) {
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < x.length; i++) {
            s.add(x[i], y[i], false);
        }
        return s;
    }

    private static Color faint(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 90);
    }

    /** About a twentieth of the run, at least 5 steps; 1 (no smoothing) for runs under 20 steps. */
    static int smoothingWindow(int points) {
        return points < 20 ? 1 : Math.max(5, points / 20);
    }

    /** Trailing mean over the last {@code window} values (fewer at the start). */
    static double[] movingAverage(double[] values, int window) {
        double[] out = new double[values.length];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i];
            if (i >= window) {
                sum -= values[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }
}
