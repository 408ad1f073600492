package io.lvs4j.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** One service with a DR server (rs1) and a TUN server (rs2), as IPVS allows. */
@Tag("lab")
class MixedForwardingLabIT {

    @Test
    void aServiceMixingRouteAndTunnelServesEveryRequest() throws Exception {
        try (Lab lab = Lab.up("--mode", "mixed")) {
            String rules = "-A -t " + Lab.VIP + ":80 -s rr\n"
                    + "-a -t " + Lab.VIP + ":80 -r " + Lab.RS1 + ":80 -g -w 1\n"
                    + "-a -t " + Lab.VIP + ":80 -r " + Lab.RS2 + ":80 -i -w 1\n";
            try (DirectorProcess director = DirectorProcess.start(lab, rules, 2)) {
                List<String> answers = lab.get(40);
                String summary = director.stop();
                Map<String, Long> split = new TreeMap<>(answers.stream()
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
                assertEquals(Map.of("rs1", 20L, "rs2", 20L), split, "answers by server");
                Map<String, long[]> counters = DirectorProcess.serverCounters(summary);
                assertEquals(20, counters.get(Lab.RS1 + ":80")[0], "rs1 (Route) connections\n" + summary);
                assertEquals(20, counters.get(Lab.RS2 + ":80")[0], "rs2 (Tunnel) connections\n" + summary);
            }
        }
    }
}
