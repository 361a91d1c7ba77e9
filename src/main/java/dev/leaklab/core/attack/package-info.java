/**
 * Membership attacks (method.md, section 4): what an attacker receives ({@link dev.leaklab.core.attack.Released}),
 * the feature sets it may see, the shadow-model attack (an MLP or logistic regression over standardised,
 * label-aware features), threshold attacks on loss, confidence and entropy, and LiRA. Toolkit-free; the
 * classifiers multiply matrices through {@link dev.leaklab.core.math.Gemm}.
 */
package dev.leaklab.core.attack;
