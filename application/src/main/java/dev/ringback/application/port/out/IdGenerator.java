package dev.ringback.application.port.out;

/** Fresh unique identifiers (calls, deliveries, users). */
@FunctionalInterface
public interface IdGenerator {
    String newId();
}
