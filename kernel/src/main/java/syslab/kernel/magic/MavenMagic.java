package syslab.kernel.magic;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import syslab.magic.Bounds;
import syslab.magic.MagicException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Resolves artifacts with their transitive dependencies from Maven Central by asking Maven itself
 * (the machine has it; its resolver, cache and settings are the ones users know), then adds the
 * jars to later cells' classpath.
 */
@Command(name = "maven", mixinStandardHelpOptions = true,
        description = "Add Maven artifacts (group:artifact:version) and their dependencies to the classpath.")
public final class MavenMagic extends KernelMagic {
    private static final Pattern COORDINATES = Pattern.compile("[\\w.-]+:[\\w.-]+:[\\w.+-]+");

    @Parameters(paramLabel = "GROUP:ARTIFACT:VERSION", arity = "1..*")
    List<String> artifacts;

    @Option(names = "--timeout", defaultValue = "300", description = "Seconds to wait for Maven, 1 to 3600 (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Object call() throws IOException, InterruptedException {
        Bounds.check("maven", "--timeout", timeoutSeconds, 1, 3600);
        for (String a : artifacts) {
            if (!COORDINATES.matcher(a).matches()) {
                throw new MagicException("maven: '" + a + "' is not group:artifact:version");
            }
        }
        Path dir = Files.createTempDirectory("syslab-maven");
        Files.writeString(dir.resolve("pom.xml"), pom());
        Path output = dir.resolve("classpath.txt");
        Path log = dir.resolve("mvn.log");
        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "dependency:build-classpath",
                "-Dmdep.outputFile=" + output, "-Dmdep.includeScope=runtime")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!mvn.waitFor(100, TimeUnit.MILLISECONDS)) {
            if (kernel.interrupted()) {
                mvn.destroyForcibly();
                return null;
            }
            if (System.nanoTime() > deadline) {
                mvn.destroyForcibly();
                throw new MagicException("maven: Maven did not finish within " + timeoutSeconds + " s (--timeout)");
            }
        }
        if (mvn.exitValue() != 0 || !Files.exists(output)) {
            String errors = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("[ERROR]") && !l.strip().equals("[ERROR]"))
                    .limit(3).map(l -> l.substring(7).strip()).collect(Collectors.joining("\n"));
            throw new MagicException("maven: could not resolve " + String.join(", ", artifacts)
                    + (errors.isEmpty() ? "" : ":\n" + errors));
        }
        List<String> jars = Arrays.stream(Files.readString(output).strip().split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank()).toList();
        jars.forEach(kernel::addToClasspath);
        System.out.println("Added " + jars.size() + " jar" + (jars.size() == 1 ? "" : "s") + " for "
                + String.join(", ", artifacts));
        return null;
    }

    private String pom() {
        String dependencies = artifacts.stream().map(a -> {
            String[] p = a.split(":");
            return "<dependency><groupId>" + p[0] + "</groupId><artifactId>" + p[1] + "</artifactId><version>"
                    + p[2] + "</version></dependency>";
        }).collect(Collectors.joining("\n    "));
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>syslab.cell</groupId><artifactId>maven-magic</artifactId><version>1</version>
                  <dependencies>
                    %s
                  </dependencies>
                </project>
                """.formatted(dependencies);
    }
}
