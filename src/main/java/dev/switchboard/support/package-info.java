/**
 * A few JDK-only primitives every layer may use: named thread factories, the monotonic clock seam, bounded
 * executor shutdown, the server's managed executors when there is one.
 */
package dev.switchboard.support;
