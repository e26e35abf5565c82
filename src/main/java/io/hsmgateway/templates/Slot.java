package io.hsmgateway.templates;

/**
 * One place a {@code params} value fills: its kind, its position (a body's or header's variable: 1, 2, ... in the
 * order Meta wants them; a button: Meta's 0-based index in the template's buttons), the name Meta wants with it
 * ({@code parameter_name}, named templates only), whether a request must give it, and the most characters Meta
 * takes there (0: no limit of its own).
 */
public record Slot(String param, SlotKind kind, int index, String parameterName, boolean required, int maxLength) {
}
