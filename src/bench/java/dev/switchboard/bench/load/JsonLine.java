package dev.switchboard.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the one-line JSON summary: keys in insertion order, numbers, strings, booleans and nested objects. */
final class JsonLine {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    JsonLine put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    @Override
    public String toString() {
        return render(fields);
    }

    private static String render(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof JsonLine j) {
            return render(j.fields);
        }
        if (v instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            map.forEach((k, val) -> {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(quote(k.toString())).append(':').append(render(val));
            });
            return sb.append('}').toString();
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : String.valueOf(Math.round(d * 100) / 100.0);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return quote(v.toString());
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
