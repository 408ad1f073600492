package io.lvs4j.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scheduler options: what sh and mh read of the service's flag bits (IP_VS_SVC_F_SCHED_SH_FALLBACK,
 * _SH_PORT, _MH_FALLBACK, _MH_PORT) and mh's lookup table size. Immutable. The bits themselves
 * live on {@link VirtualService}; their ipvsadm words are the control plane's to parse and print.
 */
public final class SchedulerFlags {
    /** The table sizes mh can use (ip_vs_mh.c's primes[]). */
    public static final int[] MH_TABLE_SIZES = {251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071};
    public static final int DEFAULT_MH_TABLE_SIZE = 4093;
    public static final SchedulerFlags NONE = new SchedulerFlags(false, false, false, false, DEFAULT_MH_TABLE_SIZE);

    /** The kernel's IP_VS_SVC_F_SCHED1..3, the service's scheduler flag bits (ipvsadm -b). */
    public static final int FLAG_1 = 1;
    public static final int FLAG_2 = 2;
    public static final int FLAG_3 = 4;

    private final boolean shFallback;
    private final boolean shPort;
    private final boolean mhFallback;
    private final boolean mhPort;
    private final int mhTableSize;

    public SchedulerFlags(boolean shFallback, boolean shPort, boolean mhFallback, boolean mhPort, int mhTableSize) {
        if (!isMhTableSize(mhTableSize)) {
            throw new IllegalArgumentException("mh table size " + mhTableSize + " is not one of "
                    + sizes());
        }
        this.shFallback = shFallback;
        this.shPort = shPort;
        this.mhFallback = mhFallback;
        this.mhPort = mhPort;
        this.mhTableSize = mhTableSize;
    }

    /**
     * The model's flags for a service's flag bits: as in the kernel, bit 1 is sh's or mh's
     * fallback and bit 2 their port flag; other schedulers read no bits (they stay on the service).
     */
    public static SchedulerFlags of(String scheduler, int bits) {
        boolean one = (bits & FLAG_1) != 0;
        boolean two = (bits & FLAG_2) != 0;
        if ("sh".equals(scheduler)) {
            return new SchedulerFlags(one, two, false, false, DEFAULT_MH_TABLE_SIZE);
        }
        if ("mh".equals(scheduler)) {
            return new SchedulerFlags(false, false, one, two, DEFAULT_MH_TABLE_SIZE);
        }
        return NONE;
    }

    public SchedulerFlags withMhTableSize(int size) {
        return new SchedulerFlags(shFallback, shPort, mhFallback, mhPort, size);
    }

    /** Refuses sh-* flags on a scheduler other than sh and mh-* on one other than mh. */
    public void checkFor(String scheduler) {
        for (String flag : names()) {
            String owner = flag.substring(0, 2);
            if (!owner.equals(scheduler)) {
                throw new IllegalArgumentException("scheduler flag '" + flag + "' needs the " + owner
                        + " scheduler, not " + scheduler);
            }
        }
    }

    public boolean shFallback() {
        return shFallback;
    }

    public boolean shPort() {
        return shPort;
    }

    public boolean mhFallback() {
        return mhFallback;
    }

    public boolean mhPort() {
        return mhPort;
    }

    public int mhTableSize() {
        return mhTableSize;
    }

    public boolean isEmpty() {
        return !shFallback && !shPort && !mhFallback && !mhPort;
    }

    /** The set flags in ipvsadm's order. */
    public List<String> names() {
        List<String> out = new ArrayList<>(4);
        if (shFallback) {
            out.add("sh-fallback");
        }
        if (shPort) {
            out.add("sh-port");
        }
        if (mhFallback) {
            out.add("mh-fallback");
        }
        if (mhPort) {
            out.add("mh-port");
        }
        return out;
    }

    /** The -b value as ipvsadm -S writes it ("" when no flag is set). */
    @Override
    public String toString() {
        return String.join(",", names());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchedulerFlags f && f.shFallback == shFallback && f.shPort == shPort
                && f.mhFallback == mhFallback && f.mhPort == mhPort && f.mhTableSize == mhTableSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(shFallback, shPort, mhFallback, mhPort, mhTableSize);
    }

    private static boolean isMhTableSize(int size) {
        for (int s : MH_TABLE_SIZES) {
            if (s == size) {
                return true;
            }
        }
        return false;
    }

    private static String sizes() {
        StringBuilder b = new StringBuilder();
        for (int s : MH_TABLE_SIZES) {
            b.append(b.length() == 0 ? "" : " ").append(s);
        }
        return b.toString();
    }
}
