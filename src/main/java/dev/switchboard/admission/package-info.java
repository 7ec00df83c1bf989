/**
 * Who may connect: the decision at the handshake (origin policy, capacity in the hub and per address). Knows
 * nothing of channels or of any runtime's types.
 */
package dev.switchboard.admission;
