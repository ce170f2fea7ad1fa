package io.github.djlssl.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSpecTest {

    @TempDir Path tmp;

    @Test
    void parsesKnownNamesAndRoundTrips() {
        assertEquals(DatasetSpec.Kind.FASHION_MNIST, DatasetSpec.parse("Fashion-MNIST").kind());
        assertEquals(DatasetSpec.Kind.MNIST, DatasetSpec.parse("mnist").kind());
        assertEquals(DatasetSpec.Kind.CIFAR10, DatasetSpec.parse("cifar-10").kind());
        DatasetSpec folder = DatasetSpec.parse("folder:/data/My Pets");
        assertEquals(Optional.of(Paths.get("/data/My Pets")), folder.path());
        assertEquals(512, DatasetSpec.parse("synthetic:512").size());
        for (String s : new String[] {"fashion-mnist", "mnist", "cifar10", "folder:/x/y", "folder", "synthetic", "synthetic:9"}) {
            assertEquals(s, DatasetSpec.parse(s).toString());
        }
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse("imagenet"));
        assertTrue(e.getMessage().contains("unknown dataset 'imagenet'"), e.getMessage());
        for (String known : DatasetSpec.KNOWN_NAMES) {
            assertTrue(e.getMessage().contains(known), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse("mnist:foo"));
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse("synthetic:-3"));
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse("folder:"));
    }

    @Test
    void dataDirOverridesTheDefault() throws IOException {
        Path dir = DatasetFixtures.writeIdxDir(tmp.resolve("fm"), 6, 4);
        ImageSource test = DatasetSpec.parse("fashion-mnist").open(Optional.of(dir), Split.TEST, 0);
        assertEquals(4, test.size());
        assertTrue(test.description().contains(dir.toString()));
        ImageSource mnist = DatasetSpec.parse("mnist").open(Optional.of(dir), Split.TRAIN, 64);
        assertEquals(28, mnist.height(), "fixed-size datasets keep their size");
        assertThrows(IllegalArgumentException.class,
                () -> DatasetSpec.parse("mnist").open(Optional.of(dir), Split.TRAIN, 0, 3));
        Path cifar = DatasetFixtures.writeCifarDir(tmp.resolve("c"), 1, 2);
        assertEquals(5, DatasetSpec.parse("cifar10").open(Optional.of(cifar), Split.TRAIN, 0).size());
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> DatasetSpec.parse("fashion-mnist").open(Optional.of(tmp.resolve("nope")), Split.TRAIN, 0));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void syntheticDefaultsAndSplits() throws IOException {
        ImageSource train = DatasetSpec.parse("synthetic").open(Optional.empty(), Split.TRAIN, 0);
        ImageSource test = DatasetSpec.parse("synthetic:400").open(Optional.empty(), Split.TEST, 16, 1);
        assertEquals(4096, train.size());
        assertEquals(32, train.height());
        assertEquals(3, train.channels());
        assertEquals(10, train.numClasses());
        assertEquals(100, test.size());
        assertEquals(16, test.width());
        assertEquals(1, test.channels());
    }

    @Test
    void folderSplitsLabelsAndRelativePaths() throws IOException {
        DatasetFixtures.write(DatasetFixtures.rgbImage(8, 8, 1), tmp.resolve("pets/train/cat/a.png"));
        DatasetFixtures.write(DatasetFixtures.rgbImage(8, 8, 2), tmp.resolve("pets/train/dog/b.png"));
        DatasetFixtures.write(DatasetFixtures.rgbImage(8, 8, 3), tmp.resolve("pets/val/cat/c.png"));
        DatasetFixtures.write(DatasetFixtures.rgbImage(8, 8, 4), tmp.resolve("flat/x.png"));
        ImageSource train = DatasetSpec.parse("folder:pets").open(Optional.of(tmp), Split.TRAIN, 8);
        assertEquals(2, train.size());
        assertEquals(2, train.numClasses());
        ImageSource val = DatasetSpec.parse("folder:" + tmp.resolve("pets")).open(Optional.empty(), Split.TEST, 8);
        assertEquals(1, val.size());
        ImageSource flat = DatasetSpec.parse("folder").open(Optional.of(tmp.resolve("flat")), Split.TRAIN, 0, 1);
        assertFalse(flat.hasLabels());
        assertEquals(64, flat.height());
        assertEquals(1, flat.channels());
        assertThrows(IllegalArgumentException.class,
                () -> DatasetSpec.parse("folder").open(Optional.empty(), Split.TRAIN, 8));
        assertThrows(DatasetNotFoundException.class,
                () -> DatasetSpec.parse("folder:missing").open(Optional.of(tmp), Split.TRAIN, 8));
    }
}
