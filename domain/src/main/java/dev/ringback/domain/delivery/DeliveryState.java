package dev.ringback.domain.delivery;

public enum DeliveryState {
    /** Waiting for its next attempt (or being attempted under a lease). */
    PENDING("pending"),
    DELIVERED("delivered"),
    /** The machine refused it in a way a retry cannot change (bad token, bad payload). */
    FAILED("failed"),
    /** Every attempt the retry policy allows failed; an operator may replay it. */
    DEAD("dead");

    private final String wireName;

    DeliveryState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isFinal() {
        return this != PENDING;
    }

    public static DeliveryState fromWireName(String name) {
        for (DeliveryState state : values()) {
            if (state.wireName.equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown delivery state: " + name);
    }
}
