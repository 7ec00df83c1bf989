/**
 * The reconnecting Java client of Switchboard (docs/clients.md): {@link dev.switchboard.client.SwitchboardClient}.
 * JDK and Jackson only, no other package of the hub, so it ships as its own jar ({@code switchboard-client.jar}).
 */
package dev.switchboard.client;
