package io.github.djlssl.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTableTest {

    @Test
    void parsesHeaderQuotedFieldsCommentsAndEmptyCells() {
        CsvTable t =
                CsvTable.parse(
                        "m.csv",
                        List.of(
                                "# written by benchmarks/method-table.sh",
                                "method, knn_top1 ,note",
                                "",
                                "simclr,0.7227,\"lr 0.3, batch 256\"",
                                "dino,,\"say \"\"hi\"\"\""));
        assertEquals(List.of("method", "knn_top1", "note"), t.header());
        assertEquals(2, t.size());
        assertEquals("simclr", t.text(0, "method"));
        assertEquals(0.7227, t.number(0, "knn_top1"), 0);
        assertEquals("lr 0.3, batch 256", t.text(0, "note"));
        assertEquals("say \"hi\"", t.text(1, "note"));
        assertTrue(Double.isNaN(t.number(1, "knn_top1")), "an empty cell is missing, not zero");
        assertEquals(5, t.lineOf(1));
    }

    @Test
    void errorsNameTheFileAndLine() {
        IllegalArgumentException fields =
                assertThrows(IllegalArgumentException.class, () -> CsvTable.parse("m.csv", List.of("a,b", "1,2", "3")));
        assertEquals("m.csv:3: expected 2 fields like the header, found 1", fields.getMessage());

        CsvTable t = CsvTable.parse("m.csv", List.of("a,b", "x,1", "y,1.5e", "z,2"));
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class, () -> t.number(1, "b"));
        assertEquals("m.csv:3: column 'b': '1.5e' is not a number", number.getMessage());

        IllegalArgumentException column = assertThrows(IllegalArgumentException.class, () -> t.column("c"));
        assertEquals("m.csv has no column 'c'; columns: a, b", column.getMessage());

        IllegalArgumentException quote =
                assertThrows(IllegalArgumentException.class, () -> CsvTable.parse("m.csv", List.of("a,b", "\"x,1")));
        assertEquals("m.csv:2: unterminated quoted field", quote.getMessage());

        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> CsvTable.parse("m.csv", List.of("", "# only a comment")))
                        .getMessage()
                        .contains("m.csv is empty"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> CsvTable.read(Path.of("/nonexistent/m.csv")))
                        .getMessage()
                        .contains("no CSV file /nonexistent/m.csv"));
    }
}
