package io.lvs4j.control.socket;

import io.lvs4j.control.ipvsadm.IpvsadmCommand.Kind;
import io.lvs4j.control.ipvsadm.IpvsadmException;
import io.lvs4j.control.ipvsadm.IpvsadmParser;
import io.lvs4j.control.ipvsadm.Reply;
import io.lvs4j.control.ipvsadm.Usage;
import com.sun.security.auth.module.UnixSystem;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code lvs4j ipvsadm ARGS…} side: sends the arguments (and, for -R, standard input) to the
 * running director's control socket, prints its answer and returns its exit code, so the
 * command behaves like ipvsadm itself. -h and -v are answered without a director.
 */
public final class IpvsadmClient {
    /** Exit code when there is no director to talk to (like ipvsadm when IPVS is missing). */
    public static final int NO_DIRECTOR = 2;

    private IpvsadmClient() {
    }

    /**
     * @param environment where LVS4J_CONTROL is looked up (System.getenv() in production)
     * @return the exit code to end with
     */
    public static int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err,
                          Map<String, String> environment) {
        Kind kind = localKind(args);
        if (kind == Kind.HELP || kind == Kind.VERSION) {
            out.print(kind == Kind.HELP ? Usage.HELP : Usage.VERSION);
            out.flush();
            return 0;
        }
        String input = null;
        if (kind == Kind.RESTORE) {
            try {
                input = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("lvs4j ipvsadm: cannot read the rules on standard input: " + e.getMessage());
                return NO_DIRECTOR;
            }
        }
        return request("lvs4j ipvsadm", args, input, out, err, environment);
    }

    /**
     * Sends one request to the running director (after the same trust checks as ipvsadm's) and
     * prints its answer: for lvs4j's own requests too ({@code lvs4j checks}, {@code lvs4j reload}).
     *
     * @param who   the command, for messages ("lvs4j checks: no director at …")
     * @param stdin text to send along, or null
     * @return the director's exit code, or {@link #NO_DIRECTOR}
     */
    public static int request(String who, List<String> args, String stdin, PrintStream out, PrintStream err,
                              Map<String, String> environment) {
        Path socket = ControlSocketPath.resolve(null, environment);
        try {
            String refusal = SocketTrust.refusal(socket, (int) new UnixSystem().getUid());
            if (refusal != null) {
                err.println(who + ": refusing the control socket: " + refusal);
                return NO_DIRECTOR;
            }
        } catch (IOException e) {
            err.println(who + ": cannot check the control socket " + socket + ": " + e.getMessage());
            return NO_DIRECTOR;
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            err.println(connectFailure(who, socket, e));
            return NO_DIRECTOR;
        }
        Reply reply;
        try (channel) {
            reply = exchange(channel, new ControlProtocol.Request(args, stdin));
        } catch (IOException e) {
            // a refused peer sees its connection closed (EOF, reset or broken pipe) and nothing else
            err.println(who + ": the director at " + socket + " closed the connection unanswered"
                    + " (it takes commands from root only)");
            return NO_DIRECTOR;
        }
        out.print(reply.stdout());
        out.flush();
        err.print(reply.stderr());
        err.flush();
        return reply.exitCode();
    }

    private static Reply exchange(SocketChannel channel, ControlProtocol.Request request) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
        try {
            ControlProtocol.writeRequest(out, request);
        } catch (IOException e) {
            // a busy director answers before it reads, then closes: its answer is still there to read
        }
        DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
        return ControlProtocol.readReply(in);
    }

    private static String connectFailure(String who, Path socket, IOException e) {
        String reason = String.valueOf(e.getMessage());
        if (reason.contains("Permission denied")) {
            return who + ": permission denied on " + socket + " (the director takes commands from root only)";
        }
        return who + ": no director at " + socket + " (is `lvs4j run` running? set " + ControlSocketPath.ENVIRONMENT
                + ")";
    }

    /** The command's kind if the arguments parse here, else null (the director will say what is wrong). */
    private static Kind localKind(List<String> args) {
        try {
            return IpvsadmParser.parse(args).kind();
        } catch (IpvsadmException e) {
            return null;
        }
    }
}
