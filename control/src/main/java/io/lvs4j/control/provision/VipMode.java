package io.lvs4j.control.provision;

/** Whether the director's kernel holds the VIP (README, "Provisioning …", "The director": own or kernel). */
public enum VipMode {
    /** The VIP is not configured on the director; lvs4j answers ARP for it itself. */
    OWN,
    /** The VIP is an interface label; an nftables guard keeps the kernel from answering. */
    KERNEL;

    @Override
    public String toString() {
        return Choice.spelling(this);
    }

    /** Parses the command-line spelling: {@code own} or {@code kernel}, any case. */
    public static VipMode parse(String value) {
        return Choice.parse(VipMode.class, value);
    }
}
