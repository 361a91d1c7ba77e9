package dev.leaklab.app;

import dev.leaklab.core.attack.AttackKind;
import dev.leaklab.core.attack.Feature;
import dev.leaklab.core.attack.FeatureSet;
import dev.leaklab.core.defense.Mask;
import dev.leaklab.core.defense.NoiseMode;
import java.util.stream.Collectors;
import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;

/**
 * What every attack, output, metric, setting and defence control means, written for someone meeting
 * membership inference for the first time: a one-line description to show beside the control and a longer
 * tooltip, citing the paper behind each attack and defence. One place, so the Setup and Defence screens, the
 * lesson and the tests read the same words.
 */
public final class Explain {

    /** The study LeakLab reproduces. */
    public static final String STUDY = "Exposing and Defending Membership Leakage in Vulnerability Prediction "
            + "Models (arXiv 2512.08291)";

    private Explain() {
    }

    /** A tooltip that stays up long enough to be read, and wraps. */
    public static Tooltip tooltip(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(420);
        t.setShowDelay(Duration.millis(350));
        t.setShowDuration(Duration.seconds(30));
        return t;
    }

    /** Sets {@code control}'s tooltip to {@code text}; returns the control. */
    public static <C extends Control> C tip(C control, String text) {
        control.setTooltip(tooltip(text));
        return control;
    }

    /** The attack's name as a check box shows it. */
    public static String attackName(AttackKind k) {
        return switch (k) {
            case SHADOW_MLP -> "Shadow-model attack, small MLP (the study's)";
            case SHADOW_LOGISTIC -> "Shadow-model attack, logistic regression";
            case LOSS_THRESHOLD -> "Loss threshold";
            case CONFIDENCE_THRESHOLD -> "Confidence threshold";
            case ENTROPY_THRESHOLD -> "Prediction-entropy threshold";
            case LIRA_OFFLINE -> "LiRA, offline (Carlini et al. 2022)";
            case LIRA_ONLINE -> "LiRA, online (Carlini et al. 2022)";
            case RMIA_OFFLINE -> "RMIA, offline (Zarifzadeh et al. 2024)";
            case RMIA_ONLINE -> "RMIA, online (Zarifzadeh et al. 2024)";
            case LABEL_ONLY -> "Label-only, over code variants (Choquette-Choo et al. 2021)";
        };
    }

    /** One line on what the attack does. */
    public static String attackLine(AttackKind k) {
        return switch (k) {
            case SHADOW_MLP, SHADOW_LOGISTIC -> "Learns what members look like from a copy model it trained itself";
            case LOSS_THRESHOLD -> "Calls a sample a member when the model's loss on it is low";
            case CONFIDENCE_THRESHOLD -> "Calls a sample a member when the model is very sure of it";
            case ENTROPY_THRESHOLD -> "Calls a sample a member when the model's answer is sharply peaked";
            case LIRA_OFFLINE, LIRA_ONLINE -> "Compares each sample's loss with models that never saw it";
            case RMIA_OFFLINE, RMIA_ONLINE -> "Compares each sample with population samples, through reference models";
            case LABEL_ONLY -> "Sees only the predicted label, over small rewrites of the code";
        };
    }

    /** The attack's tooltip: how it works, why it matters, and its paper. */
    public static String attackTip(AttackKind k) {
        return switch (k) {
            case SHADOW_MLP -> "The study's attack. The attacker trains a shadow model like the target on data of "
                    + "its own, so it knows which samples were members; a small neural network then learns to "
                    + "tell members from non-members by the outputs it sees. Shokri et al., Membership Inference "
                    + "Attacks Against Machine Learning Models, IEEE S&P 2017.";
            case SHADOW_LOGISTIC -> "The shadow-model attack with a linear classifier instead of a neural network: "
                    + "weaker, but it shows how much of the leak a straight line already finds. Shokri et al., "
                    + "IEEE S&P 2017.";
            case LOSS_THRESHOLD -> "No training at all: a model that memorised its members has a loss near zero on "
                    + "them, so a low loss means member. The threshold is picked on shadow data. Yeom et al., "
                    + "Privacy Risk in Machine Learning, IEEE CSF 2018.";
            case CONFIDENCE_THRESHOLD -> "A model is more confident on what it trained on: a top probability near 1 "
                    + "means member. Needs only the probabilities. Salem et al., ML-Leaks, NDSS 2019.";
            case ENTROPY_THRESHOLD -> "Low entropy of the predicted probabilities (a sharp answer) means member; "
                    + "the label-aware form penalises confident wrong answers. Song and Mittal, Systematic "
                    + "Evaluation of Privacy Risks of Machine Learning Models, USENIX Security 2021.";
            case LIRA_OFFLINE -> "The likelihood-ratio attack: reference models trained without the sample give "
                    + "the loss it would have as a non-member; a loss far below that means member. Offline: "
                    + "no reference model trains on the target's samples. Carlini et al., Membership Inference "
                    + "Attacks From First Principles, IEEE S&P 2022.";
            case LIRA_ONLINE -> "LiRA with reference models that train on half the candidate samples each, so "
                    + "every sample has an 'in' and an 'out' distribution to compare: the strongest form, and the "
                    + "costliest. Carlini et al., IEEE S&P 2022.";
            case RMIA_OFFLINE -> "The relative attack: a sample's likelihood under the target, over its likelihood "
                    + "under reference models, compared with the same ratio for many population samples; strong "
                    + "with few reference models. Zarifzadeh et al., Low-Cost High-Power Membership Inference "
                    + "Attacks, ICML 2024.";
            case RMIA_ONLINE -> "RMIA whose reference models also train on the candidate samples. Zarifzadeh et "
                    + "al., ICML 2024.";
            case LABEL_ONLY -> "For a service that answers only 'vulnerable' or not: the attacker asks about the "
                    + "sample and about rewrites of it that keep its meaning (renamed variables, reordered "
                    + "declarations); a member's label stays put more often. Choquette-Choo et al., Label-Only "
                    + "Membership Inference Attacks, ICML 2021.";
        };
    }

    /** One line on what an output is. */
    public static String featureLine(Feature f) {
        return switch (f) {
            case EMBEDDING -> "embedding: the model's internal vector for the code (gray-box, from inside the model)";
            case LOGITS -> "logits: the two raw scores before softmax (black-box)";
            case LOSS -> "loss: how wrong the model is on the true label (black-box, needs the label)";
            case CONFIDENCE -> "confidence: the top class probability (black-box)";
        };
    }

    /** The tooltip of a set of outputs the attacker sees. */
    public static String featureSetTip(FeatureSet set) {
        String kind = set.has(Feature.EMBEDDING) ? "Gray-box: the attacker sees inside the model. "
                : "Black-box: the attacker sees only what the model answers. ";
        return kind + "The attack reads: " + set.features().stream().map(Explain::featureLine)
                .collect(Collectors.joining("; ")) + ".";
    }

    /** The tooltip of a metric row of the Defence table. */
    public static String metricTip(String name) {
        return switch (name) {
            case "Attack AUC" -> "Area under the attack's ROC curve: 0.5 is guessing, 1.0 tells every member from "
                    + "every non-member. The study reports nearly 1.0 undefended and below 0.65 under NMID.";
            case "TPR @ 1% FPR" -> "The share of members the attack finds while wrongly accusing only 1% of "
                    + "non-members: what a careful attacker gets. Carlini et al. 2022 argue this, not AUC, is the "
                    + "number that matters.";
            case "TPR @ 0.1% FPR" -> "As TPR @ 1% FPR, at one false accusation in a thousand: a high value here "
                    + "means some members are exposed beyond doubt.";
            case "Advantage" -> "Membership advantage, the best TPR − FPR over all thresholds (Yeom et al. 2018): "
                    + "0 for guessing, 1 for a perfect attack.";
            case "Accuracy" -> "Utility: the share of the target's non-members it classifies right, as the defence "
                    + "releases its predictions.";
            case "Precision" -> "Utility: of the code the model flags as vulnerable, the share that is.";
            case "Recall" -> "Utility: of the vulnerable code, the share the model flags.";
            case "F1" -> "Utility: the balance of precision and recall, the study's headline utility number. A "
                    + "good defence keeps it.";
            case "Label-flip rate" -> "The share of predictions the defence's noise changed: 0 in label-preserving "
                    + "mode.";
            default -> throw new IllegalArgumentException("no explanation for metric '" + name + "'");
        };
    }

    /** The tooltip of a mask choice for one output. */
    public static String maskTip(Feature f) {
        return "What NMID releases of the " + f.id() + ": " + Mask.RELEASED.id() + " (with its noise), "
                + Mask.REDUCED.id() + " (logits and confidence rounded, or the top label only), or "
                + Mask.WITHHELD.id() + " (never shown; the attack loses that input).";
    }

    /** The tooltip of the noise-mode choice. */
    public static String noiseTip(NoiseMode m) {
        return switch (m) {
            case KEYED -> "Keyed noise: the noise is drawn from a key and the input, so asking the same question "
                    + "twice gives the same answer, and averaging many answers learns nothing.";
            case FRESH -> "Fresh noise: new noise at every query. An attacker who asks the same question n times "
                    + "and averages shrinks the noise by √n and gets the leak back.";
        };
    }

    /** The global sigma slider's tooltip. */
    public static final String SIGMA = "NMID (Noise-based Membership Inference Defence, " + STUDY + "): Gaussian "
            + "noise added to every released output, sigma times that output's spread on reference data, so one "
            + "value means the same on each. More noise hides members' tell-tale low losses, and costs utility.";
    /** A per-output sigma slider's tooltip. */
    public static final String SIGMA_ONE = "Noise on this output alone, in units of its spread on reference "
            + "data; the global slider moves all four.";
    /** The label-preserving check box's tooltip. */
    public static final String LABEL_PRESERVING = "The noisy output never changes the predicted class, so "
            + "accuracy, precision, recall and F1 stay exactly as undefended; only the scores an attacker reads "
            + "move.";
    /** The adaptive-attacker check box's tooltip. */
    public static final String ADAPTIVE = "A smarter attacker who knows the defence: it sends its shadow model's "
            + "outputs through the same noise and retrains on them. A defence worth having holds against it.";
    /** The log-log check box's tooltip. */
    public static final String LOG_LOG = "Log-scaled axes show the low false-positive corner, where an attacker "
            + "finds members beyond doubt (Carlini et al. 2022).";
    /** The architecture choice's tooltip. */
    public static final String ARCHITECTURE = "The vulnerability predictor under audit. BiLSTM: two LSTMs read the "
            + "code's tokens forwards and backwards, as VulDeePecker does (Li et al., NDSS 2018). BiGRU: the same "
            + "with GRU cells, as in SySeVR (Li et al., IEEE TDSC 2021). CodeBERT-style: a small transformer "
            + "encoder over the tokens (Feng et al., CodeBERT, EMNLP 2020). The study finds all three leak.";
    /** The shadow-model count's tooltip. */
    public static final String SHADOWS = "How many copies of the target the attacker trains on data of its own, "
            + "each with its members known; the shadow-model attacks learn from all of them (Shokri et al. 2017). "
            + "More copies give the attack more to learn from, and take longer.";
    /** The black-box preset's tooltip. */
    public static final String PRESET_BLACK = "Ticks the study's black-box attacker: it sees what the model "
            + "answers (logits, loss, confidence), not inside it.";
    /** The gray-box preset's tooltip. */
    public static final String PRESET_GRAY = "Ticks the study's gray-box attacker: it also sees the model's "
            + "embedding of the code, from inside the model.";
    /** The all-sets preset's tooltip. */
    public static final String PRESET_ALL = "Ticks all fifteen combinations of the four outputs, to find which "
            + "leaks most (one shadow-model attack each).";
    /** The Defence screen's attack choice. */
    public static final String DEFENCE_ATTACK = "The attack whose ROC and numbers the defence is measured against: "
            + "one per attack and set of outputs of the last run.";
}
