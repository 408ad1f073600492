package io.lvs4j.control.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of generated script passes shellcheck as POSIX sh. */
class ShellcheckTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> scripts() {
        List<java.net.Inet4Address> two = VipValidator.parseList("10.0.0.100,10.0.0.101");
        return Stream.of(
                Arguments.of("rs-dr", new RealServerSetup(two, Mode.DR).files(Format.SCRIPT).get(0)),
                Arguments.of("rs-tun", new RealServerSetup(two, Mode.TUN).files(Format.SCRIPT).get(0)),
                Arguments.of("director-own", DirectorSetup.of(two, "eth0", VipMode.OWN, null).files(Format.SCRIPT).get(0)),
                Arguments.of("director-kernel",
                        DirectorSetup.of(two, "eth0", VipMode.KERNEL, null).files(Format.SCRIPT).get(0)),
                Arguments.of("director-nat",
                        DirectorSetup.of(two, "eth0", "eth1", VipMode.OWN, null).files(Format.SCRIPT).get(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void passesShellcheck(String kind, GeneratedFile script) throws Exception {
        Prerequisites.require(Prerequisites.onPath("shellcheck"), "shellcheck");
        Path file = Files.writeString(tmp.resolve(kind + ".sh"), script.content());
        Proc.Result r = Proc.run(List.of("shellcheck", "--shell=sh", "--severity=style", file.toString()));
        assertEquals(0, r.exit(), kind + ":\n" + r.output());
    }
}
