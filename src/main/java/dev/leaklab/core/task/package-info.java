/**
 * Progress and cancellation for long work, toolkit-free: the GUI, the CLI and the tests each supply their own
 * {@link dev.leaklab.core.task.ProgressListener}.
 */
package dev.leaklab.core.task;
