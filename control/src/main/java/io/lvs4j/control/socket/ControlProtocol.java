package io.lvs4j.control.socket;

import io.lvs4j.control.ipvsadm.Reply;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The control socket's messages: one request (the ipvsadm arguments, and standard input for -R)
 * and one reply (stdout, stderr, exit code) per connection. Length-prefixed UTF-8 behind a magic
 * number, with limits so a broken client cannot make the director allocate without bound.
 */
public final class ControlProtocol {
    private static final int REQUEST_MAGIC = 0x4C56_5331;  // "LVS1"
    private static final int REPLY_MAGIC = 0x4C56_5352;    // "LVSR"
    private static final int MAX_ARGS = 4096;
    private static final int MAX_ARG_BYTES = 64 * 1024;
    private static final int MAX_TEXT_BYTES = 64 * 1024 * 1024;

    /** An ipvsadm command line as sent; {@code stdin} is null unless the client sent its input. */
    public record Request(List<String> args, String stdin) {
    }

    private ControlProtocol() {
    }

    public static void writeRequest(DataOutputStream out, Request r) throws IOException {
        out.writeInt(REQUEST_MAGIC);
        out.writeInt(r.args().size());
        for (String a : r.args()) {
            writeText(out, a);
        }
        out.writeBoolean(r.stdin() != null);
        if (r.stdin() != null) {
            writeText(out, r.stdin());
        }
        out.flush();
    }

    public static Request readRequest(DataInputStream in) throws IOException {
        if (in.readInt() != REQUEST_MAGIC) {
            throw new IOException("not an lvs4j control request");
        }
        int n = in.readInt();
        if (n < 0 || n > MAX_ARGS) {
            throw new IOException("request with " + n + " arguments (at most " + MAX_ARGS + ")");
        }
        List<String> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            args.add(readText(in, MAX_ARG_BYTES));
        }
        String stdin = in.readBoolean() ? readText(in, MAX_TEXT_BYTES) : null;
        return new Request(args, stdin);
    }

    public static void writeReply(DataOutputStream out, Reply r) throws IOException {
        out.writeInt(REPLY_MAGIC);
        out.writeInt(r.exitCode());
        writeText(out, r.stdout());
        writeText(out, r.stderr());
        out.flush();
    }

    /** @throws EOFException when the director closed the connection without answering */
    public static Reply readReply(DataInputStream in) throws IOException {
        if (in.readInt() != REPLY_MAGIC) {
            throw new IOException("not an lvs4j control reply");
        }
        int exit = in.readInt();
        String stdout = readText(in, Integer.MAX_VALUE);
        String stderr = readText(in, Integer.MAX_VALUE);
        return new Reply(stdout, stderr, exit);
    }

    private static void writeText(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readText(DataInputStream in, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new IOException("text of " + n + " bytes (at most " + max + ")");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
