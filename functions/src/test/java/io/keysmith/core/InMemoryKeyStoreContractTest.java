package io.keysmith.core;

/** The key store contract on the in-memory fake that the core's and the api's unit tests use. */
class InMemoryKeyStoreContractTest extends KeyStoreContract {
    @Override
    protected StorePorts emptyStores() {
        return InMemoryPorts.stores();
    }
}
