/**
 * Immutable, validated settings (HubConfig), every default with its unit (Defaults), and the loader that layers
 * defaults, a resource, a file, the environment and system properties, failing fast with the key's name.
 */
package dev.switchboard.config;
