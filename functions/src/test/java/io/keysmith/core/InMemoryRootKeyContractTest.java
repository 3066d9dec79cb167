package io.keysmith.core;

/** The root key contract on the in-memory root key that the core's and the api's unit tests use. */
class InMemoryRootKeyContractTest extends RootKeyContract {
    private final byte[] bytes = new Randomness().bytes(32);

    @Override
    protected RootKey rootKey() {
        return new InMemoryPorts.Root("test-root", bytes.clone());
    }

    @Override
    protected RootKey reopened() {
        return new InMemoryPorts.Root("test-root", bytes.clone());
    }

    @Override
    protected RootKey another() {
        return new InMemoryPorts.Root("test-root-other", new Randomness());
    }
}
