package dev.ringback.adapters.http.bland;

import dev.ringback.application.port.out.CallStatusLookup;
import dev.ringback.domain.call.ProviderCallId;

/**
 * Trial mode has no provider to ask: the simulator posts every completion itself and keeps no
 * history across restarts. Its calls are therefore never settled from a lookup, only by their
 * (retried) simulated webhook; a call without a provider id still follows the unknown-outcome rule.
 */
final class SimulatedCallStatusLookup implements CallStatusLookup {
    @Override
    public Answer lookUp(ProviderCallId call) {
        return new Answer.Unavailable("the call simulator keeps no call history");
    }
}
