package dev.ringback.application.testing;

import dev.ringback.application.port.out.CallStatusLookup;
import dev.ringback.domain.call.ProviderCallId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Answers each provider id as scripted (the provider does not know an id nobody scripted) and
 * records every question, so a test can tell which calls were looked up and how often.
 */
public final class ScriptedCallStatusLookup implements CallStatusLookup {
    private final Map<ProviderCallId, Answer> answers = new HashMap<>();
    private final List<ProviderCallId> asked = new ArrayList<>();
    private Consumer<ProviderCallId> beforeAnswering = id -> {};

    public synchronized ScriptedCallStatusLookup answer(String providerCallId, Answer answer) {
        answers.put(new ProviderCallId(providerCallId), answer);
        return this;
    }

    /** Runs before each answer: lets a test slip a webhook in between the question and its use. */
    public synchronized ScriptedCallStatusLookup beforeAnswering(Consumer<ProviderCallId> action) {
        this.beforeAnswering = action;
        return this;
    }

    @Override
    public Answer lookUp(ProviderCallId call) {
        Consumer<ProviderCallId> action;
        synchronized (this) {
            asked.add(call);
            action = beforeAnswering;
        }
        action.accept(call);
        synchronized (this) {
            return answers.getOrDefault(call, new Answer.Unknown());
        }
    }

    public synchronized List<ProviderCallId> asked() {
        return List.copyOf(asked);
    }
}
