package io.github.djlssl.core.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;

/** Parses device specs: {@code cpu}, {@code gpu} (all visible GPUs), {@code gpu:0,1}. */
public final class Devices {

    private Devices() {}

    /**
     * Parses a device spec.
     *
     * @param spec {@code cpu}, {@code gpu} or {@code gpu:i,j,...}
     * @return the devices, never empty
     * @throws IllegalArgumentException for a malformed spec or a GPU that is not present
     */
    public static Device[] parse(String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("cpu")) {
            return new Device[] {Device.cpu()};
        }
        int available = Engine.getInstance().getGpuCount();
        if (s.equals("gpu")) {
            if (available == 0) {
                throw new IllegalArgumentException("--device gpu: no GPU is visible to the engine");
            }
            return Engine.getInstance().getDevices(available);
        }
        if (s.startsWith("gpu:")) {
            List<Device> out = new ArrayList<>();
            for (String id : s.substring(4).split(",")) {
                int i;
                try {
                    i = Integer.parseInt(id.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad GPU id '" + id + "' in device spec " + spec);
                }
                if (i < 0 || i >= available) {
                    throw new IllegalArgumentException(
                            "GPU " + i + " requested but " + available + " visible");
                }
                out.add(Device.gpu(i));
            }
            return out.toArray(new Device[0]);
        }
        throw new IllegalArgumentException("unknown device '" + spec + "'; use cpu, gpu or gpu:0,1");
    }
}
