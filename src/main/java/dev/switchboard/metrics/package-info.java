/**
 * Everything the hub counts and times (HubMetrics) and its Micrometer implementation. See docs/observability.md.
 */
package dev.switchboard.metrics;
