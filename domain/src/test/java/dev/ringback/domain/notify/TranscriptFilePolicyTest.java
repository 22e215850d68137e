package dev.ringback.domain.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.domain.Calls;
import dev.ringback.domain.call.CallOutcome;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.CallStatus;
import java.util.Optional;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TranscriptFilePolicyTest {

    /** The hand-written stamp against the pattern it replaced, over instants spread across 1970-9999. */
    @Test
    void theStampIsWhatThePatternPrinted() {
        java.time.format.DateTimeFormatter oracle = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd_HHmm")
                .withZone(java.time.ZoneOffset.UTC);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        java.util.List<java.time.Instant> instants = new java.util.ArrayList<>(java.util.List.of(
                java.time.Instant.EPOCH, java.time.Instant.parse("2026-11-26T23:59:59.999Z"),
                java.time.Instant.parse("2000-02-29T00:00:00Z"), java.time.Instant.parse("9999-12-31T23:59:59Z")));
        long last = java.time.Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 10_000; i++) {
            instants.add(java.time.Instant.ofEpochSecond(random.nextLong(last), random.nextInt(1_000_000_000)));
        }
        for (java.time.Instant at : instants) {
            StringBuilder stamp = new StringBuilder();
            TranscriptFilePolicy.stamp(stamp, at);
            assertThat(stamp.toString()).as("%s", at).isEqualTo(oracle.format(at));
        }
        assertThatThrownBy(() -> TranscriptFilePolicy.stamp(new StringBuilder(), java.time.Instant.parse("-0001-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathIsThePlatformsConventionInUtc() {
        // 23:58 UTC on the 9th is already the 10th east of Greenwich: the path must not follow the JVM's zone.
        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            assertThat(TranscriptFilePolicy.pathFor(Calls.outbound())).isEqualTo("calls/2025-03-09_2358_outbound_12025551234_call-1.md");
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void inboundCallsAreNamedAfterTheCaller() {
        assertThat(TranscriptFilePolicy.pathFor(Calls.inbound(10, "t", "s")))
                .isEqualTo("calls/2025-03-09_2358_inbound_12025551234_all-in-1.md")
                .matches("calls/\\d{4}-\\d{2}-\\d{2}_\\d{4}_(inbound|outbound)_\\d{11}_[A-Za-z0-9._-]{1,8}\\.md");
    }

    @Test
    void aCallFromAWithheldNumberIsNamedWithheld() {
        TranscriptFile file = TranscriptFilePolicy.fileFor(Calls.inboundWithheld(10, "t", "s"));
        assertThat(file.relativePath()).isEqualTo("calls/2025-03-09_2358_inbound_withheld_all-in-1.md");
        assertThat(file.markdown()).startsWith("# 📲 **Call received** (withheld, 0.2 min)\n")
                .contains("- Other party: withheld\n");
    }

    @Test
    void twoCallsToOneNumberInOneMinuteGetTwoFiles() {
        CallRecord first = Calls.outbound("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        CallRecord again = Calls.outbound("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f9c8d");

        assertThat(TranscriptFilePolicy.pathFor(first)).isEqualTo("calls/2025-03-09_2358_outbound_12025551234_2e3f4a5b.md");
        assertThat(TranscriptFilePolicy.pathFor(again)).isEqualTo("calls/2025-03-09_2358_outbound_12025551234_2e3f9c8d.md");
    }

    @Test
    void anIdsColonOrDotDoesNotReachTheFileName() {
        assertThat(TranscriptFilePolicy.pathFor(Calls.outbound("crm:call:7"))).endsWith("_12025551234_m-call-7.md");
        assertThat(TranscriptFilePolicy.pathFor(Calls.outbound("call.v2."))).endsWith("_12025551234_call-v2-.md")
                .doesNotContain("..");
    }

    @Test
    void theFileHoldsTheWholeCallQuoted() {
        CallRecord call = Calls.outbound().acceptedByProvider(new dev.ringback.domain.call.ProviderCallId("b-1"))
                .complete(new CallOutcome(CallStatus.COMPLETED, 150, "user: hi\nassistant: hello", "Confirmed",
                        Optional.of("https://rec.example/1.mp3"), Optional.of(Calls.ENDED_AT)), Calls.ENDED_AT)
                .call();

        TranscriptFile file = TranscriptFilePolicy.fileFor(call);

        assertThat(file.relativePath()).isEqualTo(TranscriptFilePolicy.pathFor(call));
        assertThat(file.markdown()).startsWith("# 📞 **Call completed** (+12025551234, 2.5 min)\n\n")
                .contains("- Call id: call-1\n", "- Direction: outbound\n", "- Other party: +12025551234\n",
                        "- Status: completed\n", "- Duration: 150 s\n", "- Started: 2025-03-09T23:58:30Z\n",
                        "- Ended: 2025-03-10T00:01:00Z\n", "- Conversation: agent:main:test-calls\n",
                        "- Recording: https://rec.example/1.mp3\n",
                        "## Task\n\n> Ask about the order\n",
                        "## Summary\n\n> Confirmed\n",
                        "## Transcript\n\n> user: hi\n> assistant: hello\n");
    }

    @Test
    void emptyPartsSayNone() {
        CallRecord call = Calls.completedOutbound(0, " ", "");
        assertThat(TranscriptFilePolicy.fileFor(call).markdown())
                .contains("## Summary\n\n(none)\n", "## Transcript\n\n(none)\n")
                .doesNotContain("- Recording:");
    }

    @Test
    void aHugeTranscriptIsKeptWhole() {
        String transcript = "user: again\n".repeat(100_000);
        TranscriptFile file = TranscriptFilePolicy.fileFor(Calls.completedOutbound(60, transcript, "s"));
        assertThat(file.markdown()).contains(("> user: again\n").repeat(99_999) + "> user: again\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/calls/x.md", "../x.md", "calls/../../etc/passwd", "", "  "})
    void aTranscriptFileStaysInsideTheWorkspace(String path) {
        assertThatThrownBy(() -> new TranscriptFile(path, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTranscriptFileNeedsItsParts() {
        assertThatThrownBy(() -> new TranscriptFile(null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new TranscriptFile("calls/a.md", null)).isInstanceOf(NullPointerException.class);
    }
}
