package dev.switchboard.admission;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Produces the revocation store: in memory on one node (a clustered store replaces it in the composition root). */
@ApplicationScoped
public class AdmissionProducers {

    @Produces
    @Singleton
    public RevocationStore revocationStore() {
        return new MemoryRevocationStore();
    }
}
