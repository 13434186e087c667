#!/usr/bin/env bash
# Searches what a run wrote (logs, metrics, health answers, test reports) for every secret value it used.
set -euo pipefail

usage() {
  cat <<'EOF_USAGE'
Usage: scripts/secret-hygiene.sh [--values FILE]... [--suite TARGET_DIR]... [PATH]... [--help]

Searches every file under the PATHs for each secret value listed in the --values files, with the test suite's own
scanner (io.fugue.testing.secrets.SecretLeakScanner: the value as written and XML-escaped, values shorter than 8
characters skipped). A finding is reported by file, line, length and a hash prefix, never by value. Exits 1 on any
finding, 2 when there is nothing to search for.

  --values FILE     one Base64 line per value: what scripts/load.sh gets from the emulator's /seeded-values (every
                    version of every secret, rotated ones included), or a suite run's test-logs/seeded-values.txt
  --suite DIR       a Maven target directory after ./mvnw verify: its test-logs/seeded-values.txt becomes a values
                    file and its test-logs, surefire-reports, failsafe-reports and quarkus.log are searched. The
                    build already runs this scan on the suite (the pom's secret-scan execution); this repeats it
                    outside Maven, e.g. on a CI run's target/.

Needs the test classes (./mvnw package -DskipTests compiles them) and a JDK 17 or newer (LOAD_JAVA_HOME or java on
the PATH).
EOF_USAGE
}

cd "$(dirname "$0")/.."
VALUES=() PATHS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --values) VALUES+=(--values "$2"); shift 2 ;;
    --suite)
      [[ -f "$2/test-logs/seeded-values.txt" ]] || { echo "no $2/test-logs/seeded-values.txt: not a suite run" >&2; exit 2; }
      VALUES+=(--values "$2/test-logs/seeded-values.txt")
      for p in test-logs surefire-reports failsafe-reports quarkus.log; do [[ -e "$2/$p" ]] && PATHS+=("$2/$p"); done
      shift 2 ;;
    -*) echo "Unknown option: $1 (try --help)" >&2; exit 2 ;;
    *) PATHS+=("$1"); shift ;;
  esac
done
[[ ${#VALUES[@]} -gt 0 && ${#PATHS[@]} -gt 0 ]] || { usage >&2; exit 2; }
[[ -f target/test-classes/io/fugue/testing/secrets/SecretScanMain.class ]] \
  || { echo "build first: ./mvnw package -DskipTests" >&2; exit 1; }
JAVA=${LOAD_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
[[ -x "$JAVA" ]] || JAVA=java
# The scanner needs nothing but the JDK, so the test classes alone are its class path.
"$JAVA" -cp target/test-classes io.fugue.testing.secrets.SecretScanMain "${VALUES[@]}" "${PATHS[@]}"
