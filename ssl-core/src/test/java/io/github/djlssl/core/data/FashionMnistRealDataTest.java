package io.github.djlssl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Reads the real Fashion-MNIST from Debian's {@code dataset-fashion-mnist} package when installed. */
class FashionMnistRealDataTest {

    @Test
    void readsBothSplitsFromTheDebianPackage() throws IOException {
        assumeTrue(Files.isDirectory(IdxImageSource.FASHION_MNIST_DEFAULT_DIR),
                "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)");
        IdxImageSource train = IdxImageSource.fashionMnist(IdxImageSource.FASHION_MNIST_DEFAULT_DIR, Split.TRAIN);
        IdxImageSource test = IdxImageSource.fashionMnist(IdxImageSource.FASHION_MNIST_DEFAULT_DIR, Split.TEST);
        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        for (IdxImageSource s : new IdxImageSource[] {train, test}) {
            assertEquals(1, s.channels());
            assertEquals(28, s.height());
            assertEquals(28, s.width());
            assertEquals(10, s.numClasses());
            int[] counts = new int[10];
            for (int i = 0; i < s.size(); i++) {
                int label = s.label(i);
                assertTrue(label >= 0 && label < 10);
                counts[label]++;
            }
            for (int c : counts) {
                assertEquals(s.size() / 10, c, "Fashion-MNIST is exactly balanced");
            }
        }
        byte[] image = new byte[784];
        train.readImage(0, image, 0);
        int nonZero = 0;
        for (byte b : image) {
            nonZero += b != 0 ? 1 : 0;
        }
        assertTrue(nonZero > 100 && nonZero < 784, "a real garment image: " + nonZero + " non-zero pixels");
        assertEquals("fashion-mnist train (60000 images, 1x28x28, /usr/share/datasets/fashion-mnist)", train.description());
    }
}
