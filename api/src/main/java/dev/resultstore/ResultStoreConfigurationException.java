package dev.resultstore;

import java.util.List;

/**
 * The configuration is wrong: thrown at deployment (or by {@link ResultStores#create}) with every
 * problem found, each naming its full key. Secret values never appear in it.
 */
public class ResultStoreConfigurationException extends ResultStoreException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ResultStoreConfigurationException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, one sentence each, naming its key. */
    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        StringBuilder message = new StringBuilder("ResultStore configuration is invalid (")
                .append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
        for (String problem : problems) {
            message.append(System.lineSeparator()).append("  - ").append(problem);
        }
        return message.toString();
    }
}
