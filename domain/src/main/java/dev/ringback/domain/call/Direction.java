package dev.ringback.domain.call;

public enum Direction {
    OUTBOUND("outbound"),
    INBOUND("inbound");

    private final String wireName;

    Direction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Direction fromWireName(String name) {
        for (Direction direction : values()) {
            if (direction.wireName.equals(name)) {
                return direction;
            }
        }
        throw new IllegalArgumentException("unknown direction: " + name);
    }
}
