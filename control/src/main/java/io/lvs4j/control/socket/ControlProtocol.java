package io.lvs4j.control.socket;

import io.lvs4j.control.ipvsadm.Reply;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The control socket's messages: one request (the ipvsadm arguments, and standard input for -R)
 * and one reply (stdout, stderr, exit code) per connection. Length-prefixed UTF-8 behind a magic
 * number. The director decodes a request only from bytes that have arrived and checks every
 * claimed length against its limit first, so a claim costs nothing until its bytes are sent.
 */
final class ControlProtocol {
    private static final int REQUEST_MAGIC = 0x4C56_5331;  // "LVS1"
    private static final int REPLY_MAGIC = 0x4C56_5352;    // "LVSR"
    static final int MAX_ARGS = 4096;
    static final int MAX_ARG_BYTES = 64 * 1024;

    /** An ipvsadm command line as sent; {@code stdin} is null unless the client sent its input. */
    record Request(List<String> args, String stdin) {
    }

    /** A request the director will not take: its message is what the client is told. */
    static final class BadRequest extends IOException {
        BadRequest(String message) {
            super(message);
        }
    }

    private ControlProtocol() {
    }

    static void writeRequest(DataOutputStream out, Request r) throws IOException {
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

    /**
     * Decodes a request from the first {@code length} bytes received.
     *
     * @param maxBytes the largest whole request taken
     * @return the request, or null when more bytes are needed
     * @throws BadRequest when the bytes are not a request or claim more than the limits allow
     */
    static Request parseRequest(byte[] bytes, int length, int maxBytes) throws BadRequest {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
        if (b.remaining() < 8) {
            return null;
        }
        if (b.getInt() != REQUEST_MAGIC) {
            throw new BadRequest("not an lvs4j control request");
        }
        int n = b.getInt();
        if (n < 0 || n > MAX_ARGS) {
            throw new BadRequest("request with " + n + " arguments (at most " + MAX_ARGS + ")");
        }
        List<String> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String arg = readText(b, MAX_ARG_BYTES, maxBytes);
            if (arg == null) {
                return null;
            }
            args.add(arg);
        }
        if (!b.hasRemaining()) {
            return null;
        }
        String stdin = null;
        if (b.get() != 0) {
            stdin = readText(b, maxBytes, maxBytes);
            if (stdin == null) {
                return null;
            }
        }
        if (b.hasRemaining()) {
            throw new BadRequest("request followed by " + b.remaining() + " unexpected bytes");
        }
        return new Request(args, stdin);
    }

    /** Text at the buffer's position, or null when its bytes have not all arrived. */
    private static String readText(ByteBuffer b, int maxText, int maxRequest) throws BadRequest {
        if (b.remaining() < 4) {
            return null;
        }
        int n = b.getInt();
        if (n < 0 || n > maxText || (long) b.position() + n > maxRequest) {
            throw new BadRequest("request of more than " + maxRequest + " bytes (a text of " + n
                    + " bytes at offset " + (b.position() - 4) + ")");
        }
        if (b.remaining() < n) {
            return null;
        }
        String s = new String(b.array(), b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }

    /** The reply's bytes, as {@link #readReply} reads them. */
    static ByteBuffer encodeReply(Reply r) {
        byte[] out = r.stdout().getBytes(StandardCharsets.UTF_8);
        byte[] err = r.stderr().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(16 + out.length + err.length);
        b.putInt(REPLY_MAGIC).putInt(r.exitCode());
        b.putInt(out.length).put(out);
        b.putInt(err.length).put(err);
        return b.flip();
    }

    /** @throws EOFException when the director closed the connection without answering */
    static Reply readReply(DataInputStream in) throws IOException {
        if (in.readInt() != REPLY_MAGIC) {
            throw new IOException("not an lvs4j control reply");
        }
        int exit = in.readInt();
        String stdout = readText(in);
        String stderr = readText(in);
        return new Reply(stdout, stderr, exit);
    }

    private static void writeText(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readText(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("text of " + n + " bytes");
        }
        byte[] b = in.readNBytes(n); // grows as bytes arrive, not by the claim
        if (b.length != n) {
            throw new EOFException("reply cut after " + b.length + " of " + n + " bytes");
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
