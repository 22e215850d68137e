package dev.ringback.adapters.persistence;

/**
 * A restore done: the schema version the backup held and the one the database is at now (a backup
 * of an older Ringback is migrated as it is restored), and how many deliveries still owed are sent
 * as resends, after a look at the conversation's history.
 */
public record RestoreReport(int backupSchemaVersion, int schemaVersion, int deliveriesInDoubt) {}
