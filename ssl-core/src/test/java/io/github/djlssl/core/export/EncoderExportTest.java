package io.github.djlssl.core.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.encoder.VitConfig;
import io.github.djlssl.core.random.Rng;
import io.github.djlssl.core.run.PretrainedEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderExportTest {

    static final EncoderSpec RESNET = EncoderSpec.of("resnet18", 16, 3).withWidth(8);

    /** Gives every parameter distinct non-trivial values (BN running stats included). */
    static void randomise(Encoder encoder, long seed) {
        Rng rng = new Rng(seed);
        for (Pair<String, Parameter> p : encoder.getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] v = rng.uniformArray(Math.toIntExact(a.size()), 0.5, 1.5);
            a.set(java.nio.FloatBuffer.wrap(v));
        }
    }

    static float[] features(Encoder encoder, NDManager manager, long seed) {
        NDArray x = new Rng(seed).uniform(manager, new ai.djl.ndarray.types.Shape(2, 3, 16, 16), -1, 1);
        return encoder.features(new ParameterStore(manager, false), x, false).toFloatArray();
    }

    @Test
    void resnetKeysAreTorchvisionResnet18WithoutFc() {
        try (NDManager m = NDManager.newBaseManager()) {
            Encoder e = PretrainedEncoder.initialise(RESNET, m);
            Map<String, NDArray> sd = EncoderExport.stateDict(e, m);
            assertEquals(TorchvisionKeys.RESNET18_WITHOUT_FC, List.copyOf(sd.keySet()));
            assertArrayEquals(new long[] {8, 3, 3, 3}, sd.get("conv1.weight").getShape().getShape());
            assertArrayEquals(new long[] {16, 8, 1, 1}, sd.get("layer2.0.downsample.0.weight").getShape().getShape());
            assertArrayEquals(new long[] {64}, sd.get("layer4.1.bn2.running_var").getShape().getShape());
            NDArray tracked = sd.get("bn1.num_batches_tracked");
            assertEquals(DataType.INT64, tracked.getDataType());
            assertEquals(0, tracked.getShape().dimension());
        }
    }

    @Test
    void vitKeysAreTimmVisionTransformer() {
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderSpec spec = EncoderSpec.of("vit-tiny", 16, 3);
            Map<String, NDArray> sd = EncoderExport.stateDict(PretrainedEncoder.initialise(spec, m), m);
            assertEquals(TimmKeys.vit(12, true), List.copyOf(sd.keySet()));
            assertArrayEquals(new long[] {1, 17, 192}, sd.get("pos_embed").getShape().getShape());
            assertArrayEquals(new long[] {1, 1, 192}, sd.get("cls_token").getShape().getShape());
            assertArrayEquals(new long[] {192, 3, 4, 4}, sd.get("patch_embed.proj.weight").getShape().getShape());
            assertArrayEquals(new long[] {576, 192}, sd.get("blocks.0.attn.qkv.weight").getShape().getShape());
            assertArrayEquals(new long[] {768, 192}, sd.get("blocks.11.mlp.fc1.weight").getShape().getShape());
            assertArrayEquals(new long[] {192}, sd.get("norm.bias").getShape().getShape());

            Map<String, NDArray> mean =
                    EncoderExport.stateDict(PretrainedEncoder.initialise(spec.withPooling(VitConfig.Pooling.MEAN), m), m);
            assertEquals(TimmKeys.vit(12, false), List.copyOf(mean.keySet()));
            assertArrayEquals(new long[] {1, 16, 192}, mean.get("pos_embed").getShape().getShape());
        }
    }

    @Test
    void safetensorsRoundTripRestoresTheEncoderExactly(@TempDir Path tmp) throws IOException {
        Normalize norm = new Normalize(new float[] {0.1f, 0.2f, 0.3f}, new float[] {0.5f, 0.6f, 0.7f});
        try (NDManager m = NDManager.newBaseManager()) {
            Encoder original = PretrainedEncoder.initialise(RESNET, m);
            randomise(original, 3);
            Path file = tmp.resolve("r.safetensors");
            EncoderExport.writeSafetensors(original, RESNET, norm, file);

            SafetensorsFile raw = SafetensorsReader.read(file);
            assertEquals("pt", raw.metadata().get("format"));
            assertEquals("true", raw.metadata().get("small_stem"));
            assertEquals("resnet18-w8", raw.metadata().get("architecture"));
            assertEquals(SafetensorsDType.I64, raw.tensor("layer1.0.bn1.num_batches_tracked").dtype());

            ExportedEncoder back = EncoderExport.readSafetensors(file, m);
            assertEquals(RESNET, back.spec());
            assertArrayEquals(norm.mean(), back.normalization().mean());
            assertArrayEquals(norm.std(), back.normalization().std());
            List<Pair<String, Parameter>> a = original.getParameters().stream().toList();
            List<Pair<String, Parameter>> b = back.encoder().getParameters().stream().toList();
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).getValue().getArray().toFloatArray(),
                        b.get(i).getValue().getArray().toFloatArray(), a.get(i).getKey());
            }
            assertArrayEquals(features(original, m, 9), features(back.encoder(), m, 9));
        }
    }

    @Test
    void vitRoundTripAndSinCosTableCheck(@TempDir Path tmp) throws IOException {
        EncoderSpec spec = EncoderSpec.of("vit-tiny", 16, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            Encoder original = PretrainedEncoder.initialise(spec, m);
            Path file = tmp.resolve("v.safetensors");
            EncoderExport.writeSafetensors(original, spec, Normalize.defaultFor(3), file);
            ExportedEncoder back = EncoderExport.readSafetensors(file, m);
            assertEquals("token", SafetensorsReader.read(file).metadata().get("global_pool"));
            assertArrayEquals(features(original, m, 4), features(back.encoder(), m, 4));

            Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>(SafetensorsReader.read(file).tensors());
            float[] pos = tensors.get("pos_embed").floats();
            pos[200] += 0.5f; // a fine-tuned pos_embed cannot live in a fixed-table encoder
            tensors.put("pos_embed", SafetensorsTensor.ofFloats(tensors.get("pos_embed").shape(), pos));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EncoderExport.loadStateDict(back.encoder(), tensors));
            assertTrue(e.getMessage().contains("pos_embed"), e.getMessage());
        }
    }

    @Test
    void strictLoadingNamesMissingUnexpectedAndMisshapenKeys(@TempDir Path tmp) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Encoder e = PretrainedEncoder.initialise(RESNET, m);
            Map<String, SafetensorsTensor> good =
                    EncoderExport.toSafetensors(e, RESNET, Normalize.defaultFor(3)).tensors();

            Map<String, SafetensorsTensor> extra = new LinkedHashMap<>(good);
            extra.put("fc.weight", SafetensorsTensor.ofFloats(new long[] {1}, new float[1]));
            extra.remove("layer3.1.conv2.weight");
            String msg = assertThrows(IllegalArgumentException.class, () -> EncoderExport.loadStateDict(e, extra)).getMessage();
            assertTrue(msg.contains("missing keys [layer3.1.conv2.weight]"), msg);
            assertTrue(msg.contains("unexpected keys [fc.weight]"), msg);

            Map<String, SafetensorsTensor> shaped = new LinkedHashMap<>(good);
            shaped.put("bn1.weight", SafetensorsTensor.ofFloats(new long[] {9}, new float[9]));
            msg = assertThrows(IllegalArgumentException.class, () -> EncoderExport.loadStateDict(e, shaped)).getMessage();
            assertTrue(msg.contains("bn1.weight") && msg.contains("(9)"), msg);

            // a file of another width names the file and the key
            Path wide = tmp.resolve("w16.safetensors");
            EncoderSpec w16 = RESNET.withWidth(16);
            EncoderExport.writeSafetensors(PretrainedEncoder.initialise(w16, m), w16, Normalize.defaultFor(3), wide);
            SafetensorsFile f = SafetensorsReader.read(wide);
            msg = assertThrows(IllegalArgumentException.class, () -> EncoderExport.loadStateDict(e, f.tensors())).getMessage();
            assertTrue(msg.contains("conv1.weight"), msg);
        }
    }

    @Test
    void aFileWithoutOurMetadataIsRejectedByName(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("foreign.safetensors");
        SafetensorsWriter.write(file, new SafetensorsFile(
                Map.of("conv1.weight", SafetensorsTensor.ofFloats(new long[] {1}, new float[1])), Map.of("format", "pt")));
        try (NDManager m = NDManager.newBaseManager()) {
            String msg = assertThrows(IllegalArgumentException.class, () -> EncoderExport.readSafetensors(file, m)).getMessage();
            assertTrue(msg.startsWith(file.toString()) && msg.contains("'encoder' is missing"), msg);
        }
    }

    @Test
    void djlFormatRoundTrips(@TempDir Path tmp) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Encoder original = PretrainedEncoder.initialise(RESNET, m);
            randomise(original, 5);
            Path file = tmp.resolve("enc.params");
            EncoderExport.writeDjl(original, file);
            Encoder back = EncoderExport.readDjl(file, RESNET, m);
            assertArrayEquals(features(original, m, 1), features(back, m, 1));
            IOException e = assertThrows(IOException.class, () -> EncoderExport.readDjl(file, RESNET.withWidth(16), m));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
    }

    @Test
    void featureSampleHoldsTheEncodersOutputForItsInput(@TempDir Path tmp) throws IOException {
        Normalize norm = new Normalize(new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.2f, 0.25f, 0.3f});
        try (NDManager m = NDManager.newBaseManager()) {
            Encoder e = PretrainedEncoder.initialise(RESNET, m);
            randomise(e, 11);
            int before = m.getManagedArrays().size();
            Path file = tmp.resolve("sample.safetensors");
            FeatureSample.write(e, norm, 3, 42, file);
            assertEquals(before, m.getManagedArrays().size(), "no arrays leak into the encoder's manager");
            SafetensorsFile s = SafetensorsReader.read(file);
            assertArrayEquals(new long[] {3, 3, 16, 16}, s.tensor("input").shape());
            assertArrayEquals(new long[] {3, 64}, s.tensor("features").shape());
            float[] pixels = s.tensor("pixels").floats();
            float[] input = s.tensor("input").floats();
            int channel1 = 256; // first element of channel 1 of image 0
            assertEquals((pixels[channel1] - 0.4f) / 0.25f, input[channel1], 1e-6f);
            NDArray x = m.create(input, new ai.djl.ndarray.types.Shape(3, 3, 16, 16));
            assertArrayEquals(e.features(new ParameterStore(m, false), x, false).toFloatArray(),
                    s.tensor("features").floats());
            assertEquals(FeatureSample.compute(e, norm, 3, 42), s, "deterministic for a seed");
        }
    }
}
