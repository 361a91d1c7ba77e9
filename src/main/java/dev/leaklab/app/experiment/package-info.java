/**
 * The experiment screens: running an experiment with live training curves, and the NMID defence view whose
 * sliders re-evaluate the attack and the model's utility as they move.
 */
package dev.leaklab.app.experiment;
