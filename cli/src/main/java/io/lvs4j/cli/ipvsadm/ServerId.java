package io.lvs4j.cli.ipvsadm;

/** A real server as -r names it: address (numeric big-endian) and port (0..65535). */
public record ServerId(int address, int port) {
    public ServerId {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
        }
    }

    @Override
    public String toString() {
        return Ipv4Text.format(address) + ":" + port;
    }
}
