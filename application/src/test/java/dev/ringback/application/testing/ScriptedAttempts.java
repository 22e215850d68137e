package dev.ringback.application.testing;

import dev.ringback.domain.delivery.AttemptResult;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Supplier;

/** The answers of a recording adapter: scripted results or failures, then a default. */
final class ScriptedAttempts {
    private final Deque<Supplier<AttemptResult>> script = new ArrayDeque<>();
    private final AttemptResult fallback;

    ScriptedAttempts(AttemptResult fallback) {
        this.fallback = fallback;
    }

    synchronized void add(AttemptResult result) {
        Objects.requireNonNull(result, "result");
        script.add(() -> result);
    }

    synchronized void addFailure(RuntimeException failure) {
        Objects.requireNonNull(failure, "failure");
        script.add(() -> {
            throw failure;
        });
    }

    /** The next answer; throws if a failure was scripted. */
    AttemptResult next() {
        Supplier<AttemptResult> answer;
        synchronized (this) {
            answer = script.poll();
        }
        return answer != null ? answer.get() : fallback;
    }
}
