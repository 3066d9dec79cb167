package io.keysmith.core;

/** The grant store contract on the in-memory fake that the core's and the api's unit tests use. */
class InMemoryGrantStoreContractTest extends GrantStoreContract {
    @Override
    protected GrantStorePorts emptyStores() {
        return InMemoryPorts.grantStores();
    }
}
