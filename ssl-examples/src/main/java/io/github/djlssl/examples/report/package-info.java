/**
 * Charts from the tool's own data, written as PNG files: the training curves of a run
 * ({@link io.github.djlssl.examples.report.TrainingCurves}, from its {@code metrics.jsonl} and
 * {@code config.json}) and grouped bar charts from a CSV table
 * ({@link io.github.djlssl.examples.report.BarChart}, for the benchmark figures of the docs).
 *
 * <p>Drawn with JFreeChart, which only this module depends on: the libraries stay free of AWT.
 * Every entry point switches AWT to headless mode first, so plotting works on servers and in CI.
 */
package io.github.djlssl.examples.report;
