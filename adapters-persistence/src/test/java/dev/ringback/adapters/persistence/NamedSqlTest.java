package dev.ringback.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ringback.application.testing.Fixtures;
import dev.ringback.application.testing.SequentialIds;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.UserId;
import dev.ringback.domain.call.CallRecord;
import dev.ringback.domain.delivery.Delivery;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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
    void aParameterThatIsNotAColumnIsRefused() {
        NamedSql sql = NamedSql.of("SELECT :a, :missing");

        assertThatThrownBy(() -> sql.over(List.of("a", "b"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":missing");
    }

    @Test
    void eachParameterIsBoundFromItsColumnsPlaceInTheRow() throws Exception {
        NamedSql.Positional sql = NamedSql.of("UPDATE t SET b = :b WHERE a = :a AND b <> :b").over(List.of("a", "b", "c"));
        Map<Integer, Object> bound = new HashMap<>();
        PreparedStatement statement = (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setObject")) {
                        bound.put((Integer) args[0], args[1]);
                    }
                    return null;
                });

        sql.bind(statement, new Object[] {"A", "B", "C"});

        assertThat(sql.sql()).isEqualTo("UPDATE t SET b = ? WHERE a = ? AND b <> ?");
        assertThat(bound).isEqualTo(Map.of(1, "B", 2, "A", 3, "B"));
    }

    @Test
    void thePlainWritesHaveAValueForEveryParameterOfTheirStatementsAndNoOther() {
        Machine machine = Fixtures.machine("machine-a", new UserId("user-a"), "gateway-token-a");
        CallRecord completed = Fixtures.completed(Fixtures.outboundCall("call-a", machine, NOW), 42, NOW);
        Delivery delivery = Fixtures.deliveriesFor(completed, new SequentialIds(), NOW).get(0);

        Set<String> completion = new HashSet<>(NamedSql.of(CallRows.COMPLETE_UNFINISHED).names());
        completion.addAll(NamedSql.of(CallRows.INSERT_TEXTS).names());
        completion.addAll(NamedSql.of(CallRows.DELETE_TEXTS).names());

        assertThat(new HashSet<>(PlainWrites.COMPLETION_COLUMNS)).isEqualTo(completion);
        assertThat(PlainWrites.values(completed)).hasSameSizeAs(PlainWrites.COMPLETION_COLUMNS);
        assertThat(new HashSet<>(PlainWrites.DELIVERY_COLUMNS)).isEqualTo(new HashSet<>(NamedSql.of(DeliveryRows.INSERT).names()));
        assertThat(PlainWrites.values(delivery)).hasSameSizeAs(PlainWrites.DELIVERY_COLUMNS);
    }

    @Test
    void theRowsCarryEachColumnsOwnValue() {
        Machine machine = Fixtures.machine("machine-a", new UserId("user-a"), "gateway-token-a");
        CallRecord completed = Fixtures.completed(Fixtures.outboundCall("call-a", machine, NOW), 42, NOW);
        Delivery delivery = Fixtures.deliveriesFor(completed, new SequentialIds(), NOW).get(0);

        Object[] call = PlainWrites.values(completed);
        Object[] owed = PlainWrites.values(delivery);

        assertThat(call[PlainWrites.COMPLETION_COLUMNS.indexOf("id")]).isEqualTo("call-a");
        assertThat(call[PlainWrites.COMPLETION_COLUMNS.indexOf("duration_seconds")]).isEqualTo(42);
        assertThat(call[PlainWrites.COMPLETION_COLUMNS.indexOf("status")]).isEqualTo(completed.snapshot().status().wireName());
        assertThat(call[PlainWrites.COMPLETION_COLUMNS.indexOf("completed_at")]).isEqualTo(Timestamps.format(NOW));
        assertThat(call[PlainWrites.COMPLETION_COLUMNS.indexOf("cost_micros")]).isEqualTo(completed.snapshot().costMicros());
        assertThat(((Utf8Text) call[PlainWrites.COMPLETION_COLUMNS.indexOf("transcript")]).bytes())
                .isEqualTo(completed.snapshot().transcript().getBytes(StandardCharsets.UTF_8));
        assertThat(((Utf8Text) call[PlainWrites.COMPLETION_COLUMNS.indexOf("summary")]).bytes())
                .isEqualTo(completed.snapshot().summary().getBytes(StandardCharsets.UTF_8));
        assertThat(owed[PlainWrites.DELIVERY_COLUMNS.indexOf("id")]).isEqualTo(delivery.id().value());
        assertThat(owed[PlainWrites.DELIVERY_COLUMNS.indexOf("call_id")]).isEqualTo("call-a");
        assertThat(owed[PlainWrites.DELIVERY_COLUMNS.indexOf("body")]).isEqualTo(delivery.snapshot().body());
        assertThat(owed[PlainWrites.DELIVERY_COLUMNS.indexOf("idempotency_key")]).isEqualTo(delivery.snapshot().idempotencyKey());
        assertThat(owed[PlainWrites.DELIVERY_COLUMNS.indexOf("state")]).isEqualTo("pending");
        Object[] inserted = PlainWrites.newRowsOf(List.of(delivery)).get(0);
        assertThat(((Utf8Text) inserted[PlainWrites.DELIVERY_COLUMNS.indexOf("body")]).bytes())
                .isEqualTo(delivery.snapshot().body().getBytes(StandardCharsets.UTF_8));
    }
}
