/**
 * The director's control plane as a library: {@link io.lvs4j.control.ControlPlane} is the one
 * way to change or read the tables. Callers hand it {@link io.lvs4j.control.TableChange}s; it
 * checks them, applies them all or none on the datapath thread ({@link
 * io.lvs4j.control.TableAccess}) and answers with a {@link io.lvs4j.control.TableException} naming
 * the refusal. Languages and transports sit on top in their own packages: {@code ipvsadm} (the
 * command language), {@code socket} (the Unix control socket), {@code health},
 * {@code keepalived}, {@code metrics} (Prometheus and the status page), {@code provision} (the
 * real-server and director setup generators), and room for {@code sync}. Depends on the model and packets only,
 * never on the forwarder or the command line.
 */
package io.lvs4j.control;
