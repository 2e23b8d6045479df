package org.tasl.run;

import java.util.List;

/**
 * One configurable value of a run: its key in config.json and Python ({@code snake_case}), its
 * command-line name, its type and its default (the spec's where the spec has one). The options
 * are the constants of {@link RunOptions}; Java code reads a value as {@code config.get(RunOptions.LR)}
 * (typed, so a misspelt option does not compile), scripts and the command line set it by key.
 *
 * @param <T> the Java type of the value: String, Integer, Long, Double (FLOAT), Boolean or
 *            List&lt;String&gt; (LIST)
 */
public record RunOption<T>(String key, Type type, T defaultValue, String help) {

    /** The value types, each with the Java class its values have. */
    public enum Type {
        STRING(String.class), INT(Integer.class), LONG(Long.class), FLOAT(Double.class), BOOLEAN(Boolean.class),
        LIST(List.class);

        private final Class<?> javaType;

        Type(Class<?> javaType) {
            this.javaType = javaType;
        }

        /** The class of this type's values (FLOAT is a Double, LIST a List of String). */
        public Class<?> javaType() {
            return javaType;
        }
    }

    public RunOption {
        if (defaultValue != null && !type.javaType.isInstance(defaultValue)) {
            throw new IllegalArgumentException("option " + key + ": default " + defaultValue + " is not a "
                    + type.name().toLowerCase());
        }
    }

    public String cliName() {
        return "--" + key.replace('_', '-');
    }

    /** Parses a command-line or script value, naming the option when it does not fit. */
    @SuppressWarnings("unchecked")
    public T parse(Object raw) {
        if (raw == null) {
            return null;
        }
        try {
            return (T) switch (type) {
                case STRING -> raw.toString();
                case INT -> raw instanceof Number n ? n.intValue() : Integer.parseInt(raw.toString().trim());
                case LONG -> raw instanceof Number n ? n.longValue() : Long.parseLong(raw.toString().trim());
                case FLOAT -> raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString().trim());
                case BOOLEAN -> parseBoolean(raw);
                case LIST -> RunConfig.asList(raw);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + ": '" + raw + "' is not a valid "
                    + type.name().toLowerCase() + " (" + help + ")");
        }
    }

    /**
     * A value as the config holds it (parsed, or a preset's / the spec's default, which may be
     * another Number: a recipe's {@code epochs 3}) as this option's type; null stays null.
     */
    @SuppressWarnings("unchecked")
    public T cast(Object value) {
        if (value == null) {
            return null;
        }
        return (T) switch (type) {
            case STRING -> value.toString();
            case INT -> ((Number) value).intValue();
            case LONG -> ((Number) value).longValue();
            case FLOAT -> ((Number) value).doubleValue();
            case BOOLEAN -> (Boolean) value;
            case LIST -> (List<String>) value;
        };
    }

    private Boolean parseBoolean(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        String s = raw.toString().trim().toLowerCase();
        return switch (s) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException("option " + key + ": '" + raw + "' is not true/false");
        };
    }
}
