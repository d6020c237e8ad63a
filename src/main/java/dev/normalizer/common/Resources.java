package dev.normalizer.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Text files of the class path: migration scripts, down scripts, the legacy sample, the API examples. */
public final class Resources {

    private Resources() {
    }

    /** The resource's text (UTF-8); its absence is a packaging fault, said as such. */
    public static String text(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException(name + " is not on the class path"));
    }

    /** The resource's text, if the class path has it. */
    public static Optional<String> find(String name) {
        try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + name + " from the class path", e);
        }
    }
}
