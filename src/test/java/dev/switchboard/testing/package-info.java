/**
 * The one test harness: real hubs on free ports ({@link dev.switchboard.testing.HubExtension}), protocol requests
 * built and replies parsed ({@link dev.switchboard.testing.Frames}), real and raw clients, fakes of time and executors.
 */
package dev.switchboard.testing;
