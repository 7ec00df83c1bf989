/**
 * The JAX-RS resources both runtimes serve: the channel API, health, metrics, the dashboard, and the API-key
 * access filter.
 */
package dev.switchboard.http;
