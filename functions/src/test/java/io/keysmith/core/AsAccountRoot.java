package io.keysmith.core;

import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;

/**
 * For tests that call the core directly, not through the api: each test (and its instance's field initializers)
 * runs as {@link TestCallers#ROOT}, whom the default policies allow everything.
 */
public final class AsAccountRoot implements TestInstancePreConstructCallback, AfterEachCallback {
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        CallScope.open(TestCallers.ROOT, List.of());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        CallScope.close();
    }
}
