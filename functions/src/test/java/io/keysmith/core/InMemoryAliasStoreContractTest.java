package io.keysmith.core;

/** The alias store contract on the in-memory fake that the core's and the api's unit tests use. */
class InMemoryAliasStoreContractTest extends AliasStoreContract {
    @Override
    protected StorePorts emptyStores() {
        return InMemoryPorts.stores();
    }
}
