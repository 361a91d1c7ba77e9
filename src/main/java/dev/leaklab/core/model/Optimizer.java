package dev.leaklab.core.model;

import java.util.Locale;

/** The weight-update rule. */
public enum Optimizer {
    /** Adam (Kingma and Ba, 2015). */
    ADAM,
    /** Adam with decoupled weight decay (Loshchilov and Hutter, 2019). */
    ADAMW,
    /** Plain stochastic gradient descent with Nesterov momentum 0.9. */
    SGD;

    /** Parses {@code adam}, {@code adamw} or {@code sgd}. */
    public static Optimizer fromId(String id) {
        try {
            return valueOf(id.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown optimizer '" + id + "' (expected adam, adamw or sgd)", e);
        }
    }

    /** The lower-case name. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
