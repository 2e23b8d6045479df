package org.tasl.run;

/**
 * One configurable value of a run: its key in config.json and Python ({@code snake_case}), its
 * command-line name, its type and its default (the spec's where the spec has one).
 */
public record RunOption(String key, Type type, Object defaultValue, String help) {

    public enum Type { STRING, INT, LONG, FLOAT, BOOLEAN, LIST }

    public String cliName() {
        return "--" + key.replace('_', '-');
    }

    /** Parses a command-line or script value, naming the option when it does not fit. */
    public Object parse(Object raw) {
        if (raw == null) {
            return null;
        }
        try {
            return switch (type) {
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
