package io.github.djlssl.examples.cli;

import io.github.djlssl.examples.report.BarChart;
import io.github.djlssl.examples.report.CsvTable;
import io.github.djlssl.examples.report.MetricsLog;
import io.github.djlssl.examples.report.TrainingCurves;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code djl-ssl plot run|bars}: PNG charts of a run's training curves or of a CSV table. */
@Command(
        name = "plot",
        mixinStandardHelpOptions = true,
        description = "Draw PNG charts: a run's training curves, or grouped bars from a CSV table.",
        subcommands = {PlotCommand.Run.class, PlotCommand.Bars.class})
public final class PlotCommand implements Runnable {

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing chart: run or bars");
    }

    /** The training curves of a run directory: {@code DIR/curves.png}. */
    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Write DIR/" + TrainingCurves.FILE + ": loss, learning rate and (when the run had --knn-every)"
                        + " the kNN monitor, stacked panels against the training step.",
                "pretrain writes it at the end of every run; this redraws it, e.g. for a run still in progress."
            })
    static final class Run implements Callable<Integer> {
        @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

        @Option(names = "--run", required = true, description = "run directory (the --out of pretrain)")
        Path run;

        @Option(names = "--width", defaultValue = "" + TrainingCurves.DEFAULT_WIDTH, description = "pixels (default: ${DEFAULT-VALUE})")
        int width;

        @Option(names = "--height", description = "pixels (default: 610, or 840 with a kNN panel)")
        Integer height;

        @Override
        public Integer call() throws Exception {
            MetricsLog log = MetricsLog.readRun(run);
            Path file = TrainingCurves.write(run, width, height != null ? height : TrainingCurves.defaultHeight(log));
            if (log.tornLines() > 0) {
                spec.commandLine().getErr().println("djl-ssl: skipped the torn last line of " + log.file());
            }
            spec.commandLine().getOut().println(file);
            return 0;
        }
    }

    /** A grouped bar chart of CSV columns. */
    @Command(
            name = "bars",
            mixinStandardHelpOptions = true,
            description = "Write a grouped bar chart: one group per CSV row, one bar per value column.")
    static final class Bars implements Callable<Integer> {
        @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

        @Option(names = "--csv", required = true, description = "CSV file with a header row")
        Path csv;

        @Option(names = "--label", required = true, description = "column naming each group")
        String label;

        @Option(names = "--values", required = true, split = ",", paramLabel = "COL", description = "numeric column(s), one bar each")
        List<String> values = new ArrayList<>();

        @Option(names = "--legend", split = ",", paramLabel = "NAME", description = "display names of the value columns (default: the column names)")
        List<String> legend = new ArrayList<>();

        @Option(names = "--title", required = true, description = "chart title")
        String title;

        @Option(names = "--subtitle", description = "second title line")
        String subtitle;

        @Option(names = "--ylabel", defaultValue = "", description = "value axis label, with its unit")
        String valueLabel;

        @Option(names = "--horizontal", description = "bars along x, groups down the y axis")
        boolean horizontal;

        @Option(names = "--sort", description = "largest first value first (default: CSV order)")
        boolean sort;

        @Option(names = "--baseline", paramLabel = "COL", description = "a column with one value for all rows, drawn as a dashed reference line")
        String baseline;

        @Option(names = "--baseline-label", description = "the reference line's name (default: the column name)")
        String baselineLabel;

        @Option(names = "--width", defaultValue = "1000", description = "pixels (default: ${DEFAULT-VALUE})")
        int width;

        @Option(names = "--height", defaultValue = "560", description = "pixels (default: ${DEFAULT-VALUE})")
        int height;

        @Option(names = "--out", required = true, description = "PNG file to write")
        Path out;

        @Override
        public Integer call() throws Exception {
            BarChart.Options options =
                    new BarChart.Options(title, subtitle, valueLabel, legend, horizontal, sort, baseline, baselineLabel, width, height);
            BarChart.write(CsvTable.read(csv), label, values, options, out);
            spec.commandLine().getOut().println(out);
            return 0;
        }
    }
}
