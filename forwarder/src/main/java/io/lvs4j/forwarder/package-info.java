/** The datapath: pcap handle, capture loop, ARP, neighbours, DR/TUN transmit, counters. */
package io.lvs4j.forwarder;
