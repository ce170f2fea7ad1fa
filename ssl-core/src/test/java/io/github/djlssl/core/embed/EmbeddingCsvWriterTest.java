package io.github.djlssl.core.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCsvWriterTest {

    @TempDir Path dir;

    @Test
    void headerThenOneLinePerImageWithItsPathFirst() throws IOException {
        Path file = dir.resolve("e.csv");
        EmbeddingCsvWriter.write(file, List.of("a/1.png", "b,\"x\".png"),
                new float[][] {{0.6f, -0.8f, 0f}, {1.5e-5f, 1f, 0.25f}});
        String expected = "path,e0,e1,e2\n"
                + "a/1.png,0.6,-0.8,0.0\n"
                + "\"b,\"\"x\"\".png\",1.5E-5,1.0,0.25\n";
        assertEquals(expected, Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void valuesRoundTripExactly() throws IOException {
        Path file = dir.resolve("r.csv");
        float[] row = {0.1f, (float) Math.PI, -1e-30f, 0.33333334f};
        EmbeddingCsvWriter.write(file, List.of("x.png"), new float[][] {row});
        String[] cells = Files.readAllLines(file).get(1).split(",");
        for (int j = 0; j < row.length; j++) {
            assertEquals(row[j], Float.parseFloat(cells[j + 1]));
        }
    }

    @Test
    void namesMustMatchRows() {
        assertThrows(IllegalArgumentException.class,
                () -> EmbeddingCsvWriter.write(dir.resolve("x.csv"), List.of("a"), new float[][] {{1f}, {2f}}));
    }

    @Test
    void overwritesAtomicallyLeavingNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("o.csv");
        Files.writeString(file, "old");
        EmbeddingCsvWriter.write(file, List.of("a.png"), new float[][] {{1f}});
        assertEquals("path,e0\na.png,1.0\n", Files.readString(file));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList());
        }
    }
}
