package io.lvs4j.cli.ipvsadm;

import io.lvs4j.control.socket.IpvsadmClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code lvs4j ipvsadm ARGS…}: ipvsadm's own language, passed through untouched to the running
 * director. The command declares no options or parameters at all, so picocli reads none of
 * "-h", "-Ln" or "-t" as its own and hands every word, in order, to the unmatched list.
 */
@Command(name = "ipvsadm",
        description = "Talk to the running director in ipvsadm 1.31's language (try: lvs4j ipvsadm -h).")
public final class IpvsadmCommandLine implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return IpvsadmClient.run(args, System.in, System.out, System.err, System.getenv());
    }
}
