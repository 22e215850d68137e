package dev.ringback.bootstrap;

import dev.ringback.application.port.in.ReconcileOverdueCallsUseCase.Summary;

/** The {@code reconcile} command's one-line answer: counts only, never a number or a summary. */
final class ReconcileReport {
    private ReconcileReport() {}

    static String render(Summary summary) {
        return "reconcile: overdue=" + summary.overdue()
                + " settled=" + summary.settled()
                + " already_settled=" + summary.alreadySettled()
                + " still_running=" + summary.stillRunning()
                + " ended_unknown=" + summary.endedUnknown()
                + " waiting=" + summary.waiting()
                + " lookup_failed=" + summary.unavailable();
    }
}
