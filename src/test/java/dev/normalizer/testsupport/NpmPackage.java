package dev.normalizer.testsupport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A pinned npm package that a test runs on the machine's Node, installed once per machine.
 *
 * <p>It goes into {@code ~/.cache/schema-normalizer/<name>-<version>} (a scoped {@code @scope/name} as
 * {@code scope-name}), or the directory named by a system property of the caller's choice, and is reused by later
 * runs. Two test JVMs on one machine take turns through a file lock, npm gets {@link #INSTALL_TIMEOUT}, and its output
 * goes to {@code target/<name>-npm-install.log}. A test that needs the package skips when {@link #nodeInstalled()} is
 * false, as the real Unleash server's test does.
 */
public record NpmPackage(String name, String version) {

    /** A generous bound: unleash-server takes about 30 s here, squawk-cli about one. */
    public static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private static final Logger LOG = Logger.getLogger(NpmPackage.class);
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    /** Whether {@code node} runs from the PATH; without it no npm package can run and its tests skip. */
    public static boolean nodeInstalled() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes()).trim();
            boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (ok) {
                LOG.debugf("node %s found", version);
            }
            return ok;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Installs the package unless this version is already there, and returns its directory (the one holding
     * {@code node_modules}). {@code cacheDirProperty} names a system property that may point elsewhere.
     */
    public Path install(String cacheDirProperty) throws IOException {
        Path home = Path.of(System.getProperty(cacheDirProperty,
                Path.of(System.getProperty("user.home"), ".cache", "schema-normalizer", fileName() + "-" + version)
                        .toString()));
        Files.createDirectories(home);
        // Two test JVMs on one machine must not run npm in the same directory at once.
        try (FileChannel channel = FileChannel.open(home.resolve(".install.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            if (version.equals(installedVersion(home))) {
                LOG.debugf("%s %s already installed in %s", name, version, home);
                return home;
            }
            Path packageJson = home.resolve("package.json");
            if (!Files.exists(packageJson)) {
                // Anchors npm here, so that it does not walk up to some other project's package.json.
                Files.writeString(packageJson, """
                        {"name": "schema-normalizer-test-%s", "private": true}
                        """.formatted(fileName()));
            }
            Path log = TARGET.resolve(fileName() + "-npm-install.log");
            Files.createDirectories(TARGET);
            LOG.infof("installing %s %s into %s (npm output: %s)", name, version, home, log);
            long begin = System.nanoTime();
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", name + "@" + version)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
            if (!npm.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                kill(npm.toHandle());
                throw new IllegalStateException("npm install of " + name + " timed out; see " + log);
            }
            if (npm.exitValue() != 0 || !version.equals(installedVersion(home))) {
                throw new IllegalStateException("npm install of " + name + "@" + version + " failed (exit "
                        + npm.exitValue() + "):\n" + tail(log));
            }
            LOG.infof("npm installed %s %s in %d ms", name, version,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            return home;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing " + name, e);
        }
    }

    /** The name as one file name: a scoped package, {@code @redocly/cli}, becomes {@code redocly-cli}. */
    private String fileName() {
        return name.replaceFirst("^@", "").replace('/', '-');
    }

    private String installedVersion(Path home) throws IOException {
        Path manifest = home.resolve("node_modules").resolve(name).resolve("package.json");
        if (!Files.exists(manifest)) {
            return null;
        }
        Matcher m = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(manifest));
        return m.find() ? m.group(1) : null;
    }

    /** Ends a process and every process it started: TERM first, then KILL for whatever is left. */
    public static void kill(ProcessHandle process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process);
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    /** The last 40 lines of a log, for a failure message. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
