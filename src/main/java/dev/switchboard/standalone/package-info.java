/**
 * The standalone runtime and composition root: Weld SE, Grizzly, Jersey and Tyrus's engine on one port (the
 * Grizzly/Tyrus plumbing is in {@code bridge}), an embedding application's additions, logging set-up, and the ordered
 * shutdown. Nothing depends on it.
 */
package dev.switchboard.standalone;
