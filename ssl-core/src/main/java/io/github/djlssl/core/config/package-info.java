/** Binding textual settings onto immutable config records, and printing their defaults. */
package io.github.djlssl.core.config;
