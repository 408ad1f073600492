package io.lvs4j.control;

/**
 * Why a change was refused: the conditions the kernel checks, with the texts libipvs gives them
 * (ipvs_strerror and strerror), so ipvsadm prints them unchanged.
 */
public enum Refusal {
    SERVICE_EXISTS("Service already exists"),
    NO_SCHEDULER("Scheduler or persistence engine not found"),
    NO_SUCH_SERVICE("No such service"),
    /** A server command naming a missing service (the kernel's wording differs from -D's). */
    SERVICE_NOT_DEFINED("Service not defined"),
    DESTINATION_EXISTS("Destination already exists"),
    NO_SUCH_DESTINATION("No such destination"),
    /** ERANGE: a lower threshold above the upper one, a weight outside 0..65535, a negative timeout. */
    OUT_OF_RANGE("Numerical result out of range"),
    /** EINVAL: a real server address that is not unicast, a port-0 service without persistence. */
    INVALID("Invalid operation.  Possibly wrong module version, address not unicast, ...");

    private final String message;

    Refusal(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
