/**
 * The connection registry: which connections exist, their indexes (id, user, address, channel), and the one
 * ordered, idempotent close path that every exit takes.
 */
package dev.switchboard.registry;
