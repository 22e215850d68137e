package dev.ringback.bootstrap.realgateway;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The suite's one definition of "the notification landed in the conversation": the same
 * transcript as before the call (not a rolled-over one), the earlier exchange still there, the
 * notification after it, exactly once. The control scenarios prove this check fails on the
 * seed's payloads.
 */
final class Landing {
    private Landing() {}

    /** What is wrong, one line per problem; empty when the notification landed properly. */
    static List<String> problems(Transcript before, Transcript after, String earlierUserText, String marker) {
        List<String> problems = new ArrayList<>();
        if (!after.sessionId().equals(before.sessionId())) {
            problems.add("the conversation moved to another transcript (" + before.sessionId() + " -> " + after.sessionId() + ")");
        }
        OptionalInt earlier = after.indexOf("user", earlierUserText);
        OptionalInt notification = after.indexOf("user", marker);
        if (earlier.isEmpty()) {
            problems.add("the earlier exchange is gone");
        }
        if (notification.isEmpty()) {
            problems.add("the notification is not in the conversation");
        }
        if (earlier.isPresent() && notification.isPresent() && notification.getAsInt() < earlier.getAsInt()) {
            problems.add("the notification comes before the earlier exchange");
        }
        if (after.count(marker) > 1) {
            problems.add("the notification is there " + after.count(marker) + " times");
        }
        return problems;
    }
}
