/**
 * The JavaFX desktop workbench: the application entry point, the main window, and the seams (dialogs,
 * background work) that keep view models testable without a display.
 *
 * <p>The GUI follows MVVM: views are plain Java code that only build and bind nodes; view models hold the
 * state as JavaFX properties and never touch a node; anything modal or slow goes through
 * {@link dev.leaklab.app.DialogService} and {@link dev.leaklab.app.BackgroundRunner}.
 */
package dev.leaklab.app;
