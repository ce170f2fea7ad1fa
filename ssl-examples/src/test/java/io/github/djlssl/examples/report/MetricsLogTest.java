package io.github.djlssl.examples.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    @TempDir Path dir;

    /** What SslTrainer writes: step rows, a window's extra fields, then a kNN row per epoch. */
    static final String LOG =
            """
            {"step":0,"epoch":0,"loss":6.2,"lr":0.06,"positive_similarity":0.4}
            {"step":1,"epoch":0,"loss":6.1,"lr":0.05,"positive_similarity":0.5,"images_per_sec":40.0,"rss_mb":900,"heap_mb":50,"live_arrays":12}
            {"epoch":1,"step":2,"knn_top1":0.536}
            {"step":2,"epoch":1,"loss":5.9,"lr":0.02,"positive_similarity":0.6}
            {"step":3,"epoch":1,"loss":5.8,"lr":0.0,"positive_similarity":0.7}
            {"epoch":2,"step":4,"knn_top1":0.51}
            """;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve(MetricsLog.FILE), text);
    }

    @Test
    void readsStepRowsAndMonitorRowsAsSeriesAgainstTheStep() throws IOException {
        MetricsLog log = MetricsLog.read(write(LOG));
        assertEquals(6, log.size());
        assertEquals(0, log.tornLines());
        MetricsLog.Series loss = log.series("loss");
        assertArrayEquals(new double[] {0, 1, 2, 3}, loss.steps());
        assertArrayEquals(new double[] {6.2, 6.1, 5.9, 5.8}, loss.values(), 1e-12);
        assertArrayEquals(new double[] {0.06, 0.05, 0.02, 0.0}, log.series("lr").values(), 1e-12);
        MetricsLog.Series knn = log.series("knn_top1");
        assertArrayEquals(new double[] {2, 4}, knn.steps());
        assertArrayEquals(new double[] {0.536, 0.51}, knn.values(), 1e-12);
        assertArrayEquals(new double[] {900}, log.series("rss_mb").values());
        assertTrue(log.series("no_such_field").isEmpty());
        assertArrayEquals(new double[] {2}, log.epochStarts(), "epoch 1 starts at step 2");
    }

    @Test
    void aTornLastLineFromAKilledRunIsSkippedAndCounted() throws IOException {
        write(LOG + "{\"step\":4,\"epoch\":1,\"lo");
        MetricsLog log = MetricsLog.readRun(dir);
        assertEquals(6, log.size());
        assertEquals(1, log.tornLines());
        assertEquals(4, log.series("loss").size());
        // a torn line followed only by blank lines is still the last line
        assertEquals(1, MetricsLog.read(write(LOG + "{\"step\":4,\n\n")).tornLines());
    }

    @Test
    void aMalformedLineBeforeTheLastIsAnErrorNamingFileAndLine() throws IOException {
        Path file = write("{\"step\":0,\"loss\":1.0}\nnot json at all\n{\"step\":1,\"loss\":0.9}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsLog.read(file));
        assertTrue(e.getMessage().contains(file + ":2:"), e.getMessage());
        Path array = write("[1,2]\n{\"step\":1,\"loss\":0.9}\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MetricsLog.read(array)).getMessage().contains(":1:"));
    }

    @Test
    void emptyTornOnlyAndMissingFilesAreClearErrors() throws IOException {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> MetricsLog.read(write("")));
        assertTrue(empty.getMessage().contains("has no complete rows"), empty.getMessage());
        IllegalArgumentException torn = assertThrows(IllegalArgumentException.class, () -> MetricsLog.read(write("{\"st")));
        assertTrue(torn.getMessage().contains("only a torn line"), torn.getMessage());
        IllegalArgumentException missing =
                assertThrows(IllegalArgumentException.class, () -> MetricsLog.readRun(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("no metrics file") && missing.getMessage().contains("nope"), missing.getMessage());
    }
}
