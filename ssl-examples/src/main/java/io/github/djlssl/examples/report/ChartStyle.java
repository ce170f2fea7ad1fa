package io.github.djlssl.examples.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;

/**
 * The one look of every chart the tool draws: white background, light grey grid, no chart border,
 * sans-serif text, a colour-blind-safe palette (Okabe and Ito, 2008); and the PNG writer.
 */
final class ChartStyle {

    /** Series colours, in order: blue, vermillion, bluish green, orange, reddish purple, sky blue. */
    static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
        new Color(0xE69F00), new Color(0xCC79A7), new Color(0x56B4E9)
    };

    static final Color TEXT = new Color(0x222222);
    static final Color GRID = new Color(0xDDDDDD);
    static final Color MUTED = new Color(0x999999);

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font AXIS_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font ITEM = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private ChartStyle() {}

    /**
     * Puts AWT in headless mode. Must run before any AWT class touches the display, so every public
     * entry point of this package calls it first: the tool runs on servers without X11.
     */
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** Title, subtitle and legend fonts; white, borderless background. */
    static void chart(JFreeChart chart, String subtitle) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setBorderVisible(false);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE);
            chart.getTitle().setPaint(TEXT);
        }
        if (subtitle != null && !subtitle.isBlank()) {
            TextTitle sub = new TextTitle(subtitle, SUBTITLE);
            sub.setPaint(new Color(0x555555));
            sub.setPadding(new RectangleInsets(0, 0, 6, 0));
            chart.addSubtitle(sub);
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(AXIS_LABEL);
            legend.setItemPaint(TEXT);
            legend.setFrame(BlockBorder.NONE);
            legend.setBackgroundPaint(Color.WHITE);
        }
    }

    /** White plot area, light grid lines, no outline. */
    static void plot(Plot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setInsets(new RectangleInsets(6, 4, 6, 4));
    }

    /** A solid thin grid stroke (JFreeChart's default is dashed). */
    static BasicStroke gridStroke() {
        return new BasicStroke(0.8f);
    }

    /** Axis label and tick fonts and colours. */
    static void axis(Axis axis) {
        axis.setLabelFont(AXIS_LABEL);
        axis.setLabelPaint(TEXT);
        axis.setTickLabelFont(TICK);
        axis.setTickLabelPaint(TEXT);
        axis.setAxisLinePaint(MUTED);
        axis.setTickMarkPaint(MUTED);
    }

    /**
     * Writes a chart as a PNG, atomically (a temporary file moved into place), so a reader never
     * sees half an image.
     *
     * @param chart the chart
     * @param file the target; parent directories are created
     * @param width pixels
     * @param height pixels
     * @throws IOException when it cannot be written (the message names the path)
     */
    static void writePng(JFreeChart chart, Path file, int width, int height) throws IOException {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("chart size " + width + "x" + height + " is too small; use at least 100x100");
        }
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            ChartUtils.saveChartAsPNG(tmp.toFile(), chart, width, height);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
