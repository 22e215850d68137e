package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.application.testing.SequentialIds;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.delivery.Delivery;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamedSqlTest {
    private static final Instant NOW = Instant.parse("2026-11-26T05:00:00Z");

    @Test
    void namedParametersBecomePositionalInOrder() {
        NamedSql sql = NamedSql.of("UPDATE t SET a = :a, b = :b_2 WHERE id = :id AND a = :a");

        assertThat(sql.positional()).isEqualTo("UPDATE t SET a = ?, b = ? WHERE id = ? AND a = ?");
        assertThat(sql.names()).containsExactly("a", "b_2", "id", "a");
    }

    @Test
    void aParameterWithoutAValueIsRefused() {
        NamedSql sql = NamedSql.of("SELECT :missing");

        assertThatThrownBy(() -> sql.bind(null, Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":missing");
    }

    @Test
    void thePlainWritesHaveAValueForEveryParameterOfTheirStatementsAndNoOther() {
        Machine machine = Fixtures.machine("machine-a", new UserId("user-a"), "gateway-token-a");
        CallRecord completed = Fixtures.completed(Fixtures.outboundCall("call-a", machine, NOW), 42, NOW);
        Delivery delivery = Fixtures.deliveriesFor(completed, new SequentialIds(), NOW).get(0);

        Set<String> callAndTexts = new HashSet<>(NamedSql.of(CallRows.UPDATE_UNFINISHED).names());
        callAndTexts.addAll(NamedSql.of(CallRows.INSERT_TEXTS).names());

        assertThat(PlainWrites.values(completed).keySet()).isEqualTo(callAndTexts);
        assertThat(PlainWrites.values(delivery).keySet()).isEqualTo(new HashSet<>(NamedSql.of(DeliveryRows.INSERT).names()));
    }
}
