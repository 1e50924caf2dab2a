package io.gitopsflow.console.service.notifications;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The outcomes of a promotion a rule can tell about, named as the configuration names them. */
public enum Trigger {
    AWAITING_APPROVAL("awaiting-approval"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    VERIFICATION_FAILED("verification-failed"),
    ROLLED_BACK("rolled-back");

    private final String configName;

    Trigger(String configName) {
        this.configName = configName;
    }

    /** The name in a rule's {@code on} list, in the table and in the REST answer. */
    public String configName() {
        return configName;
    }

    /** The trigger named {@code name} in a rule. */
    public static Trigger parse(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(trigger -> trigger.configName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not an outcome a rule can tell"
                        + " about; the outcomes are "
                        + Arrays.stream(values()).map(Trigger::configName).collect(Collectors.joining(", "))));
    }
}
