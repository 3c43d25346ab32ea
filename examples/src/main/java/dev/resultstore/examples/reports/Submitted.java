package dev.resultstore.examples.reports;

import java.net.URI;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * What {@code POST /tasks} answers with its 202.
 *
 * @param id       the new task's id
 * @param location where to ask for its state
 */
@JsonbPropertyOrder({"id", "location"})
public record Submitted(String id, URI location) {
}
