/**
 * Writing the user's files safely: {@link dev.leaklab.core.io.AtomicFiles} replaces a file all at once or not
 * at all, whatever happens half-way (a crash, {@code kill -9}, a full disk), and keeps a backup when asked.
 */
package dev.leaklab.core.io;
