package io.lvs4j.control;

/**
 * A change the control plane refused; nothing of it (nor of the batch it came in) was applied.
 * Unchecked because it crosses the datapath's functional interface ({@link TableAccess}).
 */
public final class TableException extends RuntimeException {
    private final Refusal refusal;
    private final int index;

    TableException(Refusal refusal, int index) {
        super(refusal.message());
        this.refusal = refusal;
        this.index = index;
    }

    public Refusal refusal() {
        return refusal;
    }

    /** Which change of the batch was refused, counted from 0 (0 for a single change). */
    public int index() {
        return index;
    }
}
