/**
 * Optimisers for self-supervised pretraining on DJL: SGD with momentum, AdamW and LARS with
 * per-parameter weight-decay and LARS-adaptation exclusion, schedules for learning rate and weight
 * decay, global-norm gradient clipping, and optimiser state that is saved and restored by parameter
 * name so a checkpoint resumes exactly.
 *
 * <p>The optimisers follow PyTorch semantics ({@code torch.optim.SGD}, {@code torch.optim.AdamW},
 * the LARS of Barlow Twins / SimCLR), not DJL's MXNet-style built-ins. Typical use:
 *
 * <pre>{@code
 * ScheduledOptimizer opt = OptimizerConfig.lars(0.2, 0.9, 1.5e-6).withWarmupEpochs(10)
 *         .build(model.getBlock(), totalSteps, stepsPerEpoch);
 * Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(opt));
 * ...
 * for (...) {
 *     try (NDManager step = trainer.getManager().newSubManager()) {
 *         try (GradientCollector gc = trainer.newGradientCollector()) { gc.backward(loss); }
 *         NDArray norm = GradientClipping.clipGlobalNorm(block.getParameters(), 3.0, step);
 *         trainer.step();
 *     }
 * }
 * NDList optimizerState = opt.stateDict(checkpointManager);  // save with the weights
 * opt.close();                                                  // frees the optimiser state
 * }</pre>
 */
package io.github.djlssl.core.optim;
