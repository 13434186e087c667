package io.fugue.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operational scripts run against a fake {@code az} that records its arguments and the values it receives: they
 * create what is missing, keep what exists, and never put a secret value on a command line or in their output.
 */
class ScriptsTest {

    /** Records argv, stores each value set by name, answers the few queries the scripts make. */
    private static final String FAKE_AZ = """
            #!/usr/bin/env bash
            printf '%s\\n' "$*" >> "$FAKE_DIR/argv.log"
            name='' file=''
            args=("$@")
            for ((i = 0; i < ${#args[@]}; i++)); do
              case ${args[i]} in
                --name) name=${args[i+1]} ;;
                --file) file=${args[i+1]} ;;
              esac
            done
            case "$1 $2 $3" in
              "keyvault secret list")
                # FAKE_FORBIDDEN_LISTS: how many listings are refused first, as a role assignment still on its way is
                count=$(cat "$FAKE_DIR/lists" 2>/dev/null || echo 0); echo $((count + 1)) > "$FAKE_DIR/lists"
                if [ "$count" -lt "${FAKE_FORBIDDEN_LISTS:-0}" ]; then
                  echo "ERROR: (Forbidden) Caller is not authorized to perform action on resource. Code: Forbidden" >&2
                  exit 1
                fi
                for n in ${FAKE_EXISTING:-}; do echo "$n"; done ;;
              "keyvault secret list-deleted") : ;;
              "keyvault secret set") cat "$file" > "$FAKE_DIR/value-$name" ;;
              "keyvault secret list-versions") echo "https://kv-test.vault.azure.net/secrets/$name/0123456789abcdef" ;;
              "keyvault secret set-attributes") : ;;
              "keyvault secret show")
                case ${FAKE_SHOW:-ok} in
                  ok) echo "https://kv-test.vault.azure.net/secrets/$name/0123456789abcdef" ;;
                  notfound) echo "ERROR: (SecretNotFound) A secret with (name/id) $name was not found. Code: SecretNotFound" >&2; exit 1 ;;
                  *) echo "ERROR: (Forbidden) Caller is not authorized to perform action on resource. Code: Forbidden" >&2; exit 1 ;;
                esac ;;
              *) echo "fake az: unexpected: $*" >&2; exit 3 ;;
            esac
            """;

    record Result(int exit, String output) {
    }

    private static boolean available(String command) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static Result run(Path fakeDir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(Repo.ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("PATH", fakeDir + ":" + System.getenv("PATH"));
        builder.environment().put("FAKE_DIR", fakeDir.toString());
        builder.environment().remove("AZURE_KEY_VAULT_NAME");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes()));
    }

    private static Path installFakeAz(Path dir) throws IOException {
        Path az = dir.resolve("az");
        Files.writeString(az, FAKE_AZ);
        Files.setPosixFilePermissions(az, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("argv.log"), "");
        return az;
    }

    private static List<String> scripts() {
        List<String> scripts = new ArrayList<>();
        Repo.files("infra/scripts", ".sh").forEach(p -> scripts.add(Repo.ROOT.relativize(p).toString()));
        return scripts;
    }

    @Test
    void everyScriptIsStrictAndExplainsItself(@TempDir Path scratch) throws Exception {
        assumeTrue(available("bash"), "bash is needed to run the scripts");
        List<String> scripts = scripts();
        assertTrue(scripts.containsAll(List.of("infra/scripts/bootstrap-secrets.sh", "infra/scripts/rotate-secret.sh",
                "infra/scripts/grant-access.sh", "infra/scripts/setup-github-oidc.sh")), "scripts: " + scripts);
        assertStrictWithUsage(scratch, scripts);
        for (Path script : Repo.files("docker/lowkey", ".sh")) {
            assertTrue(Files.readString(script).contains("\nset -eu\n"), script + " is not strict");
        }
    }

    @Test
    void bootstrapCreatesMissingSecretsWithoutExposingThem(@TempDir Path fake) throws Exception {
        assumeTrue(available("bash") && available("openssl"), "bash and openssl are needed");
        installFakeAz(fake);
        Result result = run(fake, Map.of(), "bash", "infra/scripts/bootstrap-secrets.sh", "--vault-name", "kv-test");
        assertEquals(0, result.exit(), result.output());

        assertEquals("fugue", Files.readString(fake.resolve("value-db-username")));
        String password = Files.readString(fake.resolve("value-db-password"));
        assertTrue(password.matches("[A-Za-z0-9]{32}") && password.matches(".*[A-Z].*") && password.matches(".*[a-z].*")
                && password.matches(".*[0-9].*"), "a 32-character password with upper, lower and digits");
        String key = Files.readString(fake.resolve("value-session-signing-key"));
        assertTrue(key.matches("[0-9a-f]{64}"), "openssl rand -hex 32, without a newline");

        String argv = Files.readString(fake.resolve("argv.log"));
        for (String secret : List.of(password, key)) {
            assertFalse(argv.contains(secret), "a value reached az's command line");
            assertFalse(result.output().contains(secret), "a value was printed");
        }
        long sets = argv.lines().filter(l -> l.startsWith("keyvault secret set ")).count();
        assertEquals(3, sets);
        assertTrue(argv.lines().filter(l -> l.startsWith("keyvault secret set ")).allMatch(l -> l.contains("--output none")),
                "az must not echo the secret it stored");
        assertFalse(argv.contains("secret show"), "no value is read");
    }

    @Test
    void bootstrapKeepsExistingSecrets(@TempDir Path fake) throws Exception {
        assumeTrue(available("bash") && available("openssl"), "bash and openssl are needed");
        installFakeAz(fake);
        Result result = run(fake, Map.of("FAKE_EXISTING", "db-username db-password"),
                "bash", "infra/scripts/bootstrap-secrets.sh", "--vault-name", "kv-test");
        assertEquals(0, result.exit(), result.output());
        assertFalse(Files.exists(fake.resolve("value-db-password")), "an existing password was overwritten");
        assertFalse(Files.exists(fake.resolve("value-db-username")));
        assertTrue(Files.exists(fake.resolve("value-session-signing-key")), "the missing secret is created");
        assertTrue(result.output().contains("db-password exists, kept"), result.output());
    }

    @Test
    void bootstrapWaitsForARoleAssignmentStillOnItsWay(@TempDir Path fake) throws Exception {
        assumeTrue(available("bash") && available("openssl"), "bash and openssl are needed");
        installFakeAz(fake);
        Result result = run(fake, Map.of("FAKE_FORBIDDEN_LISTS", "2", "BOOTSTRAP_ACCESS_RETRY_SECONDS", "0"),
                "bash", "infra/scripts/bootstrap-secrets.sh", "--vault-name", "kv-test");
        assertEquals(0, result.exit(), result.output());
        assertTrue(result.output().contains("no access to kv-test yet"), result.output());
        assertTrue(Files.exists(fake.resolve("value-session-signing-key")));

        Result refused = run(fake, Map.of("FAKE_FORBIDDEN_LISTS", "100", "BOOTSTRAP_ACCESS_RETRY_SECONDS", "1",
                "BOOTSTRAP_ACCESS_WAIT_SECONDS", "2"), "bash", "infra/scripts/bootstrap-secrets.sh", "--vault-name", "kv-test");
        assertTrue(refused.exit() != 0 && refused.output().contains("(Forbidden)"), refused.output());
    }

    /** azd would set a new database password if it could not read db-password back: the provision stops first. */
    @Test
    void aProvisionThatWouldReplaceTheDatabasePasswordIsStopped(@TempDir Path fake) throws Exception {
        assumeTrue(available("bash"), "bash is needed");
        installFakeAz(fake);
        String script = "infra/scripts/check-operator-access.sh";

        assertEquals(0, run(fake, Map.of(), "bash", script).exit(), "no vault yet: a first provision");
        assertEquals(0, run(fake, Map.of("FAKE_SHOW", "ok"), "bash", script, "--vault-name", "kv-test").exit());
        assertEquals(0, run(fake, Map.of("FAKE_SHOW", "notfound"), "bash", script, "--vault-name", "kv-test").exit());
        Result refused = run(fake, Map.of("FAKE_SHOW", "forbidden", "AZURE_KEY_VAULT_NAME", "kv-test"), "bash", script);
        assertTrue(refused.exit() != 0, refused.output());
        assertTrue(refused.output().contains("grant-access.sh --vault-name kv-test --role officer"), refused.output());
        assertTrue(Files.readString(fake.resolve("argv.log")).lines()
                .filter(line -> line.startsWith("keyvault secret show")).allMatch(line -> line.contains("--query id")),
                "only the secret's id is asked for");
        assertTrue(Repo.read("azure.yaml").contains("run: bash infra/scripts/check-operator-access.sh"),
                "azd runs the check before every provision");
    }

    @Test
    void rotationSetsANewVersionAndCanDisableThePreviousOne(@TempDir Path fake) throws Exception {
        assumeTrue(available("bash") && available("openssl"), "bash and openssl are needed");
        installFakeAz(fake);
        Result result = run(fake, Map.of(), "bash", "infra/scripts/rotate-secret.sh", "--vault-name", "kv-test",
                "--secret", "session-signing-key", "--disable-previous");
        assertEquals(0, result.exit(), result.output());
        String key = Files.readString(fake.resolve("value-session-signing-key"));
        assertTrue(key.matches("[0-9a-f]{64}"), key.length() + " characters");
        String argv = Files.readString(fake.resolve("argv.log"));
        assertFalse(argv.contains(key) || result.output().contains(key), "the new value was exposed");
        assertTrue(argv.contains("keyvault secret set-attributes --id https://kv-test.vault.azure.net/secrets/"
                + "session-signing-key/0123456789abcdef --enabled false"), argv);
        assertTrue(argv.indexOf("secret set ") < argv.indexOf("set-attributes"), "the old version is disabled after the new one exists");
    }

    @Test
    void aRotatedDatabasePasswordIsStoredWithoutANewline(@TempDir Path fake) throws Exception {
        assumeTrue(available("bash") && available("openssl"), "bash and openssl are needed");
        installFakeAz(fake);
        Result result = run(fake, Map.of(), "bash", "infra/scripts/rotate-secret.sh", "--vault-name", "kv-test",
                "--secret", "db-password");
        assertEquals(0, result.exit(), result.output());
        // Exactly what PostgreSQL is given: a trailing newline in the vault would make every login fail.
        String password = Files.readString(fake.resolve("value-db-password"));
        assertTrue(password.matches("[A-Za-z0-9]{32}"), password.length() + " characters");
        assertFalse(Files.readString(fake.resolve("argv.log")).contains(password) || result.output().contains(password),
                "the new value was exposed");
    }

    /** The benchmark and load scripts follow the same rules; {@code scripts/lib/} holds pieces they source. */
    @Test
    void benchmarkAndLoadScriptsAreStrictAndExplainThemselves(@TempDir Path scratch) throws Exception {
        assumeTrue(available("bash"), "bash is needed to run the scripts");
        List<String> scripts = Repo.files("scripts", ".sh").stream().filter(p -> !p.getParent().endsWith("lib"))
                .map(p -> Repo.ROOT.relativize(p).toString()).toList();
        assertTrue(scripts.containsAll(List.of("scripts/load.sh", "scripts/secret-hygiene.sh",
                "scripts/bench-boot.sh", "scripts/bench-runtime.sh", "scripts/fault-pg-restart.sh",
                "scripts/dev-mode-check.sh")), "scripts: " + scripts);
        assertStrictWithUsage(scratch, scripts);
    }

    /**
     * A command in the documentation that passes settings to a script ({@code BENCH_RUNS=5 scripts/bench-boot.sh})
     * names only settings the script's {@code --help} lists: a setting the script no longer reads would be ignored
     * without a word, and the documented figures could not be reproduced with the documented command.
     */
    @Test
    void everySettingTheDocumentsPassToAScriptIsOneItTakes(@TempDir Path scratch) throws Exception {
        assumeTrue(available("bash"), "bash is needed to run the scripts");
        Pattern command = Pattern.compile("((?:\\b[A-Z][A-Z0-9_]*=[^\\s`]*\\s+)+)(?:bash\\s+)?(scripts/[a-z-]+\\.sh)");
        Pattern setting = Pattern.compile("\\b([A-Z][A-Z0-9_]*)=");
        List<Path> documents = new ArrayList<>(Repo.files("docs", ".md"));
        documents.add(Repo.path("README.md"));
        Map<String, String> usages = new HashMap<>();
        int commands = 0;
        for (Path document : documents) {
            Matcher found = command.matcher(Files.readString(document));
            while (found.find()) {
                commands++;
                String script = found.group(2);
                if (!usages.containsKey(script)) {
                    usages.put(script, run(scratch, Map.of(), "bash", script, "--help").output());
                }
                Matcher names = setting.matcher(found.group(1));
                while (names.find()) {
                    assertTrue(usages.get(script).contains(names.group(1)), document.getFileName() + ": "
                            + found.group().strip() + " passes " + names.group(1) + ", which " + script + " does not take");
                }
            }
        }
        assertTrue(commands >= 5, "commands with settings found in the documents: " + commands);
    }

    private static void assertStrictWithUsage(Path scratch, List<String> scripts) throws Exception {
        for (String script : scripts) {
            String text = Repo.read(script);
            assertTrue(text.startsWith("#!/usr/bin/env bash\n"), script + " shebang");
            assertTrue(text.contains("\nset -euo pipefail\n"), script + " is not strict");
            assertTrue(Files.isExecutable(Repo.path(script)), script + " is not executable");
            Result help = run(scratch, Map.of(), "bash", script, "--help");
            assertEquals(0, help.exit(), script + " --help: " + help.output());
            assertTrue(help.output().startsWith("Usage: "), script + " --help prints its usage");
        }
    }
}
