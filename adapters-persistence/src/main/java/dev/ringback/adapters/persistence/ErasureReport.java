package dev.ringback.adapters.persistence;

/** What deleting a user took with it. */
public record ErasureReport(int calls, int deliveries, int machines, int dashboardTokens) {}
