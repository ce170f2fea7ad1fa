package io.github.djlssl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.djlssl.core.encoder.Encoder;
import io.github.djlssl.core.encoder.EncoderSpec;
import io.github.djlssl.core.run.PretrainedEncoder;
import io.github.djlssl.core.run.RunRecord;
import io.github.djlssl.examples.CliRun;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedCommandTest {

    @TempDir static Path tmp;
    static Path run;
    static Path images;

    /** A finished-looking run: config.json + random-init encoder.params (1 x 16 x 16 ResNet-18, width 4). */
    @BeforeAll
    static void runAndImages() throws IOException {
        run = Files.createDirectories(tmp.resolve("run"));
        EncoderSpec spec = EncoderSpec.of("resnet18", 16, 1).withWidth(4);
        new RunRecord("simclr", Map.of(), spec, "fashion-mnist", null, null, 0,
                new float[] {0.286f}, new float[] {0.353f}, null).write(run);
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = PretrainedEncoder.initialise(spec, manager);
            try (OutputStream out = Files.newOutputStream(run.resolve(PretrainedEncoder.WEIGHTS_FILE));
                    DataOutputStream dout = new DataOutputStream(out)) {
                encoder.saveParameters(dout);
            }
        }
        images = Files.createDirectories(tmp.resolve("images"));
        Path sub = Files.createDirectories(images.resolve("tops"));
        for (int i = 0; i < 3; i++) {
            BufferedImage img = new BufferedImage(20 + i, 20, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 20; y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    img.setRGB(x, y, ((x * (i + 3) + y * 11) % 256) * 0x010101);
                }
            }
            ImageIO.write(img, "png", (i == 0 ? images : sub).resolve("img" + i + ".png").toFile());
        }
        Files.writeString(images.resolve("labels.txt"), "not an image");
    }

    @Test
    void csvHasOneUnitRowPerImageNamedRelativeToTheFolder() throws IOException {
        Path csv = tmp.resolve("out/e.csv");
        CliRun r = CliRun.of("embed", "--run", run.toString(), "--input", "folder:" + images, "--out", csv.toString(),
                "--batch-size", "2", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.lastLine().startsWith("embedded=3 dim="), r.out());
        assertTrue(r.lastLine().endsWith("skipped=0 out=" + csv), r.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(4, lines.size());
        assertTrue(lines.get(0).startsWith("path,e0,e1,"), lines.get(0));
        assertEquals(List.of("img0.png", "tops/img1.png", "tops/img2.png"),
                lines.subList(1, 4).stream().map(l -> l.substring(0, l.indexOf(','))).toList());
        for (String line : lines.subList(1, 4)) {
            String[] cells = line.split(",");
            double sq = 0;
            for (int j = 1; j < cells.length; j++) {
                sq += Math.pow(Float.parseFloat(cells[j]), 2);
            }
            assertEquals(1.0, sq, 1e-5, line);
            assertEquals(lines.get(0).split(",").length, cells.length);
        }
    }

    @Test
    void npyIsAFloat32MatrixWithItsFileListNextToIt() throws IOException {
        Path npy = tmp.resolve("e.npy");
        CliRun r = CliRun.of("embed", "--run", run.toString(), "--input", "folder:" + images, "--out", npy.toString());
        assertEquals(0, r.code(), r.err());
        int dim = Integer.parseInt(r.lastLine().replaceAll(".*dim=(\\d+).*", "$1"));
        byte[] bytes = Files.readAllBytes(npy);
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'shape': (3, " + dim + ")"), header);
        assertEquals(0, (10 + headerLength) % 64);
        assertEquals(10 + headerLength + 3 * dim * 4, bytes.length);
        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLength, dim * 4).order(ByteOrder.LITTLE_ENDIAN);
        double sq = 0;
        for (int j = 0; j < dim; j++) {
            sq += Math.pow(data.getFloat(), 2);
        }
        assertEquals(1.0, sq, 1e-5);
        assertEquals(List.of("img0.png", "tops/img1.png", "tops/img2.png"),
                Files.readAllLines(tmp.resolve("e.npy.txt")));
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        String r = run.toString();
        String in = "folder:" + images;
        String out = tmp.resolve("x.csv").toString();
        for (String[] args :
                new String[][] {
                    {"embed", "--run", r, "--input", images.toString(), "--out", out},
                    {"embed", "--run", r, "--input", "folder:", "--out", out},
                    {"embed", "--run", r, "--input", "folder:" + tmp.resolve("missing"), "--out", out},
                    {"embed", "--run", r, "--input", "folder:" + empty, "--out", out},
                    {"embed", "--run", r, "--input", in, "--out", tmp.resolve("x.json").toString()},
                    {"embed", "--run", r, "--input", in, "--out", out, "--batch-size", "0"},
                    {"embed", "--run", tmp.resolve("no-run").toString(), "--input", in, "--out", out},
                    {"embed", "--input", in, "--out", out},
                }) {
            CliRun res = CliRun.of(args);
            assertEquals(2, res.code(), String.join(" ", args) + " → " + res.err());
            assertFalse(res.err().contains("\tat "), "no stack trace: " + res.err());
            assertTrue(res.err().startsWith("djl-ssl: "), res.err());
        }
        assertFalse(Files.exists(tmp.resolve("x.csv")));
    }
}
