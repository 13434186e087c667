package io.fugue.testing.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan finds planted values, where they are, and never repeats them. */
class SecretLeakScannerTest {

    private static final String PLANTED = "planted-secret-4f1c9a7e";

    @TempDir
    Path dir;

    @Test
    void findsAPlantedValueAndSaysWhereWithoutRepeatingIt() throws IOException {
        Path log = Files.writeString(dir.resolve("all.log"), "INFO [a] started\nWARN [b] password is " + PLANTED
                + " oops\nINFO [c] done\n");

        SecretLeakScanner.Report report = SecretLeakScanner.scan(Set.of(PLANTED, "other-secret-value"),
                List.of(log));

        assertFalse(report.clean());
        assertEquals(1, report.leaks().size());
        assertEquals(2, report.leaks().get(0).line());
        String described = report.describe();
        assertTrue(described.contains(log + ":2 holds a secret value of " + PLANTED.length() + " characters"),
                described);
        assertFalse(described.contains(PLANTED), described);
    }

    @Test
    void searchesEveryFileUnderADirectoryIncludingXmlEscapedValues() throws IOException {
        String withMarkup = "p<w>&\"d'-9a1b";
        Files.createDirectories(dir.resolve("reports"));
        Files.writeString(dir.resolve("reports/TEST-a.xml"), "<system-out><![CDATA[" + PLANTED + "]]></system-out>");
        Files.writeString(dir.resolve("reports/TEST-b.xml"),
                "<failure message=\"p&lt;w&gt;&amp;&quot;d&apos;-9a1b\"/>");
        Files.writeString(dir.resolve("reports/TEST-c.xml"), "<testcase name=\"clean\"/>");

        SecretLeakScanner.Report report = SecretLeakScanner.scan(Set.of(PLANTED, withMarkup),
                List.of(dir.resolve("reports"), dir.resolve("absent.log")));

        assertEquals(3, report.searched().size());
        assertEquals(List.of("TEST-a.xml", "TEST-b.xml"), report.leaks().stream()
                .map(leak -> Path.of(leak.where()).getFileName().toString()).sorted().toList());
    }

    @Test
    void shortValuesAreNotSearchedAndCleanTextIsClean() {
        assertTrue(SecretLeakScanner.scanText(List.of("fugue"), "x", "fugue 1.0 started").isEmpty());
        assertTrue(SecretLeakScanner.scanText(List.of(PLANTED), "x", "nothing to see\nhere").isEmpty());
        SecretLeakScanner.Report report = SecretLeakScanner.scan(Set.of("fugue", PLANTED), List.of());
        assertEquals(1, report.searchedValues());
        assertEquals(1, report.tooShortValues());
        assertTrue(report.clean());
    }
}
