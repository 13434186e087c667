package io.fugue.testing.secrets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The suite's secret scan as a command, for {@code scripts/secret-hygiene.sh}: searches files and directories for
 * every value recorded in one or more {@link SeededValues} files (one Base64 line per value, as the build's
 * {@code target/test-logs/seeded-values.txt} and the emulator's {@code /seeded-values} control answer hold them).
 * <p>
 * Arguments: {@code --values <file>} (repeatable), then the paths to search. Prints the {@link SecretLeakScanner}
 * report, which names a finding by file, line, length and hash, never by value; exits 1 on any finding, 2 when no
 * value was given (an empty scan proves nothing).
 */
public final class SecretScanMain {

    private SecretScanMain() {
    }

    public static void main(String[] args) {
        Set<String> values = new LinkedHashSet<>();
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if ("--values".equals(args[i]) && i + 1 < args.length) {
                Path file = Path.of(args[++i]);
                values.addAll(SeededValues.read(file.getParent() == null ? Path.of(".") : file.getParent(),
                        file.getFileName().toString()));
            } else {
                paths.add(Path.of(args[i]));
            }
        }
        if (values.isEmpty() || paths.isEmpty()) {
            System.err.println("Usage: SecretScanMain --values <base64 lines file>... <file or directory>...; "
                    + "no value or no path given");
            System.exit(2);
        }
        SecretLeakScanner.Report report = SecretLeakScanner.scan(values, paths);
        System.out.println(report.describe());
        System.exit(report.clean() ? 0 : 1);
    }
}
