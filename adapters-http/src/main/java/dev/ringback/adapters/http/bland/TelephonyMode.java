package dev.ringback.adapters.http.bland;

/** Real calls through Bland, or the built-in simulator for trying Ringback without an account. */
public enum TelephonyMode {
    BLAND,
    SIMULATED
}
