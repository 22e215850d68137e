package dev.ringback.domain.call;

/**
 * The answer of {@link CallRecord#complete} (and {@link CallRecord#correctUnknownOutcome}): either
 * this report ended the call (corrected its unknown outcome), or an earlier one had.
 */
public sealed interface CompletionResult {
    CallRecord call();

    record Completed(CallRecord call) implements CompletionResult {}

    record AlreadyFinal(CallRecord call) implements CompletionResult {}
}
