package dev.ringback.application.testing;

import dev.ringback.application.port.out.PlacementKeyStore;

class InMemoryPlacementKeyStoreTest extends PlacementKeyStoreContract {
    @Override
    protected Repositories newRepositories() {
        return Repositories.inMemory();
    }

    @Override
    protected PlacementKeyStore placementKeys(Repositories repositories) {
        return new InMemoryPlacementKeyStore();
    }
}
