/**
 * The rules of TaSL (TASL_SPEC §2–§7) that are not the training loop: skill units, importance,
 * cumulative importance, consolidation, and the regularizers and memory of the baselines.
 *
 * <p>How a trainer uses them (θ = trainable tensors by name, PEFT names for LoRA):
 *
 * <pre>{@code
 * // once per run
 * ImportanceTracker tracker = new ImportanceTracker(manager, ImportanceMetrics.named("mix"));
 * CumulativeImportance cumulative = new CumulativeImportance(0.7);
 * Consolidation consolidation = Consolidation.named("adaptive");        // or new StaticConsolidation(...)
 * Map<String, Double> cumulativeImportance = null;                      // Î_{k−1}
 *
 * // per task k
 * tracker.reset();
 * List<SkillUnit> units = SkillUnits.of(Granularity.LORA_RANK, trainable);
 * //   per optimizer step (after clipping and optimizer.update):
 * //     loss = task loss + orthogonality.penalty(stepScope, trainable)   (TasLoRA, inside the collector)
 * //     tracker.update(trainable, clippedGrads);                          (skips step 1 and NaN steps itself)
 * //     every n steps: tracker.snapshot(units) → importance_snapshot event
 * // at the end of training:
 * Map<String, Double> importance = tracker.unitScores(units);           // I(U_k)
 * if (k == 0) {
 *     thetaHat = copy of θ_0;  decisions = UnitDecision.takeCurrent(units, INITIAL);
 * } else {
 *     decisions = consolidation.decide(units, cumulativeImportance, importance);
 *     thetaHat = consolidation.apply(units, decisions, thetaHatPrevious, theta, runManager);
 *     // load thetaHat into the model: it is what is evaluated and what task k+1 starts from
 * }
 * cumulativeImportance = cumulative.next(cumulativeImportance, importance);   // Î_k (raw I(U_0) for k = 0)
 * // units.csv row per unit: unit fields, importance.get(name), cumulativeImportance.get(name),
 * //   decisions.get(name).category().label(), decisions.get(name).weight()
 * }</pre>
 *
 * Every array these classes return belongs to a manager the caller passes; every temporary is
 * closed before the call returns. None of the classes is thread-safe: call them from the
 * training thread.
 */
package org.tasl.cl;
