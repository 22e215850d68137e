package dev.ringback.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The platform's 404 for a user without a machine; the dashboard offers provisioning on it. */
record MachineNotProvisioned(
        @JsonProperty("error") String error,
        @JsonProperty("needsProvisioning") boolean needsProvisioning) {

    static ApiError refusal() {
        return new ApiError(404, new MachineNotProvisioned("Machine not provisioned", true));
    }
}
