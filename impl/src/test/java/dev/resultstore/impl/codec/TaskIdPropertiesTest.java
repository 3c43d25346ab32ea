package dev.resultstore.impl.codec;

import java.util.regex.Pattern;

import dev.resultstore.impl.TaskIds;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Task ids against the documented rule: 1–255 characters of [A-Za-z0-9._:@-], not "." or "..". */
class TaskIdPropertiesTest {

    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9._:@-]{1,255}");

    private static boolean valid(String id) {
        return id != null && RULE.matcher(id).matches() && !id.equals(".") && !id.equals("..");
    }

    @Property(tries = 2000)
    void idsOfTheAllowedCharactersAreAccepted(@ForAll("allowed") String id) {
        if (valid(id)) {
            assertThat(TaskIds.validate(id)).isSameAs(id);
        } else {
            assertThatThrownBy(() -> TaskIds.validate(id)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property(tries = 3000)
    void anyStringIsAcceptedExactlyWhenTheRuleSaysSo(@ForAll("anything") String id) {
        if (valid(id)) {
            assertThat(TaskIds.validate(id)).isSameAs(id);
        } else {
            assertThatThrownBy(() -> TaskIds.validate(id)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Task id");
        }
    }

    @Property(tries = 200)
    void generatedIdsFollowTheRule(@ForAll("nothing") String ignored) {
        assertThat(valid(TaskIds.generate())).isTrue();
    }

    @Provide
    Arbitrary<String> allowed() {
        return Arbitraries.strings().withChars("abcXYZ019._:@-").ofMinLength(0).ofMaxLength(300)
                .edgeCases(edges -> edges.add(".").add("..").add("...").add("a".repeat(255)).add("a".repeat(256)));
    }

    @Provide
    Arbitrary<String> anything() {
        Arbitrary<String> mixed = Arbitraries.strings().all().ofMaxLength(260);
        Arbitrary<String> mostlyAllowed = Arbitraries.strings().withChars("aZ9.-_:@").withChars('/', '\\', ' ', '\u0000', '\u00e9',
                '\ud800', '\n', '%', '*', '?').ofMinLength(1).ofMaxLength(40);
        return Arbitraries.oneOf(mixed, mostlyAllowed, Arbitraries.just(null).map(nothing -> (String) null));
    }

    @Provide
    Arbitrary<String> nothing() {
        return Arbitraries.just("");
    }
}
