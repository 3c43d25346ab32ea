package dev.resultstore.examples.reports;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What the example says about bad request bodies, read by a real JSON-B (Yasson, as in WildFly
 * and Payara) and wrapped as the REST runtime wraps them. The 400 itself is checked over HTTP by
 * arquillian-tests' ExampleApplicationIT.
 */
class BadInputTest {

    static final Jsonb JSONB = JsonbBuilder.create();

    @AfterAll
    static void close() throws Exception {
        JSONB.close();
    }

    // As RESTEasy's JSON-B provider reports a body it cannot read.
    private static ProcessingException read(String body) {
        JsonbException failure = catchThrowableOfType(JsonbException.class, () -> JSONB.fromJson(body, ReportRequest.class));
        assertThat(failure).as("JSON-B refuses %s", body).isNotNull();
        return new ProcessingException("RESTEASY008200: JSON Binding deserialization error: " + failure, failure);
    }

    @Test
    void malformedJsonIsDescribedByTheParsersOwnWordsWithoutTheRuntimesWrapper() {
        String message = BadRequest.unreadableBody(read("{\"region\": \"emea\", \"quarter\": }"));

        assertThat(message).startsWith("The request body is not a valid report request (")
                .contains("Invalid token=CURLYCLOSE at (line no=1, column no=31")
                .endsWith("send JSON such as {\"region\": \"emea\", \"quarter\": \"2026-Q3\"}")
                .doesNotContain("RESTEASY");
    }

    @Test
    void aFieldOfTheWrongTypeIsDescribed() {
        String message = BadRequest.unreadableBody(read("{\"region\": {\"name\": \"emea\"}, \"quarter\": \"2026-Q3\"}"));

        assertThat(message).startsWith("The request body is not a valid report request (").doesNotContain("RESTEASY");
    }

    @Test
    void truncatedJsonIsDescribed() {
        assertThat(BadRequest.unreadableBody(read("{\"region\": \"em"))).startsWith("The request body is not a valid report request (")
                .doesNotContain("RESTEASY");
    }

    @Test
    void missingAndBlankFieldsAreNamed() {
        assertThat(JSONB.fromJson("{\"region\": \"emea\"}", ReportRequest.class).missingFields()).containsExactly("quarter");
        assertThat(JSONB.fromJson("{\"quarter\": \" \"}", ReportRequest.class).missingFields()).containsExactly("region", "quarter");
        assertThat(JSONB.fromJson("{\"region\": \"atlantis\", \"quarter\": \"2026-Q3\"}", ReportRequest.class).missingFields()).isEmpty();
    }
}
