package dev.missioncontrol.operator.status;

/**
 * A position people read, counted from 1: the status keeps the 0-based index the planners work with, and kubectl's
 * column shows this, so a finished three-wave rollout reads 3/3 rather than 2.
 */
public final class Progress {

    private Progress() {
    }

    /** "3/3" for index 2 of 3; null while there is no current position (not started, no-go) or no count. */
    public static String oneBased(Integer index, Integer count) {
        if (index == null || count == null || count <= 0) {
            return null;
        }
        return (Math.min(index, count - 1) + 1) + "/" + count;
    }
}
