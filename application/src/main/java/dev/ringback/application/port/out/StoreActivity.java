package dev.ringback.application.port.out;

/**
 * How the store's writer has spent its time since the store opened, for operators: counters that
 * only grow, read as rates. The share of the wall clock spent writing and committing says how near
 * the one writer is to the store's limit, and the time per commit how the disk is doing (a commit
 * includes its sync). A store without a single writer need not offer this port.
 */
public interface StoreActivity {
    Totals totals();

    /**
     * Writes waiting for the writer now, not yet begun: how far demand runs ahead of it. Zero
     * for a store that does not queue its writes.
     */
    default int writesWaiting() {
        return 0;
    }

    /**
     * @param writes write jobs committed (a webhook's outcome is one; so is a claim of deliveries)
     * @param commits transactions committed, each holding one or more writes
     * @param writingNanos time the writer spent running writes, committed or not
     * @param committingNanos time the writer spent committing them, syncs included
     * @param durableCommits those of the {@code commits} that held writes answered only once
     *     durable (SQLite: synced at commit under {@code synchronous=FULL}); the others held
     *     writes whose loss in a power cut is harmless, such as leases, and were not synced
     * @param durableCommittingNanos the part of {@code committingNanos} spent on those: with the
     *     sync, so over {@code durableCommits} it is what the disk makes each durable write wait
     * @param walRestarts times the writer started the write-ahead log over (SQLite: between two
     *     batches, once the log has grown past its limit); zero for a store without one
     * @param restartingNanos time the writer spent on those restarts, those that failed included
     */
    record Totals(long writes, long commits, long writingNanos, long committingNanos, long durableCommits,
            long durableCommittingNanos, long walRestarts, long restartingNanos) {
        public Totals {
            if (writes < 0 || commits < 0 || writingNanos < 0 || committingNanos < 0 || durableCommits < 0
                    || durableCommittingNanos < 0 || walRestarts < 0 || restartingNanos < 0) {
                throw new IllegalArgumentException("store activity counters cannot be negative");
            }
            if (durableCommits > commits || durableCommittingNanos > committingNanos) {
                throw new IllegalArgumentException("the durable commits are a part of all commits");
            }
        }
    }
}
