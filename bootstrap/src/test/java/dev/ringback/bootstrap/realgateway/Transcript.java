package dev.ringback.bootstrap.realgateway;

import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/** A conversation as {@code chat.history} returns it: the transcript's id and its messages in order. */
record Transcript(String sessionId, List<Message> messages) {
    record Message(String role, String text) {}

    OptionalInt indexOf(String role, String fragment) {
        return IntStream.range(0, messages.size())
                .filter(i -> messages.get(i).role().equals(role) && messages.get(i).text().contains(fragment))
                .findFirst();
    }

    long count(String fragment) {
        return messages.stream().filter(m -> m.text().contains(fragment)).count();
    }

    boolean mentions(String fragment) {
        return count(fragment) > 0;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("transcript " + sessionId + ":\n");
        messages.forEach(m -> out.append("  ").append(m.role()).append(": ")
                .append(m.text().replace('\n', ' '), 0, Math.min(160, m.text().length())).append('\n'));
        return out.toString();
    }
}
