package io.lvs4j.control.ipvsadm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.control.ipvsadm.IpvsadmCommand.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesFileTest {
    @Test
    void readsSaveFormatAndFullCommandLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules");
        Files.writeString(file, ""
                + "# the classic lab\n"
                + "\n"
                + "ipvsadm -C\n"
                + "/sbin/ipvsadm -A -t 192.168.1.100:80 -s rr   # web\n"
                + "-a -t 192.168.1.100:80 -r 192.168.1.11:80 -g -w 1\r\n"
                + "-a -t 192.168.1.100:80 -r 192.168.1.12:80 -i -w 1 --tun-type ipip\n"
                + "--set 900 120 300\n"
                + "ipvsadm\n");
        RulesFile rules = RulesFile.parse(file);
        assertEquals(5, rules.rules().size());
        assertEquals(Kind.CLEAR, rules.rules().get(0).command().kind());
        assertEquals(3, rules.rules().get(0).line());
        assertEquals(Kind.ADD_SERVICE, rules.rules().get(1).command().kind());
        assertEquals(Kind.SET_TIMEOUTS, rules.rules().get(4).command().kind());
    }

    @Test
    void emptyFileIsAnEmptyTable() {
        assertTrue(RulesFile.parse("empty", "").isEmpty());
        assertTrue(RulesFile.parse("comments", "# nothing\n\n   \n").isEmpty());
    }

    @Test
    void badLineIsNamedWithFileAndLine() {
        RulesFileException e = assertThrows(RulesFileException.class, () -> RulesFile.parse("/etc/lvs.rules",
                "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.2 -w 70000\n"));
        assertEquals("/etc/lvs.rules:2: illegal weight specified", e.getMessage());
        assertEquals(2, e.line());
        assertEquals(2, e.exitCode());
        assertEquals("illegal weight specified", e.reason());
    }

    @Test
    void onlyTableEditsAreAllowed() {
        RulesFileException e = assertThrows(RulesFileException.class, () -> RulesFile.parse("<stdin>", "-L -n\n"));
        assertEquals("<stdin>:1: `-L' is not allowed in a rules file (allowed: -A -E -D -C -a -e -d --set)",
                e.getMessage());
        assertThrows(RulesFileException.class, () -> RulesFile.parse("<stdin>", "-R\n"));
    }
}
