package io.github.djlssl.examples;

import io.github.djlssl.examples.cli.BenchCommand;
import io.github.djlssl.examples.cli.DescribeCommand;
import io.github.djlssl.examples.cli.EmbedCommand;
import io.github.djlssl.examples.cli.EvalCommand;
import io.github.djlssl.examples.cli.ExportCommand;
import io.github.djlssl.examples.cli.MethodsCommand;
import io.github.djlssl.examples.cli.PlotCommand;
import io.github.djlssl.examples.cli.PretrainCommand;
import io.github.djlssl.examples.cli.UsageErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code djl-ssl} command-line tool: {@code pretrain}, {@code eval knn|linear|finetune}, {@code
 * export}, {@code embed}, {@code bench}, {@code plot}, {@code methods}, {@code describe}.
 *
 * <p>Exit codes: 0 success, 1 a failure during the run (divergence, I/O), 2 bad usage (unknown
 * option, method, encoder or dataset; a missing dataset), each as one line on stderr.
 */
@Command(
        name = "djl-ssl",
        mixinStandardHelpOptions = true,
        version = "djl-ssl 0.1.0-SNAPSHOT",
        description = "Self-supervised pretraining of vision encoders on DJL (PyTorch engine).",
        subcommands = {
            PretrainCommand.class,
            EvalCommand.class,
            MethodsCommand.class,
            DescribeCommand.class,
            PlotCommand.class,
            ExportCommand.class,
            EmbedCommand.class,
            BenchCommand.class
        })
public final class DjlSslCli implements Runnable {

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the tool and exits with its code.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the tool without exiting, for tests and embedding.
     *
     * @param args command-line arguments
     * @return the exit code
     */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new DjlSslCli());
        UsageErrors.install(cli);
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "missing command: pretrain, eval, export, embed, bench, plot, methods or describe");
    }
}
