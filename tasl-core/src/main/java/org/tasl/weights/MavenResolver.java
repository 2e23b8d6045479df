package org.tasl.weights;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a Maven artifact's jar at run time: in the local repository first
 * ({@code -Dmaven.repo.local}, else {@code -Dmaven.repo.local=} in {@code MAVEN_OPTS}, else
 * {@code <localRepository>} of {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository}),
 * otherwise by running {@code mvn -q dependency:get}, which downloads it from the
 * repositories Maven is configured with. With {@code -Dtasl.maven.offline=true} or the
 * environment variable {@code TASL_MVN_OFFLINE} set, Maven runs offline ({@code -o}).
 */
public final class MavenResolver {

    private static final Pattern REPO_LOCAL = Pattern.compile("-Dmaven\\.repo\\.local=(\"[^\"]+\"|\\S+)");
    private static final Pattern SETTINGS_LOCAL = Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>");

    private MavenResolver() {}

    /** {@code groupId:artifactId:version} → the jar, downloading it through Maven if needed. */
    public static Path resolve(String coordinates) {
        Path jar = localJar(coordinates);
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        download(coordinates);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Maven reported success for " + coordinates + " but " + jar + " does not exist");
        }
        return jar;
    }

    /** Where the jar of these coordinates is (or would be) in the local repository. */
    public static Path localJar(String coordinates) {
        String[] p = coordinates.split(":");
        if (p.length != 3) {
            throw new IllegalArgumentException("Maven coordinates must be groupId:artifactId:version, got '" + coordinates + "'");
        }
        return localRepository().resolve(p[0].replace('.', '/')).resolve(p[1]).resolve(p[2])
                .resolve(p[1] + "-" + p[2] + ".jar");
    }

    public static Path localRepository() {
        String prop = System.getProperty("maven.repo.local");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String opts = System.getenv("MAVEN_OPTS");
        if (opts != null) {
            Matcher m = REPO_LOCAL.matcher(opts);
            if (m.find()) {
                return Path.of(m.group(1).replace("\"", ""));
            }
        }
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        Path settings = m2.resolve("settings.xml");
        if (Files.isRegularFile(settings)) {
            try {
                Matcher m = SETTINGS_LOCAL.matcher(Files.readString(settings));
                if (m.find()) {
                    return Path.of(m.group(1).replace("${user.home}", System.getProperty("user.home")));
                }
            } catch (IOException ignored) {
                // an unreadable settings.xml means the default location, as for Maven itself
            }
        }
        return m2.resolve("repository");
    }

    private static void download(String coordinates) {
        String mvn = findMaven();
        List<String> cmd = new ArrayList<>(List.of(mvn, "-q", "-B", "dependency:get", "-Dartifact=" + coordinates, "-Dtransitive=false"));
        String prop = System.getProperty("maven.repo.local");
        if (prop != null && !prop.isBlank()) {
            cmd.add("-Dmaven.repo.local=" + prop);
        }
        if (Boolean.getBoolean("tasl.maven.offline") || System.getenv("TASL_MVN_OFFLINE") != null) {
            cmd.add(1, "-o");
        }
        Path log;
        try {
            log = Files.createTempFile("tasl-mvn", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            System.err.println("tasl: downloading " + coordinates + " through Maven (once; later runs use the local repository)");
            // run outside any project folder: Maven then needs no pom and resolves nothing else
            Process p = new ProcessBuilder(cmd).directory(log.getParent().toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("Maven did not finish downloading " + coordinates + " within 60 minutes");
            }
            if (p.exitValue() != 0) {
                String out = Files.readString(log, StandardCharsets.UTF_8);
                String tail = out.lines().filter(l -> l.contains("Failed to execute") || l.contains("Could not")
                        || l.contains("Couldn't")).map(l -> l.replace("[ERROR] ", "")).findFirst()
                        .orElse(out.length() > 2000 ? out.substring(out.length() - 2000) : out);
                throw new IllegalStateException("Maven could not download " + coordinates + " (exit " + p.exitValue()
                        + "; offline, or the artifact is not reachable from the configured repositories). Command: "
                        + String.join(" ", cmd) + "\n" + tail.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run Maven (" + mvn + ") to download " + coordinates + ": " + e.getMessage()
                    + ". Install Maven or put the jar in " + localJar(coordinates), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading " + coordinates, e);
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // temp log only
            }
        }
    }

    private static String findMaven() {
        for (String env : new String[] {"MAVEN_HOME", "M2_HOME"}) {
            String home = System.getenv(env);
            if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
                return Path.of(home, "bin", "mvn").toString();
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(d, "mvn"))) {
                    return Path.of(d, "mvn").toString();
                }
            }
        }
        return "mvn";
    }
}
