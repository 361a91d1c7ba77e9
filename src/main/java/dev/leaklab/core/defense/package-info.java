/**
 * The NMID defence (method.md, section 5): masks and Gaussian noise per output, label preservation, fresh or
 * keyed noise drawn per sample id, the defended model's utility, and the evaluator that re-scores an attack
 * under any setting from cached outputs, as the workbench's sliders need.
 */
package dev.leaklab.core.defense;
