package io.github.djlssl.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.data.category.CategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarChartTest {

    @TempDir Path dir;

    static final CsvTable METHODS =
            CsvTable.parse(
                    "methods.csv",
                    List.of(
                            "method,knn_top1,random_init,images_per_s",
                            "simclr,0.7227,0.6291,368.0",
                            "byol,0.4882,0.6291,318.0",
                            "barlowtwins,0.6993,0.6291,",
                            "moco,0.5854,0.6291,483.5"));

    @Test
    void groupedBarsAreWrittenAsADecodablePngOfTheRequestedSize() throws IOException {
        Path out = dir.resolve("sub/knn.png");
        BarChart.Options options =
                new BarChart.Options("kNN", "subtitle", "top-1", List.of("pretrained", "random init"), false, false, null, null, 640, 400);
        BarChart.write(METHODS, "method", List.of("knn_top1", "random_init"), options, out);
        BufferedImage image = Pngs.assertChart(out, 640, 400);
        assertTrue(Pngs.contains(image, ChartStyle.PALETTE[0]), "the first series is drawn in the first palette colour");
    }

    @Test
    void horizontalSortedBarsSkipEmptyCells() throws IOException {
        BarChart.Options options = new BarChart.Options("throughput", null, "images / s", List.of(), true, true, null, null, 500, 300);
        JFreeChart chart = BarChart.chart(METHODS, "method", List.of("images_per_s"), options);
        CategoryDataset data = ((CategoryPlot) chart.getPlot()).getDataset();
        assertEquals(List.of("moco", "simclr", "byol", "barlowtwins"), data.getColumnKeys(), "largest first, empty last");
        assertEquals(null, data.getValue("images_per_s", "barlowtwins"));
        assertEquals(483.5, data.getValue("images_per_s", "moco").doubleValue());
        Path out = dir.resolve("throughput.png");
        BarChart.write(METHODS, "method", List.of("images_per_s"), options, out);
        Pngs.assertChart(out, 500, 300);
    }

    @Test
    void aBaselineColumnBecomesOneReferenceLine() throws IOException {
        BarChart.Options options =
                new BarChart.Options("kNN", null, "top-1", List.of(), false, true, "random_init", "random init", 600, 360);
        JFreeChart chart = BarChart.chart(METHODS, "method", List.of("knn_top1"), options);
        CategoryPlot plot = (CategoryPlot) chart.getPlot();
        assertEquals(1, plot.getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND).size());
        assertEquals("random init 0.629", ((org.jfree.chart.plot.ValueMarker) plot.getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND).iterator().next()).getLabel());
        assertFalse(chart.getLegend() != null, "one series needs no legend");
        BarChart.write(METHODS, "method", List.of("knn_top1"), options, dir.resolve("b.png"));
        Pngs.assertChart(dir.resolve("b.png"), 600, 360);

        CsvTable varying = CsvTable.parse("v.csv", List.of("m,a,b", "x,1,2", "y,1,3"));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> BarChart.chart(varying, "m", List.of("a"), new BarChart.Options("t", null, "", List.of(), false, false, "b", null, 200, 200)));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void badInputsAreClearErrors() {
        BarChart.Options plain = BarChart.Options.of("t", "v");
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> BarChart.chart(METHODS, "method", List.of("nope"), plain))
                        .getMessage()
                        .contains("no column 'nope'"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> BarChart.chart(METHODS, "label", List.of("knn_top1"), plain))
                        .getMessage()
                        .contains("no column 'label'"));
        CsvTable bad = CsvTable.parse("bad.csv", List.of("m,v", "a,1", "b,fast"));
        assertEquals(
                "bad.csv:3: column 'v': 'fast' is not a number",
                assertThrows(IllegalArgumentException.class, () -> BarChart.chart(bad, "m", List.of("v"), plain)).getMessage());
        BarChart.Options legend = new BarChart.Options("t", null, "", List.of("one"), false, false, null, null, 200, 200);
        assertThrows(IllegalArgumentException.class, () -> BarChart.chart(METHODS, "method", List.of("knn_top1", "random_init"), legend));
        assertThrows(IllegalArgumentException.class, () -> new BarChart.Options("t", null, "", List.of(), false, false, null, null, 50, 200));
    }

    @Test
    void ticksAreRoundSteps() {
        assertEquals(0.1, BarChart.niceStep(0.09), 1e-12);
        assertEquals(100, BarChart.niceStep(60.5), 1e-9);
        assertEquals(2.5, BarChart.niceStep(2.1), 1e-12);
        assertEquals(50, BarChart.niceStep(41), 1e-9);
        assertEquals("0.723", BarChart.format(0.8).format(0.7227));
        assertEquals("1,020", BarChart.format(1020).format(1020));
    }
}
