package dev.ringback.adapters.persistence;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement written with Jdbi's {@code :name} parameters, turned into plain JDBC's {@code ?}
 * once, so that the hot writes can run the very same SQL text on a kept statement.
 */
record NamedSql(String positional, List<String> names) {
    private static final Pattern PARAMETER = Pattern.compile(":([A-Za-z_][A-Za-z0-9_]*)");

    NamedSql {
        names = List.copyOf(names);
    }

    /** Only for SQL of our own without quoted colons; parameters are matched as {@code :identifier}. */
    static NamedSql of(String named) {
        List<String> names = new ArrayList<>();
        Matcher matcher = PARAMETER.matcher(named);
        StringBuilder positional = new StringBuilder();
        while (matcher.find()) {
            names.add(matcher.group(1));
            matcher.appendReplacement(positional, "?");
        }
        matcher.appendTail(positional);
        return new NamedSql(positional.toString(), names);
    }

    /** Binds every parameter from {@code values}; a name without a value is a programming error. */
    void bind(PreparedStatement statement, Map<String, ?> values) throws SQLException {
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("no value for :" + name);
            }
            statement.setObject(i + 1, values.get(name));
        }
    }
}
