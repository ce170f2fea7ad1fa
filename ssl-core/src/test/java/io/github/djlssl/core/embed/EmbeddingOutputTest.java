package io.github.djlssl.core.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingOutputTest {

    @TempDir Path dir;

    private FolderEmbeddings sample() {
        return new FolderEmbeddings(dir, List.of("a.png", "sub/b.jpg"), new float[][] {{1f, 0f}, {0f, 1f}}, List.of());
    }

    @Test
    void npyComesWithItsFileList() throws IOException {
        Path npy = dir.resolve("out/e.npy");
        List<Path> written = EmbeddingOutput.write(npy, sample());
        Path list = dir.resolve("out/e.npy.txt");
        assertEquals(List.of(npy, list), written);
        assertEquals(128 + 16, Files.size(npy));
        assertEquals("a.png\nsub/b.jpg\n", Files.readString(list));
    }

    @Test
    void csvHasThePathsInline() throws IOException {
        Path csv = dir.resolve("e.CSV");
        assertEquals(List.of(csv), EmbeddingOutput.write(csv, sample()));
        assertEquals("path,e0,e1\na.png,1.0,0.0\nsub/b.jpg,0.0,1.0\n", Files.readString(csv));
    }

    @Test
    void otherExtensionsAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingOutput.write(dir.resolve("e.json"), sample()));
        assertEquals("output " + dir.resolve("e.json") + " must end in .csv or .npy", e.getMessage());
    }

    @Test
    void recordNeedsOneVectorPerFile() {
        assertThrows(IllegalArgumentException.class,
                () -> new FolderEmbeddings(dir, List.of("a.png"), new float[0][], List.of()));
    }
}
