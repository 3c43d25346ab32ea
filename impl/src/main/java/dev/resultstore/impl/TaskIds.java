package dev.resultstore.impl;

import java.util.UUID;

/** Task id rules: 1–255 characters of {@code [A-Za-z0-9._:@-]}, not {@code .} or {@code ..}. */
public final class TaskIds {

    public static final int MAX_LENGTH = 255;

    private TaskIds() {
    }

    /** A new random id, in Celery's UUID format. */
    public static String generate() {
        return UUID.randomUUID().toString();
    }

    /** Returns {@code taskId} when valid, else throws {@link IllegalArgumentException} saying why. */
    public static String validate(String taskId) {
        if (taskId == null || taskId.isEmpty()) {
            throw new IllegalArgumentException("Task id must not be " + (taskId == null ? "null" : "empty"));
        }
        if (taskId.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Task id is " + taskId.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < taskId.length(); i++) {
            char c = taskId.charAt(i);
            if (!allowed(c)) {
                throw new IllegalArgumentException("Task id contains " + describe(c) + " at position " + i
                        + "; allowed are letters, digits and . _ : @ -");
            }
        }
        if (taskId.equals(".") || taskId.equals("..")) {
            throw new IllegalArgumentException("Task id must not be '.' or '..'");
        }
        return taskId;
    }

    /** Whether {@code taskId} follows the rules, without saying why not. */
    public static boolean isValid(String taskId) {
        int length = taskId.length();
        if (length == 0 || length > MAX_LENGTH || taskId.equals(".") || taskId.equals("..")) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (!allowed(taskId.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == ':' || c == '@' || c == '-';
    }

    private static String describe(char c) {
        return c >= 0x21 && c < 0x7f ? "'" + c + "'" : String.format("the character U+%04X", (int) c);
    }
}
