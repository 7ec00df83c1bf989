/**
 * The standalone runtime and composition root: Weld SE, Grizzly, Jersey and Tyrus's engine on one port, the
 * Grizzly and Tyrus plumbing that hands upgraded connections to the hub, and the ordered shutdown. Nothing
 * depends on it.
 */
package dev.switchboard.standalone;
