package io.github.djlssl.examples.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.export.EncoderExport;
import io.github.djlssl.core.export.FeatureSample;
import io.github.djlssl.core.export.SafetensorsFile;
import io.github.djlssl.core.run.PretrainedEncoder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code djl-ssl export --run DIR --format safetensors|djl --out FILE [--sample FILE]}: writes a
 * run's encoder for use elsewhere — safetensors with PyTorch {@code state_dict} keys (torchvision
 * ResNet / timm ViT, see docs/export.md) or DJL parameters — and optionally a fixed input batch
 * with the encoder's features for it, so the loading side can check it computes the same thing.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Export a run's encoder as safetensors (PyTorch names) or DJL parameters.")
public final class ExportCommand implements Callable<Integer> {

    /** The output formats. */
    enum Format {
        /** Hugging Face safetensors with torchvision/timm state_dict keys. */
        safetensors,
        /** DJL's parameter file, as a run's encoder.params. */
        djl
    }

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, description = "a pretrain --out directory")
    Path run;

    @Option(
            names = "--format",
            defaultValue = "safetensors",
            description = "safetensors or djl (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--out", required = true, description = "the file to write (replaced atomically)")
    Path out;

    @Option(
            names = "--sample",
            description = "also write this safetensors file: pixels, input and the encoder's features for a fixed batch")
    Path sample;

    @Option(
            names = "--sample-size",
            defaultValue = "4",
            description = "images in the --sample batch (default: ${DEFAULT-VALUE})")
    int sampleSize;

    @Mixin EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        if (sampleSize < 1) {
            throw new IllegalArgumentException("--sample-size must be >= 1, got " + sampleSize);
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a directory; give a file name");
        }
        Device[] devices = engine.start();
        PrintWriter stdout = spec.commandLine().getOut();
        try (NDManager manager = NDManager.newBaseManager(devices[0])) {
            PretrainedEncoder encoder = PretrainedEncoder.load(run, manager);
            if (format == Format.safetensors) {
                EncoderExport.writeSafetensors(encoder, out);
            } else {
                EncoderExport.writeDjl(encoder.encoder(), out);
            }
            stdout.printf(Locale.ROOT, "wrote %s (%s, %s, %d bytes)%n",
                    out, format, encoder.encoder().architecture(), Files.size(out));
            if (sample != null) {
                SafetensorsFile s =
                        FeatureSample.write(encoder.encoder(), encoder.normalization(), sampleSize, engine.seed, sample);
                stdout.printf(Locale.ROOT, "wrote %s (input %s, features %s)%n",
                        sample, s.tensor("input"), s.tensor("features"));
            }
        }
        return 0;
    }
}
