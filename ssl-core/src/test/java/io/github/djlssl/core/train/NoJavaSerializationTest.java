package io.github.djlssl.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the rule that nothing is persisted with Java serialization (fragile across versions and
 * unsafe to read): checkpoints are safetensors, records are JSON, encoders are DJL params. Scans
 * the main sources of every module of the build.
 */
class NoJavaSerializationTest {

    private static final Pattern FORBIDDEN =
            Pattern.compile(
                    "\\bObject(Output|Input)Stream\\b"
                            + "|\\bimplements\\b[^{]*\\b(java\\.io\\.)?(Serializable|Externalizable)\\b"
                            + "|\\b(readObject|writeObject|readResolve|writeReplace)\\s*\\(");

    @Test
    void noMainSourceUsesJavaSerialization() throws IOException {
        // Surefire runs with the module directory as working directory; the build root is its parent.
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> trees = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).sorted().forEach(trees::add);
        }
        assertTrue(trees.contains(root.resolve("ssl-core/src/main/java")), "module layout changed: " + trees);
        assertTrue(trees.size() >= 2, "expected every module's sources, found " + trees);

        List<String> hits = new ArrayList<>();
        int files = 0;
        for (Path tree : trees) {
            try (Stream<Path> walk = Files.walk(tree)) {
                for (Path f : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                    files++;
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    Matcher m = FORBIDDEN.matcher(text);
                    while (m.find()) {
                        hits.add(root.relativize(f) + ": " + m.group());
                    }
                }
            }
        }
        assertTrue(files > 50, "scanned too few files (" + files + "): wrong root " + root);
        assertEquals(List.of(), hits, "Java serialization is not allowed");
    }

    @Test
    void thePatternCatchesWhatItMustAndNothingElse() {
        assertTrue(FORBIDDEN.matcher("new ObjectOutputStream(out)").find());
        assertTrue(FORBIDDEN.matcher("class A implements Comparable<A>, Serializable {").find());
        assertTrue(FORBIDDEN.matcher("private void readObject(ObjectInputStream in)").find());
        assertTrue(!FORBIDDEN.matcher("private static final long serialVersionUID = 1L;").find());
        assertTrue(!FORBIDDEN.matcher("NDList.encode(os, NDList.Encoding.SAFETENSORS);").find());
    }
}
