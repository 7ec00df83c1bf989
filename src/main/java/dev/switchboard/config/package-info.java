/**
 * Immutable, validated settings (HubConfig, a record of small groups that each declare their keys, defaults, units
 * and bounds), and the loader that layers defaults, a resource, a file, the environment and system properties,
 * failing fast with the key's name.
 */
package dev.switchboard.config;
