package dev.ringback.adapters.persistence;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * This statement bound from rows whose values are in the order of {@code columns}: where each
     * parameter's value sits is found here, once, so that binding is a walk over an array. A
     * parameter that is not one of the columns is a programming error, refused here.
     */
    Positional over(List<String> columns) {
        int[] at = new int[names.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = columns.indexOf(names.get(i));
            if (at[i] < 0) {
                throw new IllegalArgumentException("no column for :" + names.get(i));
            }
        }
        return new Positional(positional, at);
    }

    /** Positional SQL and, for each {@code ?}, the index of its value in a row. */
    record Positional(String sql, int[] at) {
        void bind(PreparedStatement statement, Object[] row) throws SQLException {
            for (int i = 0; i < at.length; i++) {
                Object value = row[at[i]];
                if (value instanceof Utf8Text) {
                    statement.setBytes(i + 1, ((Utf8Text) value).bytes());
                } else {
                    statement.setObject(i + 1, value);
                }
            }
        }
    }
}
