/**
 * Per-iteration schedules for learning rate, weight decay, EMA momentum and temperatures.
 *
 * <p>A {@link io.github.djlssl.core.schedule.Schedule} is a value as a function of the 0-based
 * global optimiser step. The shapes follow the reference implementations: {@link
 * io.github.djlssl.core.schedule.WarmupCosineSchedule} is DINO's {@code utils.cosine_scheduler},
 * {@link io.github.djlssl.core.schedule.CosineSchedule} is BYOL's target-momentum schedule and
 * {@link io.github.djlssl.core.schedule.LinearSchedule} is DINO's teacher-temperature warm-up.
 * Every schedule is also a DJL {@link ai.djl.training.tracker.Tracker}.
 */
package io.github.djlssl.core.schedule;
