package dev.resultstore.impl.task;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedTask;
import jakarta.enterprise.concurrent.ManagedTaskListener;

/**
 * Runs submissions on a {@link ManagedExecutorService} as {@link ManagedTask}s whose listener
 * stores REVOKED when the executor aborts the task. Only touched when Jakarta Concurrency is on the class path.
 */
final class ManagedTasks {

    private static final boolean AVAILABLE = present();

    private ManagedTasks() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    private static boolean present() {
        try {
            Class.forName("jakarta.enterprise.concurrent.ManagedExecutorService", false, ManagedTasks.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static boolean isManaged(ExecutorService executor) {
        return executor instanceof ManagedExecutorService;
    }

    static <T> Callable<T> wrap(Submission<T> submission) {
        return new Task<>(submission);
    }

    private static final class Task<T> implements Callable<T>, ManagedTask, ManagedTaskListener {
        private final Submission<T> submission;
        private final Map<String, String> properties;

        Task(Submission<T> submission) {
            this.submission = submission;
            this.properties = Map.of(ManagedTask.IDENTITY_NAME, submission.taskId());
        }

        @Override
        public T call() throws Exception {
            return submission.call();
        }

        @Override
        public ManagedTaskListener getManagedTaskListener() {
            return this;
        }

        @Override
        public Map<String, String> getExecutionProperties() {
            return properties;
        }

        @Override
        public void taskSubmitted(Future<?> future, ManagedExecutorService executor, Object task) {
            // RECEIVED is stored before submission, so that it is there when submit() returns.
        }

        @Override
        public void taskAborted(Future<?> future, ManagedExecutorService executor, Object task, Throwable exception) {
            submission.aborted();
        }

        @Override
        public void taskDone(Future<?> future, ManagedExecutorService executor, Object task, Throwable exception) {
            // SUCCESS and FAILURE are stored by the task itself, which has the value.
        }

        @Override
        public void taskStarting(Future<?> future, ManagedExecutorService executor, Object task) {
            // STARTED is stored by the task runner, as for every other task.
        }
    }
}
