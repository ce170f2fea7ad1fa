package io.github.djlssl.jointembed.simclr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.djlssl.core.method.SslMethodProvider;
import io.github.djlssl.core.testing.SslMethodContractTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimClrTest extends SslMethodContractTest<SimClrConfig> {

    @Override
    protected SslMethodProvider<SimClrConfig> provider() {
        return new SimClrProvider();
    }

    @Override
    protected SimClrConfig tinyConfig() {
        return SimClrConfig.defaults().withProjectionDim(8).withHiddenDim(16);
    }

    @Override
    protected Map<String, String> invalidSettings() {
        return Map.of("temperature", "0", "projectionLayers", "5", "projectionDim", "-1");
    }

    @Test
    void defaultsAreThePapers() {
        SimClrConfig c = SimClrConfig.defaults();
        assertEquals(0.5, c.temperature());
        assertEquals(128, c.projectionDim());
        assertEquals(2, c.projectionLayers());
    }
}
