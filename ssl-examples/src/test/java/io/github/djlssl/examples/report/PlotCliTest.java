package io.github.djlssl.examples.report;

import io.github.djlssl.examples.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;



import java.io.IOException;


import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code djl-ssl plot run|bars} end to end, in process. */
class PlotCliTest {

    @TempDir Path dir;



    @Test
    void plotRunWritesCurvesAndReportsATornLine() throws IOException {
        Path run = TrainingCurvesTest.run(dir.resolve("run"), true);
        Files.writeString(run.resolve(MetricsLog.FILE), "{\"step\":40,\"ep", java.nio.file.StandardOpenOption.APPEND);
        CliRun r = CliRun.of("plot", "run", "--run", run.toString(), "--width", "600", "--height", "500");
        assertEquals(0, r.code(), r.err());
        assertEquals(run.resolve("curves.png").toString(), r.out().strip());
        assertTrue(r.err().contains("torn last line"), r.err());
        Pngs.assertChart(run.resolve("curves.png"), 600, 500);
    }

    @Test
    void plotBarsWritesThePngAndUsageErrorsExitTwoWithTheLine() throws IOException {
        Path csv = Files.writeString(dir.resolve("m.csv"), "method,knn_top1,random_init\nsimclr,0.72,0.63\nbyol,0.49,0.63\n");
        Path png = dir.resolve("knn.png");
        CliRun ok =
                CliRun.of("plot", "bars", "--csv", csv.toString(), "--label", "method", "--values", "knn_top1,random_init",
                        "--legend", "pretrained,random init", "--title", "kNN", "--ylabel", "top-1", "--width", "400",
                        "--height", "300", "--out", png.toString());
        assertEquals(0, ok.code(), ok.err());
        Pngs.assertChart(png, 400, 300);

        Path bad = Files.writeString(dir.resolve("bad.csv"), "method,knn_top1\nsimclr,0.72\nbyol\n");
        CliRun parse =
                CliRun.of("plot", "bars", "--csv", bad.toString(), "--label", "method", "--values", "knn_top1", "--title", "t",
                        "--out", dir.resolve("x.png").toString());
        assertEquals(2, parse.code());
        assertTrue(parse.err().contains(bad + ":3: expected 2 fields"), parse.err());

        CliRun notRun = CliRun.of("plot", "run", "--run", dir.resolve("nothing").toString());
        assertEquals(2, notRun.code());
        assertTrue(notRun.err().startsWith("djl-ssl: "), notRun.err());
        assertEquals(2, CliRun.of("plot").code(), "a chart kind is required");
    }
}
