/**
 * The guided lesson: eight steps over the real screens, each a short paragraph beside the control it talks
 * about, that drive the workbench (open the quickstart, run it, move the defence) and put back what they changed.
 */
package dev.leaklab.app.lesson;
