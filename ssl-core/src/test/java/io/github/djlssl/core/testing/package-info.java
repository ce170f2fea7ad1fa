/**
 * Test support published in ssl-core's test-jar: the method contract test and a harness that runs
 * single steps of a method the way the trainer does.
 */
package io.github.djlssl.core.testing;
