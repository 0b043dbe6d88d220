package io.github.proxyprotocol.apibaseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of a module, as text: every public type of its compiled classes with its public and protected
 * members and their generic signatures, one line each, sorted. Each published module checks it against a baseline
 * committed beside its pom ({@code api.txt}), so that any change to what users can call shows in a review as a change
 * to that file. Run the module's tests with {@code -Dapi.update=true} to write the baseline anew after a deliberate
 * change.
 */
public final class PublicApi {
    private PublicApi() {}

    /** Checks the public API of the classes under {@code target/classes} against {@code api.txt}. */
    public static void assertMatchesBaseline() {
        Path classes = Path.of("target", "classes");
        Path baseline = Path.of("api.txt");
        String current = describe(classes);
        try {
            if (Boolean.getBoolean("api.update")) {
                Files.writeString(baseline, current, StandardCharsets.UTF_8);
            }
            assertThat(baseline)
                    .as("no API baseline: run the tests with -Dapi.update=true to write it, then commit it")
                    .exists();
            String expected = Files.readString(baseline, StandardCharsets.UTF_8);
            assertThat(current)
                    .as(
                            "the public API differs from %s: if the change is deliberate, run the tests with"
                                    + " -Dapi.update=true and commit the new baseline",
                            baseline.toAbsolutePath())
                    .isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The public API of the classes under {@code classes}, one line per type and member, sorted. */
    public static String describe(Path classes) {
        TreeSet<String> lines = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name =
                        classes.relativize(file).toString().replace('/', '.').replace(".class", "");
                if (name.endsWith("package-info") || name.equals("module-info")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, PublicApi.class.getClassLoader());
                if (isVisible(type)) {
                    describe(type, lines);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return lines.stream().collect(Collectors.joining("\n", "", "\n"));
    }

    private static boolean isVisible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    private static void describe(Class<?> type, TreeSet<String> lines) {
        String typeName = type.getName();
        List<String> supertypes = new ArrayList<>();
        if (type.getGenericSuperclass() != null
                && type.getSuperclass() != Object.class
                && !type.isEnum()
                && !type.isRecord()) {
            supertypes.add("extends " + type.getGenericSuperclass().getTypeName());
        }
        for (Type implemented : type.getGenericInterfaces()) {
            supertypes.add("implements " + implemented.getTypeName());
        }
        lines.add(typeName + " " + kind(type) + " " + modifiers(type.getModifiers() & ~Modifier.INTERFACE)
                + String.join(" ", supertypes));
        boolean extendable = !Modifier.isFinal(type.getModifiers()) && !type.isEnum() && !type.isRecord();
        for (Field field : type.getDeclaredFields()) {
            if (visible(field.getModifiers(), extendable) && !field.isSynthetic()) {
                lines.add(typeName + "#" + field.getName() + " " + modifiers(field.getModifiers())
                        + field.getGenericType().getTypeName());
            }
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (visible(constructor.getModifiers(), extendable) && !constructor.isSynthetic() && !type.isEnum()) {
                lines.add(typeName + "#<init>" + parameters(constructor) + " " + modifiers(constructor.getModifiers())
                        + exceptions(constructor));
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (visible(method.getModifiers(), extendable) && !method.isSynthetic() && !method.isBridge()) {
                lines.add(typeName + "#" + method.getName() + parameters(method) + " "
                        + modifiers(method.getModifiers() & ~Modifier.TRANSIENT)
                        + method.getGenericReturnType().getTypeName() + exceptions(method));
            }
        }
    }

    private static String kind(Class<?> type) {
        if (type.isAnnotation()) {
            return "@interface";
        }
        if (type.isInterface()) {
            return "interface";
        }
        if (type.isEnum()) {
            return "enum";
        }
        return type.isRecord() ? "record" : "class";
    }

    private static boolean visible(int modifiers, boolean extendable) {
        return Modifier.isPublic(modifiers) || (extendable && Modifier.isProtected(modifiers));
    }

    private static String modifiers(int modifiers) {
        String text = Modifier.toString(modifiers & ~Modifier.NATIVE & ~Modifier.SYNCHRONIZED & ~Modifier.STRICT);
        return text.isEmpty() ? "" : text + " ";
    }

    private static String parameters(Executable executable) {
        return Arrays.stream(executable.getGenericParameterTypes())
                .map(Type::getTypeName)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String exceptions(Executable executable) {
        Type[] thrown = executable.getGenericExceptionTypes();
        return thrown.length == 0
                ? ""
                : Arrays.stream(thrown).map(Type::getTypeName).collect(Collectors.joining(", ", " throws ", ""));
    }
}
