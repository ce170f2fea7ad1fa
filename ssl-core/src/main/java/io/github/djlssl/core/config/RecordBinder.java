package io.github.djlssl.core.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and overrides immutable config records by component name, so that tools bind {@code --set
 * key=value} and print defaults without any method writing parsing code.
 *
 * <p>Keys are component names; nested records use dots ({@code head.hiddenDim=1024}). Supported
 * component types: primitives and their boxes, {@code String}, enums (case-insensitive) and
 * nested records. The record's compact constructor validates the result, so a bad value fails
 * with the record's own message.
 */
public final class RecordBinder {

    private RecordBinder() {}

    /**
     * Returns a copy of {@code base} with the given components replaced.
     *
     * @param base the record to start from (usually the paper's defaults)
     * @param overrides key → textual value
     * @param <R> the record type
     * @return the new record
     * @throws IllegalArgumentException for an unknown key, an unparsable value or a value the
     *     record rejects
     */
    public static <R extends Record> R bind(R base, Map<String, String> overrides) {
        Map<String, Map<String, String>> nested = new LinkedHashMap<>();
        Map<String, String> direct = new LinkedHashMap<>();
        overrides.forEach(
                (k, v) -> {
                    int dot = k.indexOf('.');
                    if (dot < 0) {
                        direct.put(k, v);
                    } else {
                        nested.computeIfAbsent(k.substring(0, dot), x -> new LinkedHashMap<>())
                                .put(k.substring(dot + 1), v);
                    }
                });
        RecordComponent[] components = base.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        List<String> known = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            known.add(c.getName());
            Object current = read(base, c);
            if (direct.containsKey(c.getName())) {
                values[i] = parse(c.getType(), direct.remove(c.getName()), c.getName());
            } else if (nested.containsKey(c.getName())) {
                if (!(current instanceof Record r)) {
                    throw new IllegalArgumentException("'" + c.getName() + "' is not a nested config");
                }
                values[i] = bind(r, nested.remove(c.getName()));
            } else {
                values[i] = current;
            }
        }
        if (!direct.isEmpty() || !nested.isEmpty()) {
            List<String> unknown = new ArrayList<>(direct.keySet());
            unknown.addAll(nested.keySet());
            throw new IllegalArgumentException(
                    "unknown setting(s) "
                            + unknown
                            + " for "
                            + base.getClass().getSimpleName()
                            + "; known: "
                            + known);
        }
        return construct(base, components, values);
    }

    /**
     * Flattens a record into dotted keys and textual values, in declaration order.
     *
     * @param config the record
     * @return key → value text
     */
    public static Map<String, String> describe(Record config) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            Object v = read(config, c);
            if (v instanceof Record r) {
                describe(r).forEach((k, x) -> out.put(c.getName() + "." + k, x));
            } else {
                out.put(c.getName(), String.valueOf(v));
            }
        }
        return out;
    }

    private static Object read(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> R construct(R base, RecordComponent[] cs, Object[] values) {
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            types[i] = cs[i].getType();
        }
        try {
            Constructor<?> ctor = base.getClass().getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return (R) ctor.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException(String.valueOf(cause.getMessage()), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + base.getClass().getName(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object parse(Class<?> type, String text, String key) {
        String t = text.trim();
        try {
            if (type == int.class || type == Integer.class) {
                return Integer.parseInt(t);
            } else if (type == long.class || type == Long.class) {
                return Long.parseLong(t);
            } else if (type == float.class || type == Float.class) {
                return Float.parseFloat(t);
            } else if (type == double.class || type == Double.class) {
                return Double.parseDouble(t);
            } else if (type == boolean.class || type == Boolean.class) {
                if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("expected true or false");
                }
                return Boolean.parseBoolean(t);
            } else if (type == String.class) {
                return text;
            } else if (type.isEnum()) {
                return Enum.valueOf((Class<Enum>) type, t.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "bad value '" + text + "' for " + key + " (" + type.getSimpleName() + ")", e);
        }
        throw new IllegalArgumentException(
                "setting " + key + " of type " + type.getSimpleName() + " cannot be set from text");
    }
}
