package dev.leaklab.core.model.array;

import java.util.Locale;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Chooses the OpenBLAS kernels for this CPU before the library loads, and says which it runs.
 *
 * <p>Why: the OpenBLAS that ND4J M2.1 ships (0.3.19, 2021) picks its kernels by CPU model number, and a CPU
 * newer than it (Emerald Rapids here, Raptor Lake, Zen 5) falls back to its 2004 Prescott kernels: 18 GFLOP/s
 * against 50 to 100 from the same library's AVX-512 kernels on this machine, a 3 to 5 times slower engine.
 * OpenBLAS reads {@code OPENBLAS_CORETYPE} once, when it loads, so this sets it from the CPU's features
 * (CPUID through the bytedeco {@code systems} preset) unless the user set it. AMD's Zen 1 to 4 are left to
 * OpenBLAS, which knows them and tunes for them.
 */
public final class OpenBlasCore {

    private static final String VARIABLE = "OPENBLAS_CORETYPE";
    private static final String[] CORES = {"SKYLAKEX", "COOPERLAKE", "HASWELL", "ZEN", "SANDYBRIDGE", "NEHALEM",
        "CORE2", "PRESCOTT", "BARCELONA", "BULLDOZER", "PILEDRIVER", "STEAMROLLER", "EXCAVATOR", "ATHLON",
        "BANIAS", "KATMAI", "COPPERMINE", "NORTHWOOD"};
    private static volatile String chosen;

    private OpenBlasCore() {
    }

    /**
     * Sets {@code OPENBLAS_CORETYPE} for this process from the CPU, once, before anything loads OpenBLAS.
     * Does nothing when the user set it, off x86-64, on Windows, or when the CPU cannot be read.
     */
    public static synchronized void prepare() {
        if (chosen != null) {
            return;
        }
        chosen = "";
        String arch = System.getProperty("os.arch", "");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        // why: on Windows OpenBLAS reads the C runtime's copy of the environment, made at start-up, which a
        // running process cannot change; there OpenBLAS keeps its own choice
        if (System.getenv(VARIABLE) != null || !(arch.equals("amd64") || arch.equals("x86_64"))
                || os.startsWith("windows")) {
            return;
        }
        try {
            int[] leaf0 = cpuid(os, 0);
            int[] leaf1 = cpuid(os, 1);
            int[] leaf7 = leaf0[0] >= 7 ? cpuid(os, 7) : new int[4];
            String core = choose(vendor(leaf0), family(leaf1[0]), leaf1[2], leaf7[1], osAvx512());
            if (core != null) {
                setenv(os, core);
                chosen = core;
            }
        } catch (RuntimeException | LinkageError e) {
            // why: a CPU or OS this cannot read keeps OpenBLAS's own choice, which worked before
        }
    }

    /**
     * The kernels for these CPUID values, or {@code null} to leave the choice to OpenBLAS.
     *
     * @param vendor   the vendor string (leaf 0)
     * @param family   the display family (leaf 1)
     * @param ecx1     leaf 1 ECX: AVX (bit 28), FMA (bit 12)
     * @param ebx7     leaf 7 EBX: AVX2 (bit 5), AVX-512 F, DQ, BW, VL (bits 16, 17, 30, 31)
     * @param osAvx512 whether the operating system saves the AVX-512 registers (the JVM uses them)
     */
    static String choose(String vendor, int family, int ecx1, int ebx7, boolean osAvx512) {
        if (vendor.equals("AuthenticAMD") && (family == 0x17 || family == 0x19)) {
            return null;
        }
        boolean avx = (ecx1 & (1 << 28)) != 0;
        boolean fma = (ecx1 & (1 << 12)) != 0;
        boolean avx2 = (ebx7 & (1 << 5)) != 0;
        int avx512 = (1 << 16) | (1 << 17) | (1 << 30) | (1 << 31);
        if (osAvx512 && (ebx7 & avx512) == avx512 && fma) {
            return "SkylakeX";
        }
        if (avx2 && fma) {
            return "Haswell";
        }
        return avx ? "SandyBridge" : null;
    }

    /** The kernels OpenBLAS runs, in its own name ({@code SKYLAKEX}), loading it if need be; "unknown" if unseen. */
    public static String running() {
        prepare();
        Blas.load();
        try {
            Pointer table = Loader.addressof("gotoblas");
            if (table == null || table.isNull()) {
                return "unknown";
            }
            long current = new PointerPointer<Pointer>(table).get(0).address();
            for (String core : CORES) {
                Pointer candidate = Loader.addressof("gotoblas_" + core);
                if (candidate != null && candidate.address() == current) {
                    return core;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // why: a build without DYNAMIC_ARCH has no table; its kernels are fixed at build time
        }
        return "unknown";
    }

    /** What {@link #prepare} set, or empty when it left OpenBLAS to choose. */
    public static String chosen() {
        prepare();
        return chosen;
    }

    private static int[] cpuid(String os, int leaf) {
        int[] a = new int[1];
        int[] b = new int[1];
        int[] c = new int[1];
        int[] d = new int[1];
        if (os.startsWith("mac")) {
            Loader.load(org.bytedeco.systems.global.macosx.class);
            org.bytedeco.systems.global.macosx.__cpuid_count(leaf, 0, a, b, c, d);
        } else {
            Loader.load(org.bytedeco.systems.global.linux.class);
            org.bytedeco.systems.global.linux.__cpuid_count(leaf, 0, a, b, c, d);
        }
        return new int[] {a[0], b[0], c[0], d[0]};
    }

    private static void setenv(String os, String core) {
        if (os.startsWith("mac")) {
            org.bytedeco.systems.global.macosx.setenv(VARIABLE, core, 1);
        } else {
            org.bytedeco.systems.global.linux.setenv(VARIABLE, core, 1);
        }
    }

    private static String vendor(int[] leaf0) {
        byte[] bytes = new byte[12];
        int[] order = {leaf0[1], leaf0[3], leaf0[2]};
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 4; k++) {
                bytes[4 * i + k] = (byte) (order[i] >>> (8 * k));
            }
        }
        return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static int family(int eax1) {
        int base = (eax1 >>> 8) & 0xF;
        return base == 0xF ? base + ((eax1 >>> 20) & 0xFF) : base;
    }

    /**
     * Whether the JVM found the OS saving the AVX-512 state (HotSpot's {@code UseAVX} is 3 only then). Why the
     * JVM's view: reading XCR0 needs {@code xgetbv}, which no preset offers.
     */
    private static boolean osAvx512() {
        try {
            var bean = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            return Integer.parseInt(bean.getVMOption("UseAVX").getValue()) >= 3;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
