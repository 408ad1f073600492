package io.lvs4j.control.socket;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * The director's decoding of a control request over arbitrary bytes, arriving in chunks: each
 * prefix gives "need more" (null), a request, or a BadRequest, nothing else; once a prefix is a
 * BadRequest no longer one is a request, and once one is a request every longer one is refused
 * (the bytes after a request are not part of it). A claimed length (up to 2 GB) costs nothing
 * until its bytes are there: an allocation by the claim would end the run in OutOfMemoryError.
 *
 * <p>An input is {@code [maxBytes: 4 bytes][chunk size: 1 byte][the bytes received]}. Seeds:
 * {@code src/test/resources/io/lvs4j/control/socket/ControlRequestFuzzTestInputs/parse/}.
 */
class ControlRequestFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse(byte[] input) {
        if (input.length < 5) {
            return;
        }
        int maxBytes = (input[0] & 0xff) << 24 | (input[1] & 0xff) << 16 | (input[2] & 0xff) << 8 | input[3] & 0xff;
        maxBytes &= 0x7fffffff;
        int chunk = 1 + (input[4] & 0xff);
        byte[] received = Arrays.copyOfRange(input, 5, input.length);
        boolean refused = false;
        boolean decoded = false;
        for (int length = Math.min(chunk, received.length); ; length = Math.min(length + chunk, received.length)) {
            // The director's buffer is larger than what has arrived; what lies beyond must not matter.
            byte[] buffer = Arrays.copyOf(received, received.length + chunk);
            Arrays.fill(buffer, length, buffer.length, (byte) 0x5A);
            try {
                ControlProtocol.Request r = ControlProtocol.parseRequest(buffer, length, maxBytes);
                if (r != null) {
                    assertFalse(refused, "a request after a refusal, at " + length + " bytes");
                    assertFalse(decoded, "a second request from longer input, at " + length + " bytes");
                    assertNotNull(r.args());
                    assertTrue(r.args().size() <= ControlProtocol.MAX_ARGS);
                    decoded = true;
                } else {
                    assertFalse(refused, "need more after a refusal, at " + length + " bytes");
                    assertFalse(decoded, "need more after a request, at " + length + " bytes");
                }
            } catch (ControlProtocol.BadRequest e) {
                String m = e.getMessage();
                assertNotNull(m);
                assertFalse(m.isBlank() || m.contains("\n"), "one line: " + m);
                refused = true;
            } catch (RuntimeException e) {
                fail("parseRequest threw " + e + " at " + length + " of " + received.length + " bytes", e);
            }
            if (length == received.length) {
                break;
            }
        }
        if (received.length < 8) {
            assertFalse(refused || decoded, "fewer than 8 bytes is never a verdict");
        }
    }
}
