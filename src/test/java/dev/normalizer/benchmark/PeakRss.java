package dev.normalizer.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's peak resident set size, {@code VmHWM} in {@code /proc/<pid>/status}, and its reset: Linux sets the peak
 * back to the current size when {@code 5} is written to {@code /proc/<pid>/clear_refs}, so that a later reading is
 * the peak of what ran in between (the list load, rather than the whole life of the process).
 */
final class PeakRss {

    private PeakRss() {
    }

    static long mib(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no VmHWM for process " + pid));
    }

    static void reset(long pid) throws IOException {
        Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
    }
}
