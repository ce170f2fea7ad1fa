package io.github.djlssl.examples.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.run.RunRecord;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCurvesTest {

    @TempDir Path dir;

    static RunRecord record() {
        return new RunRecord(
                "simclr",
                Map.of("temperature", "0.5"),
                new EncoderSpec("resnet18", 28, 1, 8, 0),
                "fashion-mnist",
                null,
                2048,
                64,
                new float[] {0.286f},
                new float[] {0.353f},
                Map.of("epochs", 2, "batchSize", 256));
    }

    /** A 40-step, 2-epoch run: noisy falling loss, cosine lr, optionally a kNN row per epoch. */
    static Path run(Path dir, boolean knn) throws IOException {
        record().write(dir);
        StringBuilder s = new StringBuilder();
        for (int step = 0; step < 40; step++) {
            int epoch = step / 20;
            double loss = 6 - 0.02 * step + 0.05 * Math.sin(step * 1.7);
            double lr = 0.03 * (1 + Math.cos(Math.PI * step / 40));
            s.append(String.format(java.util.Locale.ROOT, "{\"step\":%d,\"epoch\":%d,\"loss\":%.5f,\"lr\":%.6f}%n", step, epoch, loss, lr));
            if (knn && (step == 19 || step == 39)) {
                s.append(String.format(java.util.Locale.ROOT, "{\"epoch\":%d,\"step\":%d,\"knn_top1\":%.4f}%n", epoch + 1, step + 1, 0.5 + 0.1 * epoch));
            }
        }
        Files.writeString(dir.resolve(MetricsLog.FILE), s);
        return dir;
    }

    @Test
    void writesCurvesPngWithAKnnPanelWhenTheRunHadTheMonitor() throws IOException {
        Path runDir = run(dir.resolve("knn"), true);
        Path file = TrainingCurves.write(runDir);
        assertEquals(runDir.resolve(TrainingCurves.FILE), file);
        int height = TrainingCurves.defaultHeight(MetricsLog.readRun(runDir));
        BufferedImage image = Pngs.assertChart(file, TrainingCurves.DEFAULT_WIDTH, height);
        assertTrue(Pngs.contains(image, ChartStyle.PALETTE[2]), "the kNN curve is drawn");

        JFreeChart chart = TrainingCurves.chart(MetricsLog.readRun(runDir), "t", "s");
        assertEquals(3, ((CombinedDomainXYPlot) chart.getPlot()).getSubplots().size(), "loss, lr, kNN");
    }

    @Test
    void twoPanelsAndASmallerDefaultWithoutTheMonitor() throws IOException {
        Path runDir = run(dir.resolve("plain"), false);
        MetricsLog log = MetricsLog.readRun(runDir);
        assertTrue(TrainingCurves.defaultHeight(log) < TrainingCurves.defaultHeight(MetricsLog.readRun(run(dir.resolve("k"), true))));
        assertEquals(2, ((CombinedDomainXYPlot) TrainingCurves.chart(log, "t", null).getPlot()).getSubplots().size());
        BufferedImage image = Pngs.assertChart(TrainingCurves.write(runDir, 640, 480), 640, 480);
        assertFalse(Pngs.contains(image, ChartStyle.PALETTE[2]), "no kNN curve without kNN rows");
    }

    @Test
    void titleIsMethodAndEncoderAndSubtitleTheBudget() throws IOException {
        RunRecord r = record();
        assertEquals("simclr · resnet18 (width 8)", TrainingCurves.title(r));
        MetricsLog log = MetricsLog.readRun(run(dir, false));
        assertEquals(
                "fashion-mnist, first 2,048 images, 28×28 px, 2 epochs, batch 256, 40 steps",
                TrainingCurves.subtitle(RunRecord.read(dir), log));
    }

    @Test
    void smoothingIsATrailingMean() {
        assertArrayEquals(new double[] {1, 1.5, 2, 3, 4}, TrainingCurves.movingAverage(new double[] {1, 2, 3, 4, 5}, 3), 1e-12);
        assertEquals(1, TrainingCurves.smoothingWindow(16), "no smoothing for a handful of steps");
        assertEquals(5, TrainingCurves.smoothingWindow(40));
        assertEquals(50, TrainingCurves.smoothingWindow(1000));
    }

    @Test
    void notARunOrNoRowsAreClearErrorsAndPretrainOnlyWarns() throws IOException {
        IllegalArgumentException noRecord = assertThrows(IllegalArgumentException.class, () -> TrainingCurves.write(dir));
        assertTrue(noRecord.getMessage().contains("not a run directory") || noRecord.getMessage().contains("no metrics file"), noRecord.getMessage());
        record().write(dir);
        Files.writeString(dir.resolve(MetricsLog.FILE), "{\"step\":0,\"epo");
        IllegalArgumentException torn = assertThrows(IllegalArgumentException.class, () -> TrainingCurves.write(dir));
        assertTrue(torn.getMessage().contains("only a torn line"), torn.getMessage());
        Files.writeString(dir.resolve(MetricsLog.FILE), "{\"epoch\":1,\"step\":8,\"knn_top1\":0.5}\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingCurves.write(dir)).getMessage().contains("no loss rows"));
        assertEquals(Optional.empty(), TrainingCurves.writeOrWarn(dir));
        assertFalse(Files.exists(dir.resolve(TrainingCurves.FILE)));
    }
}
