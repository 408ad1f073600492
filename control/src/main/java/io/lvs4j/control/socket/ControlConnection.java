package io.lvs4j.control.socket;

import io.lvs4j.control.ipvsadm.Reply;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * One client of the control socket, read and answered without blocking: the request's bytes as
 * they arrive (never more than the limit, never allocated ahead of them), then the reply's bytes
 * as the client takes them, each phase under its own deadline.
 */
final class ControlConnection {
    private final SocketChannel channel;
    private final int maxRequestBytes;
    private byte[] received = new byte[512];
    private int length;
    private ByteBuffer reply;
    private long deadline;

    ControlConnection(SocketChannel channel, int maxRequestBytes, long deadline) {
        this.channel = channel;
        this.maxRequestBytes = maxRequestBytes;
        this.deadline = deadline;
    }

    SocketChannel channel() {
        return channel;
    }

    long deadline() {
        return deadline;
    }

    /**
     * Reads what has arrived.
     *
     * @return the whole request, or null while more is to come
     * @throws ControlProtocol.BadRequest when it is not a request or is too large
     * @throws IOException when the client went away before sending it all
     */
    ControlProtocol.Request read() throws IOException {
        while (true) {
            if (length == received.length) {
                if (length > maxRequestBytes) {
                    throw new ControlProtocol.BadRequest("request of more than " + maxRequestBytes + " bytes");
                }
                received = Arrays.copyOf(received, Math.min(received.length * 2, maxRequestBytes + 1));
            }
            int n = channel.read(ByteBuffer.wrap(received, length, received.length - length));
            if (n < 0) {
                throw new IOException("client closed after " + length + " bytes of its request");
            }
            if (n == 0) {
                return null;
            }
            length += n;
            ControlProtocol.Request request = ControlProtocol.parseRequest(received, length, maxRequestBytes);
            if (request != null) {
                received = null; // the request is decoded; its bytes are not needed any more
                return request;
            }
        }
    }

    /** No deadline while the director works on the request: its time is not the client's. */
    void waitForReply() {
        deadline = Long.MAX_VALUE;
    }

    void answer(Reply r, long replyDeadline) {
        reply = ControlProtocol.encodeReply(r);
        deadline = replyDeadline;
    }

    /** @return true when the whole reply has been written */
    boolean write() throws IOException {
        channel.write(reply);
        return !reply.hasRemaining();
    }
}
