/**
 * Charts rendered headless to image files with JFreeChart (AWT, never JavaFX), for the command line's result
 * folders and the HTML report. Kept outside the toolkit-free core.
 */
package dev.leaklab.report;
