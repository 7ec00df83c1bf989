/**
 * The one test harness: real hubs on free ports (TestHubs), protocol frames
 * built and parsed (WsClient, RawWsClient), real and raw clients, and fakes of time and executors.
 */
package dev.switchboard.testing;
