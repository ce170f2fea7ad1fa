/** State shared by several methods and updated outside the gradient: EMA teachers. */
package io.github.djlssl.core.teacher;
