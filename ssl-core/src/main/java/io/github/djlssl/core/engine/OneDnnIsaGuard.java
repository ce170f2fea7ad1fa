package io.github.djlssl.core.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps oneDNN (libtorch's CPU convolution library) at SSE4.1 on CPUs that report no cache sizes.
 *
 * <p><b>Why.</b> oneDNN sizes the blocking of its JIT convolution kernels from the cache sizes in
 * CPUID leaves 4 / 0x8000001D. Some sandboxes and VMs return zeros there (Linux then shows no
 * {@code /sys/devices/system/cpu/cpu0/cache}). On such a machine (an AMD Zen 5 VM) libtorch
 * 2.3.1's oneDNN 3.3.6 computes wrong convolution gradients, checked against the same convolution
 * in float64 (which does not use oneDNN): with its AVX-512 kernels the input gradient of 3×3
 * stride-1 convolutions with 1–8 channels is off by 72–89 % at 28 and 64 px, and some backward
 * passes return NaN, so a ResNet step diverged at step 1; capped at AVX2 the 28 px and smaller
 * shapes are right but 64 px convolutions with 3–4 channels are still off by 75–80 % (and
 * sometimes NaN); capped at SSE4.1 every shape tested (12–64 px, 1–192 channels, strides 1, 2, 4)
 * matches float64 to 1e-6. PyTorch 1.13's oneDNN 2.6 gave no NaN on the same machine. oneDNN reads
 * its ISA cap from the environment once, at its first primitive, so the guard sets {@code
 * ONEDNN_MAX_CPU_ISA} in the process environment (libc {@code setenv}, through JNA, which DJL's
 * API already depends on) before any convolution exists. The SSE4.1 kernels are about 2.5× slower
 * than the AVX2 ones on that machine (SimCLR, ResNet-18 width 8, 28 px): correct first.
 *
 * <p><b>When.</b> oneDNN fixes its ISA the first time libtorch uses it — any matrix product does,
 * not only a convolution — so {@link #apply()} must run before the process's first libtorch
 * operation: call it first thing in a program (the command-line tool does, before the engine
 * starts; the test JVMs do through {@code OneDnnGuardExtension}). {@code SslTrainer}, {@code
 * ResNet}, the ViT patch embedding and {@code GaussianBlur} call it as well, which helps only when
 * nothing ran before them. It acts once per process and only when
 *
 * <ul>
 *   <li>the user has set neither {@code ONEDNN_MAX_CPU_ISA} nor {@code DNNL_MAX_CPU_ISA} (their
 *       choice wins), and
 *   <li>the system property {@value #PROPERTY} is unset or {@code auto} and the machine is an
 *       x86-64 Linux without cache information; {@code none} never caps, any other value (an
 *       oneDNN ISA name such as {@code AVX2}) is set as the cap.
 * </ul>
 *
 * <p>Exporting {@code ONEDNN_MAX_CPU_ISA=SSE41} before the JVM starts does the same and cannot
 * come too late.
 */
public final class OneDnnIsaGuard {

    /** System property that overrides the automatic decision: {@code auto}, {@code none} or an ISA. */
    public static final String PROPERTY = "djlssl.onednn.maxCpuIsa";

    /** The environment variable oneDNN 3 reads its ISA cap from. */
    public static final String ENV = "ONEDNN_MAX_CPU_ISA";

    /** oneDNN 2's name for the same variable, still honoured by oneDNN 3. */
    public static final String LEGACY_ENV = "DNNL_MAX_CPU_ISA";

    /** The cap used when the cache sizes are missing: the highest ISA whose gradients were right. */
    public static final String SAFE_ISA = "SSE41";

    static final Path CACHE_INFO = Path.of("/sys/devices/system/cpu/cpu0/cache");

    private static final Logger LOG = LoggerFactory.getLogger(OneDnnIsaGuard.class);

    private static volatile Decision applied;

    private OneDnnIsaGuard() {}

    /**
     * What the guard did, and why.
     *
     * @param isa the cap it set, or {@code null} when it left oneDNN alone
     * @param reason one line for the log
     */
    public record Decision(String isa, String reason) {
        /**
         * Returns whether a cap was set.
         *
         * @return true when {@link #isa()} is not null
         */
        public boolean capped() {
            return isa != null;
        }
    }

    /**
     * Decides and, the first time in a process, applies the cap; later calls return the first
     * decision.
     *
     * @return what was decided
     */
    public static Decision apply() {
        Decision done = applied; // lock-free after the first call: encoders and blur call this often
        return done != null ? done : applyOnce();
    }

    private static synchronized Decision applyOnce() {
        if (applied != null) {
            return applied;
        }
        Decision decision =
                decide(
                        System.getProperty(PROPERTY),
                        System.getenv(),
                        System.getProperty("os.name", ""),
                        System.getProperty("os.arch", ""),
                        Files.isDirectory(CACHE_INFO));
        if (decision.capped()) {
            try {
                LibC.INSTANCE.setenv(ENV, decision.isa(), 1);
                LOG.warn("oneDNN capped at {}: {}", decision.isa(), decision.reason());
            } catch (LinkageError | RuntimeException e) { // no libc or no JNA: say what to do instead
                decision = new Decision(null, "could not set " + ENV + " (" + e + "); " + decision.reason());
                LOG.warn("{}: set {}={} in the environment", decision.reason(), ENV, SAFE_ISA);
            }
        } else {
            LOG.debug("oneDNN left alone: {}", decision.reason());
        }
        applied = decision;
        return decision;
    }

    /**
     * The decision, as a pure function of its inputs.
     *
     * @param property the value of {@value #PROPERTY}, or null
     * @param env the process environment
     * @param osName {@code os.name}
     * @param osArch {@code os.arch}
     * @param cacheInfoVisible whether Linux shows the CPU's cache information
     * @return the cap to set (or none) and why
     */
    static Decision decide(String property, Map<String, String> env, String osName, String osArch, boolean cacheInfoVisible) {
        Objects.requireNonNull(env, "env");
        for (String name : new String[] {ENV, LEGACY_ENV}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return new Decision(null, name + "=" + value + " is set by the user");
            }
        }
        String mode = property == null || property.isBlank() ? "auto" : property.trim();
        if (mode.equalsIgnoreCase("none")) {
            return new Decision(null, PROPERTY + "=none");
        }
        if (!mode.equalsIgnoreCase("auto")) {
            return new Decision(mode.toUpperCase(Locale.ROOT), PROPERTY + "=" + mode);
        }
        boolean x86Linux =
                osName.toLowerCase(Locale.ROOT).startsWith("linux")
                        && (osArch.equals("amd64") || osArch.equals("x86_64"));
        if (!x86Linux) {
            return new Decision(null, "not x86-64 Linux");
        }
        if (cacheInfoVisible) {
            return new Decision(null, "the CPU reports its cache sizes");
        }
        return new Decision(
                SAFE_ISA,
                "this CPU reports no cache sizes (no " + CACHE_INFO + "), and oneDNN's AVX-512 and AVX2"
                        + " convolution kernels compute wrong gradients there; set " + PROPERTY
                        + "=none to keep them");
    }

    /** libc's {@code setenv}: the JVM has no way to change its own environment. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int setenv(String name, String value, int overwrite);
    }
}
