package syslab.kernel.eval;

/**
 * The answer to Jupyter's is_complete_request: run it, wait for more (with this indent), invalid,
 * or unknown (the evaluator was busy running a cell).
 */
public record IsComplete(Status status, String indent) {

    public enum Status { COMPLETE, INCOMPLETE, INVALID, UNKNOWN }

    static final IsComplete COMPLETE = new IsComplete(Status.COMPLETE, "");
    static final IsComplete INVALID = new IsComplete(Status.INVALID, "");
    static final IsComplete UNKNOWN = new IsComplete(Status.UNKNOWN, "");

    static IsComplete incomplete(String indent) {
        return new IsComplete(Status.INCOMPLETE, indent);
    }
}
