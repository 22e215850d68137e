package dev.ringback.application.testing;

import dev.ringback.application.port.out.TranscriptArchive;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.TranscriptFile;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A transcript archive that records the files it was asked to store and answers from a script
 * ({@code Delivered("200")} once the script is used up).
 */
public final class RecordingTranscriptArchive implements TranscriptArchive {
    public record Stored(Machine machine, TranscriptFile file) {}

    private final ScriptedAttempts answers = new ScriptedAttempts(new AttemptResult.Delivered("200"));
    private final List<Stored> stored = new ArrayList<>();

    public RecordingTranscriptArchive thenAnswer(AttemptResult... results) {
        for (AttemptResult result : results) {
            answers.add(result);
        }
        return this;
    }

    public RecordingTranscriptArchive thenThrow(RuntimeException failure) {
        answers.addFailure(failure);
        return this;
    }

    @Override
    public AttemptResult store(Machine machine, TranscriptFile file) {
        synchronized (this) {
            stored.add(new Stored(machine, file));
        }
        return answers.next();
    }

    public synchronized List<Stored> stored() {
        return List.copyOf(stored);
    }

    public synchronized List<TranscriptFile> files() {
        return stored.stream().map(Stored::file).collect(Collectors.toUnmodifiableList());
    }
}
