/**
 * The dataset screen: the samples of the open project or dataset in a table, their class balance and
 * duplicate figures, and each sample's code as written beside the code the models see after symbolic
 * normalisation.
 */
package dev.leaklab.app.dataset;
