package dev.ringback.application.service;

import dev.ringback.application.port.out.CallRepository;
import dev.ringback.domain.account.CallAllowance;
import dev.ringback.domain.account.MonthUsage;
import dev.ringback.domain.account.Reservation;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.call.ProviderCallId;
import dev.ringback.domain.delivery.Delivery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Forwards everything; a test overrides one method to interleave another actor. */
class DelegatingCallRepository implements CallRepository {
    private final CallRepository delegate;

    DelegatingCallRepository(CallRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public void insert(CallRecord call) {
        delegate.insert(call);
    }

    @Override
    public boolean updateUnfinished(CallRecord call) {
        return delegate.updateUnfinished(call);
    }

    @Override
    public Optional<CallRecord> findById(CallId id) {
        return delegate.findById(id);
    }

    @Override
    public Optional<CallRecord> findByProviderCallId(ProviderCallId id) {
        return delegate.findByProviderCallId(id);
    }

    @Override
    public List<CallRecord> findRecentByUser(UserId user, int limit) {
        return delegate.findRecentByUser(user, limit);
    }

    @Override
    public long secondsUsedSince(UserId user, Instant since) {
        return delegate.secondsUsedSince(user, since);
    }

    @Override
    public boolean recordCompletion(CallRecord completed, List<Delivery> deliveries) {
        return delegate.recordCompletion(completed, deliveries);
    }

    @Override
    public boolean recordCorrection(CallRecord corrected, List<Delivery> deliveries) {
        return delegate.recordCorrection(corrected, deliveries);
    }

    @Override
    public boolean recordInbound(CallRecord call, List<Delivery> deliveries) {
        return delegate.recordInbound(call, deliveries);
    }

    @Override
    public Reservation reserveAndInsert(CallRecord call, CallAllowance allowance) {
        return delegate.reserveAndInsert(call, allowance);
    }

    @Override
    public MonthUsage usageSince(UserId user, Instant monthStart, Instant now) {
        return delegate.usageSince(user, monthStart, now);
    }

    @Override
    public List<OverdueCall> findOverdue(Instant latestEndAtOrBefore, int limit) {
        return delegate.findOverdue(latestEndAtOrBefore, limit);
    }

    @Override
    public int forgetWordsOfCallsEndedBefore(Instant cutoff) {
        return delegate.forgetWordsOfCallsEndedBefore(cutoff);
    }
}
