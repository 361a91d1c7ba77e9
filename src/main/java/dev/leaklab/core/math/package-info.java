/** The matrix product the attack classifiers use, as an interface with a plain-Java fallback. */
package dev.leaklab.core.math;
