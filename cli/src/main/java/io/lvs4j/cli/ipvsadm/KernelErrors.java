package io.lvs4j.cli.ipvsadm;

/**
 * The messages ipvsadm prints when the kernel refuses a change (libipvs's ipvs_strerror table
 * and strerror), all ending ipvsadm with status 255. lvs4j checks the same conditions itself.
 */
final class KernelErrors {
    static final String SERVICE_EXISTS = "Service already exists";
    static final String NO_SCHEDULER = "Scheduler or persistence engine not found";
    static final String NO_SUCH_SERVICE = "No such service";
    static final String SERVICE_NOT_DEFINED = "Service not defined";
    static final String DESTINATION_EXISTS = "Destination already exists";
    static final String NO_SUCH_DESTINATION = "No such destination";
    /** ERANGE: a lower threshold above the upper one. */
    static final String OUT_OF_RANGE = "Numerical result out of range";
    /** EINVAL: e.g. a real server address that is not unicast. */
    static final String INVALID = "Invalid operation.  Possibly wrong module version, address not unicast, ...";

    private KernelErrors() {
    }

    static IpvsadmException refused(String message) {
        return new IpvsadmException(message, IpvsadmException.REFUSED);
    }
}
