package dev.resultstore;

/**
 * Why a task failed, as Celery stores it: the exception's simple class name ({@code exc_type}),
 * its package ({@code exc_module}), its message and the stack trace text.
 *
 * @param type      the exception's simple type name, e.g. {@code IllegalStateException}
 * @param module    the exception's package (Java) or module (Python), e.g. {@code java.lang}
 * @param message   the exception's message, or {@code null}
 * @param traceback the stack trace text, or {@code null}
 */
public record TaskFailure(String type, String module, String message, String traceback) {

    /** {@code module.type}, e.g. {@code java.lang.IllegalStateException}. */
    public String qualifiedType() {
        return module == null || module.isEmpty() ? type : module + "." + type;
    }

    @Override
    public String toString() {
        return message == null ? qualifiedType() : qualifiedType() + ": " + message;
    }
}
