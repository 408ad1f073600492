package io.lvs4j.scheduler;

/**
 * Base for schedulers that only need the list in order: keeps {@link #servers} in step with the
 * service and calls {@link #listChanged} after every add, remove, edit or attach.
 */
abstract class ListScheduler implements Scheduler {
    /** The service's servers in list order (head first); replaced, never mutated. */
    protected RealServer[] servers = new RealServer[0];

    @Override
    public void attach(VirtualService service) {
        servers = ServerArray.of(service);
        listChanged();
    }

    @Override
    public void serverAdded(VirtualService service, RealServer server) {
        servers = ServerArray.of(service);
        listChanged();
    }

    @Override
    public void serverRemoved(VirtualService service, RealServer server, int formerIndex) {
        servers = ServerArray.of(service);
        listChanged();
    }

    @Override
    public void serverUpdated(VirtualService service, RealServer server) {
        listChanged();
    }

    /** Hook for schedulers with derived state (tables, gcd); default none. */
    protected void listChanged() {
    }

    @Override
    public String toString() {
        return name();
    }
}
