package io.lvs4j.control.ipvsadm;

import io.lvs4j.scheduler.RealServer;
import io.lvs4j.scheduler.VirtualService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order ipvsadm lists in unless --nosort: services by protocol, then address, then port;
 * servers by address, then port. To print the very same order, the comparisons are ipvsadm's
 * (libipvs's ipvs_cmp_services / ipvs_cmp_dests): the address difference is taken in 32-bit
 * unsigned arithmetic and read as a signed int, so addresses more than 2^31 apart compare
 * "backwards" (10.0.0.1 sorts after 192.168.0.1). Such a comparison is not transitive, so the
 * sort is glibc qsort's merge sort, step for step, rather than Java's (which may throw on it).
 */
final class IpvsadmOrder {
    private static final Comparator<VirtualService> SERVICES = (a, b) -> {
        int r = a.protocol().number() - b.protocol().number();
        if (r != 0) {
            return r;
        }
        r = a.address() - b.address(); // wraps like C's u32 difference stored in an int
        return r != 0 ? r : a.port() - b.port();
    };

    private static final Comparator<RealServer> SERVERS = (a, b) -> {
        int r = a.address() - b.address();
        return r != 0 ? r : a.port() - b.port();
    };

    private IpvsadmOrder() {
    }

    static List<VirtualService> services(Collection<VirtualService> services, boolean sort) {
        List<VirtualService> list = new ArrayList<>(services);
        if (sort) {
            mergeSort(list, SERVICES);
        }
        return list;
    }

    static List<RealServer> servers(List<RealServer> servers, boolean sort) {
        List<RealServer> list = new ArrayList<>(servers);
        if (sort) {
            mergeSort(list, SERVERS);
        }
        return list;
    }

    /** glibc's msort: halves of n/2 and n - n/2, merged taking from the left on ties (stable). */
    static <T> void mergeSort(List<T> list, Comparator<? super T> cmp) {
        if (list.size() <= 1) {
            return;
        }
        int n1 = list.size() / 2;
        List<T> left = new ArrayList<>(list.subList(0, n1));
        List<T> right = new ArrayList<>(list.subList(n1, list.size()));
        mergeSort(left, cmp);
        mergeSort(right, cmp);
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < left.size() && j < right.size()) {
            if (cmp.compare(left.get(i), right.get(j)) <= 0) {
                list.set(k++, left.get(i++));
            } else {
                list.set(k++, right.get(j++));
            }
        }
        while (i < left.size()) {
            list.set(k++, left.get(i++));
        }
        while (j < right.size()) {
            list.set(k++, right.get(j++));
        }
    }
}
