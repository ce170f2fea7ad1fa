package io.github.djlssl.core.export;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.github.djlssl.core.augment.Normalize;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.encoder.PositionalEmbedding;
import io.github.djlssl.core.encoder.TorchNames;
import io.github.djlssl.core.encoder.VisionTransformer;
import io.github.djlssl.core.io.AtomicFiles;
import io.github.djlssl.core.run.PretrainedEncoder;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports a trained encoder, and reads exports back, in two formats:
 *
 * <ul>
 *   <li><b>safetensors</b> with PyTorch {@code state_dict} keys ({@link TorchNames}): a ResNet
 *       loads with {@code strict=True} into torchvision's {@code ResNet} whose {@code fc} is {@code
 *       nn.Identity()} (plus the small stem for images ≤ 64 px); a ViT into timm's {@code
 *       VisionTransformer(num_classes=0, …)}. Every DJL tensor already has PyTorch's layout (conv
 *       {@code [out, in, kh, kw]}, Linear {@code [out, in]}, norms {@code [C]}), so values are
 *       copied unchanged. Two entries are added: {@code <bn>.num_batches_tracked} (I64 scalar 0:
 *       DJL does not count batches, and PyTorch only reads it when {@code momentum=None}) after
 *       every BatchNorm, and a ViT's fixed sin-cos table as timm's {@code pos_embed} parameter.
 *       The {@code __metadata__} ({@link ExportMetadata}) records spec and normalisation, so the
 *       file alone rebuilds the encoder ({@link #readSafetensors});
 *   <li><b>DJL</b> parameters ({@code Block.saveParameters}), the format of a run's {@code
 *       encoder.params}: reading needs the {@link EncoderSpec}.
 * </ul>
 */
public final class EncoderExport {

    /** The key suffix PyTorch's BatchNorm adds to its buffers. */
    static final String BATCHES_TRACKED = "num_batches_tracked";

    private static final String POS_EMBED = "pos_embed";
    private static final String CLS_TOKEN = "cls_token";
    private static final String RUNNING_VAR = ".running_var";

    private EncoderExport() {}

    /**
     * Returns the encoder's PyTorch {@code state_dict}, in torchvision/timm key order.
     *
     * @param encoder an initialised encoder
     * @param manager owner of the added arrays ({@code num_batches_tracked}, the sin-cos {@code
     *     pos_embed}); the other values are the encoder's own parameter arrays, not copies
     * @return PyTorch key → array
     */
    public static Map<String, NDArray> stateDict(Encoder encoder, NDManager manager) {
        Map<String, String> names = TorchNames.of(encoder);
        NDArray fixedPositions = fixedPositions(encoder, manager);
        Map<String, NDArray> out = new LinkedHashMap<>();
        if (fixedPositions != null && !names.containsValue(CLS_TOKEN)) {
            out.put(POS_EMBED, fixedPositions);
        }
        for (Pair<String, Parameter> p : encoder.getParameters()) {
            String key = names.get(p.getKey());
            if (key == null) {
                throw new IllegalStateException("no PyTorch name for parameter " + p.getKey());
            }
            out.put(key, p.getValue().getArray());
            if (key.equals(CLS_TOKEN) && fixedPositions != null) {
                out.put(POS_EMBED, fixedPositions); // timm's order: cls_token, pos_embed, patch_embed…
            }
            if (key.endsWith(RUNNING_VAR)) {
                String prefix = key.substring(0, key.length() - RUNNING_VAR.length());
                out.put(prefix + "." + BATCHES_TRACKED, manager.create(0L));
            }
        }
        return out;
    }

    /** A sub-manager of the encoder's own, so added arrays live on the encoder's device. */
    private static NDManager scratchManager(Encoder encoder) {
        return encoder.getParameters().valueAt(0).getArray().getManager().newSubManager();
    }

    /** A ViT's sin-cos table, which is a constant in DJL but a parameter in timm; else null. */
    private static NDArray fixedPositions(Encoder encoder, NDManager manager) {
        if (encoder instanceof VisionTransformer v
                && v.config().positionalEmbedding() == PositionalEmbedding.SINCOS_2D) {
            return v.fixedPositionalEmbedding(manager);
        }
        return null;
    }

    /**
     * Converts the encoder to safetensors content with metadata.
     *
     * @param encoder an initialised encoder
     * @param spec the spec it was built from
     * @param normalization its input normalisation
     * @return tensors in {@link #stateDict} order (F32, I64 for {@code num_batches_tracked})
     */
    public static SafetensorsFile toSafetensors(Encoder encoder, EncoderSpec spec, Normalize normalization) {
        try (NDManager scratch = scratchManager(encoder)) {
            Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
            stateDict(encoder, scratch).forEach((key, array) -> tensors.put(key, tensor(key, array)));
            return new SafetensorsFile(tensors, ExportMetadata.of(encoder, spec, normalization));
        }
    }

    private static SafetensorsTensor tensor(String key, NDArray array) {
        long[] shape = array.getShape().getShape();
        return switch (array.getDataType()) {
            case FLOAT32 -> SafetensorsTensor.ofFloats(shape, array.toFloatArray());
            case INT64 -> SafetensorsTensor.ofLongs(shape, array.toLongArray());
            default -> throw new IllegalStateException(
                    key + " has data type " + array.getDataType() + "; export supports FLOAT32 encoders");
        };
    }

    /**
     * Writes a run's encoder as safetensors.
     *
     * @param pretrained a loaded run ({@link PretrainedEncoder#load})
     * @param file the destination, written atomically
     * @throws IOException when writing fails
     */
    public static void writeSafetensors(PretrainedEncoder pretrained, Path file) throws IOException {
        writeSafetensors(pretrained.encoder(), pretrained.spec(), pretrained.normalization(), file);
    }

    /**
     * Writes an encoder as safetensors.
     *
     * @param encoder an initialised encoder
     * @param spec the spec it was built from
     * @param normalization its input normalisation
     * @param file the destination, written atomically
     * @throws IOException when writing fails
     */
    public static void writeSafetensors(Encoder encoder, EncoderSpec spec, Normalize normalization, Path file)
            throws IOException {
        SafetensorsWriter.write(file, toSafetensors(encoder, spec, normalization));
    }

    /**
     * Reads a safetensors export back into a new encoder built from the file's metadata.
     *
     * @param file a file written by {@link #writeSafetensors}
     * @param manager owner of the new encoder's parameters
     * @return the encoder, spec and normalisation
     * @throws InvalidSafetensorsException when the file is malformed
     * @throws IllegalArgumentException when metadata or tensors do not describe the encoder (names the key)
     * @throws IOException when the file cannot be read
     */
    public static ExportedEncoder readSafetensors(Path file, NDManager manager) throws IOException {
        SafetensorsFile content = SafetensorsReader.read(file);
        EncoderSpec spec;
        Normalize normalization;
        try {
            spec = ExportMetadata.spec(content.metadata());
            normalization = ExportMetadata.normalization(content.metadata());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        Encoder encoder = PretrainedEncoder.initialise(spec, manager);
        try {
            loadStateDict(encoder, content.tensors());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return new ExportedEncoder(encoder, spec, normalization);
    }

    /**
     * Copies PyTorch-named tensors into an initialised encoder, as {@code load_state_dict(strict=True)}:
     * the key sets must be equal and every shape must match. {@code num_batches_tracked} values are
     * ignored; a ViT with a fixed sin-cos table checks that {@code pos_embed} equals it.
     *
     * @param encoder an initialised encoder
     * @param tensors PyTorch key → tensor (F32, F16 or BF16 for weights)
     * @throws IllegalArgumentException listing missing/unexpected keys, or naming a bad tensor
     */
    public static void loadStateDict(Encoder encoder, Map<String, SafetensorsTensor> tensors) {
        try (NDManager scratch = scratchManager(encoder)) {
            Map<String, NDArray> expected = stateDict(encoder, scratch);
            List<String> missing = new ArrayList<>(expected.keySet());
            missing.removeAll(tensors.keySet());
            List<String> unexpected = new ArrayList<>(tensors.keySet());
            unexpected.removeAll(expected.keySet());
            if (!missing.isEmpty() || !unexpected.isEmpty()) {
                throw new IllegalArgumentException(
                        "state_dict does not match " + encoder.architecture() + ": missing keys " + missing
                                + ", unexpected keys " + unexpected);
            }
            Map<NDArray, String> parameters = new IdentityHashMap<>();
            encoder.getParameters().forEach(p -> parameters.put(p.getValue().getArray(), p.getKey()));
            for (Map.Entry<String, NDArray> e : expected.entrySet()) {
                String key = e.getKey();
                NDArray target = e.getValue();
                SafetensorsTensor source = tensors.get(key);
                Shape shape = new Shape(source.shape());
                if (!shape.equals(target.getShape())) {
                    throw new IllegalArgumentException(
                            key + ": shape " + shape + " in the file, " + target.getShape() + " in the encoder");
                }
                if (key.endsWith("." + BATCHES_TRACKED)) {
                    continue;
                }
                if (source.dtype() == SafetensorsDType.I64 || source.dtype() == SafetensorsDType.I32) {
                    throw new IllegalArgumentException(key + ": integer dtype " + source.dtype() + " for a weight");
                }
                float[] values = source.floats();
                if (parameters.containsKey(target)) {
                    target.set(FloatBuffer.wrap(values));
                } else {
                    checkConstant(key, target, values);
                }
            }
        }
    }

    /** The file's copy of a constant (the sin-cos table) must equal ours: DJL cannot load it. */
    private static void checkConstant(String key, NDArray constant, float[] values) {
        float[] ours = constant.toFloatArray();
        double worst = 0;
        for (int i = 0; i < ours.length; i++) {
            worst = Math.max(worst, Math.abs(ours[i] - values[i]));
        }
        if (!(worst <= 1e-5)) {
            throw new IllegalArgumentException(
                    key + " differs from this encoder's fixed sin-cos table (max |diff| " + worst
                            + "): a ViT with a trained pos_embed needs PositionalEmbedding.LEARNED");
        }
    }

    /**
     * Writes the encoder's parameters in DJL's format (what a run's {@code encoder.params} holds).
     *
     * @param encoder an initialised encoder
     * @param file the destination, written atomically
     * @throws IOException when writing fails
     */
    public static void writeDjl(Encoder encoder, Path file) throws IOException {
        AtomicFiles.write(
                file,
                out -> {
                    DataOutputStream data = new DataOutputStream(out);
                    encoder.saveParameters(data);
                    data.flush();
                });
    }

    /**
     * Reads DJL parameters into a new encoder.
     *
     * @param file a file written by {@link #writeDjl} (or a run's {@code encoder.params})
     * @param spec the architecture the parameters belong to
     * @param manager owner of the new encoder's parameters
     * @return the encoder
     * @throws IOException when the file cannot be read or does not match the spec, including a
     *     parameter of another shape (which DJL's own loader silently accepts)
     */
    public static Encoder readDjl(Path file, EncoderSpec spec, NDManager manager) throws IOException {
        return PretrainedEncoder.readParameters(file, spec, manager);
    }
}
