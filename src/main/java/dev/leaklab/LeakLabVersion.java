package dev.leaklab;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build of LeakLab, as Maven stamped it. */
public final class LeakLabVersion {

    private static final String VERSION = load();

    private LeakLabVersion() {
    }

    /** The version, such as {@code 0.1.0}, or {@code dev} when run from unbuilt sources. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = LeakLabVersion.class.getResourceAsStream("leaklab.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "dev");
            return v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
