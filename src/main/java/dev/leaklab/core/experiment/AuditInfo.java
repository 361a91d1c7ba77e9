package dev.leaklab.core.experiment;

import java.util.List;

/**
 * What an audit of a model trained elsewhere used, for results.json, the report and the workbench.
 *
 * @param kind        outputs, keras or onnx
 * @param source      the outputs or model file
 * @param description the model as imported, or the outputs file's columns
 * @param given       the outputs the model or file gave
 * @param derived     the outputs LeakLab derived from the logits
 * @param members     how the members were marked
 * @param shadow      where the attacker's shadow outputs came from
 * @param notes       what a reader of the numbers should know (the attacker's models differ in architecture, ...)
 */
public record AuditInfo(String kind, String source, String description, List<String> given, List<String> derived,
                        String members, String shadow, List<String> notes) {

    /** Copies the lists. */
    public AuditInfo {
        given = List.copyOf(given);
        derived = List.copyOf(derived);
        notes = List.copyOf(notes);
    }
}
