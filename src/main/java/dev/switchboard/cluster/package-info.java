/**
 * The Redis engine ({@code engine=redis}): Redis implementations of the channel and admission SPIs on Lettuce's
 * asynchronous API, so any number of nodes share offsets, history, routing and revocations. Only the composition
 * ({@link dev.switchboard.cluster.EngineProducers}) selects it. See docs/cluster.md.
 */
package dev.switchboard.cluster;
