package dev.ringback.archfixture;

import jakarta.inject.Inject;

/** Breaks the domain's rule on purpose, so the architecture test proves it can fail. */
public final class LeakyDomainType {
    @Inject
    public LeakyDomainType() {}
}
