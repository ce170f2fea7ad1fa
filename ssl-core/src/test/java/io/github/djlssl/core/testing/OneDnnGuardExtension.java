package io.github.djlssl.core.testing;

import io.github.djlssl.core.engine.OneDnnIsaGuard;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Applies {@link OneDnnIsaGuard} before any test class runs, so that no test's first libtorch
 * operation (any matmul initialises oneDNN and fixes its ISA) comes before the guard — the test
 * JVM then runs the kernels a user of the command-line tool gets. Registered through JUnit's
 * extension auto-detection ({@code META-INF/services}, enabled in the surefire and failsafe
 * configuration of the parent pom); modules that depend on ssl-core's test-jar get it too.
 */
public final class OneDnnGuardExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        OneDnnIsaGuard.apply();
    }
}
