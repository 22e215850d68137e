package dev.ringback.domain.delivery;

/** The two independent things sent to a machine when a call ends. */
public enum DeliveryKind {
    NOTIFICATION("notification"),
    TRANSCRIPT("transcript");

    private final String wireName;

    DeliveryKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static DeliveryKind fromWireName(String name) {
        for (DeliveryKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown delivery kind: " + name);
    }
}
