package io.github.djlssl.examples.cli;

import io.github.djlssl.core.config.RecordBinder;
import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.method.SslMethods;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code djl-ssl describe METHOD}: prints the method's config defaults, read from its record. */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        description = "Print a method's settings and their defaults (override with --set key=value).")
public final class DescribeCommand implements Callable<Integer> {

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "METHOD", description = "a method id, see 'djl-ssl methods'")
    private String method;

    @Override
    public Integer call() {
        SslMethodProvider<?> p = SslMethods.get(method);
        var out = spec.commandLine().getOut();
        out.println(p.id() + ": " + p.description());
        RecordBinder.describe(p.defaultConfig()).forEach((k, v) -> out.printf("  %s = %s%n", k, v));
        return 0;
    }
}
