package io.github.djlssl.examples.cli;

import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.method.SslMethods;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code djl-ssl methods}: lists the registered methods. */
@Command(name = "methods", mixinStandardHelpOptions = true, description = "List registered methods.")
public final class MethodsCommand implements Callable<Integer> {

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        for (SslMethodProvider<?> p : SslMethods.all()) {
            spec.commandLine().getOut().printf("%-14s %s%n", p.id(), p.description());
        }
        return 0;
    }
}
