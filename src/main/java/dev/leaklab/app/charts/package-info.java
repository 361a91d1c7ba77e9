/** JFreeChart charts for the workbench's screens, styled once to match the application. */
package dev.leaklab.app.charts;
