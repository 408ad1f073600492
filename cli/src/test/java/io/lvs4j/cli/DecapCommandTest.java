package io.lvs4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.forwarder.Decapsulator;
import io.lvs4j.forwarder.DirectorException;
import io.lvs4j.packet.Ipv4Address;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The parts of `lvs4j decap` that need neither root nor a NIC: arguments and the summary. */
class DecapCommandTest {

    @Test
    void vipsAreUnicastAndDeduplicated() {
        assertArrayEquals(new int[] {Ipv4Address.parse("10.0.0.100"), Ipv4Address.parse("10.0.0.101")},
                DecapCommand.parseVips(List.of("10.0.0.100", "10.0.0.101", "10.0.0.100")));
        for (String bad : List.of("0.0.0.0", "127.0.0.1", "224.0.0.5", "255.255.255.255", "240.0.0.1")) {
            DirectorException e = assertThrows(DirectorException.class, () -> DecapCommand.parseVips(List.of(bad)));
            assertTrue(e.getMessage().contains("not a unicast address"), e.getMessage());
        }
        DirectorException e = assertThrows(DirectorException.class, () -> DecapCommand.parseVips(List.of("10.1")));
        assertTrue(e.getMessage().startsWith("--vip: invalid IPv4 address '10.1'"), e.getMessage());
    }

    @Test
    void interfaceAndVipAreRequired() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("decap", "-i", "eth0"));
        assertTrue(err.toString().contains("Missing required option: '--vip=VIP'"), err.toString());
    }

    @Test
    void theSummaryNamesEveryNonZeroRejectReason() {
        Decapsulator d = new Decapsulator(new int[] {Ipv4Address.parse("10.0.0.11")},
                new int[] {Ipv4Address.parse("10.0.0.100")}, (b, o, l) -> true);
        d.handle(new byte[60], 60); // all zeros: an Ethernet type of 0, not IPv4
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DecapCommand.printSummary(new PrintStream(bytes, true, StandardCharsets.UTF_8), d, 0, 0, "none", 1500);
        assertEquals("""
                lvs4j decap: stopped after 1.5 s
                  decapsulated 0 packets, 0 bytes
                  rejected 1: not IPv4 1
                  capture errors 0, TUN write errors 0, kernel drops 0
                """, bytes.toString(StandardCharsets.UTF_8));
    }
}
