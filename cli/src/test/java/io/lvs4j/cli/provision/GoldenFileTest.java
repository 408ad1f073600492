package io.lvs4j.cli.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ifcfg, sysctl and systemd outputs, byte for byte, as {@code lvs4j} prints them. After an
 * intended change, regenerate with {@code -Dlvs4j.golden.update=true} and review the git diff.
 */
class GoldenFileTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    static Stream<Arguments> cases() {
        String rs = "rs-setup --vip 10.0.0.100,10.0.0.101 --mode ";
        String dir = "director-setup --vip 10.0.0.100,10.0.0.101 -i eth0 --vip-mode ";
        return Stream.of(
                Arguments.of("rs-dr/ifcfg.txt", rs + "dr --format ifcfg"),
                Arguments.of("rs-dr/sysctl.txt", rs + "dr --format sysctl"),
                Arguments.of("rs-dr/systemd.txt", rs + "dr --format systemd"),
                Arguments.of("rs-tun/ifcfg.txt", rs + "tun --format ifcfg"),
                Arguments.of("rs-tun/sysctl.txt", rs + "tun --format sysctl"),
                Arguments.of("rs-tun/systemd.txt", rs + "tun --format systemd"),
                Arguments.of("director-own/ifcfg.txt", dir + "own --format ifcfg"),
                Arguments.of("director-kernel/ifcfg.txt", dir + "kernel --format ifcfg"),
                Arguments.of("director-kernel/sysctl.txt", dir + "kernel --format sysctl"),
                Arguments.of("director-kernel/systemd.txt", dir + "kernel --format systemd"),
                Arguments.of("director-nat/script.txt", dir + "own --mode nat --private-interface eth1 --no-check"),
                Arguments.of("director-nat/ifcfg.txt", dir + "own --mode nat --private-interface eth1 --no-check --format ifcfg"),
                Arguments.of("director-nat/systemd.txt", dir + "own --mode nat --private-interface eth1 --no-check --format systemd"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesGoldenFile(String golden, String commandLine) throws IOException {
        Cli.Result r = Cli.run(commandLine.split(" "));
        assertEquals(0, r.exit(), r.err());
        Path file = GOLDEN.resolve(golden);
        if (Boolean.getBoolean("lvs4j.golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, r.out(), StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), r.out(), "lvs4j " + commandLine);
    }
}
