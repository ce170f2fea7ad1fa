package io.github.djlssl.examples.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * A grouped bar chart of a CSV table: one group per row (named by a label column), one bar per
 * value column, each bar labelled with its value. Empty cells draw no bar. Bars start at zero.
 *
 * <p>A column that holds one value for every row (such as the random-init accuracy every method is
 * compared with) reads better as a labelled dashed line across the groups than as a row of equal
 * bars: name it as the {@linkplain Options#baseline() baseline}.
 */
public final class BarChart {

    /**
     * What to draw and how big.
     *
     * @param title chart title
     * @param subtitle a second title line, or null
     * @param valueLabel the value axis label, with its unit (e.g. {@code images / s})
     * @param legend display names of the value columns in order, or empty to use the column names
     * @param horizontal bars along x (groups down the y axis), easier to read for long labels
     * @param sort order groups by the first value column, largest first, instead of file order
     * @param baseline a column with the same value in every row, drawn as a dashed reference line,
     *     or null for none
     * @param baselineLabel the reference line's name (its value is appended), or null for the
     *     column name
     * @param width pixels
     * @param height pixels
     */
    public record Options(
            String title,
            String subtitle,
            String valueLabel,
            List<String> legend,
            boolean horizontal,
            boolean sort,
            String baseline,
            String baselineLabel,
            int width,
            int height) {

        /** Validates sizes and copies the legend. */
        public Options {
            if (width < 100 || height < 100) {
                throw new IllegalArgumentException("chart size " + width + "x" + height + " is too small; use at least 100x100");
            }
            legend = legend == null ? List.of() : List.copyOf(legend);
        }

        /**
         * Options with a title and value-axis label, vertical, file order, 1000 × 560 px.
         *
         * @param title chart title
         * @param valueLabel value axis label
         * @return the options
         */
        public static Options of(String title, String valueLabel) {
            return new Options(title, null, valueLabel, List.of(), false, false, null, null, 1000, 560);
        }
    }

    private BarChart() {}

    /**
     * Draws the chart and writes it as a PNG.
     *
     * @param table the data
     * @param labelColumn the column naming each group
     * @param valueColumns one or more numeric columns, one bar each per group
     * @param options title, axis label, size
     * @param out the PNG file
     * @throws IllegalArgumentException on a missing column, a non-numeric cell (naming its line), or
     *     a legend whose length differs from the value columns'
     * @throws IOException when the file cannot be written
     */
    public static void write(CsvTable table, String labelColumn, List<String> valueColumns, Options options, Path out)
            throws IOException {
        ChartStyle.headless();
        ChartStyle.writePng(chart(table, labelColumn, valueColumns, options), out, options.width(), options.height());
    }

    /** The chart; package-private for tests. */
    static JFreeChart chart(CsvTable table, String labelColumn, List<String> valueColumns, Options options) {
        ChartStyle.headless();
        if (valueColumns.isEmpty()) {
            throw new IllegalArgumentException("no value columns to plot");
        }
        if (!options.legend().isEmpty() && options.legend().size() != valueColumns.size()) {
            throw new IllegalArgumentException(
                    options.legend().size() + " legend names for " + valueColumns.size() + " value columns");
        }
        table.column(labelColumn);
        double[][] values = new double[table.size()][valueColumns.size()];
        double max = 0;
        for (int r = 0; r < table.size(); r++) {
            for (int c = 0; c < valueColumns.size(); c++) {
                values[r][c] = table.number(r, valueColumns.get(c));
                if (!Double.isNaN(values[r][c])) {
                    max = Math.max(max, Math.abs(values[r][c]));
                }
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int r = 0; r < table.size(); r++) {
            order.add(r);
        }
        if (options.sort()) {
            order.sort(Comparator.comparingDouble((Integer r) -> Double.isNaN(values[r][0]) ? Double.NEGATIVE_INFINITY : values[r][0])
                    .reversed());
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int r : order) {
            for (int c = 0; c < valueColumns.size(); c++) {
                String series = options.legend().isEmpty() ? valueColumns.get(c) : options.legend().get(c);
                data.addValue(Double.isNaN(values[r][c]) ? null : values[r][c], series, table.text(r, labelColumn));
            }
        }

        CategoryAxis groups = new CategoryAxis(labelColumn);
        groups.setLabel(null); // the group names speak for themselves
        groups.setCategoryMargin(valueColumns.size() > 1 ? 0.25 : 0.35);
        groups.setLowerMargin(0.02);
        groups.setUpperMargin(0.02);
        ChartStyle.axis(groups);
        groups.setTickLabelFont(ChartStyle.AXIS_LABEL);
        groups.setMaximumCategoryLabelWidthRatio(1.6f); // whole method names, no "barlowt..."
        NumberAxis axis = new NumberAxis(options.valueLabel());
        axis.setUpperMargin(0.12); // room for the value labels
        ChartStyle.axis(axis);
        DecimalFormat format = format(max);
        double reference = options.baseline() == null ? Double.NaN : baseline(table, options.baseline());
        double top = Double.isNaN(reference) ? max : Math.max(max, reference);
        axis.setTickUnit(new NumberTickUnit(niceStep(top / 8), tickFormat(niceStep(top / 8))));
        if (!Double.isNaN(reference) && reference >= max) {
            axis.setRange(0, reference * 1.12); // markers do not take part in auto-ranging
        }

        BarRenderer bars = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                Paint paint = super.getItemPaint(row, column);
                Number v = data.getValue(row, column);
                // bars short of the baseline are drawn faded, so "below random init" is seen at a glance
                return !Double.isNaN(reference) && v != null && v.doubleValue() < reference && paint instanceof Color c
                        ? new Color(c.getRed(), c.getGreen(), c.getBlue(), 110)
                        : paint;
            }
        };
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        bars.setItemMargin(0.04);
        bars.setMaximumBarWidth(0.12);
        for (int c = 0; c < valueColumns.size(); c++) {
            bars.setSeriesPaint(c, c == 0 || valueColumns.size() > 2 ? ChartStyle.PALETTE[c % ChartStyle.PALETTE.length] : new Color(0xAAAAAA));
        }
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", format));
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        bars.setDefaultItemLabelPaint(ChartStyle.TEXT);
        bars.setDefaultPositiveItemLabelPosition(
                options.horizontal()
                        ? new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT)
                        : new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
        bars.setItemLabelInsets(new RectangleInsets(3, 3, 3, 3));

        CategoryPlot plot = new CategoryPlot(data, groups, axis, bars);
        plot.setOrientation(options.horizontal() ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL);
        ChartStyle.plot(plot);
        plot.setRangeGridlinePaint(ChartStyle.GRID);
        plot.setRangeGridlineStroke(ChartStyle.gridStroke());
        plot.setDomainGridlinesVisible(false);
        if (options.horizontal()) {
            plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT); // values read along the bottom
        }
        if (!Double.isNaN(reference)) {
            String name = options.baselineLabel() != null ? options.baselineLabel() : options.baseline();
            ValueMarker line = new ValueMarker(reference);
            line.setPaint(ChartStyle.TEXT);
            line.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            line.setLabel(name + " " + format.format(reference));
            line.setLabelFont(ChartStyle.AXIS_LABEL);
            line.setLabelPaint(ChartStyle.TEXT);
            line.setLabelBackgroundColor(new Color(255, 255, 255, 220));
            if (options.horizontal()) {
                line.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
                line.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            } else {
                line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                line.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            }
            plot.addRangeMarker(line, Layer.FOREGROUND);
        }

        boolean legend = valueColumns.size() > 1;
        JFreeChart chart = new JFreeChart(options.title(), ChartStyle.TITLE, plot, legend);
        ChartStyle.chart(chart, options.subtitle());
        if (legend) {
            LegendTitle key = chart.getLegend();
            chart.removeSubtitle(key); // below the subtitle, not between it and the title
            key.setPosition(RectangleEdge.TOP);
            chart.addSubtitle(key);
        }
        return chart;
    }

    /** The one value of a baseline column; an error naming the line where it differs. */
    static double baseline(CsvTable table, String column) {
        double value = Double.NaN;
        for (int r = 0; r < table.size(); r++) {
            double v = table.number(r, column);
            if (Double.isNaN(v)) {
                continue;
            }
            if (Double.isNaN(value)) {
                value = v;
            } else if (v != value) {
                throw new IllegalArgumentException(
                        "baseline column '" + column + "' must hold one value, but line " + table.lineOf(r)
                                + " has " + v + " after " + value);
            }
        }
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("baseline column '" + column + "' is empty");
        }
        return value;
    }

    /** A 1, 2, 2.5 or 5 × 10^k step at least {@code raw}: five to eight round ticks. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static DecimalFormat tickFormat(double step) {
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        if (step * Math.pow(10, decimals) % 1 != 0) {
            decimals++; // 0.25, 2.5
        }
        return new DecimalFormat(decimals == 0 ? "#,##0" : "0." + "0".repeat(decimals), symbols);
    }

    /** Tick and bar-label format from the largest value: 0.723, 12.5, 1,020. */
    static DecimalFormat format(double max) {
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        if (max < 10) {
            return new DecimalFormat("0.000", symbols);
        }
        if (max < 100) {
            return new DecimalFormat("0.0", symbols);
        }
        return new DecimalFormat("#,##0", symbols);
    }
}
