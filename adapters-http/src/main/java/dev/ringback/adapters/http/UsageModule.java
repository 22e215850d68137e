package dev.ringback.adapters.http;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;

/**
 * Adds {@code GET /api/user/call/usage} to the API; expects {@code GetUsageUseCase} in the graph.
 * A module of its own so that a graph without usage reporting still builds.
 */
@Module
public final class UsageModule {
    private UsageModule() {}

    @Provides
    @IntoSet
    static Route usage(UsageHandler handler) {
        return Route.get(UsageHandler.PATH, handler);
    }
}
