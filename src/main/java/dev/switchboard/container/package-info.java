/**
 * What runs only inside an application server (Payara, WildFly): the upgrade filter that admits handshakes and
 * size-limits the upgraded connection, the servlet lifecycle listener, the configuration layer from WEB-INF, the
 * JAX-RS Application. Nothing else depends on it.
 */
package dev.switchboard.container;
