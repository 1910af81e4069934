package piapi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every PIAPI_* variable the code or the launcher reads is in the README's table and in --help. */
class EnvironmentVariablesTest {
    static final Pattern VARIABLE = Pattern.compile("PIAPI_[A-Z][A-Z_]*[A-Z]");

    @Test
    void everyVariableReadIsDocumentedInTheReadmeAndTheHelp() throws Exception {
        Set<String> read = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Matcher m = VARIABLE.matcher(Files.readString(f));
                while (m.find()) read.add(m.group());
            }
        }
        assertTrue(read.containsAll(Set.of("PIAPI_ADMIN_TOKEN", "PIAPI_LOG_CAPACITY", "PIAPI_JAVA_OPTS")), read.toString());
        String readme = Files.readString(Path.of("README.md"));
        int table = readme.indexOf("| variable | read by | meaning |");
        assertFalse(table < 0, "the README has the environment table");
        String rows = readme.substring(table, readme.indexOf("\n\n", table));
        for (String v : read) {
            assertTrue(rows.contains("| `" + v + "` |"), v + " is read but not in the README's table");
            assertTrue(Flags.USAGE.contains("  " + v + " "), v + " is read but --help does not list it");
        }
    }
}
