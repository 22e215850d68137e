package dev.ringback.adapters.http.bland;

import dev.ringback.application.port.out.CallStatusLookup;
import dev.ringback.domain.call.ProviderCallId;

/**
 * Trial mode's lookup: the simulator posts every completion itself, so a call it still holds is
 * running and one it does not hold will never get a completion from it (placed before a restart,
 * or its completion given up on). Saying so lets reconciliation end such a call as "outcome
 * unknown" after the unknown-outcome grace, instead of holding its minutes and asking for ever.
 */
final class SimulatedCallStatusLookup implements CallStatusLookup {
    private final SimulatedTelephonyProvider simulator;

    SimulatedCallStatusLookup(SimulatedTelephonyProvider simulator) {
        this.simulator = simulator;
    }

    @Override
    public Answer lookUp(ProviderCallId call) {
        return simulator.holds(call) ? new Answer.NotEnded() : new Answer.Unknown();
    }
}
