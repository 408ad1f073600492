/** The virtual-service model, the IPVS schedulers and the connection table. JDK only, deterministic. */
package io.lvs4j.scheduler;
